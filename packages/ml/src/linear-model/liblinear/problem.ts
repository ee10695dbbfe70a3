/**
 * The training problem every liblinear-style solver sees: float32 rows of X (never copied), an
 * optional constant bias feature appended as liblinear does (`bias` > 0 ⇒ feature d has value
 * `bias` in every row and is regularised like the others), and float64 solver state.
 */
export interface LinearProblem {
  /** Row-major n×d float32 features. */
  x: Float32Array;
  n: number;
  d: number;
  /** Value of the appended bias feature; 0 = no bias feature. */
  bias: number;
  /** Number of weights: d + 1 with a bias feature, else d. */
  nw: number;
}

/** What a binary solver returns: the weights (length nw), its iteration count and whether it met its tolerance. */
export interface SolverResult {
  w: Float64Array;
  nIter: number;
  converged: boolean;
}

/** Builds the problem view over X (bias 0 = no intercept feature). */
export function linearProblem(x: Float32Array, n: number, d: number, bias: number): LinearProblem {
  return { x, n, d, bias, nw: bias > 0 ? d + 1 : d };
}

/**
 * w·x_i including the bias feature. Four float64 accumulators: the float32 row is widened term
 * by term, and the split sums let V8 overlap the multiply-adds.
 */
export function dotRow(p: LinearProblem, i: number, w: Float64Array): number {
  const { x, d } = p;
  const off = i * d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  const end4 = d - 3;
  for (; j < end4; j += 4) {
    s0 += x[off + j] * w[j];
    s1 += x[off + j + 1] * w[j + 1];
    s2 += x[off + j + 2] * w[j + 2];
    s3 += x[off + j + 3] * w[j + 3];
  }
  for (; j < d; j++) s0 += x[off + j] * w[j];
  const s = s0 + s1 + (s2 + s3);
  return p.bias > 0 ? s + p.bias * w[d] : s;
}

/** w += a·x_i including the bias feature. */
export function axpyRow(p: LinearProblem, i: number, a: number, w: Float64Array): void {
  const { x, d } = p;
  const off = i * d;
  let j = 0;
  const end4 = d - 3;
  for (; j < end4; j += 4) {
    w[j] += a * x[off + j];
    w[j + 1] += a * x[off + j + 1];
    w[j + 2] += a * x[off + j + 2];
    w[j + 3] += a * x[off + j + 3];
  }
  for (; j < d; j++) w[j] += a * x[off + j];
  if (p.bias > 0) w[d] += a * p.bias;
}

/** ‖x_i‖² of every row, bias feature included (the dual solvers' Q_ii). */
export function rowSquaredNorms(p: LinearProblem): Float64Array {
  const { x, n, d } = p;
  const out = new Float64Array(n);
  const b2 = p.bias * p.bias;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += x[off + j] * x[off + j];
    out[i] = s + b2;
  }
  return out;
}

/**
 * The problem column by column (nw×n float32, bias column included), for the coordinate-descent
 * solvers over features (liblinear transposes to sparse columns for the same reason). Built once
 * per fit and shared by all one-vs-rest problems.
 */
export function columns(p: LinearProblem): Float32Array {
  const { x, n, d, nw } = p;
  const out = new Float32Array(nw * n);
  // Blocked transpose: a block of rows stays in cache while its columns are written.
  const B = 64;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j = 0; j < d; j++) {
      const col = j * n;
      for (let i = i0; i < i1; i++) out[col + i] = x[i * d + j];
    }
  }
  if (nw > d) out.fill(p.bias, d * n, nw * n);
  return out;
}

/** ±1 labels of the one-vs-rest problem "class k against the rest". */
export function oneVsRestLabels(y: Int32Array, k: number): Int8Array {
  const out = new Int8Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] === k ? 1 : -1;
  return out;
}

/**
 * liblinear's tolerance for its primal solvers (TRON, newGLMNET, primal CD): the user's tol scaled
 * by max(min(#pos, #neg), 1) / n, so that the stopping test adapts to class imbalance.
 */
export function primalTolerance(tol: number, y: Int8Array): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] > 0) pos++;
  const neg = y.length - pos;
  return (tol * Math.max(Math.min(pos, neg), 1)) / y.length;
}

/** A seeded in-place shuffle of the first `size` entries (liblinear's per-epoch permutation). */
export function shufflePrefix(index: Int32Array, size: number, rand: { int(n: number): number }) {
  for (let i = 0; i < size; i++) {
    const j = i + rand.int(size - i);
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
}
