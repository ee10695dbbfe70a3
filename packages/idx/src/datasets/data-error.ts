/** What went wrong finding, reading or downloading a dataset file. */
export type DataFaultCode = 'not-found' | 'checksum' | 'download' | 'io' | 'bad-option';

/**
 * The error for data that cannot be found, read, downloaded or verified. Like
 * {@link IdxFormatError}, its message says which file, what was wrong and what to do.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    readonly code: DataFaultCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}
