// The PNG fast path must give exactly sharp's pixels, and step aside (null) for anything it does
// not handle, so decodeImage's result never depends on which path ran.
import sharp from 'sharp';
import { Random } from '@fmnist/ml';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convertPng } from '../../src/pipeline.js';
import { decodeImage } from '../../src/steps/decode.js';
import { decodeOpaquePng, isPng } from '../../src/steps/decode-png.js';

/** A seeded test picture: smooth gradients plus noise, so every PNG filter type gets used. */
function picture(
  width: number,
  height: number,
  seed: number,
  channels: 3 | 4 = 3,
  alpha = 255,
): Buffer {
  const r = new Random(seed);
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      data[o] = (x * 5 + r.int(20)) & 255;
      data[o + 1] = (y * 3 + r.int(8)) & 255;
      data[o + 2] = r.int(256);
      if (channels === 4) data[o + 3] = alpha;
    }
  }
  return data;
}

async function sharpRgb(png: Buffer) {
  const { data, info } = await sharp(png)
    .flatten({ background: '#fdfdfd' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

describe('PNG fast path', () => {
  const opaque: [string, () => Promise<Buffer>][] = [];
  for (const [w, h] of [
    [51, 73],
    [1, 1],
    [17, 5],
    [200, 3],
  ] as const) {
    const raw = () => sharp(picture(w, h, w * h), { raw: { width: w, height: h, channels: 3 } });
    opaque.push([`RGB ${w}×${h} adaptive filters`, () => raw().png().toBuffer()]);
    opaque.push([
      `RGB ${w}×${h} no compression`,
      () => raw().png({ compressionLevel: 0, adaptiveFiltering: false }).toBuffer(),
    ]);
    opaque.push([`palette ${w}×${h}`, () => raw().png({ palette: true, colours: 64 }).toBuffer()]);
    opaque.push([`grey ${w}×${h}`, () => raw().toColourspace('b-w').png().toBuffer()]);
    opaque.push([
      `RGBA opaque ${w}×${h}`,
      () =>
        sharp(picture(w, h, 3, 4), { raw: { width: w, height: h, channels: 4 } })
          .png()
          .toBuffer(),
    ]);
  }
  for (const [name, make] of opaque) {
    it(`equals sharp: ${name}`, async () => {
      const png = await make();
      expect(isPng(png)).toBe(true);
      const fast = decodeOpaquePng(png);
      expect(fast).not.toBeNull();
      const ref = await sharpRgb(png);
      expect([fast!.width, fast!.height, fast!.channels]).toEqual([ref.width, ref.height, 3]);
      expect(Buffer.from(fast!.data).equals(Buffer.from(ref.data))).toBe(true);
    });
  }

  const others: [string, () => Promise<Buffer>][] = [
    [
      'transparency',
      () =>
        sharp(picture(9, 9, 1, 4, 128), { raw: { width: 9, height: 9, channels: 4 } })
          .png()
          .toBuffer(),
    ],
    [
      '16 bits',
      () =>
        sharp(picture(9, 9, 2), { raw: { width: 9, height: 9, channels: 3 } })
          .toColourspace('rgb16')
          .png()
          .toBuffer(),
    ],
    [
      'interlaced',
      () =>
        sharp(picture(9, 9, 3), { raw: { width: 9, height: 9, channels: 3 } })
          .png({ progressive: true })
          .toBuffer(),
    ],
    [
      'JPEG',
      () =>
        sharp(picture(9, 9, 4), { raw: { width: 9, height: 9, channels: 3 } })
          .jpeg()
          .toBuffer(),
    ],
  ];
  for (const [name, make] of others) {
    it(`steps aside for ${name}, and decodeImage still gives sharp's pixels`, async () => {
      const bytes = await make();
      expect(decodeOpaquePng(bytes)).toBeNull();
      const img = await decodeImage(bytes);
      expect(Buffer.from(img.data).equals(Buffer.from((await sharpRgb(bytes)).data))).toBe(true);
    });
  }

  it('a corrupt PNG is left to sharp', async () => {
    const png = await sharp(picture(20, 20, 5), { raw: { width: 20, height: 20, channels: 3 } })
      .png()
      .toBuffer();
    const bad = Buffer.from(png);
    bad[bad.length - 30] ^= 0xff; // inside IDAT: the CRC no longer matches
    expect(decodeOpaquePng(bad)).toBeNull();
    // What happens next is sharp's call, exactly as without the fast path.
    const viaSharp = await sharpRgb(bad).catch((e: Error) => e);
    const viaDecode = await decodeImage(bad).catch((e: Error) => e);
    if (viaSharp instanceof Error) expect(viaDecode).toBeInstanceOf(Error);
    else
      expect(
        Buffer.from((viaDecode as { data: Uint8Array }).data).equals(Buffer.from(viaSharp.data)),
      ).toBe(true);
    expect(decodeOpaquePng(png.subarray(0, 40))).toBeNull();
  });

  it('a header larger than kernel memory can hold steps aside instead of throwing', async () => {
    // 40,000 × 40,000 RGB would need 4.8 GB of rows: more than a WASM memory holds.
    const chunk = (type: string, data: Uint8Array) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body), 8 + data.length);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(40000, 0);
    ihdr.writeUInt32BE(40000, 4);
    ihdr[8] = 8; // depth
    ihdr[9] = 2; // RGB
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(new Uint8Array(64))),
      chunk('IEND', new Uint8Array(0)),
    ]);
    expect(decodeOpaquePng(png)).toBeNull();
    expect(convertPng(png)).toBeNull();
    // Nothing of the kernels' state was touched: the next picture decodes as sharp has it.
    const normal = await sharp(picture(31, 17, 9), { raw: { width: 31, height: 17, channels: 3 } })
      .png()
      .toBuffer();
    const fast = decodeOpaquePng(normal)!;
    expect(Buffer.from(fast.data).equals(Buffer.from((await sharpRgb(normal)).data))).toBe(true);
  });
});
