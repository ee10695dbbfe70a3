import { swapBytesInPlace } from './byte-order.js';
import { IdxFormatError } from './idx-format-error.js';
import { IDX_TYPES, LITTLE_ENDIAN, idxTypeOfCode, type IdxTensor } from './idx-types.js';

/** Largest element count fmnist accepts: the largest typed array V8 allocates on 64-bit hosts. */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/**
 * Decodes uncompressed IDX bytes. Every fault (bad magic, unknown type, truncation, trailing bytes,
 * overflowing dimensions) throws an {@link IdxFormatError}; a partial array is never returned.
 * Uint8 and int8 data are views into `bytes` (no copy); wider types are copied and byte-swapped.
 */
export function parseIdx(bytes: Uint8Array, file?: string): IdxTensor {
  const fail = (code: ConstructorParameters<typeof IdxFormatError>[0], detail: string): never => {
    throw new IdxFormatError(code, detail, file);
  };
  if (bytes.length < 4) {
    fail(
      'truncated',
      `truncated header: an IDX file starts with 4 magic bytes, got ${bytes.length} byte(s). Re-download the file.`,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    fail(
      'bad-magic',
      `bad magic ${head}: an IDX file starts with 00 00 <type> <dims>. This is not an IDX file (or a damaged one).`,
    );
  }
  const type = idxTypeOfCode(bytes[2]);
  if (!type) {
    fail(
      'unknown-type',
      `unknown IDX type code 0x${bytes[2].toString(16).padStart(2, '0')}; IDX defines 0x08 u8, 0x09 i8, 0x0b i16, 0x0c i32, 0x0d f32, 0x0e f64.`,
    );
  }
  const info = IDX_TYPES[type!];
  const ndim = bytes[3];
  if (ndim === 0)
    fail('bad-dimensions', 'the header declares 0 dimensions; an IDX array has at least one.');
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    fail(
      'truncated',
      `truncated header: ${ndim} dimension(s) need ${headerBytes} header bytes, got ${bytes.length}. Re-download the file.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    shape.push(size);
    count *= size;
  }
  if (count > MAX_ELEMENTS) {
    fail(
      'overflow',
      `dimensions ${shape.join('×')} hold ${count} elements, more than the ${MAX_ELEMENTS} a typed array can hold; the header is corrupt.`,
    );
  }
  const expected = headerBytes + count * info.bytes;
  if (bytes.length < expected) {
    fail(
      'truncated',
      `truncated data: shape ${shape.join('×')} of ${type} needs ${expected} bytes, got ${bytes.length} (${expected - bytes.length} missing). Re-download the file.`,
    );
  }
  if (bytes.length > expected) {
    fail(
      'trailing-bytes',
      `${bytes.length - expected} trailing byte(s) after the data: shape ${shape.join('×')} of ${type} needs ${expected} bytes, got ${bytes.length}. The file is damaged or not what its header says.`,
    );
  }
  const payload = bytes.subarray(headerBytes, expected);
  if (info.bytes === 1) {
    const data =
      type === 'uint8'
        ? payload
        : new Int8Array(payload.buffer, payload.byteOffset, payload.length);
    return { type: type!, shape, data } as IdxTensor;
  }
  const data = info.make(count);
  const out = new Uint8Array(data.buffer);
  out.set(payload);
  if (LITTLE_ENDIAN) swapBytesInPlace(out, info.bytes as 2 | 4 | 8);
  return { type: type!, shape, data } as IdxTensor;
}
