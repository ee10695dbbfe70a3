import { Estimator } from '../base/estimator.js';
import { InputError } from '../base/errors.js';
import { toMatrix, type Matrix, type MatrixLike } from '../base/matrix.js';
import { bool, type ParamTable } from '../base/params.js';
import type { StateValue } from '../base/serialize.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the column means; default true. */
  withMean: boolean;
  /** Divide by the column standard deviations; default true. */
  withStd: boolean;
}

const PARAMS: ParamTable = {
  withMean: { default: true, check: bool() },
  withStd: { default: true, check: bool() },
};

/**
 * sklearn's `StandardScaler`: z = (x − mean) / std per column, with the population std (ddof = 0)
 * and scale 1 for a constant column. Statistics accumulate in float64; output is float32.
 * Uint8 pixels are read directly (no float copy of the input is made).
 */
export class StandardScaler extends Estimator<StandardScalerOptions> {
  /** Column means (zeros when withMean is false). */
  mean_!: Float64Array;
  /** Column population variances. */
  var_!: Float64Array;
  /** The divisor per column: the std, or 1 where the std is 0 or withStd is false. */
  scale_!: Float64Array;
  nFeaturesIn_!: number;
  nSamplesSeen_!: number;

  constructor(options: Partial<StandardScalerOptions> = {}) {
    super(PARAMS, options);
  }

  protected get paramTable(): ParamTable {
    return PARAMS;
  }

  /** Learns the column means and standard deviations of X. */
  fit(X: MatrixLike): this {
    this.validate();
    const { data, shape } = rawMatrix(X);
    const [n, d] = shape;
    if (n === 0) throw new InputError('StandardScaler: X has no rows.');
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    const v = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const t = data[i * d + j] - mean[j];
        v[j] += t * t;
      }
    }
    for (let j = 0; j < d; j++) v[j] /= n;
    this.var_ = v;
    this.mean_ = this.params.withMean ? mean : new Float64Array(d);
    this.scale_ = v.map((x) => (this.params.withStd && x > 0 ? Math.sqrt(x) : 1));
    this.nFeaturesIn_ = d;
    this.nSamplesSeen_ = n;
    this.fitted = true;
    return this;
  }

  /** Standardises X (a new float32 matrix). */
  transform(X: MatrixLike): Matrix {
    this.checkFitted();
    const { data, shape } = rawMatrix(X);
    const [n, d] = shape;
    if (d !== this.nFeaturesIn_)
      throw new InputError(
        `X has ${d} features, but StandardScaler was fitted with ${this.nFeaturesIn_}.`,
      );
    const out = new Float32Array(n * d);
    const inv = this.scale_.map((s) => 1 / s);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j] - this.mean_[j]) * inv[j];
    }
    return { data: out, shape: [n, d] };
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: MatrixLike): Matrix {
    return this.fit(X).transform(X);
  }

  /** Maps standardised values back: x = z · scale + mean. */
  inverseTransform(Z: MatrixLike): Matrix {
    this.checkFitted();
    const m = toMatrix(Z, 'Z');
    const [n, d] = m.shape;
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++)
        out[i * d + j] = m.data[i * d + j] * this.scale_[j] + this.mean_[j];
    return { data: out, shape: [n, d] };
  }

  protected getState(): Record<string, StateValue> {
    return {
      mean_: this.mean_,
      var_: this.var_,
      scale_: this.scale_,
      nFeaturesIn_: this.nFeaturesIn_,
      nSamplesSeen_: this.nSamplesSeen_,
    };
  }

  protected setState(s: Record<string, StateValue>): void {
    this.mean_ = s.mean_ as Float64Array;
    this.var_ = s.var_ as Float64Array;
    this.scale_ = s.scale_ as Float64Array;
    this.nFeaturesIn_ = s.nFeaturesIn_ as number;
    this.nSamplesSeen_ = s.nSamplesSeen_ as number;
  }
}

/** X's values without a float copy when they are uint8 pixels (validated like any X otherwise). */
function rawMatrix(X: MatrixLike): { data: ArrayLike<number>; shape: readonly [number, number] } {
  const m = X as { data?: unknown; shape?: readonly [number, number] };
  if (
    m.data instanceof Uint8Array &&
    m.shape?.length === 2 &&
    m.data.length === m.shape[0] * m.shape[1]
  ) {
    return { data: m.data, shape: m.shape };
  }
  return toMatrix(X);
}
