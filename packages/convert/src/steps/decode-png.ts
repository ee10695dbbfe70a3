import { inflateSync } from 'node:zlib';
import type { RawImage } from '../raw-image.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * A fast path of step 1 for the commonest thumbnails: an opaque, non-interlaced PNG (8-bit grey
 * or RGB, a 1–8-bit palette, or an alpha channel that is 255 everywhere) decoded in-process to RGB.
 * Returns null for anything else — transparency, 16 bits, low-bit grey, interlacing, an ICC profile, animation,
 * a bad checksum — and the caller falls back to sharp, so the pixels are always what sharp gives
 * (tested), just without libvips' per-call overhead (which dominates on 51×73 thumbnails).
 */
export function decodeOpaquePng(bytes: Uint8Array): RawImage | null {
  if (!isPng(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let depth = 8;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (pos + 12 <= bytes.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(
      bytes[pos + 4],
      bytes[pos + 5],
      bytes[pos + 6],
      bytes[pos + 7],
    );
    const data = pos + 8;
    const end = data + len;
    if (end + 4 > bytes.length || crc32(bytes, pos + 4, end) !== view.getUint32(end)) return null;
    if (type === 'IHDR') {
      width = view.getUint32(data);
      height = view.getUint32(data + 4);
      colorType = bytes[data + 9];
      depth = bytes[data + 8];
      const [compression, filter, interlace] = [
        bytes[data + 10],
        bytes[data + 11],
        bytes[data + 12],
      ];
      // 8-bit everything, or a 1/2/4-bit palette (what palette encoders write for few colours).
      const depthOk =
        depth === 8 || (colorType === 3 && (depth === 1 || depth === 2 || depth === 4));
      if (
        !depthOk ||
        compression !== 0 ||
        filter !== 0 ||
        interlace !== 0 ||
        !(colorType in CHANNELS)
      ) {
        return null;
      }
    } else if (type === 'PLTE') palette = bytes.subarray(data, end);
    else if (type === 'IDAT') idat.push(bytes.subarray(data, end));
    else if (type === 'tRNS') {
      // A palette's alpha table that is opaque everywhere changes nothing; any other is transparency.
      if (colorType !== 3 || bytes.subarray(data, end).some((a) => a !== 255)) return null;
    } else if (type === 'iCCP' || type === 'acTL') return null;
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos = end + 4;
  }
  if (!ended || width === 0 || height === 0 || idat.length === 0 || (colorType === 3 && !palette))
    return null;
  let raw: Uint8Array;
  try {
    raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat));
  } catch {
    return null;
  }
  const ch = CHANNELS[colorType];
  const stride = Math.ceil((width * ch * depth) / 8);
  if (raw.length !== height * (stride + 1)) return null;
  const packed = unfilter(raw, height, stride, Math.max(1, (ch * depth) >> 3));
  if (!packed) return null;
  const px = depth === 8 ? packed : unpackIndices(packed, width, height, stride, depth);
  const out = new Uint8Array(width * height * 3);
  const n = width * height;
  for (let p = 0; p < n; p++) {
    const o = p * 3;
    if (colorType === 2 || colorType === 6) {
      const s = p * ch;
      if (ch === 4 && px[s + 3] !== 255) return null;
      out[o] = px[s];
      out[o + 1] = px[s + 1];
      out[o + 2] = px[s + 2];
    } else if (colorType === 3) {
      const i = px[p] * 3;
      if (i + 2 >= palette!.length) return null;
      out[o] = palette![i];
      out[o + 1] = palette![i + 1];
      out[o + 2] = palette![i + 2];
    } else {
      const s = p * ch;
      if (ch === 2 && px[s + 1] !== 255) return null;
      out[o] = out[o + 1] = out[o + 2] = px[s];
    }
  }
  return { width, height, channels: 3, data: out };
}

/** One byte per pixel from 1/2/4-bit palette indices (rows start on byte boundaries). */
function unpackIndices(
  packed: Uint8Array,
  width: number,
  height: number,
  stride: number,
  depth: number,
): Uint8Array {
  const out = new Uint8Array(width * height);
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = packed[y * stride + Math.floor(x / perByte)];
      out[y * width + x] = (byte >> (8 - depth * ((x % perByte) + 1))) & mask;
    }
  }
  return out;
}

/** Reverses PNG's per-scanline filters (None, Sub, Up, Average, Paeth); null on an unknown one. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array | null {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const b = y > 0 ? out[prev + x] : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp] : 0;
      let pred: number;
      if (f === 0) pred = 0;
      else if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else return null;
      out[row + x] = (raw[src + x] + pred) & 0xff;
    }
  }
  return out;
}
