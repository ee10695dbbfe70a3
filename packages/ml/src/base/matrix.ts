import { InputError } from './errors.js';

/** A row-major 2-D array: `data[i * shape[1] + j]` is row i, column j. */
export interface Matrix<T extends Float32Array | Float64Array = Float32Array> {
  data: T;
  shape: readonly [number, number];
}

/** What estimators accept as X: float32 rows, uint8 pixels (converted once), or nested arrays. */
export type MatrixLike =
  | Matrix<Float32Array>
  | Matrix<Float64Array>
  | { data: Uint8Array; shape: readonly [number, number] }
  | readonly (readonly number[])[];

/** What estimators accept as y: integer class labels. */
export type Labels = Int32Array | Uint8Array | Uint16Array | readonly number[];

/** Makes a {@link Matrix} view over `data` (no copy), checking the size. */
export function matrix<T extends Float32Array | Float64Array>(
  data: T,
  rows: number,
  cols: number,
): Matrix<T> {
  if (data.length !== rows * cols) {
    throw new InputError(
      `a ${rows}×${cols} matrix needs ${rows * cols} values, got ${data.length}.`,
    );
  }
  return { data, shape: [rows, cols] };
}

/**
 * Converts and validates X: returns a float32 matrix (the input itself when it already is one, so
 * nothing is copied), rejecting a wrong shape, NaN or ±Inf with an error that names the row and column.
 */
export function toMatrix(X: MatrixLike, what = 'X'): Matrix {
  let out: Matrix;
  if (Array.isArray(X)) {
    const rows = X.length;
    const cols = rows > 0 ? (X[0] as readonly number[]).length : 0;
    const data = new Float32Array(rows * cols);
    (X as readonly (readonly number[])[]).forEach((row, i) => {
      if (row.length !== cols)
        throw new InputError(`${what}: row ${i} has ${row.length} values, row 0 has ${cols}.`);
      data.set(row, i * cols);
    });
    out = { data, shape: [rows, cols] };
  } else {
    const m = X as {
      data: Float32Array | Float64Array | Uint8Array;
      shape: readonly [number, number];
    };
    if (!m.shape || m.shape.length !== 2)
      throw new InputError(`${what}: expected a 2-D matrix {data, shape: [rows, cols]}.`);
    const [rows, cols] = m.shape;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new InputError(
        `${what}: shape [${rows}, ${cols}] is not a pair of non-negative integers.`,
      );
    }
    if (m.data.length !== rows * cols) {
      throw new InputError(
        `${what}: shape [${rows}, ${cols}] needs ${rows * cols} values, data has ${m.data.length}.`,
      );
    }
    if (m.data instanceof Float32Array) out = { data: m.data, shape: [rows, cols] };
    else if (m.data instanceof Float64Array || m.data instanceof Uint8Array)
      out = { data: Float32Array.from(m.data), shape: [rows, cols] };
    else throw new InputError(`${what}: data must be a Float32Array, Float64Array or Uint8Array.`);
  }
  if (!allFinite(out.data)) {
    const i = out.data.findIndex((v) => !Number.isFinite(v));
    const c = out.shape[1];
    throw new InputError(
      `${what} contains ${out.data[i]} at row ${Math.floor(i / c)}, column ${i % c}; remove or impute non-finite values.`,
    );
  }
  return out;
}

/** Checks y against X's row count and returns it as Int32Array labels. */
export function toLabels(y: Labels, rows: number): Int32Array {
  if (y.length !== rows) throw new InputError(`X has ${rows} rows but y has ${y.length} labels.`);
  const out = y instanceof Int32Array ? y : Int32Array.from(y as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== (y as ArrayLike<number>)[i])
      throw new InputError(
        `y[${i}] = ${(y as ArrayLike<number>)[i]} is not an integer class label.`,
      );
  }
  return out;
}

/** Sorted distinct labels and each row's index into them (sklearn's LabelEncoder). */
export function encodeLabels(y: Int32Array): { classes: Int32Array; encoded: Int32Array } {
  const classes = Int32Array.from(new Set(y)).sort();
  const index = new Map<number, number>();
  classes.forEach((c, i) => index.set(c, i));
  const encoded = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) encoded[i] = index.get(y[i])!;
  return { classes, encoded };
}

/** Selects rows of a matrix (a copy), e.g. for a subsample or a shuffled order. */
export function takeRows(X: Matrix, rows: ArrayLike<number>): Matrix {
  const d = X.shape[1];
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++)
    out.set(X.data.subarray(rows[i] * d, rows[i] * d + d), i * d);
  return { data: out, shape: [rows.length, d] };
}

/**
 * True when no value is NaN or ±Infinity. x·0 is 0 for finite x and NaN otherwise, so four
 * independent sums of x·0 stay 0 exactly when all values are finite: a branch-free pass that
 * runs several times faster than a test per element (this check runs on every fit and predict).
 */
export function allFinite(data: Float32Array): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const n = data.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a += data[i] * 0;
    b += data[i + 1] * 0;
    c += data[i + 2] * 0;
    d += data[i + 3] * 0;
  }
  for (; i < n; i++) a += data[i] * 0;
  return a + b + c + d === 0;
}

/** Squared norm of every row of an n×d row-major array (float64 sums, in column order). */
export function rowSqNorms(X: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const off = i * d;
    for (let j = 0; j < d; j++) s += X[off + j] * X[off + j];
    out[i] = s;
  }
  return out;
}
