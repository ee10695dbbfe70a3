import { describe, expect, it } from 'vitest';
import { LOSS, PENALTY, RATE, sgdBinary } from '../../src/linear-model/sgd-engine.js';
import { runOvr, shared, threadsSupported } from '../../src/linear-model/sgd-threads.js';
import { sgdData } from './sgd-golden.js';

describe('runOvr (one-vs-rest problems over worker threads)', () => {
  it('workers train problems, each exactly as the calling thread would', async () => {
    expect(threadsSupported()).toBe(true);
    const { X, y } = await sgdData(1000);
    const [n, d] = X.shape;
    const cfg = {
      loss: LOSS.hinge,
      threshold: 1,
      penalty: PENALTY.l2,
      learningRate: RATE.optimal,
      alpha: 1e-4,
      C: 1,
      l1Ratio: 0.15,
      eta0: 0,
      powerT: 0.5,
      fitIntercept: true,
      maxIter: 5,
      tol: -Infinity,
      nIterNoChange: 5,
      shuffle: true,
    };
    const P = 20;
    const positives = Int32Array.from({ length: P }, (_, k) => k % 10);
    const seeds = Uint32Array.from({ length: P }, (_, k) => 1000 + k);
    const job = {
      X: shared(X.data),
      n,
      d,
      y: shared(y),
      sqNorms: null,
      cfg,
      positives,
      seeds,
      coef: shared(new Float64Array(P * d)),
      meta: shared(new Float64Array(P * 4)),
      ctrl: shared(new Int32Array(3)),
      wasm: null,
      q: null,
    };
    expect(runOvr(job, 2, null)).toBeGreaterThan(0);
    for (const k of [0, 7, 19]) {
      const coef = new Float64Array(d);
      const r = sgdBinary({ X: X.data, n, d, y, sqNorms: null }, cfg, positives[k], seeds[k], coef);
      expect(Array.from(job.coef.subarray(k * d, k * d + d))).toEqual(Array.from(coef));
      expect(job.meta[k * 4]).toBe(r.intercept);
    }
  });
});
