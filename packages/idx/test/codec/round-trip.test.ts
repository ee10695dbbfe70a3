import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  IDX_TYPES,
  decodeIdx,
  encodeIdx,
  parseIdx,
  type IdxTensor,
  type IdxType,
} from '../../src/index.js';
import { prng } from '../helpers/prng.js';

const TYPES = Object.keys(IDX_TYPES) as IdxType[];
const SHAPES = [[1], [3], [5, 17], [2, 3, 5], [3, 1, 4, 1], [127], [0], [4, 0, 2], [2, 2, 2, 2, 2]];

/** Values that exercise each type's full range (extremes, signs, fractions). */
function randomTensor(type: IdxType, shape: number[], seed: number): IdxTensor {
  const rand = prng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = IDX_TYPES[type].make(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    switch (type) {
      case 'uint8':
        data[i] = Math.floor(u * 256);
        break;
      case 'int8':
        data[i] = Math.floor(u * 256) - 128;
        break;
      case 'int16':
        data[i] = Math.floor(u * 65536) - 32768;
        break;
      case 'int32':
        data[i] = Math.floor(u * 2 ** 32) - 2 ** 31;
        break;
      default:
        data[i] = (u - 0.5) * 10 ** Math.floor(rand() * 60 - 30);
    }
  }
  return { type, shape, data } as IdxTensor;
}

describe('encodeIdx → decodeIdx is the identity', () => {
  for (const type of TYPES) {
    for (const [k, shape] of SHAPES.entries()) {
      it(`${type} [${shape.join(', ')}]`, async () => {
        const t = randomTensor(type, shape, 1000 + k);
        const bytes = encodeIdx(t);
        expect(bytes.length).toBe(4 + 4 * shape.length + t.data.length * IDX_TYPES[type].bytes);
        for (const decoded of [
          parseIdx(bytes),
          await decodeIdx(bytes),
          await decodeIdx(gzipSync(bytes)),
        ]) {
          expect(decoded.type).toBe(type);
          expect(decoded.shape).toEqual(shape);
          expect(decoded.data.constructor).toBe(t.data.constructor);
          expect(Array.from(decoded.data)).toEqual(Array.from(t.data));
        }
      });
    }
  }

  it('keeps NaN, ±Infinity and -0 of floats bit for bit', async () => {
    const data = new Float64Array([NaN, Infinity, -Infinity, -0, 5e-324]);
    const back = (await decodeIdx(encodeIdx({ shape: [5], data }))).data as Float64Array;
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(data.buffer));
    const f32 = new Float32Array([NaN, -Infinity, -0, 1.4e-45]);
    const back32 = parseIdx(encodeIdx({ shape: [4], data: f32 })).data as Float32Array;
    expect(new Uint8Array(back32.buffer)).toEqual(new Uint8Array(f32.buffer));
  });

  it('encodes a typed-array view with an offset (subarray) correctly', () => {
    const whole = new Int16Array([1, 2, 3, 4, 5, 6, 7]);
    const back = parseIdx(encodeIdx({ shape: [2, 3], data: whole.subarray(1) }));
    expect(Array.from(back.data)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('writes big-endian words', () => {
    const bytes = encodeIdx({ shape: [1], data: new Int32Array([0x01020304]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3, 4]);
  });
});
