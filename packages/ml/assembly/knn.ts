// Exact k-nearest-neighbour search with lower-bound pruning (the KNN workload of issue 4/5).
//
// The caller supplies, besides the rows themselves, a short summary of every row whose distance
// is a lower bound of the full one (p=2: leading coordinates of an orthonormal rotation plus the
// residual norm; p=1: sums over groups of features). Per query the kernel
//   1. computes the bound to every candidate (p=2: a GEMM over the summaries),
//   2. finishes the exact distance of the few candidates with the smallest bounds (a first k-th),
//   3. finishes every other candidate whose bound is not above the running k-th + a margin.
// The exact distance is always the same direct sum (`sqdiff_row` / `l1_row`), so the result is
// bit-identical to evaluating that sum for every pair (the js reference does exactly that).
// The margin (EPS × per-row scales) covers the rounding of the bounds; see exact-search.ts.
import { MR, NR, macro_kernel, pack_a, pack_b } from './gemm';
import { l1_block4, l1_row } from './distance';
import { topk_init, topk_scan } from './topk';

/** Queries per block of the p=2 search (bound rows of PMB × n floats in the workspace). */
const PMB: i32 = 48;
/** Queries per block of the p=1 search. */
const QB: i32 = 32;
/** Train rows per block of the p=1 bound computation (NB1 × g × 4 bytes stay in L2). */
const NB1: i32 = 1024;
/** Relative pruning margin for p=2, times ‖q−μ‖² + ‖x−μ‖² (2^-8; rounding is below 2e-3). */
const EPS2: f32 = 0.00390625;
/** Relative pruning margin for p=1, times ‖q−μ‖₁ + ‖x−μ‖₁ (2^-12; rounding is below 2e-5). */
const EPS1: f32 = 0.000244140625;

/** Candidates whose distance is finished first: enough for a tight first k-th. */
export function pruned_k_init(k: i32, n: i32): i32 {
  return min(n, 2 * k + 8);
}

function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** Bytes of workspace `sq_pruned_topk_f32` needs. */
export function sq_pruned_ws_bytes(n: i32, r: i32, k: i32): i32 {
  const nPad = (n + NR - 1) & ~(NR - 1);
  return (nPad * r + PMB * r + PMB * pad4(n) + MR * NR + 2 * pruned_k_init(k, n) + 64) * 4;
}

/** Bytes of workspace `l1_pruned_topk_f32` needs. */
export function l1_pruned_ws_bytes(n: i32, k: i32): i32 {
  return (QB * pad4(n) + 2 * pruned_k_init(k, n) + 64) * 4;
}

/** Horizontal sum (l0 + l1) + (l2 + l3), the order `l1_row` uses too. */
function hsum4(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/**
 * Σ (x_p − y_p)²: two f32x4 accumulators (features p mod 8 < 4 and ≥ 4, so consecutive adds do
 * not wait on each other), one more group of four into the first when ⌊d/4⌋ is odd, the two
 * added lane-wise and summed (l0 + l1) + (l2 + l3), then the tail in order. `sqDiffF32` (js) is
 * the same arithmetic, op for op.
 */
export function sqdiff_row(d: i32, x: usize, y: usize): f32 {
  const d8 = d & ~7;
  const d4 = d & ~3;
  let sa = f32x4.splat(0);
  let sb = f32x4.splat(0);
  let p = 0;
  for (; p < d8; p += 8) {
    const o = (<usize>p) << 2;
    const t = f32x4.sub(v128.load(x + o), v128.load(y + o));
    const u = f32x4.sub(v128.load(x + o, 16), v128.load(y + o, 16));
    sa = f32x4.add(sa, f32x4.mul(t, t));
    sb = f32x4.add(sb, f32x4.mul(u, u));
  }
  if (p < d4) {
    const o = (<usize>p) << 2;
    const t = f32x4.sub(v128.load(x + o), v128.load(y + o));
    sa = f32x4.add(sa, f32x4.mul(t, t));
  }
  let r = hsum4(f32x4.add(sa, sb));
  for (p = d4; p < d; p++) {
    const t = load<f32>(x + ((<usize>p) << 2)) - load<f32>(y + ((<usize>p) << 2));
    r += t * t;
  }
  return r;
}

/**
 * Inserts (x, j) into a row's ascending k-state ordered by (value, index): candidates arrive in
 * any order here, so ties compare indices explicitly. Index -1 marks an empty slot.
 */
export function topk_push_lex(k: i32, idx: usize, val: usize, x: f32, j: i32): void {
  const last = (<usize>(k - 1)) << 2;
  if (!before_lex(x, j, load<f32>(val + last), load<i32>(idx + last))) return;
  let s = k - 1;
  while (s > 0) {
    const o = (<usize>(s - 1)) << 2;
    if (!before_lex(x, j, load<f32>(val + o), load<i32>(idx + o))) break;
    store<f32>(val + o + 4, load<f32>(val + o));
    store<i32>(idx + o + 4, load<i32>(idx + o));
    s--;
  }
  store<f32>(val + ((<usize>s) << 2), x);
  store<i32>(idx + ((<usize>s) << 2), j);
}

function before_lex(x: f32, j: i32, y: f32, yi: i32): bool {
  return yi < 0 || x < y || (x == y && j < yi);
}

/**
 * The search of one query over its bound row (n floats, overwritten): finishes the kI smallest
 * bounds, then every candidate whose bound is ≤ the running k-th distance + margin.
 * `p2` selects the exact distance: squared Euclidean (true) or L1 (false).
 */
function search_row(
  p2: bool,
  d: i32,
  q: usize,
  b: usize,
  n: i32,
  row: usize,
  k: i32,
  oi: usize,
  ov: usize,
  margin: f32,
  ti: usize,
  tv: usize,
): void {
  const kI = pruned_k_init(k, n);
  topk_init(kI, ti, tv);
  topk_scan(kI, ti, tv, row, n, 0);
  topk_init(k, oi, ov);
  const lda = (<usize>d) << 2;
  for (let s = 0; s < kI; s++) {
    const j = load<i32>(ti + ((<usize>s) << 2));
    if (j < 0) continue;
    const bj = b + <usize>j * lda;
    topk_push_lex(k, oi, ov, p2 ? sqdiff_row(d, q, bj) : l1_row(d, q, bj), j);
    store<f32>(row + ((<usize>j) << 2), NaN); // done: NaN never passes the ≤ test below
  }
  const lastV = ov + ((<usize>(k - 1)) << 2);
  let thr: f32 = load<f32>(lastV) + margin;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(row + ((<usize>j) << 2));
    if (!v128.any_true(f32x4.le(v, f32x4.splat(thr)))) continue;
    for (let t = 0; t < 4; t++) {
      const jj = j + t;
      if (load<f32>(row + ((<usize>jj) << 2)) <= thr) {
        const bj = b + <usize>jj * lda;
        topk_push_lex(k, oi, ov, p2 ? sqdiff_row(d, q, bj) : l1_row(d, q, bj), jj);
        thr = load<f32>(lastV) + margin;
      }
    }
  }
  for (; j < n; j++) {
    if (load<f32>(row + ((<usize>j) << 2)) <= thr) {
      const bj = b + <usize>j * lda;
      topk_push_lex(k, oi, ov, p2 ? sqdiff_row(d, q, bj) : l1_row(d, q, bj), j);
      thr = load<f32>(lastV) + margin;
    }
  }
}

/**
 * row[j] ← max(an + bn[j] + row[j], 0) + gap² − EPS2·bs[j], where row holds −2⟨a_low, b_low⟩ and
 * gap = max(aLo − bHi[j], bLo[j] − aHi, 0) bounds the residual distance (reverse triangle).
 */
function finish_sq_bound(
  row: usize,
  n: i32,
  an: f32,
  aLo: f32,
  aHi: f32,
  bn: usize,
  bLo: usize,
  bHi: usize,
  bs: usize,
): void {
  const va = f32x4.splat(an);
  const vaLo = f32x4.splat(aLo);
  const vaHi = f32x4.splat(aHi);
  const zero = f32x4.splat(0);
  const eps = f32x4.splat(EPS2);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = (<usize>j) << 2;
    const v = f32x4.pmax(f32x4.add(f32x4.add(va, v128.load(bn + o)), v128.load(row + o)), zero);
    const g = f32x4.pmax(
      f32x4.pmax(f32x4.sub(vaLo, v128.load(bHi + o)), f32x4.sub(v128.load(bLo + o), vaHi)),
      zero,
    );
    const w = f32x4.sub(f32x4.add(v, f32x4.mul(g, g)), f32x4.mul(eps, v128.load(bs + o)));
    v128.store(row + o, w);
  }
  for (; j < n; j++) {
    const o = (<usize>j) << 2;
    let v: f32 = an + load<f32>(bn + o) + load<f32>(row + o);
    if (v < 0) v = 0;
    let g: f32 = max(aLo - load<f32>(bHi + o), load<f32>(bLo + o) - aHi);
    if (g < 0) g = 0;
    store<f32>(row + o, v + g * g - EPS2 * load<f32>(bs + o));
  }
}

/**
 * Exact k nearest rows of B (n×d) for each row of A (m×d) by squared Euclidean distance
 * Σ(a−b)² (`sqdiff_row`), ascending, ties by the lower index. aLow/bLow (m×r, n×r): leading
 * rotated coordinates; aLowN/bLowN their squared norms; aLo/aHi, bLo/bHi: lower/upper values of
 * the residual norms; aS/bS: margin scales (‖x−μ‖²). Requires r ≤ 400 (one packed depth block).
 */
export function sq_pruned_topk_f32(
  m: i32,
  n: i32,
  d: i32,
  r: i32,
  a: usize,
  b: usize,
  aLow: usize,
  bLow: usize,
  aLowN: usize,
  bLowN: usize,
  aLo: usize,
  aHi: usize,
  bLo: usize,
  bHi: usize,
  aS: usize,
  bS: usize,
  k: i32,
  outIdx: usize,
  outVal: usize,
  ws: usize,
): void {
  if (m <= 0 || k <= 0) return;
  for (let i = 0; i < m; i++)
    topk_init(k, outIdx + ((<usize>i * <usize>k) << 2), outVal + ((<usize>i * <usize>k) << 2));
  if (n <= 0) return;
  const nPad = (n + NR - 1) & ~(NR - 1);
  const ld = pad4(n);
  const bp = ws;
  const ap = bp + ((<usize>nPad * <usize>r) << 2);
  const bounds = ap + ((<usize>PMB * <usize>r) << 2);
  const tmp = bounds + ((<usize>PMB * <usize>ld) << 2);
  const ti = tmp + MR * NR * 4;
  const tv = ti + ((<usize>pruned_k_init(k, n)) << 2);
  if (r > 0) pack_b(bLow, 1, r, r, n, bp);
  for (let i0 = 0; i0 < m; i0 += PMB) {
    const mb = min(PMB, m - i0);
    if (r > 0) {
      pack_a(aLow + ((<usize>i0 * <usize>r) << 2), r, 1, mb, r, ap);
      macro_kernel(mb, n, r, ap, bp, bounds, ld, -2, 0, tmp);
    } else {
      memory.fill(bounds, 0, (<usize>mb * <usize>ld) << 2);
    }
    for (let i = 0; i < mb; i++) {
      const gi = <usize>(i0 + i);
      const row = bounds + ((<usize>i * <usize>ld) << 2);
      const g4 = gi << 2;
      finish_sq_bound(
        row,
        n,
        load<f32>(aLowN + g4),
        load<f32>(aLo + g4),
        load<f32>(aHi + g4),
        bLowN,
        bLo,
        bHi,
        bS,
      );
      search_row(
        true,
        d,
        a + ((gi * <usize>d) << 2),
        b,
        n,
        row,
        k,
        outIdx + ((gi * <usize>k) << 2),
        outVal + ((gi * <usize>k) << 2),
        EPS2 * load<f32>(aS + g4),
        ti,
        tv,
      );
    }
  }
}

/**
 * Exact k nearest rows of B for each row of A by L1 distance (`l1_row`), ascending, ties by the
 * lower index. aLow/bLow (m×g, n×g): sums over groups of features (any partition; the L1
 * distance of the sums is a lower bound); aS/bS: margin scales (‖x−μ‖₁).
 */
export function l1_pruned_topk_f32(
  m: i32,
  n: i32,
  d: i32,
  g: i32,
  a: usize,
  b: usize,
  aLow: usize,
  bLow: usize,
  aS: usize,
  bS: usize,
  k: i32,
  outIdx: usize,
  outVal: usize,
  ws: usize,
): void {
  if (m <= 0 || k <= 0) return;
  for (let i = 0; i < m; i++)
    topk_init(k, outIdx + ((<usize>i * <usize>k) << 2), outVal + ((<usize>i * <usize>k) << 2));
  if (n <= 0) return;
  const ld = pad4(n);
  const bounds = ws;
  const ti = bounds + ((<usize>QB * <usize>ld) << 2);
  const tv = ti + ((<usize>pruned_k_init(k, n)) << 2);
  const gb = (<usize>g) << 2;
  const eps = f32x4.splat(EPS1);
  for (let i0 = 0; i0 < m; i0 += QB) {
    const qb = min(QB, m - i0);
    for (let j0 = 0; j0 < n; j0 += NB1) {
      const j1 = min(n, j0 + NB1);
      let i = 0;
      for (; i + 4 <= qb; i += 4) {
        l1_block4(
          g,
          aLow + <usize>(i0 + i) * gb,
          bLow,
          j0,
          j1,
          bounds + ((<usize>i * <usize>ld + <usize>j0) << 2),
          ld,
        );
      }
      for (; i < qb; i++) {
        const q = aLow + <usize>(i0 + i) * gb;
        const row = bounds + ((<usize>i * <usize>ld) << 2);
        for (let j = j0; j < j1; j++)
          store<f32>(row + ((<usize>j) << 2), l1_row(g, q, bLow + <usize>j * gb));
      }
    }
    for (let i = 0; i < qb; i++) {
      const gi = <usize>(i0 + i);
      const row = bounds + ((<usize>i * <usize>ld) << 2);
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const o = (<usize>j) << 2;
        v128.store(row + o, f32x4.sub(v128.load(row + o), f32x4.mul(eps, v128.load(bS + o))));
      }
      for (; j < n; j++) {
        const o = (<usize>j) << 2;
        store<f32>(row + o, load<f32>(row + o) - EPS1 * load<f32>(bS + o));
      }
      search_row(
        false,
        d,
        a + ((gi * <usize>d) << 2),
        b,
        n,
        row,
        k,
        outIdx + ((gi * <usize>k) << 2),
        outVal + ((gi * <usize>k) << 2),
        EPS1 * load<f32>(aS + (gi << 2)),
        ti,
        tv,
      );
    }
  }
}
