// libsvm's solver with and without its shrinking heuristic: different paths to the same optimum.
import { describe, expect, it } from 'vitest';
import { linearWasm } from '../../src/linear-model/linear-wasm.js';
import { Scratch } from '../../src/kernels/wasm/scratch.js';
import { solveSmo, useSvmWasm, writeMasks, type KernelRows } from '../../src/svm/smo.js';

/** Two overlapping Gaussian classes in `d` dimensions; the linear kernel, whole, in float32. */
function problem(l: number, d: number, shift = 0.4) {
  let seed = 11;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const sign = Float64Array.from({ length: l }, (_, i) => (i % 2 === 0 ? 1 : -1));
  const X = Float64Array.from(
    { length: l * d },
    (_, i) => gauss() + shift * sign[Math.floor(i / d)],
  );
  const K = new Float32Array(l * l);
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < l; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k];
      K[i * l + j] = s;
    }
  }
  const rows: KernelRows = {
    backend: null,
    row: (i) => K.subarray(i * l, i * l + l),
    diag: (i) => K[i * l + i],
    release: () => {},
  };
  return { K, sign, rows };
}

/** max over I_up of −y·G minus min over I_low of −y·G, with G = Qα − 1 recomputed in float64. */
function violation(K: Float32Array, sign: Float64Array, alpha: Float64Array, C: number): number {
  const l = sign.length;
  let up = -Infinity;
  let low = Infinity;
  for (let t = 0; t < l; t++) {
    let g = -1;
    for (let s = 0; s < l; s++) g += sign[t] * sign[s] * K[t * l + s] * alpha[s];
    const v = -sign[t] * g;
    const inUp = (sign[t] === 1 && alpha[t] < C) || (sign[t] === -1 && alpha[t] > 0);
    const inLow = (sign[t] === 1 && alpha[t] > 0) || (sign[t] === -1 && alpha[t] < C);
    if (inUp) up = Math.max(up, v);
    if (inLow) low = Math.min(low, v);
  }
  return up - low;
}

describe('solveSmo (libsvm Solver)', () => {
  it('shrinks the active set and reaches the optimum that the unshrunk solver reaches', () => {
    const l = 1200;
    const C = 1;
    const { K, sign, rows } = problem(l, 8);
    const opts = { C, eps: 1e-3, maxIter: Infinity };
    const shrunk = solveSmo(rows, sign, { ...opts, shrinking: true });
    const whole = solveSmo(rows, sign, { ...opts, shrinking: false });
    // Enough iterations for the heuristic to run, and it did leave variables out.
    expect(shrunk.iterations).toBeGreaterThan(1000);
    expect(shrunk.minActive).toBeLessThan(l / 2);
    expect(whole.minActive).toBe(l);
    for (const r of [shrunk, whole]) {
      let sum = 0;
      for (let t = 0; t < l; t++) {
        expect(r.alpha[t]).toBeGreaterThanOrEqual(0);
        expect(r.alpha[t]).toBeLessThanOrEqual(C);
        sum += r.alpha[t] * sign[t];
      }
      expect(Math.abs(sum)).toBeLessThan(1e-9);
      // Optimal within eps (a little slack: the solver's G is updated, not recomputed).
      expect(violation(K, sign, r.alpha, C)).toBeLessThan(1.5e-3);
    }
    expect(Math.abs(shrunk.rho - whole.rho)).toBeLessThan(5e-3);
    // The decision values on the training rows agree in sign nearly everywhere.
    let same = 0;
    for (let t = 0; t < l; t++) {
      let a = -shrunk.rho;
      let b = -whole.rho;
      for (let s = 0; s < l; s++) {
        a += shrunk.alpha[s] * sign[s] * K[t * l + s];
        b += whole.alpha[s] * sign[s] * K[t * l + s];
      }
      if (a > 0 === b > 0) same++;
    }
    expect(same / l).toBeGreaterThan(0.995);
  });

  it('the WASM selection and update loops (two positions at a time) pick what a scan picks, ties included', () => {
    const be = linearWasm();
    expect(be).not.toBeNull();
    const ex = be!.exports as unknown as Record<string, (...a: number[]) => number>;
    let seed = 5;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    let ties = 0;
    for (let trial = 0; trial < 400; trial++) {
      const l = 1 + Math.floor(rand() * 40);
      const mem = new Scratch(be);
      try {
        // Few distinct values, so equal objectives and equal gradients are common. (Filled in
        // place: `map` would make copies outside kernel memory.)
        const fill = <A extends { length: number; [k: number]: number }>(
          a: A,
          f: (t: number) => number,
        ) => {
          for (let t = 0; t < a.length; t++) a[t] = f(t);
          return a;
        };
        const G = fill(mem.f64(l), () => pick([-2, -1, -0.5, 0, 0.5, 1, 2]));
        const y = fill(mem.f64(l), () => pick([1, -1]));
        const status = fill(mem.bytes(l), () => pick([0, 1, 2]));
        const QD = fill(mem.f64(l), () => pick([1, 2, 4]));
        const act = fill(mem.i32(l), (t) => (t * 7 + 3) % l);
        const Ki = fill(be!.alloc('f32', l, false), () => pick([-1, 0, 0.5, 1]));
        const Kj = fill(be!.alloc('f32', l, false), () => pick([-1, 0, 0.5, 1]));
        const up = mem.i32(2 * l);
        const low = mem.i32(2 * l);
        for (let t = 0; t < l; t++) writeMasks(up, low, y[t], status[t], t);
        const out = mem.f64(2);
        // The reference scans (smo.ts's TypeScript selection).
        const scanI = () => {
          let gmax = -Infinity;
          let wantI = -1;
          for (let t = 0; t < l; t++) {
            const v = y[t] === 1 ? -G[t] : G[t];
            const ok = y[t] === 1 ? status[t] !== 1 : status[t] !== 0;
            if (ok && v >= gmax) [gmax, wantI] = [v, t];
          }
          return [wantI, gmax];
        };
        const [wantI, gmax] = scanI();
        const i = ex.smo_select_i(l, G.byteOffset, y.byteOffset, up.byteOffset, out.byteOffset);
        expect([i, out[0]]).toEqual([wantI, gmax]);
        // The gradient update, and the next i over the new G in the same pass.
        const [si, sj] = [pick([0, 0.5, -1, 1e-300]), pick([0, 2, -0.25])];
        const before = G.slice();
        const want = Array.from(G, (g, t) => g + y[t] * (Ki[act[t]] * si + Kj[act[t]] * sj));
        const args = [l, G.byteOffset, y.byteOffset, act.byteOffset, Ki.byteOffset];
        const next = ex.smo_update_g(...args, Kj.byteOffset, si, sj, up.byteOffset, out.byteOffset);
        expect(Array.from(G)).toEqual(want);
        expect([next, out[0]]).toEqual(scanI());
        G.set(before);
        if (i < 0) continue;
        let gmax2 = -Infinity;
        let best = Infinity;
        let wantJ = -1;
        const objs: number[] = [];
        for (let t = 0; t < l; t++) {
          const up = y[t] === 1;
          if (up ? status[t] === 0 : status[t] === 1) continue;
          const yg = up ? G[t] : -G[t];
          if (yg >= gmax2) gmax2 = yg;
          const diff = up ? gmax + G[t] : gmax - G[t];
          if (diff > 0) {
            const k = Ki[act[t]];
            const quad = up
              ? QD[i] + QD[t] - 2 * y[i] * (y[i] * k)
              : QD[i] + QD[t] + 2 * y[i] * (-y[i] * k);
            const obj = -(diff * diff) / (quad > 0 ? quad : 1e-12);
            objs.push(obj);
            if (obj <= best) [best, wantJ] = [obj, t];
          }
        }
        if (objs.filter((o) => o === best).length > 1) ties++;
        const j = ex.smo_select_j(
          l,
          G.byteOffset,
          y.byteOffset,
          low.byteOffset,
          QD.byteOffset,
          act.byteOffset,
          Ki.byteOffset,
          i,
          gmax,
          out.byteOffset,
        );
        expect(j).toBe(wantJ);
        expect(out[1] === gmax2).toBe(true); // ±0 alike: gmax2 only enters gmax + gmax2 < eps
        be!.free(Ki);
        be!.free(Kj);
      } finally {
        mem.release();
      }
    }
    expect(ties).toBeGreaterThan(25); // the tie-breaking was exercised (50 times with this seed)
  });

  it('the WASM selection and gradient loops take the TypeScript steps bit for bit', () => {
    const be = linearWasm();
    expect(be).not.toBeNull();
    // Rows only, and the whole matrix (the active block copied out whenever shrinking leaves few
    // active, and read through the swaps that follow: the second problem copies it 4 times).
    // 'smo-newton' too: its face steps (dense kernels in WASM) take the TypeScript steps.
    for (const [l, d, shift, C, shrinking, whole, solver] of [
      [900, 8, 0.4, 0.5, true, false, 'libsvm'],
      [900, 8, 0.4, 0.5, false, true, 'libsvm'],
      [600, 20, 0.3, 1, true, true, 'libsvm'],
      [900, 8, 0.4, 0.5, true, true, 'smo-newton'],
      [600, 20, 0.3, 1, false, false, 'smo-newton'],
    ] as const) {
      const { K, sign } = problem(l, d, shift);
      const Kw = be!.alloc('f32', l * l, false);
      Kw.set(K);
      const rows: KernelRows = {
        backend: be,
        row: (i) => Kw.subarray(i * l, i * l + l),
        diag: (i) => Kw[i * l + i],
        release: () => {},
      };
      try {
        const opts = { C, eps: 1e-3, maxIter: Infinity, shrinking, solver };
        const wasm = solveSmo({ ...rows, matrix: whole ? Kw : undefined }, sign, opts);
        useSvmWasm(false);
        const ts = solveSmo(rows, sign, opts);
        useSvmWasm(true);
        if (solver === 'libsvm') expect(wasm.blockCopies > 1).toBe(shrinking && whole);
        expect(wasm.iterations).toBeGreaterThan(1000);
        expect(wasm.faceSteps > 0).toBe(solver === 'smo-newton');
        expect(wasm.faceSteps).toBe(ts.faceSteps);
        expect(wasm.iterations).toBe(ts.iterations);
        expect(wasm.rho).toBe(ts.rho);
        expect(Array.from(wasm.alpha)).toEqual(Array.from(ts.alpha));
      } finally {
        useSvmWasm(true);
        be!.free(Kw);
      }
    }
  });

  it('stops at maxIter with the whole gradient rebuilt (rho from every variable)', () => {
    const { sign, rows } = problem(300, 8);
    const r = solveSmo(rows, sign, { C: 1, eps: 1e-3, maxIter: 50, shrinking: true });
    expect(r.iterations).toBe(50);
    expect(Number.isFinite(r.rho)).toBe(true);
  });
});
