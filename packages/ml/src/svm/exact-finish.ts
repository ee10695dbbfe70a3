import { Dense } from '../kernels/dense.js';
import type { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { faceSolve } from './face-newton.js';
import { exactQ } from './interior-point.js';
import { LinearRows } from './linear-rows.js';
import { FACE_FACTORS, FACE_ROUNDS, FACE_SHARE, TAU, calculateRho, updatePair } from './smo.js';

/** What {@link finishLinear} found. */
export interface FinishResult {
  /** α by problem row (0 ≤ α ≤ C, yᵀα = 0), meeting libsvm's test at eps with exact gradients. */
  alpha: Float64Array;
  /** libsvm's rho (`calculate_rho`) from the exact gradient. */
  rho: number;
  /** SMO steps taken (over all rounds). */
  iterations: number;
  /** Rounds: exact gradient, working block, block solve. */
  rounds: number;
  /** Newton steps on the free face. */
  faceSteps: number;
  /** The maximal violation at the answer (exact gradient). */
  violation: number;
}

/** A variable at a bound joins the working block when its −y·G is within this of the bias. */
const NEAR = 0.1;
/** The working block's size at most. */
const MAX_BLOCK = 6000;
/** Rounds at most (each ends with an exact gradient over all rows). */
const MAX_ROUNDS = 50;

/**
 * Finishes the linear-kernel C-SVC dual from a feasible start close to the optimum (an
 * interior-point solution snapped to its bounds), to libsvm's stopping test at `eps` with every
 * gradient computed exactly: G = Y·X·(Xᵀ·Y·α) − 1 in float64 from the float32 rows, where a
 * float32 Gram matrix's rounding (1e-3 and more per gradient at C = 10 on Fashion-MNIST) is
 * larger than the test.
 *
 * Each round computes G over all rows and libsvm's maximal violation; if it is below eps the
 * solve ends. Else the free variables and those at a bound whose −y·G is within NEAR of the
 * bias form a working block, whose kernel matrix is computed exactly (float64 sums of float32
 * products); the block is solved by libsvm's SMO (second-order working-set selection, the
 * clipped two-variable update) with exact Newton steps on its free face (face-newton.ts), the
 * other variables held, to eps / 2; then the next round checks every row again.
 */
export function finishLinear(
  be: WasmSimdBackend | null,
  X: Float32Array,
  d: number,
  y: Float64Array,
  start: Float64Array,
  C: number,
  eps: number,
  maxIter: number,
): FinishResult {
  const l = y.length;
  const alpha = start.slice();
  const dense = new Dense(be);
  const rows = new LinearRows(be, X, l, d);
  const wv = new Float64Array(d);
  const coef = new Float64Array(l);
  const G = new Float64Array(l);
  /** G = y·(X·w) − 1 with w = Σ α_i·y_i·x_i, exactly (float64). */
  const gradient = () => {
    for (let i = 0; i < l; i++) coef[i] = alpha[i] * y[i];
    rows.combine(coef, wv);
    rows.dots(wv, G);
    for (let i = 0; i < l; i++) G[i] = y[i] * G[i] - 1;
  };
  const inUp = (i: number) => (y[i] === 1 ? alpha[i] < C : alpha[i] > 0);
  const inLow = (i: number) => (y[i] === 1 ? alpha[i] > 0 : alpha[i] < C);

  /** libsvm's maximal violation (max over I_up of −y·G minus min over I_low) and the bias. */
  const measure = () => {
    let up = -Infinity;
    let low = Infinity;
    let freeSum = 0;
    let nFree = 0;
    for (let i = 0; i < l; i++) {
      const v = -y[i] * G[i];
      if (inUp(i) && v > up) up = v;
      if (inLow(i) && v < low) low = v;
      if (alpha[i] > 0 && alpha[i] < C) {
        freeSum += v;
        nFree++;
      }
    }
    return { violation: up - low, bias: nFree > 0 ? freeSum / nFree : 0.5 * (up + low) };
  };

  let iterations = 0;
  let rounds = 0;
  let faceSteps = 0;
  let violation = Infinity;
  try {
    for (; rounds < MAX_ROUNDS && iterations < maxIter; rounds++) {
      gradient();
      const m = measure();
      violation = m.violation;
      if (violation < eps) break;
      const bias = m.bias;
      // The working block: free variables, and bounded ones near the bias or violating.
      const cand: { i: number; dist: number }[] = [];
      for (let i = 0; i < l; i++) {
        const v = -y[i] * G[i];
        const free = alpha[i] > 0 && alpha[i] < C;
        // Distance to the wrong side: how far v is from violating against the bias.
        const dist = free
          ? -Infinity
          : inUp(i)
            ? bias - v // in I_up only: violates when v > bias
            : v - bias; // in I_low only: violates when v < bias
        if (dist < NEAR) cand.push({ i, dist });
      }
      cand.sort((a, b) => a.dist - b.dist);
      const A = cand.slice(0, MAX_BLOCK).map((c) => c.i);
      A.sort((a, b) => a - b);
      const done = solveBlock(be, dense, X, d, y, alpha, G, A, C, eps / 2, maxIter - iterations);
      iterations += done.iterations;
      faceSteps += done.faceSteps;
    }
    if (rounds === MAX_ROUNDS || iterations >= maxIter) {
      gradient();
      violation = measure().violation;
    }
    return { alpha, rho: calculateRho(alpha, G, y, C), iterations, rounds, faceSteps, violation };
  } finally {
    dense.release();
    rows.release();
  }
}

/**
 * libsvm's SMO on the variables `A` (the others held), with Newton steps on the free face, until
 * the block's maximal violation is below `eps`. Q_AA is computed exactly: the Gram matrix of
 * A's rows as float64 sums of float32 products. Updates alpha and G (over A) in place.
 */
function solveBlock(
  be: WasmSimdBackend | null,
  dense: Dense,
  X: Float32Array,
  d: number,
  yAll: Float64Array,
  alphaAll: Float64Array,
  GAll: Float64Array,
  A: number[],
  C: number,
  eps: number,
  maxIter: number,
): { iterations: number; faceSteps: number } {
  const m = A.length;
  const y = Float64Array.from(A, (i) => yAll[i]);
  const XA = be ? be.alloc('f32', Math.max(1, m * d), false) : new Float32Array(m * d);
  let Q: Float64Array;
  try {
    A.forEach((r, a) => XA.set(X.subarray(r * d, r * d + d), a * d));
    Q = exactQ(be, dense, XA, m, d, y);
  } finally {
    if (be) be.free(XA);
  }
  const alpha = Float64Array.from(A, (i) => alphaAll[i]);
  const G = Float64Array.from(A, (i) => GAll[i]);
  const QD = Float64Array.from({ length: m }, (_, a) => Q[a * m + a]);
  const updateG = (a: number, delta: number) => {
    if (delta === 0) return;
    const row = a * m;
    for (let t = 0; t < m; t++) G[t] += Q[row + t] * delta;
  };
  let faceWork = 0;
  let smoWork = 0;
  let faceSteps = 0;
  const faceStep = () => {
    const F: number[] = [];
    for (let a = 0; a < m; a++) if (alpha[a] > 0 && alpha[a] < C) F.push(a);
    const k = F.length;
    if (k < 2) return;
    const QF = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) QF[a * k + b] = Q[F[a] * m + F[b]];
    }
    const x = Float64Array.from(F, (a) => alpha[a]);
    const faceDense = new Dense(be); // its arrays are freed with the step
    let solved;
    try {
      solved = faceSolve(
        faceDense,
        QF,
        Float64Array.from(F, (a) => G[a]),
        Float64Array.from(F, (a) => y[a]),
        x,
        C,
        FACE_ROUNDS,
        FACE_FACTORS,
        eps * eps,
      );
    } finally {
      faceDense.release();
    }
    faceWork = solved.work;
    faceSteps++;
    F.forEach((a, t) => {
      const delta = x[t] - alpha[a];
      alpha[a] = x[t];
      updateG(a, delta);
    });
  };
  faceStep();
  let iter = 0;
  for (; iter < maxIter; iter++) {
    // WSS3 (libsvm's second-order selection) over the block.
    let gmax = -Infinity;
    let gmax2 = -Infinity;
    let i = -1;
    for (let t = 0; t < m; t++) {
      if (y[t] === 1) {
        if (alpha[t] < C && -G[t] >= gmax) {
          gmax = -G[t];
          i = t;
        }
      } else if (alpha[t] > 0 && G[t] >= gmax) {
        gmax = G[t];
        i = t;
      }
    }
    let j = -1;
    if (i >= 0) {
      const row = i * m;
      const yi = y[i];
      let best = Infinity;
      for (let t = 0; t < m; t++) {
        if (y[t] === 1) {
          if (alpha[t] <= 0) continue;
          const diff = gmax + G[t];
          if (G[t] >= gmax2) gmax2 = G[t];
          if (diff > 0) {
            const quad = QD[i] + QD[t] - 2 * yi * Q[row + t];
            const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
            if (obj <= best) {
              j = t;
              best = obj;
            }
          }
        } else {
          if (alpha[t] >= C) continue;
          const diff = gmax - G[t];
          if (-G[t] >= gmax2) gmax2 = -G[t];
          if (diff > 0) {
            const quad = QD[i] + QD[t] + 2 * yi * Q[row + t];
            const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
            if (obj <= best) {
              j = t;
              best = obj;
            }
          }
        }
      }
    }
    if (gmax + gmax2 < eps || j < 0) break;
    const ai = alpha[i];
    const aj = alpha[j];
    updatePair(alpha, i, j, y[i], y[j], G[i], G[j], QD[i], QD[j], Q[i * m + j], C);
    updateG(i, alpha[i] - ai);
    updateG(j, alpha[j] - aj);
    smoWork += m;
    if (smoWork >= FACE_SHARE * faceWork && iter % 1000 === 999) {
      smoWork = 0;
      faceStep();
    }
  }
  A.forEach((r, a) => (alphaAll[r] = alpha[a]));
  return { iterations: iter, faceSteps };
}
