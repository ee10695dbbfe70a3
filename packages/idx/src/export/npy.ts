// NPY v1.0 encoder: the format numpy.save writes and numpy.load reads
// (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html). Zero dependencies.

/** The typed arrays {@link encodeNpy} can write, each with its numpy dtype. */
export type NpyArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** An array to write: row-major `data` and its `shape` (product of shape = data.length). */
export interface NpyTensor {
  data: NpyArray;
  shape: readonly number[];
}

// Little-endian descriptors: '|' = byte order not applicable (one-byte types).
const DESCR: [new (n: number) => NpyArray, string][] = [
  [Uint8Array, '|u1'],
  [Int8Array, '|i1'],
  [Uint16Array, '<u2'],
  [Int16Array, '<i2'],
  [Uint32Array, '<u4'],
  [Int32Array, '<i4'],
  [Float32Array, '<f4'],
  [Float64Array, '<f8'],
];

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const PREAMBLE = MAGIC.length + 2 + 2; // magic, version 1.0, uint16 header length
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The numpy dtype descriptor of a typed array (`'|u1'`, `'<f4'`, …). */
export function npyDescr(data: NpyArray): string {
  const hit = DESCR.find(([ctor]) => data instanceof ctor);
  if (!hit) throw new TypeError('encodeNpy: unsupported array type.');
  return hit[1];
}

/**
 * The NPY v1.0 header (magic, version, length, dict) for a C-order array. Padded with spaces and
 * a final newline so the data starts on a 64-byte boundary, as numpy itself writes it (aligned
 * data lets numpy memory-map the file).
 */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`encodeNpy: bad dimension ${d}.`);
  }
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  const total = Math.ceil((PREAMBLE + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - PREAMBLE - 1, ' ') + '\n';
  if (dict.length > 0xffff) throw new RangeError('encodeNpy: shape too long for NPY v1.0.');
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[PREAMBLE + i] = dict.charCodeAt(i);
  return out;
}

/** Encodes a typed array as an NPY v1.0 file (little-endian, C order). `numpy.load` reads it. */
export function encodeNpy(tensor: NpyTensor): Uint8Array {
  const { data, shape } = tensor;
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(
      `encodeNpy: shape [${shape.join(', ')}] holds ${count} values but data has ${data.length}.`,
    );
  }
  const header = npyHeader(npyDescr(data), shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  out.set(body, header.length);
  if (!LITTLE_ENDIAN && data.BYTES_PER_ELEMENT > 1)
    swapBytes(out, header.length, data.BYTES_PER_ELEMENT);
  return out;
}

/** Reverses each element's bytes in place (only on a big-endian host). */
function swapBytes(bytes: Uint8Array, start: number, width: number): void {
  for (let i = start; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
