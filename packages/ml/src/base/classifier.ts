import { Estimator } from './estimator.js';
import { InputError } from './errors.js';
import {
  encodeLabels,
  toLabels,
  toMatrix,
  type Labels,
  type Matrix,
  type MatrixLike,
} from './matrix.js';
import type { StateValue } from './serialize.js';

/**
 * A classifier in sklearn's shape. `fit` validates options and data, encodes the labels to
 * 0..K-1 (`classes_` holds the originals, sorted) and calls `fitEncoded`; `predict` maps the
 * predicted indices back to labels; `score` is accuracy.
 */
export abstract class Classifier<P extends object> extends Estimator<P> {
  /** The distinct training labels, sorted. */
  classes_!: Int32Array;
  /** Number of features seen by `fit`. */
  nFeaturesIn_!: number;

  /** Learns from X and labels already encoded as 0..nClasses-1. */
  protected abstract fitEncoded(X: Matrix, y: Int32Array, nClasses: number): void;
  /** Predicted class indices (0..K-1) for validated X. */
  protected abstract predictIndices(X: Matrix): Int32Array;
  /** Fitted attributes besides classes_ and nFeaturesIn_. */
  protected abstract getModelState(): Record<string, StateValue>;
  protected abstract setModelState(state: Record<string, StateValue>): void;

  /** Fits the model to X (n×d) and y (n labels); returns `this`. */
  fit(X: MatrixLike, y: Labels): this {
    this.validate();
    const Xm = toMatrix(X);
    const labels = toLabels(y, Xm.shape[0]);
    const { classes, encoded } = encodeLabels(labels);
    if (classes.length < 2) {
      throw new InputError(
        `${this.constructor.name} needs samples of at least 2 classes in y; got ${classes.length === 0 ? 'no samples' : `only class ${classes[0]}`}.`,
      );
    }
    this.fitEncoded(Xm, encoded, classes.length);
    this.classes_ = classes;
    this.nFeaturesIn_ = Xm.shape[1];
    this.fitted = true;
    return this;
  }

  /** Predicted labels for each row of X. */
  predict(X: MatrixLike): Int32Array {
    const idx = this.predictIndices(this.checkX(X));
    const out = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = this.classes_[idx[i]];
    return out;
  }

  /** Mean accuracy on (X, y), as sklearn's `score`. */
  score(X: MatrixLike, y: Labels): number {
    const pred = this.predict(X);
    const truth = toLabels(y, pred.length);
    let hit = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) hit++;
    return pred.length === 0 ? 0 : hit / pred.length;
  }

  /** Validates X for prediction: fitted, finite, and with the training feature count. */
  protected checkX(X: MatrixLike): Matrix {
    this.checkFitted();
    const Xm = toMatrix(X);
    if (Xm.shape[1] !== this.nFeaturesIn_) {
      throw new InputError(
        `X has ${Xm.shape[1]} features, but ${this.constructor.name} was fitted with ${this.nFeaturesIn_}.`,
      );
    }
    return Xm;
  }

  protected getState(): Record<string, StateValue> {
    return { classes_: this.classes_, nFeaturesIn_: this.nFeaturesIn_, ...this.getModelState() };
  }

  protected setState(state: Record<string, StateValue>): void {
    this.classes_ = state.classes_ as Int32Array;
    this.nFeaturesIn_ = state.nFeaturesIn_ as number;
    this.setModelState(state);
  }
}

/** Row-wise argmax of an n×k matrix (first maximum wins, as numpy's argmax). */
export function argmaxRows(m: Matrix<Float32Array | Float64Array>): Int32Array {
  const [n, k] = m.shape;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bv = m.data[i * k];
    for (let j = 1; j < k; j++) {
      const v = m.data[i * k + j];
      if (v > bv) {
        bv = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}
