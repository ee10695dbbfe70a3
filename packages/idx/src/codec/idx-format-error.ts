/** What was wrong with an IDX byte stream. Stable strings: callers and tests switch on them. */
export type IdxFaultCode =
  | 'bad-magic'
  | 'unknown-type'
  | 'bad-dimensions'
  | 'overflow'
  | 'truncated'
  | 'trailing-bytes'
  | 'corrupt-gzip'
  | 'bad-tensor';

/**
 * The one error the codec throws for bad input. The message names the file (when known), the
 * fault, the numbers involved and what to do, so a user never has to read a stack trace.
 */
export class IdxFormatError extends Error {
  override readonly name = 'IdxFormatError';
  constructor(
    readonly code: IdxFaultCode,
    detail: string,
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${detail}`);
  }
}
