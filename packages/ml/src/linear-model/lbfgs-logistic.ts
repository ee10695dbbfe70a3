import type { Matrix } from '../base/matrix.js';
import { lbfgs } from './lbfgs.js';

/** A fitted linear model: coef (rows×d, class-major), intercepts, iterations, convergence. */
export interface LinearFit {
  coef: Float64Array;
  intercept: Float64Array;
  nIter: number;
  converged: boolean;
}

/**
 * Multinomial logistic regression as sklearn's `solver='lbfgs'`: minimises
 * Σᵢ [log Σₖ exp(zᵢₖ) − zᵢ,yᵢ] + ‖W‖²/(2C), zᵢ = W xᵢ + b, with the intercepts b not penalised,
 * by L-BFGS from W = 0 (gtol = tol, maxiter = maxIter, as sklearn passes them to scipy).
 * The parameters are class-major (K rows of d weights, then the K intercepts); each row of X is
 * read from cache K times for the dot products and K times for the gradient updates, in
 * unrolled loops with float64 accumulators.
 */
export function fitMultinomial(
  X: Matrix,
  y: Int32Array,
  K: number,
  C: number,
  fitIntercept: boolean,
  tol: number,
  maxIter: number,
): LinearFit {
  const [n, d] = X.shape;
  const x = X.data;
  const nb = fitIntercept ? K : 0;
  const z = new Float64Array(K);
  const inv = 1 / C;
  const fg = (t: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const zk = dotF32F64(x, off, t, k * d, d) + (nb ? t[d * K + k] : 0);
        z[k] = zk;
        if (zk > max) max = zk;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        z[k] = Math.exp(z[k] - max);
        sum += z[k];
      }
      const yi = y[i];
      // log Σ exp(z) − z_y, with the exponentiated z: z_y − max = log(z_y / 1).
      f += Math.log(sum) - Math.log(z[yi]);
      for (let k = 0; k < K; k++) {
        const a = z[k] / sum - (k === yi ? 1 : 0);
        if (a !== 0) axpyF32F64(a, x, off, g, k * d, d);
        if (nb) g[d * K + k] += a;
      }
    }
    let reg = 0;
    for (let j = 0; j < d * K; j++) {
      reg += t[j] * t[j];
      g[j] += inv * t[j];
    }
    return f + 0.5 * inv * reg;
  };
  const res = lbfgs(fg, new Float64Array(d * K + nb), { maxIter, gtol: tol });
  const coef = res.x.slice(0, K * d);
  const intercept = new Float64Array(K);
  if (nb) intercept.set(res.x.subarray(d * K));
  return { coef, intercept, nIter: res.nIter, converged: res.converged };
}

/**
 * Binary logistic regression as sklearn's lbfgs one-vs-rest: Σᵢ log(1 + exp(−yᵢ zᵢ)) + ‖w‖²/(2C),
 * zᵢ = wᵀxᵢ + b, intercept b not penalised. `yPM` holds ±1.
 */
export function fitBinaryLbfgs(
  X: Matrix,
  yPM: Int8Array,
  C: number,
  fitIntercept: boolean,
  tol: number,
  maxIter: number,
): LinearFit {
  const [n, d] = X.shape;
  const x = X.data;
  const inv = 1 / C;
  const fg = (t: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    const b = fitIntercept ? t[d] : 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let zi = b;
      for (let j = 0; j < d; j++) zi += t[j] * x[off + j];
      const yz = yPM[i] * zi;
      f += yz >= 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz));
      const a = (1 / (1 + Math.exp(-yz)) - 1) * yPM[i];
      for (let j = 0; j < d; j++) g[j] += a * x[off + j];
      if (fitIntercept) g[d] += a;
    }
    let reg = 0;
    for (let j = 0; j < d; j++) {
      reg += t[j] * t[j];
      g[j] += inv * t[j];
    }
    return f + 0.5 * inv * reg;
  };
  const res = lbfgs(fg, new Float64Array(d + (fitIntercept ? 1 : 0)), { maxIter, gtol: tol });
  return {
    coef: res.x.slice(0, d),
    intercept: Float64Array.of(fitIntercept ? res.x[d] : 0),
    nIter: res.nIter,
    converged: res.converged,
  };
}

/** Σⱼ x[xo + j]·w[wo + j] over d terms, float64 accumulators. */
function dotF32F64(x: Float32Array, xo: number, w: Float64Array, wo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j < d - 3; j += 4) {
    s0 += x[xo + j] * w[wo + j];
    s1 += x[xo + j + 1] * w[wo + j + 1];
    s2 += x[xo + j + 2] * w[wo + j + 2];
    s3 += x[xo + j + 3] * w[wo + j + 3];
  }
  for (; j < d; j++) s0 += x[xo + j] * w[wo + j];
  return s0 + s1 + (s2 + s3);
}

/** g[go + j] += a·x[xo + j] over d terms. */
function axpyF32F64(
  a: number,
  x: Float32Array,
  xo: number,
  g: Float64Array,
  go: number,
  d: number,
) {
  let j = 0;
  for (; j < d - 3; j += 4) {
    g[go + j] += a * x[xo + j];
    g[go + j + 1] += a * x[xo + j + 1];
    g[go + j + 2] += a * x[xo + j + 2];
    g[go + j + 3] += a * x[xo + j + 3];
  }
  for (; j < d; j++) g[go + j] += a * x[xo + j];
}
