import { crc32, inflateSync } from 'node:zlib';
import { loadedRows, loadPngRows, startsAsPng, wasmKernelsEnabled } from '../kernels.js';
import type { RawImage } from '../raw-image.js';

const CHANNELS: readonly (number | undefined)[] = [1, undefined, 3, 1, 2, undefined, 4];

/** A chunk type's four ASCII letters as one big-endian number. */
const tag = (t: string) =>
  ((t.charCodeAt(0) << 24) | (t.charCodeAt(1) << 16) | (t.charCodeAt(2) << 8) | t.charCodeAt(3)) >>>
  0;
const IHDR = tag('IHDR');
const PLTE = tag('PLTE');
const IDAT = tag('IDAT');
const TRNS = tag('tRNS');
const ICCP = tag('iCCP');
const ACTL = tag('acTL');
const IEND = tag('IEND');

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && startsAsPng(bytes, 0);
}

/** What {@link parseOpaquePng} finds: the header, the palette and the compressed image data. */
export interface OpaquePng {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType: number;
  depth: number;
  palette?: Uint8Array;
  /** The IDAT chunks' data, in order: one zlib stream. */
  idat: Uint8Array[];
  /** Bytes per row, without the filter byte. */
  stride: number;
  /** Bytes per pixel for the filters (at least 1). */
  bpp: number;
}

/**
 * The chunks of a PNG that {@link decodeOpaquePng} can take, checked (signature, CRCs, a header it
 * supports, no transparency, ICC profile or animation); null for anything else.
 */
export function parseOpaquePng(bytes: Uint8Array): OpaquePng | null {
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
    const type = view.getUint32(pos + 4);
    const data = pos + 8;
    const end = data + len;
    if (end + 4 > bytes.length || crc32(bytes.subarray(pos + 4, end)) !== view.getUint32(end))
      return null;
    if (type === IHDR) {
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
        CHANNELS[colorType] === undefined
      ) {
        return null;
      }
    } else if (type === PLTE) palette = bytes.subarray(data, end);
    else if (type === IDAT) idat.push(bytes.subarray(data, end));
    else if (type === TRNS) {
      // A palette's alpha table that is opaque everywhere changes nothing; any other is transparency.
      if (colorType !== 3 || bytes.subarray(data, end).some((a) => a !== 255)) return null;
    } else if (type === ICCP || type === ACTL) return null;
    else if (type === IEND) {
      ended = true;
      break;
    }
    pos = end + 4;
  }
  if (!ended || width === 0 || height === 0 || idat.length === 0 || (colorType === 3 && !palette))
    return null;
  const ch = CHANNELS[colorType]!;
  const stride = Math.ceil((width * ch * depth) / 8);
  return {
    width,
    height,
    colorType,
    depth,
    palette,
    idat,
    stride,
    bpp: Math.max(1, (ch * depth) >> 3),
  };
}

/**
 * A fast path of step 1 for the commonest thumbnails: an opaque, non-interlaced PNG (8-bit grey
 * or RGB, a 1–8-bit palette, or an alpha channel that is 255 everywhere) decoded in-process to RGB.
 * Returns null for anything else — transparency, 16 bits, low-bit grey, interlacing, an ICC profile, animation,
 * a bad checksum — and the caller falls back to sharp, so the pixels are always what sharp gives
 * (tested), just without libvips' per-call overhead (which dominates on 51×73 thumbnails).
 */
export function decodeOpaquePng(bytes: Uint8Array): RawImage | null {
  const png = parseOpaquePng(bytes);
  return png && decodeParsedPng(png);
}

/** {@link decodeOpaquePng} of a PNG {@link parseOpaquePng} took. */
export function decodeParsedPng(png: OpaquePng): RawImage | null {
  const { width, height, colorType, depth, palette, stride } = png;
  const ch = CHANNELS[colorType]!;
  const packed = pngRows(png);
  if (!packed) return null;
  const n = width * height;
  // RGB: the unfiltered rows are the result.
  if (colorType === 2) return { width, height, channels: 3, data: packed };
  const out = new Uint8Array(n * 3);
  if (colorType === 6) {
    for (let p = 0, s = 0, o = 0; p < n; p++, s += 4, o += 3) {
      if (packed[s + 3] !== 255) return null;
      out[o] = packed[s];
      out[o + 1] = packed[s + 1];
      out[o + 2] = packed[s + 2];
    }
  } else if (colorType === 3) {
    const px = depth === 8 ? packed : unpackIndices(packed, width, height, stride, depth);
    const pal = palette!;
    for (let p = 0, o = 0; p < n; p++, o += 3) {
      const i = px[p] * 3;
      if (i + 2 >= pal.length) return null;
      out[o] = pal[i];
      out[o + 1] = pal[i + 1];
      out[o + 2] = pal[i + 2];
    }
  } else if (ch === 2) {
    for (let p = 0, s = 0, o = 0; p < n; p++, s += 2, o += 3) {
      if (packed[s + 1] !== 255) return null;
      out[o] = out[o + 1] = out[o + 2] = packed[s];
    }
  } else {
    for (let p = 0, o = 0; p < n; p++, o += 3) out[o] = out[o + 1] = out[o + 2] = packed[p];
  }
  return { width, height, channels: 3, data: out };
}

/**
 * The image data inflated and unfiltered: `height` rows of `stride` bytes, or null if the stream
 * is malformed or not exactly that long. The WASM kernels (kernels.ts) or, with them off, zlib and
 * {@link unfilter}: the same bytes (tested).
 */
export function pngRows(png: OpaquePng): Uint8Array | null {
  const { height, stride, bpp, idat } = png;
  if (wasmKernelsEnabled()) return loadRows(png) ? loadedRows(height, stride) : null;
  const expected = height * (stride + 1);
  let raw: Uint8Array;
  try {
    // One output chunk of the expected size (no copies), and no more than that is inflated.
    raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat), {
      chunkSize: Math.max(64, expected + 64),
      maxOutputLength: expected + 1,
    });
  } catch {
    return null;
  }
  if (raw.length !== expected) return null;
  return unfilter(raw, height, stride, bpp);
}

/**
 * {@link loadPngRows} of a parsed PNG: its rows, unfiltered, in the WASM kernels' memory. False
 * also when kernel memory cannot grow to the picture's size (sharp takes such a picture).
 */
export function loadRows(png: OpaquePng): boolean {
  try {
    return loadPngRows(png.idat, png.height, png.stride, png.bpp);
  } catch {
    return false;
  }
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

/**
 * Reverses PNG's per-scanline filters (None, Sub, Up, Average, Paeth) in place: row y moves from
 * `y·(stride + 1) + 1` to `y·stride`, each byte read before anything is written over it. Returns
 * the `height × stride` bytes, or null on an unknown filter. Row 0's "previous row" is zeros, so Up
 * is None there, Average halves the left byte only, and Paeth reduces to Sub.
 */
export function unfilter(
  raw: Uint8Array,
  height: number,
  stride: number,
  bpp: number,
): Uint8Array | null {
  const out = raw;
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    const first = y === 0;
    if (f === 0 || (f === 2 && first)) {
      out.copyWithin(row, src, src + stride);
    } else if (f === 1 || (f === 4 && first)) {
      for (let x = 0; x < bpp && x < stride; x++) out[row + x] = raw[src + x];
      for (let x = bpp; x < stride; x++) out[row + x] = (raw[src + x] + out[row + x - bpp]) & 0xff;
    } else if (f === 2) {
      for (let x = 0; x < stride; x++) out[row + x] = (raw[src + x] + out[prev + x]) & 0xff;
    } else if (f === 3) {
      if (first) {
        for (let x = 0; x < bpp && x < stride; x++) out[row + x] = raw[src + x];
        for (let x = bpp; x < stride; x++)
          out[row + x] = (raw[src + x] + (out[row + x - bpp] >> 1)) & 0xff;
      } else {
        for (let x = 0; x < bpp && x < stride; x++)
          out[row + x] = (raw[src + x] + (out[prev + x] >> 1)) & 0xff;
        for (let x = bpp; x < stride; x++)
          out[row + x] = (raw[src + x] + ((out[row + x - bpp] + out[prev + x]) >> 1)) & 0xff;
      }
    } else if (f === 4) {
      for (let x = 0; x < bpp && x < stride; x++)
        out[row + x] = (raw[src + x] + out[prev + x]) & 0xff; // Paeth with a = c = 0 picks b
      for (let x = bpp; x < stride; x++) {
        const a = out[row + x - bpp];
        const b = out[prev + x];
        const c = out[prev + x - bpp];
        const p = a + b - c;
        const pa = p > a ? p - a : a - p;
        const pb = p > b ? p - b : b - p;
        const pc = p > c ? p - c : c - p;
        out[row + x] = (raw[src + x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
    } else return null;
  }
  return new Uint8Array(out.buffer, out.byteOffset, height * stride);
}
