// Split search of the trees over one-byte bin codes: classification (src/tree/builder.ts) here,
// regression (src/tree/regression.ts) from `tree_reg_feature_u8` on.
//
// The classification builder keeps the feature sampling and the random numbers in TypeScript
// and calls these per (node, feature); a regression node's whole loop is `tree_reg_node_u8`.
// Every sum runs in the order of the TypeScript reference (`bestOfFeature`, `randomOfFeature`
// in builder.ts), so both paths grow the same tree bit for bit (tested).
// Layout: `col` = the feature's n codes (u8), `samples` = row indices (i32), `y` = class indices
// (i32), `sw` = row weights (f64); with `samples` = 0 the node's rows are positions [start, end)
// of `col`, `y` and `sw` themselves (the builder keeps them in node order), `hist` = 256×K f64 (zero between calls), `cnt`/`bits`/`touched`
// = 256 i32 (zero between calls), `node`/`left`/`right` = K f64, `xl` = c·log2(c) by integer c
// (entropy only), `best` = f64 [proxy, code, next code].

import { randInt } from './random';

function xlog(xl: usize, c: f64): f64 {
  return load<f64>(xl + ((<usize>(<i32>c)) << 3));
}

/**
 * Best threshold of one feature over samples[start, end): builds the (code, class) weight
 * histogram, scans codes in order with incremental impurities, and records a better split in
 * `best`. Returns −1 when the feature is constant in the node, 1 when it improved `best`, else 0.
 */
export function tree_best_feature_u8(
  col: usize,
  samples: usize,
  start: i32,
  end: i32,
  y: usize,
  sw: usize,
  k: i32,
  hist: usize,
  cnt: usize,
  bits: usize,
  touched: usize,
  node: usize,
  left: usize,
  right: usize,
  minLeaf: i32,
  wNode: f64,
  entropy: i32,
  xl: usize,
  best: usize,
): i32 {
  let t = 0;
  for (let j = start; j < end; j++) {
    const s = samples ? load<i32>(samples + ((<usize>j) << 2)) : j;
    const b = <i32>load<u8>(col + <usize>s);
    const cp = cnt + ((<usize>b) << 2);
    const cv = load<i32>(cp);
    store<i32>(cp, cv + 1);
    if (cv == 0) {
      store<i32>(touched + ((<usize>t) << 2), b);
      t++;
    }
    const c = load<i32>(y + ((<usize>s) << 2));
    const hp = hist + ((<usize>(b * k + c)) << 3);
    store<f64>(hp, load<f64>(hp) + load<f64>(sw + ((<usize>s) << 3)));
    const bp = bits + ((<usize>b) << 2);
    store<i32>(bp, load<i32>(bp) | (1 << c));
  }
  let improved = 0;
  if (t > 1) {
    let sqL = 0.0;
    let sqR = 0.0;
    let eL = 0.0;
    let eR = 0.0;
    for (let c = 0; c < k; c++) {
      const r = load<f64>(node + ((<usize>c) << 3));
      store<f64>(left + ((<usize>c) << 3), 0);
      store<f64>(right + ((<usize>c) << 3), r);
      if (entropy) eR += xlog(xl, r);
      else sqR += r * r;
    }
    let nL = 0;
    let wL = 0.0;
    const nNode = end - start;
    let seen = 0;
    let bestProxy = load<f64>(best);
    // Codes in ascending order; the last nonempty one cannot end a left side.
    for (let b = 0; seen < t - 1; b++) {
      const n = load<i32>(cnt + ((<usize>b) << 2));
      if (n == 0) continue;
      seen++;
      nL += n;
      const h = hist + ((<usize>(b * k)) << 3);
      let m = load<i32>(bits + ((<usize>b) << 2));
      while (m != 0) {
        const c = ctz(m);
        m &= m - 1;
        const a = load<f64>(h + ((<usize>c) << 3));
        if (a == 0) continue;
        const lp = left + ((<usize>c) << 3);
        const rp = right + ((<usize>c) << 3);
        const l = load<f64>(lp);
        const r = load<f64>(rp);
        if (entropy) {
          eL += xlog(xl, l + a) - xlog(xl, l);
          eR += xlog(xl, r - a) - xlog(xl, r);
        } else {
          sqL += a * (2 * l + a);
          sqR -= a * (2 * r - a);
        }
        store<f64>(lp, l + a);
        store<f64>(rp, r - a);
        wL += a;
      }
      if (nL < minLeaf || nNode - nL < minLeaf) continue;
      const wR = wNode - wL;
      const proxy = entropy ? eL - xlog(xl, wL) + eR - xlog(xl, wR) : sqL / wL + sqR / wR;
      if (proxy > bestProxy) {
        bestProxy = proxy;
        let next = b + 1;
        while (load<i32>(cnt + ((<usize>next) << 2)) == 0) next++;
        store<f64>(best, proxy);
        store<f64>(best, <f64>b, 8);
        store<f64>(best, <f64>next, 16);
        improved = 1;
      }
    }
  }
  for (let i = 0; i < t; i++) {
    const b = load<i32>(touched + ((<usize>i) << 2));
    store<i32>(cnt + ((<usize>b) << 2), 0);
    store<i32>(bits + ((<usize>b) << 2), 0);
    const h = hist + ((<usize>(b * k)) << 3);
    for (let c = 0; c < k; c++) store<f64>(h + ((<usize>c) << 3), 0);
  }
  return t > 1 ? improved : -1;
}

/** Smallest and largest code of the feature over samples[start, end), as lo | hi << 8. */
export function tree_code_range_u8(col: usize, samples: usize, start: i32, end: i32): i32 {
  let lo = 255;
  let hi = 0;
  for (let j = start; j < end; j++) {
    const s = samples ? load<i32>(samples + ((<usize>j) << 2)) : j;
    const b = <i32>load<u8>(col + <usize>s);
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  return lo | (hi << 8);
}

/**
 * Scores the split "code ≤ split" of one feature (the random splitter's one threshold): class
 * weights of the left side, the min_samples_leaf check, the impurity proxy. Records it in `best`
 * when better; returns 1 then, else 0.
 */
export function tree_random_feature_u8(
  col: usize,
  samples: usize,
  start: i32,
  end: i32,
  y: usize,
  sw: usize,
  k: i32,
  split: i32,
  node: usize,
  left: usize,
  minLeaf: i32,
  wNode: f64,
  entropy: i32,
  xl: usize,
  best: usize,
): i32 {
  for (let c = 0; c < k; c++) store<f64>(left + ((<usize>c) << 3), 0);
  let nL = 0;
  let wL = 0.0;
  for (let j = start; j < end; j++) {
    const s = samples ? load<i32>(samples + ((<usize>j) << 2)) : j;
    if (<i32>load<u8>(col + <usize>s) <= split) {
      const w = load<f64>(sw + ((<usize>s) << 3));
      const lp = left + ((<usize>load<i32>(y + ((<usize>s) << 2))) << 3);
      store<f64>(lp, load<f64>(lp) + w);
      wL += w;
      nL++;
    }
  }
  if (nL < minLeaf || end - start - nL < minLeaf) return 0;
  const wR = wNode - wL;
  let proxy = 0.0;
  if (entropy) {
    for (let c = 0; c < k; c++) {
      const l = load<f64>(left + ((<usize>c) << 3));
      proxy += xlog(xl, l) + xlog(xl, load<f64>(node + ((<usize>c) << 3)) - l);
    }
    proxy -= xlog(xl, wL) + xlog(xl, wR);
  } else {
    let sqL = 0.0;
    let sqR = 0.0;
    for (let c = 0; c < k; c++) {
      const l = load<f64>(left + ((<usize>c) << 3));
      const r = load<f64>(node + ((<usize>c) << 3)) - l;
      sqL += l * l;
      sqR += r * r;
    }
    proxy = sqL / wL + sqR / wR;
  }
  if (proxy > load<f64>(best)) {
    store<f64>(best, proxy);
    store<f64>(best, <f64>split, 8);
    return 1;
  }
  return 0;
}

/**
 * Splits the node's positions [start, end) of every column of `cols` (d columns of n codes, in
 * node order) and of the row arrays `samples`, `y` (i32), `sw` and `t` (f64) into those with
 * code ≤ split in column `feature`, then the others, by swapping the misplaced pairs (Hoare's
 * scheme: the outermost rows of each side change places), so a split moves ~min(left, right)
 * rows of each column, not all of them; `y` or `t` may be 0 (absent); with d = 0 only the row
 * arrays move. `pairs` (4·n bytes) is scratch. Returns the first position of the right side.
 */
export function tree_partition_u8(
  cols: usize,
  n: i32,
  d: i32,
  start: i32,
  end: i32,
  feature: i32,
  split: i32,
  samples: usize,
  y: usize,
  sw: usize,
  t: usize,
  pairs: usize,
): i32 {
  const key = cols + <usize>feature * <usize>n;
  let i = start;
  let j = end - 1;
  let k = 0;
  while (true) {
    while (i <= j && <i32>load<u8>(key + <usize>i) <= split) i++;
    while (j >= i && <i32>load<u8>(key + <usize>j) > split) j--;
    if (i > j) break;
    store<i32>(pairs + ((<usize>k) << 3), i);
    store<i32>(pairs + ((<usize>k) << 3), j, 4);
    k++;
    i++;
    j--;
  }
  if (k == 0) return i;
  for (let f = 0; f < d; f++) swapPairs<u8>(cols + <usize>f * <usize>n, pairs, k);
  swapPairs<i32>(samples, pairs, k);
  if (y) swapPairs<i32>(y, pairs, k);
  swapPairs<f64>(sw, pairs, k);
  if (t) swapPairs<f64>(t, pairs, k);
  return i;
}

function swapPairs<T>(a: usize, pairs: usize, k: i32): void {
  const size = <usize>sizeof<T>();
  for (let p = 0; p < k; p++) {
    const x = a + <usize>load<i32>(pairs + ((<usize>p) << 3)) * size;
    const z = a + <usize>load<i32>(pairs + ((<usize>p) << 3), 4) * size;
    const v = load<T>(x);
    store<T>(x, load<T>(z));
    store<T>(z, v);
  }
}

/**
 * The distinct values of a column of n consecutive f32 values (`col`) in order of first
 * appearance, up to 256 (binning.ts): their bits go to `found` (u32), each row's index among
 * them to `seen` (u8). `keys` (512 u32) and `ids` (512 u8) are the hash table's scratch. -0
 * counts as +0. Returns the number of distinct values, or −1 when there are more than 256.
 */
export function tree_distinct_u8(
  col: usize,
  n: i32,
  keys: usize,
  ids: usize,
  found: usize,
  seen: usize,
): i32 {
  memory.fill(keys, 0xff, 512 * 4);
  let m = 0;
  let p = col;
  // Every value probes the table (no "same as the last row" shortcut): in the middle of a
  // picture that test mispredicts about every other row, and a probe that hits at once is cheaper.
  for (let i = 0; i < n; i++) {
    let b = load<u32>(p);
    p += 4;
    b = select<u32>(0, b, b == 0x80000000);
    let h = (<u32>(b ^ (b >>> 15)) * 0x9e3779b1) >>> 23;
    for (;;) {
      const k = load<u32>(keys + ((<usize>h) << 2));
      if (k == b) break;
      if (k == 0xffffffff) {
        if (m == 256) return -1;
        store<u32>(keys + ((<usize>h) << 2), b);
        store<u8>(ids + <usize>h, <u8>m);
        store<u32>(found + ((<usize>m) << 2), b);
        m++;
        break;
      }
      h = (h + 1) & 511;
    }
    store<u8>(seen + <usize>i, load<u8>(ids + <usize>h));
  }
  return m;
}

/**
 * Copies columns [f0, f0 + count) of the row-major n×d float32 matrix at `x` into `out`, column
 * after column (count × n), so the distinct-value pass reads each column in sequence: one pass
 * over X's rows per slab of columns instead of one cache-missing read per (row, feature).
 */
export function tree_gather_cols_f32(
  x: usize,
  n: i32,
  d: i32,
  f0: i32,
  count: i32,
  out: usize,
): void {
  const stride = (<usize>d) << 2;
  const base = x + ((<usize>f0) << 2);
  // Blocks of 64 rows: their lines (64 × one line of `count` floats) stay in L1 while each
  // column's 64 values are written in sequence.
  for (let i0 = 0; i0 < n; i0 += 64) {
    const i1 = min(n, i0 + 64);
    for (let k = 0; k < count; k++) {
      let p = base + <usize>i0 * stride + ((<usize>k) << 2);
      let q = out + ((<usize>k * <usize>n + <usize>i0) << 2);
      for (let i = i0; i < i1; i++) {
        store<u32>(q, load<u32>(p));
        p += stride;
        q += 4;
      }
    }
  }
}

/** out[i] = rank[seen[i]] for n rows (u8 → u8 through a 256-entry table). */
export function tree_remap_u8(seen: usize, rank: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<u8>(out + <usize>i, load<u8>(rank + <usize>load<u8>(seen + <usize>i)));
  }
}

/** friedman_mse's proxy of a split with Σw·t = sL, Σw = wL on the left: (wR·sL − wL·sR)² / (wL·wR). */
function friedmanProxy(sL: f64, wL: f64, sNode: f64, wNode: f64): f64 {
  const wR = wNode - wL;
  const diff = wR * sL - wL * (sNode - sL);
  return (diff * diff) / (wL * wR);
}

/** Stores a better split in `best`: [proxy, code left of it, code right of it]. */
function recordBest(best: usize, proxy: f64, prev: i32, b: i32): void {
  store<f64>(best, proxy);
  store<f64>(best, <f64>prev, 8);
  store<f64>(best, <f64>b, 16);
}

/**
 * Best threshold of one feature for a regression tree with sklearn's `friedman_mse`: per code the
 * sums of w·t and w and the row count, then a scan in code order maximising
 * (wR·sL − wL·sR)² / (wL·wR). Rows alternate between two copies of the histogram (even
 * positions, odd positions; an odd last row goes to the first), so that runs of one code (a
 * picture's background) do not chain every add on the previous one; a code's sums are then
 * copy 0 + copy 1. `hist` = 2 copies × 256 codes × (Σw·t, Σw) f64, `cnt` = 2 × 256 i32 and
 * `occupied` = a bitmap of the 256 codes (4 u64), zero between calls; `bins` = the feature's
 * number of codes; `best` = f64 [proxy, code, next]. The scan visits the occupied codes only,
 * found through the bitmap (see regScanOccupied).
 * Returns −1 when the feature is constant in the node, 1 when it improved `best`, else 0.
 */
export function tree_reg_feature_u8(
  col: usize,
  samples: usize,
  start: i32,
  end: i32,
  t: usize,
  sw: usize,
  hist: usize,
  cnt: usize,
  bins: i32,
  minLeaf: i32,
  sNode: f64,
  wNode: f64,
  best: usize,
  occupied: usize,
): i32 {
  const hist1 = hist + 256 * 16;
  const cnt1 = cnt + 256 * 4;
  if (end - start <= REG_FEW_ROWS) {
    return regFewRows(
      col,
      samples,
      start,
      end,
      t,
      sw,
      hist,
      cnt,
      minLeaf,
      sNode,
      wNode,
      best,
      occupied,
    );
  }
  // The smallest and largest code seen: only they bound the scan and the clean-up.
  let lo: usize = 255;
  let hi: usize = 0;
  let j = start;
  for (; j + 1 < end; j += 2) {
    const s0 = samples ? load<i32>(samples + ((<usize>j) << 2)) : j;
    const s1 = samples ? load<i32>(samples + ((<usize>(j + 1)) << 2)) : j + 1;
    const b0 = <usize>load<u8>(col + <usize>s0);
    const b1 = <usize>load<u8>(col + <usize>s1);
    const w0 = load<f64>(sw + ((<usize>s0) << 3));
    const w1 = load<f64>(sw + ((<usize>s1) << 3));
    lo = min(lo, min(b0, b1));
    hi = max(hi, max(b0, b1));
    const h0 = hist + (b0 << 4);
    const h1 = hist1 + (b1 << 4);
    store<i32>(cnt + (b0 << 2), load<i32>(cnt + (b0 << 2)) + 1);
    store<i32>(cnt1 + (b1 << 2), load<i32>(cnt1 + (b1 << 2)) + 1);
    store<f64>(h0, load<f64>(h0) + w0 * load<f64>(t + ((<usize>s0) << 3)));
    store<f64>(h1, load<f64>(h1) + w1 * load<f64>(t + ((<usize>s1) << 3)));
    store<f64>(h0, load<f64>(h0, 8) + w0, 8);
    store<f64>(h1, load<f64>(h1, 8) + w1, 8);
  }
  if (j < end) {
    const s0 = samples ? load<i32>(samples + ((<usize>j) << 2)) : j;
    const b0 = <usize>load<u8>(col + <usize>s0);
    const w0 = load<f64>(sw + ((<usize>s0) << 3));
    lo = min(lo, b0);
    hi = max(hi, b0);
    const h0 = hist + (b0 << 4);
    store<i32>(cnt + (b0 << 2), load<i32>(cnt + (b0 << 2)) + 1);
    store<f64>(h0, load<f64>(h0) + w0 * load<f64>(t + ((<usize>s0) << 3)));
    store<f64>(h0, load<f64>(h0, 8) + w0, 8);
  }
  // One code means a constant feature. Otherwise the occupied codes of [lo, hi] go into the
  // bitmap (four codes per compare of both copies' counts) and the scan visits only them.
  if (hi <= lo) {
    clearCode(hist, cnt, lo);
    return -1;
  }
  for (let b = lo & ~(<usize>3); b <= hi; b += 4) {
    const any = v128.or(
      i32x4.ne(v128.load(cnt + (b << 2)), i32x4.splat(0)),
      i32x4.ne(v128.load(cnt1 + (b << 2)), i32x4.splat(0)),
    );
    const m: u64 = i32x4.bitmask(any);
    const w = occupied + ((b >> 6) << 3);
    const shift: u64 = b & 63;
    store<u64>(w, load<u64>(w) | (m << shift));
  }
  return regScanOccupied(occupied, 4, hist, cnt, true, minLeaf, end - start, sNode, wNode, best);
}

// Node histograms of the regression trees (src/tree/regression.ts): for every feature f and code
// b, the pair (Σw·t, Σw) as f64 at hs + 16·(offsets[f] + b) and the row count as i32 at
// hc + 4·(offsets[f] + b). A split histograms only its smaller child; the larger child's is the
// parent's minus it.

/**
 * `tree_reg_hist_u8` for rows of weight 1, added (sign 1), Σw·t only: hs[2·bin] += t[j] (which is
 * 1·(1·t[j]) exactly). The root of every tree of an unweighted fit has the same Σw and counts
 * per bin, so regression.ts copies those from the first tree's root and adds only the targets.
 */
export function tree_reg_hist_t_u8(
  cols: usize,
  n: i32,
  d: i32,
  start: i32,
  end: i32,
  t: usize,
  offsets: usize,
  hs: usize,
): void {
  let f = 0;
  for (; f + 4 <= d; f += 4) {
    const c0 = cols + <usize>f * <usize>n;
    const c1 = c0 + <usize>n;
    const c2 = c1 + <usize>n;
    const c3 = c2 + <usize>n;
    const o = offsets + ((<usize>f) << 2);
    const o0 = <usize>load<i32>(o);
    const o1 = <usize>load<i32>(o, 4);
    const o2 = <usize>load<i32>(o, 8);
    const o3 = <usize>load<i32>(o, 12);
    for (let j = start; j < end; j++) {
      const tv = load<f64>(t + ((<usize>j) << 3));
      const p0 = hs + ((o0 + <usize>load<u8>(c0 + <usize>j)) << 4);
      const p1 = hs + ((o1 + <usize>load<u8>(c1 + <usize>j)) << 4);
      const p2 = hs + ((o2 + <usize>load<u8>(c2 + <usize>j)) << 4);
      const p3 = hs + ((o3 + <usize>load<u8>(c3 + <usize>j)) << 4);
      store<f64>(p0, load<f64>(p0) + tv);
      store<f64>(p1, load<f64>(p1) + tv);
      store<f64>(p2, load<f64>(p2) + tv);
      store<f64>(p3, load<f64>(p3) + tv);
    }
  }
  for (; f < d; f++) {
    const c = cols + <usize>f * <usize>n;
    const o = <usize>load<i32>(offsets + ((<usize>f) << 2));
    for (let j = start; j < end; j++) {
      const p = hs + ((o + <usize>load<u8>(c + <usize>j)) << 4);
      store<f64>(p, load<f64>(p) + load<f64>(t + ((<usize>j) << 3)));
    }
  }
}

/**
 * Adds (sign = 1) or takes away (sign = −1) the rows at positions [start, end) of the columns
 * `cols` (d columns of n codes, in node order; `t`, `sw` in the same order) to the histogram
 * (hs, hc). Four features per pass over the rows: runs of one code (background pixels) then make
 * four independent chains of additions instead of one. Each bin still sums its rows in order.
 */
export function tree_reg_hist_u8(
  cols: usize,
  n: i32,
  d: i32,
  start: i32,
  end: i32,
  t: usize,
  sw: usize,
  offsets: usize,
  hs: usize,
  hc: usize,
  sign: f64,
): void {
  const one = <i32>sign;
  let f = 0;
  for (; f + 4 <= d; f += 4) {
    const c0 = cols + <usize>f * <usize>n;
    const c1 = c0 + <usize>n;
    const c2 = c1 + <usize>n;
    const c3 = c2 + <usize>n;
    const o = offsets + ((<usize>f) << 2);
    const o0 = <usize>load<i32>(o);
    const o1 = <usize>load<i32>(o, 4);
    const o2 = <usize>load<i32>(o, 8);
    const o3 = <usize>load<i32>(o, 12);
    for (let j = start; j < end; j++) {
      const w0 = load<f64>(sw + ((<usize>j) << 3));
      const w = sign * w0;
      const wt = sign * (w0 * load<f64>(t + ((<usize>j) << 3)));
      const b0 = o0 + <usize>load<u8>(c0 + <usize>j);
      const b1 = o1 + <usize>load<u8>(c1 + <usize>j);
      const b2 = o2 + <usize>load<u8>(c2 + <usize>j);
      const b3 = o3 + <usize>load<u8>(c3 + <usize>j);
      const p0 = hs + (b0 << 4);
      const p1 = hs + (b1 << 4);
      const p2 = hs + (b2 << 4);
      const p3 = hs + (b3 << 4);
      store<f64>(p0, load<f64>(p0) + wt);
      store<f64>(p1, load<f64>(p1) + wt);
      store<f64>(p2, load<f64>(p2) + wt);
      store<f64>(p3, load<f64>(p3) + wt);
      store<f64>(p0, load<f64>(p0, 8) + w, 8);
      store<f64>(p1, load<f64>(p1, 8) + w, 8);
      store<f64>(p2, load<f64>(p2, 8) + w, 8);
      store<f64>(p3, load<f64>(p3, 8) + w, 8);
      store<i32>(hc + (b0 << 2), load<i32>(hc + (b0 << 2)) + one);
      store<i32>(hc + (b1 << 2), load<i32>(hc + (b1 << 2)) + one);
      store<i32>(hc + (b2 << 2), load<i32>(hc + (b2 << 2)) + one);
      store<i32>(hc + (b3 << 2), load<i32>(hc + (b3 << 2)) + one);
    }
  }
  for (; f < d; f++) {
    const c = cols + <usize>f * <usize>n;
    const o = <usize>load<i32>(offsets + ((<usize>f) << 2));
    for (let j = start; j < end; j++) {
      const w0 = load<f64>(sw + ((<usize>j) << 3));
      const b = o + <usize>load<u8>(c + <usize>j);
      const p = hs + (b << 4);
      store<f64>(p, load<f64>(p) + sign * (w0 * load<f64>(t + ((<usize>j) << 3))));
      store<f64>(p, load<f64>(p, 8) + sign * w0, 8);
      store<i32>(hc + (b << 2), load<i32>(hc + (b << 2)) + one);
    }
  }
}

/** Histogram (hs, hc) −= (gs, gc) over `bins` bins (2·bins f64, bins i32): exact IEEE, as scalar. */
export function tree_hist_sub(hs: usize, hc: usize, gs: usize, gc: usize, bins: i32): void {
  const nf = (<usize>bins) << 4;
  let i: usize = 0;
  for (; i < nf; i += 16) v128.store(hs + i, f64x2.sub(v128.load(hs + i), v128.load(gs + i)));
  const nc = (<usize>bins) << 2;
  i = 0;
  for (; i + 16 <= nc; i += 16) {
    v128.store(hc + i, i32x4.sub(v128.load(hc + i), v128.load(gc + i)));
  }
  for (; i < nc; i += 4) store<i32>(hc + i, load<i32>(hc + i) - load<i32>(gc + i));
}

/**
 * The best split of one feature from its histogram (hs, hc: the feature's first bin, `bins`
 * bins), as tree_reg_feature_u8 scans its own: friedman_mse's proxy between adjacent nonempty
 * codes, min_samples_leaf on row counts. The nonempty bins are first marked in `occupied` (a
 * bitmap of 256 bins, 4 u64, zero between calls; four bins per compare) and the scan visits
 * them in ascending order through it, with no branch per empty bin. Records a better split in
 * `best`; returns −1 when the feature is constant in the node, 1 when it improved `best`, else 0.
 */
function tree_reg_hist_scan(
  hs: usize,
  hc: usize,
  bins: i32,
  minLeaf: i32,
  nNode: i32,
  sNode: f64,
  wNode: f64,
  best: usize,
  occupied: usize,
): i32 {
  const words = (bins + 63) >> 6;
  for (let k = 0; k < words; k++) {
    const base = k << 6;
    const top = min(64, bins - base);
    let word: u64 = 0;
    for (let q = 0; q < top; q += 4) {
      const p = hc + ((<usize>(base + q)) << 2);
      const m: u64 = i32x4.bitmask(i32x4.ne(v128.load(p), i32x4.splat(0)));
      const shift: u64 = q;
      word |= m << shift;
    }
    if (top < 64) {
      const one: u64 = 1;
      const keep: u64 = top;
      word &= (one << keep) - 1;
    }
    store<u64>(occupied + ((<usize>k) << 3), word);
  }
  return regScanOccupied(occupied, words, hs, hc, false, minLeaf, nNode, sNode, wNode, best);
}

/** Nodes of at most this many rows mark their codes in the bitmap row by row. */
const REG_FEW_ROWS = 64;

/**
 * tree_reg_feature_u8 for a node of few rows: the same histogram copies and sums, each row also
 * setting its code's bit in `occupied` (4 u64 words: bit b of the 256 codes, zero between calls).
 */
function regFewRows(
  col: usize,
  samples: usize,
  start: i32,
  end: i32,
  t: usize,
  sw: usize,
  hist: usize,
  cnt: usize,
  minLeaf: i32,
  sNode: f64,
  wNode: f64,
  best: usize,
  occupied: usize,
): i32 {
  for (let j = start; j < end; j++) {
    const s = samples ? load<i32>(samples + ((<usize>j) << 2)) : j;
    const b = <usize>load<u8>(col + <usize>s);
    const copy = <usize>((j - start) & 1);
    const wp = occupied + ((b >> 6) << 3);
    const bit: u64 = 1;
    const shift: u64 = b & 63;
    store<u64>(wp, load<u64>(wp) | (bit << shift));
    const c = cnt + (b << 2) + (copy << 10);
    store<i32>(c, load<i32>(c) + 1);
    const w = load<f64>(sw + ((<usize>s) << 3));
    const h = hist + (b << 4) + (copy << 12);
    store<f64>(h, load<f64>(h) + w * load<f64>(t + ((<usize>s) << 3)));
    store<f64>(h, load<f64>(h, 8) + w, 8);
  }
  return regScanOccupied(occupied, 4, hist, cnt, true, minLeaf, end - start, sNode, wNode, best);
}

/**
 * The split scan over the codes marked in `occupied` (`words` u64 words), visited in ascending
 * order: the order of a scan over a code range that skips empty codes, so the same sums and the
 * same result. A code's Σw·t and Σw are at hist + 16·b and its count at cnt + 4·b; with
 * `twoCopies` (tree_reg_feature_u8's row histograms) each also has a second copy (+4096, +1024)
 * added to the first, and both are zeroed once read. The bitmap is zeroed. Returns −1 when at
 * most one code is marked (a constant feature), 1 when `best` improved, else 0.
 */
function regScanOccupied(
  occupied: usize,
  words: i32,
  hist: usize,
  cnt: usize,
  twoCopies: bool,
  minLeaf: i32,
  nNode: i32,
  sNode: f64,
  wNode: f64,
  best: usize,
): i32 {
  let nL = 0;
  let sL = 0.0;
  let wL = 0.0;
  let bestProxy = load<f64>(best);
  let prev = -1;
  let improved = 0;
  let seen = 0;
  for (let k = 0; k < words; k++) {
    const wp = occupied + ((<usize>k) << 3);
    let m = load<u64>(wp);
    if (m == 0) continue;
    store<u64>(wp, 0);
    while (m != 0) {
      const b = (k << 6) + <i32>ctz(m);
      m &= m - 1;
      if (prev >= 0 && nL >= minLeaf && nNode - nL >= minLeaf) {
        const proxy = friedmanProxy(sL, wL, sNode, wNode);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          recordBest(best, proxy, prev, b);
          improved = 1;
        }
      }
      const c0 = cnt + ((<usize>b) << 2);
      const h0 = hist + ((<usize>b) << 4);
      let c = load<i32>(c0);
      let st = load<f64>(h0);
      let sw = load<f64>(h0, 8);
      if (twoCopies) {
        c += load<i32>(c0, 1024);
        st += load<f64>(h0, 4096);
        sw += load<f64>(h0, 4104);
        clearCode(hist, cnt, <usize>b);
      }
      nL += c;
      sL += st;
      wL += sw;
      prev = b;
      seen++;
    }
  }
  return seen > 1 ? improved : -1;
}

/** Zeroes code b's counts and sums in both histogram copies. */
function clearCode(hist: usize, cnt: usize, b: usize): void {
  store<i32>(cnt + (b << 2), 0);
  store<i32>(cnt + (b << 2), 0, 1024);
  const h0 = hist + (b << 4);
  store<f64>(h0, 0);
  store<f64>(h0, 0, 8);
  store<f64>(h0, 0, 4096);
  store<f64>(h0, 0, 4104);
}

/**
 * One node's split search for a regression tree in the direct layout (`cols`, d columns of n
 * codes in node order): the feature sampling of grower.ts's `Grower.sampleFeatures` (the same
 * draws from the same xoshiro128** state, the same swaps of `features`), each drawn feature searched by
 * tree_reg_hist_scan when the node has a histogram (`hs`, `hc`; 0 when not) or else by
 * tree_reg_feature_u8. `state` (i32): the generator's four words, then nKnown; on return the
 * generator has advanced, state[5] = the number of features constant in the node or an ancestor
 * (nTotal) and state[6] = the best split's feature (−1 when none improved `best`).
 */
export function tree_reg_node_u8(
  cols: usize,
  n: i32,
  start: i32,
  end: i32,
  t: usize,
  sw: usize,
  hist: usize,
  cnt: usize,
  occupied: usize,
  hs: usize,
  hc: usize,
  offsets: usize,
  features: usize,
  d: i32,
  maxFeatures: i32,
  minLeaf: i32,
  sNode: f64,
  wNode: f64,
  best: usize,
  state: usize,
): void {
  const nKnown = load<i32>(state, 16);
  let nTotal = nKnown;
  let fI = d;
  let nDrawn = 0;
  let nFound = 0;
  let visited = 0;
  let bestFeature = -1;
  const nNode = end - start;
  while (fI > nTotal && (visited < maxFeatures || visited <= nFound + nDrawn)) {
    visited++;
    let j = nDrawn + <i32>randInt(state, <u32>(fI - nFound - nDrawn));
    if (j < nKnown) {
      swapI32(features, j, nDrawn);
      nDrawn++;
      continue;
    }
    j += nFound;
    const f = load<i32>(features + ((<usize>j) << 2));
    const o = <usize>load<i32>(offsets + ((<usize>f) << 2));
    const bins = load<i32>(offsets + ((<usize>(f + 1)) << 2)) - <i32>o;
    const r = hs
      ? tree_reg_hist_scan(
          hs + (o << 4),
          hc + (o << 2),
          bins,
          minLeaf,
          nNode,
          sNode,
          wNode,
          best,
          occupied,
        )
      : tree_reg_feature_u8(
          cols + <usize>f * <usize>n,
          0,
          start,
          end,
          t,
          sw,
          hist,
          cnt,
          bins,
          minLeaf,
          sNode,
          wNode,
          best,
          occupied,
        );
    if (r == 1) bestFeature = f;
    if (r >= 0) {
      fI--;
      swapI32(features, j, fI);
    } else {
      swapI32(features, j, nTotal);
      nFound++;
      nTotal++;
    }
  }
  store<i32>(state, nTotal, 20);
  store<i32>(state, bestFeature, 24);
}

function swapI32(a: usize, i: i32, j: i32): void {
  const pi = a + ((<usize>i) << 2);
  const pj = a + ((<usize>j) << 2);
  const v = load<i32>(pi);
  store<i32>(pi, load<i32>(pj));
  store<i32>(pj, v);
}
