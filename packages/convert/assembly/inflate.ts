// A zlib stream (RFC 1950) inflated in one call, for PNG pictures: the whole input is in memory
// and the output size is known, so there is no streaming state and the bit buffer is refilled 8
// bytes at a time. Decoding uses two-level Huffman tables (10 bits for literals/lengths, 8 for
// distances, then a sub-table for longer codes). It accepts and rejects what zlib does for these
// inputs: oversubscribed or incomplete codes (but a single code), missing end-of-block code,
// lengths 286/287 and distances 30/31, distances before the start, a wrong Adler-32
// (test/steps/inflate.test.ts compares it with zlib on made and broken streams).

const LEN_BASE = memory.data<u16>([
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
]);
const LEN_EXTRA = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]);
const DIST_BASE = memory.data<u16>([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
]);
const DIST_EXTRA = memory.data<u8>([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]);
/** The order in which a dynamic block lists the code-length code's lengths. */
const CL_ORDER = memory.data<u8>([
  16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
]);

// Table entries (u32): bits 0–4 the bits to consume, 8–11 the extra bits (or, for a sub-table
// link, its index bits), 12–15 flags, 16–31 the value (literal, code-length symbol, length or
// distance base, or the sub-table's first entry). Lengths and distances have no flag.
const LITERAL: u32 = 1 << 12;
const END: u32 = 1 << 13;
const LINK: u32 = 1 << 14;
const INVALID: u32 = 1 << 15;
const FLAGS: u32 = 0xf000;

const LIT_BITS = 10;
const DIST_BITS = 8;
const CL_BITS = 7;
const LIT_TABLE = memory.data(4 * ((1 << LIT_BITS) + 288 * 32));
const DIST_TABLE = memory.data(4 * ((1 << DIST_BITS) + 32 * 128));
const CL_TABLE = memory.data(4 * (1 << CL_BITS));
const FIXED_LIT = memory.data(4 * (1 << LIT_BITS));
const FIXED_DIST = memory.data(4 * (1 << DIST_BITS));
let fixedBuilt = false;
/** Code lengths of a block (286 + 30 at most). */
const LENS = memory.data(320);
const COUNT = memory.data(16 * 4);
const NEXT = memory.data(16 * 4);
/** Symbols sorted by code length (u16). */
const SORTED = memory.data(2 * 320);

// Table kinds.
const FOR_LIT = 0;
const FOR_DIST = 1;
const FOR_CL = 2;

/** The entry of symbol `s` without its bit count. */
function symbolEntry(kind: i32, s: i32): u32 {
  if (kind == FOR_CL) return ((<u32>s) << 16) | LITERAL;
  if (kind == FOR_DIST) {
    if (s >= 30) return INVALID;
    return (
      ((<u32>load<u16>(DIST_BASE + ((<usize>s) << 1))) << 16) |
      ((<u32>load<u8>(DIST_EXTRA + <usize>s)) << 8)
    );
  }
  if (s < 256) return ((<u32>s) << 16) | LITERAL;
  if (s == 256) return END;
  if (s >= 286) return INVALID;
  const i = <usize>(s - 257);
  return ((<u32>load<u16>(LEN_BASE + (i << 1))) << 16) | ((<u32>load<u8>(LEN_EXTRA + i)) << 8);
}

/** The first `l` bits of `c` in reverse order (codes are read least-significant bit first). */
function reverse(c: u32, l: i32): u32 {
  let r = ((c & 0x5555) << 1) | ((c >> 1) & 0x5555);
  r = ((r & 0x3333) << 2) | ((r >> 2) & 0x3333);
  r = ((r & 0x0f0f) << 4) | ((r >> 4) & 0x0f0f);
  return (((r & 0x00ff) << 8) | ((r >> 8) & 0x00ff)) >> (16 - l);
}

/**
 * Builds the decoding table of `n` code lengths at `lens` (canonical Huffman, codes read
 * least-significant bit first). False where zlib's inflate_table fails: an oversubscribed code,
 * or an incomplete one other than a single code (the code-length code must be complete).
 *
 * The primary table is built as libdeflate does: symbols sorted by code length, each length's
 * codes written into a table of 2^length entries, which is then doubled for the next length, so
 * a short code's copies come from the doubling instead of a write each. Longer codes go to
 * sub-tables linked from the primary entry of their first `bits` bits.
 */
function buildTable(lens: usize, n: i32, table: usize, bits: i32, kind: i32): bool {
  memory.fill(COUNT, 0, 64);
  let max = 0;
  for (let s = 0; s < n; s++) {
    const l = <i32>load<u8>(lens + <usize>s);
    const at = COUNT + ((<usize>l) << 2);
    store<u32>(at, load<u32>(at) + 1);
    if (l > max) max = l;
  }
  const size = 1 << bits;
  let left = 1;
  for (let l = 1; l <= 15; l++) {
    left = (left << 1) - <i32>load<u32>(COUNT + ((<usize>l) << 2));
    if (left < 0) return false;
  }
  if (max == 0) {
    // No codes: any use is an error (zlib allows such a table; the code-length code needs codes).
    const invalid = i32x4.splat(INVALID | 1);
    for (let i = 0; i < size; i += 4) v128.store(table + ((<usize>i) << 2), invalid);
    return kind != FOR_CL;
  }
  if (left > 0 && (kind == FOR_CL || max != 1)) return false;
  // Symbols sorted by code length, in symbol order within a length (canonical order).
  let start: u32 = 0;
  for (let l = 1; l <= 15; l++) {
    store<u32>(NEXT + ((<usize>l) << 2), start);
    start += load<u32>(COUNT + ((<usize>l) << 2));
  }
  for (let s = 0; s < n; s++) {
    const l = <usize>load<u8>(lens + <usize>s);
    if (l == 0) continue;
    const at = NEXT + (l << 2);
    const k = load<u32>(at);
    store<u16>(SORTED + ((<usize>k) << 1), <u16>s);
    store<u32>(at, k + 1);
  }
  const short = max < bits ? max : bits;
  store<u32>(table, INVALID | 1);
  store<u32>(table, INVALID | 1, 4);
  let code: u32 = 0;
  let i: usize = 0;
  for (let l = 1; l <= bits; l++) {
    if (l > 1) memory.copy(table + ((<usize>1) << (l + 1)), table, (<usize>1) << (l + 1));
    if (l > short) continue;
    code <<= 1;
    const count = load<u32>(COUNT + ((<usize>l) << 2));
    for (let k: u32 = 0; k < count; k++) {
      const sym = <i32>load<u16>(SORTED + (i << 1));
      i++;
      store<u32>(table + ((<usize>reverse(code, l)) << 2), symbolEntry(kind, sym) | (<u32>l));
      code++;
    }
  }
  if (max > bits) {
    const subBits = max - bits;
    let free = size;
    for (let l = bits + 1; l <= max; l++) {
      code <<= 1;
      const count = load<u32>(COUNT + ((<usize>l) << 2));
      for (let k: u32 = 0; k < count; k++) {
        const sym = <i32>load<u16>(SORTED + (i << 1));
        i++;
        const r = <i32>reverse(code, l);
        code++;
        const p = table + ((<usize>(r & (size - 1))) << 2);
        let link = load<u32>(p);
        if (!(link & LINK)) {
          const invalid = i32x4.splat(INVALID | 1);
          for (let j = 0; j < 1 << subBits; j += 4)
            v128.store(table + ((<usize>(free + j)) << 2), invalid);
          link = ((<u32>free) << 16) | ((<u32>subBits) << 8) | LINK | (<u32>bits);
          store<u32>(p, link);
          free += 1 << subBits;
        }
        const base = <i32>(link >> 16);
        const rl = l - bits;
        const e = symbolEntry(kind, sym) | (<u32>rl);
        for (let j = r >> bits; j < 1 << subBits; j += 1 << rl)
          store<u32>(table + ((<usize>(base + j)) << 2), e);
      }
    }
  }
  return true;
}

// The bit reader of the block headers (the data loop keeps its own copy in locals).
let bitbuf: u64 = 0;
let bitcnt: u32 = 0;
let ip: usize = 0;
let iend: usize = 0;

// The data loops keep the bit buffer in locals. Where a top-up is not on the hottest path they
// call this, which tops up to at least 56 bits (byte by byte, with zeros past the end, near the
// end of the input), returns the buffer and leaves the new count and position here.
let topCount: u32 = 0;
let topPos: usize = 0;

function topUp(bb: u64, bc: u32, p: usize): u64 {
  if (p + 8 <= iend) {
    bb |= load<u64>(p) << bc;
    p += (63 - bc) >> 3;
    bc |= 56;
  } else {
    while (bc <= 56) {
      if (p < iend) bb |= (<u64>load<u8>(p)) << bc;
      p++;
      bc += 8;
    }
  }
  topCount = bc;
  topPos = p;
  return bb;
}

/** The entry a sub-table link `e` leads to, for the bits `bb` after the primary table's. */
function linked(table: usize, e: u32, bb: u64): u32 {
  return load<u32>(
    table + ((<usize>((e >> 16) + ((<u32>bb) & ((1 << ((e >> 8) & 15)) - 1)))) << 2),
  );
}

function bits(n: u32): u32 {
  if (bitcnt < n) {
    bitbuf = topUp(bitbuf, bitcnt, ip);
    bitcnt = topCount;
    ip = topPos;
  }
  const v = <u32>(bitbuf & (((<u64>1) << n) - 1));
  bitbuf >>= n;
  bitcnt -= n;
  return v;
}

function buildFixed(): void {
  for (let s = 0; s < 288; s++)
    store<u8>(LENS + <usize>s, s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
  buildTable(LENS, 288, FIXED_LIT, LIT_BITS, FOR_LIT);
  for (let s = 0; s < 32; s++) store<u8>(LENS + <usize>s, 5);
  buildTable(LENS, 32, FIXED_DIST, DIST_BITS, FOR_DIST);
  fixedBuilt = true;
}

/** Reads a dynamic block's code lengths and builds its tables; false on a malformed header. */
function readDynamic(): bool {
  const hlit = <i32>bits(5) + 257;
  const hdist = <i32>bits(5) + 1;
  const hclen = <i32>bits(4) + 4;
  if (hlit > 286 || hdist > 30) return false;
  memory.fill(LENS, 0, 19);
  for (let i = 0; i < hclen; i++)
    store<u8>(LENS + <usize>load<u8>(CL_ORDER + <usize>i), <u8>bits(3));
  if (!buildTable(LENS, 19, CL_TABLE, CL_BITS, FOR_CL)) return false;
  const total = hlit + hdist;
  // A code-length symbol and its extra bits take at most 14 bits; the buffer lives in locals.
  let bb = bitbuf;
  let bc = bitcnt;
  let p = ip;
  let i = 0;
  while (i < total) {
    if (bc < 16) {
      bb = topUp(bb, bc, p);
      bc = topCount;
      p = topPos;
    }
    const e = load<u32>(CL_TABLE + ((<usize>((<u32>bb) & ((1 << CL_BITS) - 1))) << 2));
    if (e & INVALID) return false;
    bb >>= e & 31;
    bc -= e & 31;
    const s = <i32>(e >> 16);
    if (s < 16) {
      store<u8>(LENS + <usize>i, <u8>s);
      i++;
      continue;
    }
    let value = 0;
    // 16: the last length 3–6 times (2 extra bits); 17: zeros 3–10 (3); 18: zeros 11–138 (7).
    const extra: u32 = s == 16 ? 2 : s == 17 ? 3 : 7;
    const repeat = (s == 16 ? 3 : s == 17 ? 3 : 11) + <i32>((<u32>bb) & ((1 << extra) - 1));
    bb >>= extra;
    bc -= extra;
    if (s == 16) {
      if (i == 0) return false;
      value = <i32>load<u8>(LENS + <usize>(i - 1));
    }
    if (i + repeat > total) return false;
    for (let k = 0; k < repeat; k++) store<u8>(LENS + <usize>(i + k), <u8>value);
    i += repeat;
  }
  bitbuf = bb;
  bitcnt = bc;
  ip = p;
  if (load<u8>(LENS + 256) == 0) return false; // no end-of-block code
  return (
    buildTable(LENS, hlit, LIT_TABLE, LIT_BITS, FOR_LIT) &&
    buildTable(LENS + <usize>hlit, hdist, DIST_TABLE, DIST_BITS, FOR_DIST)
  );
}

/**
 * Inflates the zlib stream of `len` bytes at `src` into `dst`, which holds `cap` bytes and has 8
 * bytes of slack after them (matches are copied 8 bytes at a time). Returns the number of bytes
 * written, or −1 for a malformed stream, −2 when the output would exceed `cap`.
 */
export function inflate_zlib(src: usize, len: i32, dst: usize, cap: i32): i32 {
  if (len < 6) return -1;
  const cmf = <u32>load<u8>(src);
  const flg = <u32>load<u8>(src + 1);
  if ((cmf & 15) != 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 != 0 || flg & 32) return -1;
  if (!fixedBuilt) buildFixed();
  bitbuf = 0;
  bitcnt = 0;
  ip = src + 2;
  iend = src + <usize>len;
  const oend = dst + <usize>cap;
  let op = dst;
  let last = false;
  while (!last) {
    last = bits(1) == 1;
    const type = bits(2);
    if (type == 0) {
      // Stored: to the byte boundary, then LEN, ~LEN and the bytes.
      const drop = bitcnt & 7;
      bitbuf >>= drop;
      bitcnt -= drop;
      ip -= bitcnt >> 3;
      bitbuf = 0;
      bitcnt = 0;
      if (ip + 4 > iend) return -1;
      const n = <u32>load<u16>(ip);
      if ((n ^ 0xffff) != <u32>load<u16>(ip + 2)) return -1;
      ip += 4;
      if (ip + n > iend) return -1;
      if (op + n > oend) return -2;
      memory.copy(op, ip, n);
      op += n;
      ip += n;
      continue;
    }
    let lit = FIXED_LIT;
    let dist = FIXED_DIST;
    if (type == 2) {
      if (!readDynamic()) return -1;
      lit = LIT_TABLE;
      dist = DIST_TABLE;
    } else if (type != 1) return -1;
    // The data: literals and (length, distance) pairs up to the end-of-block code. Far from the
    // ends of input and output, the bit buffer is topped up without a test and an output write
    // needs no bound check (a match writes at most 258 bytes, 8-byte copies 7 more).
    let bb = bitbuf;
    let bc = bitcnt;
    let p = ip;
    const fastIn = iend - 8;
    const fastOut = oend - 258 - 8;
    while (true) {
      let e: u32;
      if (p <= fastIn && op <= fastOut) {
        bb |= load<u64>(p) << bc;
        p += (63 - bc) >> 3;
        bc |= 56;
        e = load<u32>(lit + ((<usize>((<u32>bb) & ((1 << LIT_BITS) - 1))) << 2));
        if (e & LITERAL) {
          // Up to three literals per top-up: codes are at most 15 bits and 56 are there, enough
          // for two literals and then a length with its extra bits too.
          bb >>= e & 31;
          bc -= e & 31;
          store<u8>(op++, <u8>(e >> 16));
          e = load<u32>(lit + ((<usize>((<u32>bb) & ((1 << LIT_BITS) - 1))) << 2));
          if (e & LITERAL) {
            bb >>= e & 31;
            bc -= e & 31;
            store<u8>(op++, <u8>(e >> 16));
            e = load<u32>(lit + ((<usize>((<u32>bb) & ((1 << LIT_BITS) - 1))) << 2));
            if (e & LITERAL) {
              bb >>= e & 31;
              bc -= e & 31;
              store<u8>(op++, <u8>(e >> 16));
              continue;
            }
          }
        }
      } else {
        if (bc < 32) {
          bb = topUp(bb, bc, p);
          bc = topCount;
          p = topPos;
        }
        e = load<u32>(lit + ((<usize>((<u32>bb) & ((1 << LIT_BITS) - 1))) << 2));
        if (e & LITERAL) {
          if (op >= oend) return -2;
          bb >>= e & 31;
          bc -= e & 31;
          store<u8>(op++, <u8>(e >> 16));
          continue;
        }
      }
      if (e & LINK) {
        bb >>= LIT_BITS;
        bc -= LIT_BITS;
        e = linked(lit, e, bb);
      }
      let n = e & 31;
      bb >>= n;
      bc -= n;
      if (e & FLAGS) {
        if (e & LITERAL) {
          if (op >= oend) return -2;
          store<u8>(op++, <u8>(e >> 16));
          continue;
        }
        if (e & END) break;
        return -1;
      }
      // A length (≤ 20 bits with its extra bits, and the literal step used ≤ 15 of the 56): the
      // distance needs up to 28 more, so the buffer is topped up again.
      let extra = (e >> 8) & 15;
      const length = (e >> 16) + ((<u32>bb) & ((1 << extra) - 1));
      bb >>= extra;
      bc -= extra;
      if (bc < 32) {
        bb = topUp(bb, bc, p);
        bc = topCount;
        p = topPos;
      }
      e = load<u32>(dist + ((<usize>((<u32>bb) & ((1 << DIST_BITS) - 1))) << 2));
      if (e & LINK) {
        bb >>= DIST_BITS;
        bc -= DIST_BITS;
        e = linked(dist, e, bb);
      }
      n = e & 31;
      bb >>= n;
      bc -= n;
      if (e & FLAGS) return -1;
      extra = (e >> 8) & 15;
      const d = <usize>((e >> 16) + ((<u32>bb) & ((1 << extra) - 1)));
      bb >>= extra;
      bc -= extra;
      if (d > op - dst) return -1;
      const to = op + <usize>length;
      if (to > oend) return -2;
      let from = op - d;
      if (d >= 8) {
        while (op < to) {
          store<u64>(op, load<u64>(from));
          op += 8;
          from += 8;
        }
      } else if (d == 1) {
        const v = <u64>load<u8>(from) * 0x0101010101010101;
        while (op < to) {
          store<u64>(op, v);
          op += 8;
        }
      } else {
        while (op < to) store<u8>(op++, load<u8>(from++));
      }
      op = to;
    }
    bitbuf = bb;
    bitcnt = bc;
    ip = p;
  }
  // The Adler-32 of the output follows on the next byte boundary, most significant byte first.
  const end = ip - (bitcnt >> 3);
  if (end + 4 > iend) return -1;
  const want =
    ((<u32>load<u8>(end)) << 24) |
    ((<u32>load<u8>(end + 1)) << 16) |
    ((<u32>load<u8>(end + 2)) << 8) |
    (<u32>load<u8>(end + 3));
  const n = <i32>(op - dst);
  return adler32(dst, n) == want ? n : -1;
}

const ADLER_MOD: u64 = 65521;
/** Bytes of 16-byte blocks summed before the sums are reduced (zlib's NMAX, rounded down). */
const ADLER_CHUNK = 5536;

/** Adler-32 of `n` bytes at `p`, 16 bytes at a time. */
export function adler32(p: usize, n: i32): u32 {
  let a: u64 = 1;
  let b: u64 = 0;
  const weightsLow = i16x8(16, 15, 14, 13, 12, 11, 10, 9);
  const weightsHigh = i16x8(8, 7, 6, 5, 4, 3, 2, 1);
  let i = 0;
  while (n - i >= 16) {
    const blocks = min(n - i, ADLER_CHUNK) >> 4;
    let s1 = i32x4.splat(0); // byte sums of the blocks so far
    let s2 = i32x4.splat(0); // weighted sums
    let prefix = i32x4.splat(0); // the sum of s1 before each block
    for (let k = 0; k < blocks; k++) {
      const v = v128.load(p + <usize>i);
      prefix = i32x4.add(prefix, s1);
      s1 = i32x4.add(s1, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(v)));
      s2 = i32x4.add(s2, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(v), weightsLow));
      s2 = i32x4.add(s2, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(v), weightsHigh));
      i += 16;
    }
    b += ((<u64>blocks) << 4) * a + 16 * <u64>sum4(prefix) + <u64>sum4(s2);
    a += <u64>sum4(s1);
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  for (; i < n; i++) {
    a += <u64>load<u8>(p + <usize>i);
    b += a;
  }
  return <u32>(((b % ADLER_MOD) << 16) | (a % ADLER_MOD));
}

function sum4(v: v128): u32 {
  return (
    <u32>i32x4.extract_lane(v, 0) +
    <u32>i32x4.extract_lane(v, 1) +
    <u32>i32x4.extract_lane(v, 2) +
    <u32>i32x4.extract_lane(v, 3)
  );
}
