// The kernels' PNG file path (assembly/png-file.ts: chunks, CRCs, inflate, unfilter and steps 2–7
// in one call) takes plain 8-bit RGB files only, and must give what the reference path gives
// (parseOpaquePng, zlib, the TypeScript steps) for every file, taken or left: same pixels, box,
// contrast and corner, or null for both.
import { Random } from '@fmnist/ml';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it, onTestFinished } from 'vitest';
import { convertRgb8Png, useWasmKernels } from '../../src/kernels.js';
import {
  convertPng,
  resolvePipelineOptions,
  type ConvertResult,
  type PipelineOptions,
} from '../../src/pipeline.js';
import { convertBatch, convertPicture } from '../../src/dataset/converter.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array, crcDelta = 0): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc32(body) + crcDelta) >>> 0, 8 + data.length);
  return out;
}

function header(width: number, height: number, colourType = 2, length = 13): Buffer {
  const h = Buffer.alloc(length);
  h.writeUInt32BE(width, 0);
  h.writeUInt32BE(height, 4);
  h[8] = 8;
  h[9] = colourType;
  return h;
}

/** A product-like RGB picture on a light background, rows with PNG's filter bytes (varied). */
function rows(width: number, height: number, seed: number): Buffer {
  const r = new Random(seed);
  const out = Buffer.alloc(height * (3 * width + 1));
  for (let y = 0; y < height; y++) {
    out[y * (3 * width + 1)] = 0; // filter "none": the bytes are the pixels
    for (let x = 0; x < width; x++) {
      const inside = x > width / 4 && x < (3 * width) / 4 && y > height / 5 && y < (4 * height) / 5;
      const o = y * (3 * width + 1) + 1 + 3 * x;
      out[o] = inside ? 40 + r.int(60) : 253;
      out[o + 1] = inside ? 20 + r.int(40) : 253;
      out[o + 2] = inside ? r.int(200) : 253;
    }
  }
  return out;
}

/** A PNG made of `chunks` (between the signature and nothing else). */
const png = (...chunks: Buffer[]) => Buffer.concat([SIGNATURE, ...chunks]);

const W = 23;
const H = 31;
const data = deflateSync(rows(W, H, 1));
const ihdr = chunk('IHDR', header(W, H));
const idat = chunk('IDAT', data);
const iend = chunk('IEND', new Uint8Array(0));
const text = chunk('tEXt', Buffer.from('Comment\0made for a test', 'latin1'));
const split = (parts: number[]) => {
  const out: Buffer[] = [];
  let at = 0;
  for (const p of [...parts, data.length]) {
    out.push(chunk('IDAT', data.subarray(at, Math.max(at, p))));
    at = Math.max(at, p);
  }
  return out;
};

/** Files the kernels take. */
const taken: [string, () => Buffer | Promise<Buffer>][] = [
  ['plain', () => png(ihdr, idat, iend)],
  ['image data in three chunks, one empty', () => png(ihdr, ...split([10, 10, 200]), iend)],
  [
    'ancillary chunks (text, an unknown one)',
    () => png(ihdr, text, chunk('zzZz', Buffer.from([1, 2, 3])), idat, iend),
  ],
  ['bytes after the end', () => Buffer.concat([png(ihdr, idat, iend), Buffer.from('trailing')])],
  [
    'written by sharp, adaptive filters',
    () =>
      sharp(rows(W, H, 2).subarray(0, W * H * 3), { raw: { width: W, height: H, channels: 3 } })
        .png()
        .toBuffer(),
  ],
];

/** Files the kernels leave to the reference path, which takes or refuses them. */
const left: [string, () => Buffer][] = [
  ['a suggested palette', () => png(ihdr, chunk('PLTE', Buffer.alloc(9, 7)), idat, iend)],
  ['RGB transparency', () => png(ihdr, chunk('tRNS', Buffer.alloc(6)), idat, iend)],
  ['an ICC profile', () => png(ihdr, chunk('iCCP', Buffer.from('x\0\0abc', 'latin1')), idat, iend)],
  ['two headers', () => png(ihdr, ihdr, idat, iend)],
  ['data before the header', () => png(text, ihdr, idat, iend)],
  ['a 14-byte header', () => png(chunk('IHDR', header(W, H, 2, 14)), idat, iend)],
  ['grey', () => png(chunk('IHDR', header(W, H, 0)), idat, iend)],
  ['zero width', () => png(chunk('IHDR', header(0, H)), idat, iend)],
  ['a bad header CRC', () => png(chunk('IHDR', header(W, H), 1), idat, iend)],
  ['a bad image data CRC', () => png(ihdr, chunk('IDAT', data, 1), iend)],
  ['a bad CRC in a text chunk', () => png(ihdr, chunk('tEXt', Buffer.from('a\0b'), 1), idat, iend)],
  ['a bad end CRC', () => png(ihdr, idat, chunk('IEND', new Uint8Array(0), 1))],
  ['no end', () => png(ihdr, idat)],
  ['no image data', () => png(ihdr, iend)],
  ['cut in the image data', () => png(ihdr, idat, iend).subarray(0, 60)],
  ['not a PNG', () => Buffer.from('GIF89a and so on')],
];

/** Files both paths take, whose image data is wrong: null from both. */
const bad: [string, () => Buffer][] = [
  ['one row too few', () => png(ihdr, chunk('IDAT', deflateSync(rows(W, H - 1, 1))), iend)],
  [
    'one byte too many',
    () =>
      png(ihdr, chunk('IDAT', deflateSync(Buffer.concat([rows(W, H, 1), Buffer.alloc(1)]))), iend),
  ],
  ['a corrupt stream', () => png(ihdr, chunk('IDAT', Buffer.from(data).fill(0xff, 20, 40)), iend)],
];

function reference(file: Buffer, options: PipelineOptions) {
  useWasmKernels(false);
  onTestFinished(() => useWasmKernels(true));
  try {
    return convertPng(file, options);
  } finally {
    useWasmKernels(true);
  }
}

const settings: [string, PipelineOptions][] = [
  ['corner fill', {}],
  ['a fixed fill, size 20', { fill: [10, 200, 30], size: 20 }],
];

describe('the kernels’ PNG file path', () => {
  for (const [how, options] of settings) {
    for (const [name, make] of taken) {
      it(`takes ${name} (${how}), with the reference result`, async () => {
        const file = await make();
        expect(convertRgb8Png(file, 28, 1, -1, new Float64Array(9))).not.toBeUndefined();
        const fast = convertPng(file, options);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(reference(file, options));
      });
    }
    for (const [name, make] of [...left, ...bad]) {
      it(`${left.some(([n]) => n === name) ? 'leaves' : 'fails'} ${name} (${how}), as the reference does`, () => {
        const file = make();
        const taken = convertRgb8Png(file, 28, 1, -1, new Float64Array(9));
        if (left.some(([n]) => n === name)) expect(taken).toBeUndefined();
        else expect(taken).toBeNull();
        expect(convertPng(file, options)).toEqual(reference(file, options));
      });
    }
  }
});

describe('a worker’s batch', () => {
  it('converts every picture as convertPicture does, in one kernel call for the plain ones', async () => {
    const jpeg = await sharp(rows(W, H, 3).subarray(0, W * H * 3), {
      raw: { width: W, height: H, channels: 3 },
    })
      .jpeg()
      .toBuffer();
    const files = [
      ...(await Promise.all(taken.map(([, make]) => make()))),
      ...left.map(([, make]) => make()),
      ...bad.map(([, make]) => make()),
      jpeg,
    ];
    for (const [, options] of settings) {
      const pipeline = resolvePipelineOptions(options);
      const ends = new Uint32Array(files.length);
      files.reduce((at, f, j) => (ends[j] = at + f.length), 0);
      const bytes = new Uint8Array(Buffer.concat(files));
      const batch = await convertBatch({ id: 7, bytes, ends }, pipeline);
      expect(batch.id).toBe(7);
      const size2 = pipeline.size ** 2;
      for (const [j, file] of files.entries()) {
        const want = (await convertPicture(file, pipeline)) as ConvertResult | { error: string };
        if ('error' in want) {
          // sharp's words can differ with what else it decoded at the time; the kind may not.
          expect(batch.errors[j]).toMatch(/^cannot decode: /);
          continue;
        }
        expect(batch.errors[j]).toBeUndefined();
        const b = want.box;
        expect(Array.from(batch.facts.subarray(6 * j, 6 * j + 6))).toEqual(
          b ? [1, b.x, b.y, b.width, b.height, want.contrast] : [0, 0, 0, 0, 0, want.contrast],
        );
        expect(Buffer.from(batch.pixels.subarray(j * size2, (j + 1) * size2))).toEqual(
          Buffer.from(want.pixels),
        );
      }
    }
  });
});
