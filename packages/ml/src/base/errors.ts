/** Thrown by `predict` & co. before `fit`, as sklearn's `NotFittedError`. */
export class NotFittedError extends Error {
  override readonly name = 'NotFittedError';
  constructor(estimator: string) {
    super(`This ${estimator} instance is not fitted yet. Call fit(X, y) before using it.`);
  }
}

/** A bad option value or an invalid combination of options (sklearn raises ValueError). */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
}

/** Bad input data: wrong shape, NaN/Inf, a single class, a feature count other than at fit. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
