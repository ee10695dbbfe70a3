import { swapBytesInPlace } from './byte-order.js';
import { IdxFormatError } from './idx-format-error.js';
import {
  IDX_TYPES,
  LITTLE_ENDIAN,
  idxTypeOfArray,
  type IdxTensor,
  type IdxType,
} from './idx-types.js';
import { MAX_ELEMENTS } from './parse-idx.js';

/** A tensor to encode; `type` defaults to the type of `data`. */
export interface IdxTensorInput {
  type?: IdxType;
  shape: readonly number[];
  data: IdxTensor['data'];
}

/**
 * Encodes a tensor as uncompressed IDX bytes (big-endian, row-major). The shape must have 1 to 255
 * dimensions whose product is the data length, and the array type must match `type`.
 * Compress the result yourself (Node: `saveIdx` gzips for a `.gz` path).
 */
export function encodeIdx(tensor: IdxTensorInput): Uint8Array {
  const arrayType = idxTypeOfArray(tensor.data);
  const bad = (detail: string): never => {
    throw new IdxFormatError('bad-tensor', `cannot encode: ${detail}`);
  };
  if (!arrayType)
    bad(
      'data must be a Uint8Array, Int8Array, Int16Array, Int32Array, Float32Array or Float64Array.',
    );
  const type = tensor.type ?? arrayType!;
  if (!(type in IDX_TYPES))
    bad(`unknown type "${String(type)}"; use one of ${Object.keys(IDX_TYPES).join(', ')}.`);
  if (type !== arrayType)
    bad(`type is "${type}" but data is a ${tensor.data.constructor.name} (${arrayType}).`);
  const shape = tensor.shape;
  if (shape.length < 1 || shape.length > 255)
    bad(`shape must have 1 to 255 dimensions, got ${shape.length}.`);
  let count = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0 || s > 0xffffffff)
      bad(`shape [${shape.join(', ')}] has a size that is not an integer in 0..2^32-1.`);
    count *= s;
  }
  if (count > MAX_ELEMENTS)
    bad(`shape [${shape.join(', ')}] holds more than ${MAX_ELEMENTS} elements.`);
  if (count !== tensor.data.length)
    bad(`shape [${shape.join(', ')}] holds ${count} elements but data has ${tensor.data.length}.`);
  const info = IDX_TYPES[type];
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + count * info.bytes);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = shape.length;
  shape.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  const d = tensor.data;
  const raw = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (info.bytes > 1 && LITTLE_ENDIAN) {
    const swapped = raw.slice(); // aligned copy: the header length need not be a multiple of the width
    swapBytesInPlace(swapped, info.bytes as 2 | 4 | 8);
    out.set(swapped, header);
  } else {
    out.set(raw, header);
  }
  return out;
}
