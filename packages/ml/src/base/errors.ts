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

/**
 * The fit would need more memory than allowed (an estimator's `maxMemoryBytes`), found before
 * anything large is allocated: `bytesNeeded` says how much, so a caller can report it or raise
 * the limit.
 */
export class MemoryLimitError extends Error {
  override readonly name = 'MemoryLimitError';
  constructor(
    message: string,
    readonly bytesNeeded: number,
    readonly bytesAllowed: number,
  ) {
    super(message);
  }
}
