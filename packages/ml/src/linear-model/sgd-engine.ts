/**
 * The one SGD engine behind SGDClassifier, Perceptron and PassiveAggressiveClassifier: a port of
 * sklearn's `_plain_sgd` (sgd_fast.pyx) for dense float32 rows and one binary (±1) problem.
 *
 * `sgdBinary` must stay self-contained (no imports, no module-level references, numeric codes as
 * literals): the worker group runs its source text verbatim (`sgdBinary.toString()`), so the same
 * code trains a class on the calling thread or in a worker and gives the same weights either way.
 *
 * With `ex` (the WASM kernel exports, linear-wasm.ts) the per-row passes over d (the dot product,
 * the update, the fused L1 truncation) run in WASM SIMD on X, the weights and q in the kernel
 * memory (addresses = the arrays' byteOffsets); they reproduce the TypeScript loops bit for bit.
 */

/** Loss codes (sklearn's loss classes; `perceptron` is Hinge with threshold 0). */
export const LOSS = { hinge: 0, squaredHinge: 1, log: 2, modifiedHuber: 3 } as const;
/** Penalty codes, as sgd_fast's constants. */
export const PENALTY = { none: 0, l1: 1, l2: 2, elasticnet: 3 } as const;
/** Learning-rate codes, as sgd_fast's constants (PA1/PA2: passive-aggressive steps). */
export const RATE = {
  constant: 1,
  optimal: 2,
  invscaling: 3,
  adaptive: 4,
  pa1: 5,
  pa2: 6,
} as const;

/** The hyper-parameters of one run of the engine (shared by all classes of a fit). */
export interface SgdConfig {
  loss: number;
  /** Margin of the hinge loss (1 for SVM hinge, 0 for the perceptron) and of squared hinge. */
  threshold: number;
  penalty: number;
  learningRate: number;
  alpha: number;
  /** Aggressiveness of the passive-aggressive steps. */
  C: number;
  l1Ratio: number;
  eta0: number;
  powerT: number;
  fitIntercept: boolean;
  maxIter: number;
  /** Stopping tolerance on the training loss; -Infinity = run maxIter epochs. */
  tol: number;
  nIterNoChange: number;
  shuffle: boolean;
}

/** The training data, read-only and shared by every class (and thread). */
export interface SgdData {
  /** n×d rows, row-major. */
  X: Float32Array;
  n: number;
  d: number;
  /** Encoded labels 0..K-1. */
  y: Int32Array;
  /** Squared norms of the rows (the PA steps need them; null otherwise). */
  sqNorms: Float64Array | null;
}

/** What one binary run returns besides the weights written into `coef`. */
export interface SgdResult {
  intercept: number;
  /** Epochs run. */
  nIter: number;
  /** False when the weights over- or underflowed (sklearn raises). */
  finite: boolean;
}

/** The kernel exports `sgdBinary` calls (a WASM instance's exports, or null for plain TypeScript). */
export type SgdKernels = Record<string, (...a: number[]) => number> | null;

/**
 * Trains one binary problem (row i is positive when `y[i] === positive`) and writes the weights
 * into `coef` (length d, zeros on entry). Follows sgd_fast step by step: the weights are stored as
 * w·wscale so the L2 shrink is O(1), the L1 part is Tsuruoka's cumulative truncation (`u`, `q`),
 * 'optimal' starts at t0 from Bottou's heuristic, and tol stops after nIterNoChange epochs
 * without a loss improvement. Rows are visited in sklearn's order for the shuffle seed `seed`
 * (see sklearn-seeds.ts), so with sklearn's seeds the updates are sklearn's.
 */
export function sgdBinary(
  data: SgdData,
  cfg: SgdConfig,
  positive: number,
  seed: number,
  coef: Float64Array,
  ex: SgdKernels = null,
  qBuf: Float64Array | null = null,
): SgdResult {
  const { X, n, d, y, sqNorms } = data;
  const lossCode = cfg.loss;
  const threshold = cfg.threshold;
  const penalty = cfg.penalty;
  const rate = cfg.learningRate;
  const alpha = cfg.alpha;
  const C = cfg.C;
  const eta0 = cfg.eta0;
  const powerT = cfg.powerT;
  const fitIntercept = cfg.fitIntercept;
  const tol = cfg.tol;
  const MAX_DLOSS = 1e12;
  // penalty: 0 none, 1 l1, 2 l2, 3 elasticnet. sklearn forces l1Ratio for pure l1 / l2.
  const l1Ratio = penalty === 2 ? 0 : penalty === 1 ? 1 : cfg.l1Ratio;
  const useL1 = penalty === 1 || penalty === 3;
  const useL2 = penalty >= 2;
  // q (zeros on entry) lives in the kernel memory when the kernels run.
  const q = useL1 ? (qBuf ?? new Float64Array(d)) : null;
  const w = coef;
  const kDot = ex ? ex.dot_f32_f64 : null;
  const kAxpy = ex ? ex.axpy_f32_f64 : null;
  const kL1 = ex ? ex.sgd_l1_step : null;
  const kAxpyDot = ex ? ex.axpy_dot_f32_f64 : null;
  const xAddr = X.byteOffset;
  const wAddr = w.byteOffset;
  const qAddr = q ? q.byteOffset : 0;

  // loss: 0 hinge(threshold), 1 squared hinge(threshold), 2 log, 3 modified huber.
  const lossOf = (p: number, yy: number): number => {
    const z = p * yy;
    if (lossCode === 0) return z <= threshold ? threshold - z : 0;
    if (lossCode === 1) {
      const m = threshold - z;
      return m > 0 ? m * m : 0;
    }
    if (lossCode === 2) {
      if (z > 18) return Math.exp(-z);
      if (z < -18) return -z;
      return Math.log(1 + Math.exp(-z));
    }
    if (z >= 1) return 0;
    if (z >= -1) return (1 - z) * (1 - z);
    return -4 * z;
  };
  const dlossOf = (p: number, yy: number): number => {
    const z = p * yy;
    if (lossCode === 0) return z <= threshold ? -yy : 0;
    if (lossCode === 1) {
      const m = threshold - z;
      return m > 0 ? -2 * yy * m : 0;
    }
    if (lossCode === 2) {
      if (z > 18) return Math.exp(-z) * -yy;
      if (z < -18) return -yy;
      return -yy / (Math.exp(z) + 1);
    }
    if (z >= 1) return 0;
    if (z >= -1) return 2 * (1 - z) * -yy;
    return -4 * yy;
  };

  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;

  let eta = eta0;
  let optimalInit = 0;
  if (rate === 2) {
    const typw = Math.sqrt(1 / Math.sqrt(alpha));
    const initialEta0 = typw / Math.max(1, dlossOf(-typw, 1));
    optimalInit = 1 / (initialEta0 * alpha);
  }

  let wscale = 1;
  let intercept = 0;
  let t = 1;
  let u = 0;
  let bestLoss = Infinity;
  let noImprovement = 0;
  let finite = true;
  const trackLoss = tol > -Infinity;
  let epoch = 0;

  for (; epoch < cfg.maxIter; epoch++) {
    let sumloss = 0;
    if (cfg.shuffle) {
      // sgd_fast's SequentialDataset.shuffle: a forward Fisher-Yates driven by our_rand_r
      // (xorshift32) restarted from the same seed every epoch, as sklearn does.
      let r = seed >>> 0;
      for (let i = 0; i < n - 1; i++) {
        if (r === 0) r = 1;
        r ^= r << 13;
        r ^= r >>> 17;
        r ^= r << 5;
        r >>>= 0;
        const j = i + ((r & 0x7fffffff) % (n - i));
        const tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    }
    // The WASM L1 step and update also return w·x of the next row (kDot's sums): `pre` holds it.
    let havePre = false;
    let pre = 0;
    for (let k = 0; k < n; k++) {
      const row = order[k];
      const off = row * d;
      const yy = y[row] === positive ? 1 : -1;
      const nextAddr = k + 1 < n ? xAddr + order[k + 1] * d * 4 : 0;

      // p = w·x·wscale + intercept; four accumulators break the add dependency chain.
      let wx: number;
      if (havePre) wx = pre;
      else if (kDot) wx = kDot(d, xAddr + off * 4, wAddr);
      else {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let j = 0;
        for (; j + 3 < d; j += 4) {
          a0 += w[j] * X[off + j];
          a1 += w[j + 1] * X[off + j + 1];
          a2 += w[j + 2] * X[off + j + 2];
          a3 += w[j + 3] * X[off + j + 3];
        }
        for (; j < d; j++) a0 += w[j] * X[off + j];
        wx = a0 + a1 + (a2 + a3);
      }
      const p = wx * wscale + intercept;
      havePre = false;

      if (rate === 2) eta = 1 / (alpha * (optimalInit + t - 1));
      else if (rate === 3) eta = eta0 / Math.pow(t, powerT);
      if (trackLoss) sumloss += lossOf(p, yy);

      let update: number;
      if (rate === 5) {
        const norm = sqNorms![row];
        if (norm === 0) continue; // as sklearn: the step counter does not advance either
        update = Math.min(C, lossOf(p, yy) / norm) * yy;
      } else if (rate === 6) {
        update = (lossOf(p, yy) / (sqNorms![row] + 0.5 / C)) * yy;
      } else {
        let dl = dlossOf(p, yy);
        if (dl < -MAX_DLOSS) dl = -MAX_DLOSS;
        else if (dl > MAX_DLOSS) dl = MAX_DLOSS;
        update = -eta * dl;
      }

      if (useL2) {
        // Never scale to negative values when eta·alpha is too big: the weights become zero.
        wscale *= Math.max(0, 1 - (1 - l1Ratio) * eta * alpha);
        if (wscale < 1e-9) {
          for (let jj = 0; jj < d; jj++) w[jj] *= wscale;
          wscale = 1;
        }
      }
      if (useL1) u += l1Ratio * eta * alpha;

      if (update !== 0) {
        const c = update / wscale;
        if (kL1 && kAxpy && kAxpyDot) {
          if (useL1) {
            pre = kL1(d, 1, c, xAddr + off * 4, wAddr, qAddr, u, wscale, nextAddr);
            havePre = nextAddr !== 0;
          } else if (nextAddr !== 0) {
            pre = kAxpyDot(d, c, xAddr + off * 4, wAddr, nextAddr);
            havePre = true;
          } else kAxpy(d, c, xAddr + off * 4, wAddr);
        } else if (useL1) {
          // Fused add + cumulative L1 truncation (Tsuruoka et al. 2009), one pass per row.
          for (let jj = 0; jj < d; jj++) {
            const z = w[jj] + X[off + jj] * c;
            let nz = z;
            if (wscale * z > 0) nz = Math.max(0, z - (u + q![jj]) / wscale);
            else if (wscale * z < 0) nz = Math.min(0, z + (u - q![jj]) / wscale);
            w[jj] = nz;
            q![jj] += wscale * (nz - z);
          }
        } else {
          let jj = 0;
          for (; jj + 3 < d; jj += 4) {
            w[jj] += X[off + jj] * c;
            w[jj + 1] += X[off + jj + 1] * c;
            w[jj + 2] += X[off + jj + 2] * c;
            w[jj + 3] += X[off + jj + 3] * c;
          }
          for (; jj < d; jj++) w[jj] += X[off + jj] * c;
        }
        if (fitIntercept) intercept += update;
      } else if (useL1 && kL1) {
        pre = kL1(d, 0, 0, xAddr, wAddr, qAddr, u, wscale, nextAddr);
        havePre = nextAddr !== 0;
      } else if (useL1) {
        for (let jj = 0; jj < d; jj++) {
          const z = w[jj];
          let nz = z;
          if (wscale * z > 0) nz = Math.max(0, z - (u + q![jj]) / wscale);
          else if (wscale * z < 0) nz = Math.min(0, z + (u - q![jj]) / wscale);
          w[jj] = nz;
          q![jj] += wscale * (nz - z);
        }
      }
      t += 1;
    }

    let ok = Number.isFinite(intercept) && Number.isFinite(wscale);
    for (let jj = 0; ok && jj < d; jj++) ok = Number.isFinite(w[jj]);
    if (!ok) {
      finite = false;
      epoch++;
      break;
    }
    if (trackLoss) {
      if (sumloss > bestLoss - tol * n) noImprovement++;
      else noImprovement = 0;
      if (sumloss < bestLoss) bestLoss = sumloss;
      if (noImprovement >= cfg.nIterNoChange) {
        if (rate === 4 && eta > 1e-6) {
          eta /= 5;
          noImprovement = 0;
        } else {
          epoch++;
          break;
        }
      }
    }
  }
  for (let jj = 0; jj < d; jj++) w[jj] *= wscale;
  return { intercept, nIter: Math.min(epoch, cfg.maxIter), finite };
}
