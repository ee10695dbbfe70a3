// An 8-bit RGB PNG file, the thumbnails' kind, from its bytes to steps 2–7 in two calls, so that
// per picture the JavaScript does no more than copy the file in and read the result. Only plain
// files are taken: a header that is 8-bit RGB, not interlaced, first and once; image data; an
// end; no palette, transparency, ICC profile or animation; every chunk's CRC right. Anything else
// is left (0) to src/steps/decode-png.ts, the reference, which takes or refuses it.
import { inflate_zlib } from './inflate';
import { unfilter } from './png';
import { convert_rgb, greyOfNegated, work_bytes } from './pixels';

const SIGNATURE_LO: u32 = 0x474e5089; // 89 50 4e 47, little-endian
const SIGNATURE_HI: u32 = 0x0a1a0a0d; // 0d 0a 1a 0a
const IHDR: u32 = 0x49484452;
const IDAT: u32 = 0x49444154;
const IEND: u32 = 0x49454e44;
const PLTE: u32 = 0x504c5445;
const TRNS: u32 = 0x74524e53;
const ICCP: u32 = 0x69434350;
const ACTL: u32 = 0x6163544c;
/** Larger pictures are left to the reference path (their rows would not fit in memory anyway). */
const MAX_SIDE: u32 = 1 << 24;

/** CRC-32 (PNG's, zlib's) tables for eight bytes at a time: 8 × 256 u32. */
const CRC = memory.data(8 * 256 * 4);
let crcReady = false;

function crcTables(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    store<u32>(CRC + ((<usize>n) << 2), c);
  }
  for (let n: usize = 0; n < 256; n++) {
    let c = load<u32>(CRC + (n << 2));
    for (let t: usize = 1; t < 8; t++) {
      c = load<u32>(CRC + ((<usize>(c & 255)) << 2)) ^ (c >>> 8);
      store<u32>(CRC + (t << 10) + (n << 2), c);
    }
  }
  crcReady = true;
}

function crcByte(c: u32, t: usize, b: u32): u32 {
  return load<u32>(CRC + (t << 10) + ((<usize>((c ^ b) & 255)) << 2));
}

function entry(t: usize, i: u32): u32 {
  return load<u32>(CRC + (t << 10) + ((<usize>(i & 255)) << 2));
}

/** The CRC-32 of `n` bytes at `p` (slice-by-8). */
export function crc32(p: usize, n: usize): u32 {
  if (!crcReady) crcTables();
  let c: u32 = 0xffffffff;
  while (n >= 8) {
    const a = load<u32>(p) ^ c;
    const b = load<u32>(p + 4);
    c =
      entry(7, a) ^
      entry(6, a >>> 8) ^
      entry(5, a >>> 16) ^
      entry(4, a >>> 24) ^
      entry(3, b) ^
      entry(2, b >>> 8) ^
      entry(1, b >>> 16) ^
      entry(0, b >>> 24);
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    c = crcByte(c, 0, <u32>load<u8>(p)) ^ (c >>> 8);
    p++;
    n--;
  }
  return ~c;
}

function be32(p: usize): u32 {
  return bswap<u32>(load<u32>(p));
}

// What png_info found, for png_rgb8.
let width: u32 = 0;
let height: u32 = 0;
let idatChunks = 0;
let idatBytes: usize = 0;
/** The only IDAT's data, when there is one. */
let idatAt: usize = 0;

/**
 * Checks the `len` bytes of a file at `file`: 1 when it is a plain 8-bit RGB PNG (see above),
 * with its width, height and image data bytes stored at `info` (3 i32); 0 for anything else.
 */
export function png_info(file: usize, len: usize, info: usize): i32 {
  if (len < 8 || load<u32>(file) != SIGNATURE_LO || load<u32>(file + 4) != SIGNATURE_HI) return 0;
  let pos: usize = 8;
  let headers = 0;
  let ended = false;
  idatChunks = 0;
  idatBytes = 0;
  while (pos + 12 <= len) {
    const size = <usize>be32(file + pos);
    const type = be32(file + pos + 4);
    const data = pos + 8;
    if (size > len - data - 4) return 0; // the chunk and its CRC must be in the file
    const end = data + size;
    if (crc32(file + pos + 4, size + 4) != be32(file + end)) return 0;
    if (type == IHDR) {
      if (headers++ > 0 || pos != 8 || size != 13) return 0;
      width = be32(file + data);
      height = be32(file + data + 4);
      // depth 8, colour type 2 (RGB), compression, filter and interlace 0
      if (load<u8>(file + data + 8) != 8 || load<u8>(file + data + 9) != 2) return 0;
      if (load<u8>(file + data + 10) | load<u8>(file + data + 11) | load<u8>(file + data + 12))
        return 0;
      if (width == 0 || height == 0 || width >= MAX_SIDE || height >= MAX_SIDE) return 0;
    } else if (type == IDAT) {
      if (headers == 0) return 0;
      idatChunks++;
      idatBytes += size;
      idatAt = file + data;
    } else if (type == IEND) {
      ended = true;
      break;
    } else if (type == PLTE || type == TRNS || type == ICCP || type == ACTL) return 0;
    pos = end + 4;
  }
  if (!ended || idatChunks == 0) return 0;
  store<u32>(info, width);
  store<u32>(info, height, 4);
  store<u32>(info, <u32>idatBytes, 8);
  return 1;
}

/**
 * Steps 1–7 of the file png_info took: its image data (copied to `cat`, idatBytes of room, when
 * it is split over several chunks) inflated to `rows` (height × (3·width + 1) + 16 bytes of room)
 * and unfiltered there, then convert_rgb (see pixels.ts), with the fill level of the top-left
 * pixel when `fillLevel` < 0. Returns 1, or 0 when the data does not inflate to exactly the rows
 * or has an unknown filter.
 */
export function png_rgb8(
  file: usize,
  cat: usize,
  rows: usize,
  size: i32,
  limit: f64,
  fillLevel: i32,
  kernel: usize,
  work: usize,
  out: usize,
  result: usize,
): i32 {
  let z = idatAt;
  if (idatChunks > 1) {
    let pos: usize = 8;
    let at = cat;
    while (true) {
      const n = <usize>be32(file + pos);
      const type = be32(file + pos + 4);
      if (type == IEND) break;
      if (type == IDAT) {
        memory.copy(at, file + pos + 8, n);
        at += n;
      }
      pos += n + 12;
    }
    z = cat;
  }
  const stride = <i32>width * 3;
  const expected = <i32>height * (stride + 1);
  // One byte more than expected: a longer stream fails (−2) instead of being cut short.
  if (inflate_zlib(z, <i32>idatBytes, rows, expected + 1) != expected) return 0;
  if (unfilter(rows, <i32>height, stride, 3) != 0) return 0;
  const level = fillLevel < 0 ? greyOfNegated(rows) : fillLevel;
  convert_rgb(rows, <i32>width, <i32>height, size, limit, level, kernel, work, out, result);
  return 1;
}

/**
 * Bytes before a record's pixels in png_batch's output: status, found, x, y, width, height,
 * contrast (i32), then the top-left pixel's colour (3 bytes).
 */
const RECORD_HEAD: usize = 32;
/** The most memory the kernels use (src/kernels.ts's KERNEL_MEMORY_LIMIT). */
const MEMORY_LIMIT: u64 = (1 << 31) - 65536;

/** Bytes of one png_batch record for `size`. */
export function batch_record_bytes(size: i32): i32 {
  return <i32>RECORD_HEAD + ((size * size + 15) & ~15);
}

function align16(n: u64): u64 {
  return (n + 15) & ~(<u64>15);
}

/**
 * png_info and png_rgb8 for `n` files, so that a worker thread converts a batch in one call: file
 * j is `len_j` bytes at `at_j`, the pairs (u32, u32) in the table at `table`. Record j, at
 * `out + j · batch_record_bytes(size)`, gets a status (1: converted; 0: not a plain 8-bit RGB PNG;
 * −1: its image data is bad; −2: too large for memory), and when converted the result (found,
 * x, y, width, height, contrast), the top-left pixel's colour and the size² pixels.
 * Scratch goes from `scratch` on (the memory grows as a file needs; JavaScript's views of it must
 * be made again after the call).
 */
export function png_batch(
  table: usize,
  n: i32,
  size: i32,
  limit: f64,
  fillLevel: i32,
  kernel: usize,
  out: usize,
  scratch: usize,
): void {
  const rec = <usize>batch_record_bytes(size);
  const area = size * size;
  const result = scratch;
  const info = scratch + 32;
  const rows = scratch + 64;
  for (let j = 0; j < n; j++) {
    const file = <usize>load<u32>(table + ((<usize>j) << 3));
    const len = <usize>load<u32>(table + ((<usize>j) << 3) + 4);
    const r = out + <usize>j * rec;
    if (png_info(file, len, info) != 1) {
      store<i32>(r, 0);
      continue;
    }
    const w = <u64>load<u32>(info);
    const h = <u64>load<u32>(info, 4);
    const work = align16(<u64>rows + h * (3 * w + 1) + 16);
    const px = align16(work + <u64>work_bytes(size));
    const cat = align16(px + <u64>area);
    const end = cat + <u64>load<u32>(info, 8);
    if (end > MEMORY_LIMIT) {
      store<i32>(r, -2);
      continue;
    }
    const have = (<u64>memory.size()) << 16;
    if (end > have && memory.grow(<i32>((end - have + 65535) >> 16)) < 0) {
      store<i32>(r, -2);
      continue;
    }
    const ok = png_rgb8(
      file,
      <usize>cat,
      rows,
      size,
      limit,
      fillLevel,
      kernel,
      <usize>work,
      <usize>px,
      result,
    );
    if (ok != 1) {
      store<i32>(r, -1);
      continue;
    }
    store<i32>(r, 1);
    memory.copy(r + 4, result, 24);
    memory.copy(r + 28, rows, 3);
    memory.copy(r + RECORD_HEAD, <usize>px, <usize>area);
  }
}
