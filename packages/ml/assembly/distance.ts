// Pairwise distances between the rows of A (m×d) and B (n×d), both row-major and contiguous.
// Squared Euclidean goes through the GEMM (‖a‖² + ‖b‖² − 2⟨a,b⟩, clamped at 0); L1 has its own
// register-tiled loop. The *_topk variants fuse a k-smallest selection so the m×n matrix is never
// materialised (10,000 × 60,000 f32 would be 2.4 GB).
import { KC, MC, NR, kc_for, macro_kernel, pack_a, pack_b, gemm_strided } from './gemm';
import { topk_init, topk_scan } from './topk';

/** Train rows per block in the fused search (packed B panel NB·d·4 bytes). */
const NB: i32 = 1024;
/** Query rows per block in the fused search. */
const MB: i32 = MC;

/** Bytes of workspace the distance kernels need for feature dimension d. */
export function dist_ws_bytes(d: i32): i32 {
  const dd = max(d, 1);
  return (NB * dd + MB * min(dd, KC) + MB * NB + 4 * NR * 2 + 64) * 4;
}

/** row[j] ← max(an + bn[j] + row[j], 0) with NaN kept: pmax(v, 0) = v < 0 ? 0 : v. */
function finish_sqdist(row: usize, n: i32, an: f32, bn: usize): void {
  const va = f32x4.splat(an);
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = (<usize>j) << 2;
    const v = f32x4.add(f32x4.add(va, v128.load(bn + o)), v128.load(row + o));
    v128.store(row + o, f32x4.pmax(v, zero));
  }
  for (; j < n; j++) {
    const o = (<usize>j) << 2;
    const v: f32 = an + load<f32>(bn + o) + load<f32>(row + o);
    store<f32>(row + o, v < 0 ? 0 : v);
  }
}

/** out[i,j] ← ‖a_i − b_j‖² for all pairs (out m×n, leading dimension n); an/bn are row sq-norms. */
export function sqdist_f32(
  m: i32,
  n: i32,
  d: i32,
  a: usize,
  b: usize,
  an: usize,
  bn: usize,
  out: usize,
  ws: usize,
): void {
  if (m <= 0 || n <= 0) return;
  gemm_strided(m, n, d, -2, a, d, 1, b, 1, d, 0, out, n, ws);
  for (let i = 0; i < m; i++)
    finish_sqdist(out + ((<usize>i * <usize>n) << 2), n, load<f32>(an + ((<usize>i) << 2)), bn);
}

/**
 * For each row of A, the k nearest rows of B by squared Euclidean distance (ascending, ties by
 * lower index), without materialising the distance matrix. B panels are packed once per block of
 * NB rows and reused by every block of query rows.
 */
export function sqdist_topk_f32(
  m: i32,
  n: i32,
  d: i32,
  a: usize,
  b: usize,
  an: usize,
  bn: usize,
  k: i32,
  outIdx: usize,
  outVal: usize,
  ws: usize,
): void {
  if (m <= 0 || k <= 0) return;
  for (let i = 0; i < m; i++)
    topk_init(k, outIdx + ((<usize>i * <usize>k) << 2), outVal + ((<usize>i * <usize>k) << 2));
  if (n <= 0) return;
  const kcb = d > 0 ? kc_for(d) : 1;
  const bp = ws;
  const ap = bp + ((<usize>NB * <usize>max(d, 1)) << 2);
  const tile = ap + ((<usize>MB * <usize>min(max(d, 1), KC)) << 2);
  const tmp = tile + ((<usize>MB * NB) << 2);
  for (let j0 = 0; j0 < n; j0 += NB) {
    const nb = min(NB, n - j0);
    const nbPad = (nb + NR - 1) & ~(NR - 1);
    const bblk = b + ((<usize>j0 * <usize>d) << 2);
    for (let pc = 0; pc < d; pc += kcb) {
      pack_b(
        bblk + ((<usize>pc) << 2),
        1,
        d,
        min(kcb, d - pc),
        nb,
        bp + ((<usize>pc * <usize>nbPad) << 2),
      );
    }
    for (let i0 = 0; i0 < m; i0 += MB) {
      const mb = min(MB, m - i0);
      if (d <= 0) {
        for (let i = 0; i < mb; i++)
          for (let j = 0; j < nb; j++) store<f32>(tile + ((<usize>(i * NB + j)) << 2), 0);
      }
      for (let pc = 0; pc < d; pc += kcb) {
        const kc = min(kcb, d - pc);
        pack_a(a + ((<usize>i0 * <usize>d + <usize>pc) << 2), d, 1, mb, kc, ap);
        macro_kernel(
          mb,
          nb,
          kc,
          ap,
          bp + ((<usize>pc * <usize>nbPad) << 2),
          tile,
          NB,
          -2,
          pc == 0 ? 0 : 1,
          tmp,
        );
      }
      for (let i = 0; i < mb; i++) {
        const row = tile + ((<usize>i * NB) << 2);
        const gi = <usize>(i0 + i);
        finish_sqdist(row, nb, load<f32>(an + (gi << 2)), bn + ((<usize>j0) << 2));
        topk_scan(k, outIdx + ((gi * <usize>k) << 2), outVal + ((gi * <usize>k) << 2), row, nb, j0);
      }
    }
  }
}

/**
 * L1 distances of 4 rows of A against the rows [j0, j1) of B into out (4 rows, leading dim ldo).
 * 4×2 register tile: 8 accumulators + 4 A vectors + 2 B vectors; |x| is one and-mask.
 */
export function l1_block4(
  d: i32,
  a0: usize,
  b: usize,
  j0: i32,
  j1: i32,
  out: usize,
  ldo: i32,
): void {
  const lda = (<usize>d) << 2;
  const d4 = d & ~3;
  const a1 = a0 + lda;
  const a2 = a1 + lda;
  const a3 = a2 + lda;
  const ldob = (<usize>ldo) << 2;
  let j = j0;
  for (; j + 2 <= j1; j += 2) {
    const b0 = b + ((<usize>j * <usize>d) << 2);
    const b1 = b0 + lda;
    let s00 = f32x4.splat(0),
      s01 = f32x4.splat(0);
    let s10 = f32x4.splat(0),
      s11 = f32x4.splat(0);
    let s20 = f32x4.splat(0),
      s21 = f32x4.splat(0);
    let s30 = f32x4.splat(0),
      s31 = f32x4.splat(0);
    for (let p = 0; p < d4; p += 4) {
      const o = (<usize>p) << 2;
      const y0 = v128.load(b0 + o);
      const y1 = v128.load(b1 + o);
      let x = v128.load(a0 + o);
      s00 = f32x4.add(s00, f32x4.abs(f32x4.sub(x, y0)));
      s01 = f32x4.add(s01, f32x4.abs(f32x4.sub(x, y1)));
      x = v128.load(a1 + o);
      s10 = f32x4.add(s10, f32x4.abs(f32x4.sub(x, y0)));
      s11 = f32x4.add(s11, f32x4.abs(f32x4.sub(x, y1)));
      x = v128.load(a2 + o);
      s20 = f32x4.add(s20, f32x4.abs(f32x4.sub(x, y0)));
      s21 = f32x4.add(s21, f32x4.abs(f32x4.sub(x, y1)));
      x = v128.load(a3 + o);
      s30 = f32x4.add(s30, f32x4.abs(f32x4.sub(x, y0)));
      s31 = f32x4.add(s31, f32x4.abs(f32x4.sub(x, y1)));
    }
    let r00 = hsum(s00),
      r01 = hsum(s01),
      r10 = hsum(s10),
      r11 = hsum(s11);
    let r20 = hsum(s20),
      r21 = hsum(s21),
      r30 = hsum(s30),
      r31 = hsum(s31);
    for (let p = d4; p < d; p++) {
      const o = (<usize>p) << 2;
      const y0 = load<f32>(b0 + o);
      const y1 = load<f32>(b1 + o);
      let x = load<f32>(a0 + o);
      r00 += Mathf.abs(x - y0);
      r01 += Mathf.abs(x - y1);
      x = load<f32>(a1 + o);
      r10 += Mathf.abs(x - y0);
      r11 += Mathf.abs(x - y1);
      x = load<f32>(a2 + o);
      r20 += Mathf.abs(x - y0);
      r21 += Mathf.abs(x - y1);
      x = load<f32>(a3 + o);
      r30 += Mathf.abs(x - y0);
      r31 += Mathf.abs(x - y1);
    }
    const q = out + ((<usize>(j - j0)) << 2);
    store<f32>(q, r00);
    store<f32>(q, r01, 4);
    store<f32>(q + ldob, r10);
    store<f32>(q + ldob, r11, 4);
    store<f32>(q + 2 * ldob, r20);
    store<f32>(q + 2 * ldob, r21, 4);
    store<f32>(q + 3 * ldob, r30);
    store<f32>(q + 3 * ldob, r31, 4);
  }
  for (; j < j1; j++) {
    const bj = b + ((<usize>j * <usize>d) << 2);
    const q = out + ((<usize>(j - j0)) << 2);
    store<f32>(q, l1_row(d, a0, bj));
    store<f32>(q + ldob, l1_row(d, a1, bj));
    store<f32>(q + 2 * ldob, l1_row(d, a2, bj));
    store<f32>(q + 3 * ldob, l1_row(d, a3, bj));
  }
}

function hsum(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** Σ|x − y| over one pair of rows, same association order as the tiled loop. */
export function l1_row(d: i32, x: usize, y: usize): f32 {
  const d4 = d & ~3;
  let s = f32x4.splat(0);
  for (let p = 0; p < d4; p += 4) {
    const o = (<usize>p) << 2;
    s = f32x4.add(s, f32x4.abs(f32x4.sub(v128.load(x + o), v128.load(y + o))));
  }
  let r = hsum(s);
  for (let p = d4; p < d; p++)
    r += Mathf.abs(load<f32>(x + ((<usize>p) << 2)) - load<f32>(y + ((<usize>p) << 2)));
  return r;
}

/** out[i,j] ← Σ_p |a_ip − b_jp| (out m×n, leading dimension n). */
export function l1dist_f32(m: i32, n: i32, d: i32, a: usize, b: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= m; i += 4)
    l1_block4(d, a + ((<usize>i * <usize>d) << 2), b, 0, n, out + ((<usize>i * <usize>n) << 2), n);
  for (; i < m; i++) {
    const ai = a + ((<usize>i * <usize>d) << 2);
    for (let j = 0; j < n; j++)
      store<f32>(
        out + ((<usize>i * <usize>n + <usize>j) << 2),
        l1_row(d, ai, b + ((<usize>j * <usize>d) << 2)),
      );
  }
}

/** Train rows per L1 block: 256 rows × 784 × 4 B ≈ 800 KB stays in L2 across query quads. */
const NB1: i32 = 256;

/** For each row of A, the k nearest rows of B by L1 distance (fused, no m×n matrix). */
export function l1dist_topk_f32(
  m: i32,
  n: i32,
  d: i32,
  a: usize,
  b: usize,
  k: i32,
  outIdx: usize,
  outVal: usize,
  ws: usize,
): void {
  if (m <= 0 || k <= 0) return;
  for (let i = 0; i < m; i++)
    topk_init(k, outIdx + ((<usize>i * <usize>k) << 2), outVal + ((<usize>i * <usize>k) << 2));
  const tile = ws;
  for (let j0 = 0; j0 < n; j0 += NB1) {
    const j1 = min(n, j0 + NB1);
    let i = 0;
    for (; i < m; i += 4) {
      const rows = min(4, m - i);
      const ai = a + ((<usize>i * <usize>d) << 2);
      if (rows == 4) {
        l1_block4(d, ai, b, j0, j1, tile, NB1);
      } else {
        for (let r = 0; r < rows; r++) {
          for (let j = j0; j < j1; j++) {
            store<f32>(
              tile + ((<usize>(r * NB1 + j - j0)) << 2),
              l1_row(d, ai + ((<usize>r * <usize>d) << 2), b + ((<usize>j * <usize>d) << 2)),
            );
          }
        }
      }
      for (let r = 0; r < rows; r++) {
        const gi = <usize>(i + r);
        topk_scan(
          k,
          outIdx + ((gi * <usize>k) << 2),
          outVal + ((gi * <usize>k) << 2),
          tile + ((<usize>r * NB1) << 2),
          j1 - j0,
          j0,
        );
      }
    }
  }
}

/**
 * The lanes of a Σ (a_k − b_k)² accumulator (lane 0 the even k, lane 1 the odd) added, then an
 * odd last term: the order of `sqdistExactRow` in src/kernels/exact-distance.ts, so both give
 * the same bits.
 */
function finish_exact(acc: v128, a: usize, b: usize, d: i32): f64 {
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (d & 1) {
    const o = (<usize>(d - 1)) << 2;
    const t = <f64>load<f32>(a + o) - <f64>load<f32>(b + o);
    s += t * t;
  }
  return s;
}

/**
 * out[i·n + j] ← ‖a_i − b_j‖² in float64 (no expansion through ⟨a, b⟩, so no cancellation: the
 * Gaussian process kernel exp(−½‖a − b‖²) keeps its relative precision down to its smallest
 * values). Four rows of B at a time share each widened row of A.
 */
export function sqdist_exact_f64(m: i32, n: i32, d: i32, a: usize, b: usize, out: usize): void {
  const rowBytes = (<usize>d) << 2;
  const d2 = d & ~1;
  for (let i = 0; i < m; i++) {
    const ai = a + <usize>i * rowBytes;
    const oi = out + ((<usize>i * <usize>n) << 3);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = b + <usize>j * rowBytes;
      const b1 = b0 + rowBytes;
      const b2 = b1 + rowBytes;
      const b3 = b2 + rowBytes;
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      for (let k = 0; k < d2; k += 2) {
        const o = (<usize>k) << 2;
        const x = f64x2.promote_low_f32x4(v128.load64_zero(ai + o));
        const t0 = f64x2.sub(x, f64x2.promote_low_f32x4(v128.load64_zero(b0 + o)));
        const t1 = f64x2.sub(x, f64x2.promote_low_f32x4(v128.load64_zero(b1 + o)));
        const t2 = f64x2.sub(x, f64x2.promote_low_f32x4(v128.load64_zero(b2 + o)));
        const t3 = f64x2.sub(x, f64x2.promote_low_f32x4(v128.load64_zero(b3 + o)));
        s0 = f64x2.add(s0, f64x2.mul(t0, t0));
        s1 = f64x2.add(s1, f64x2.mul(t1, t1));
        s2 = f64x2.add(s2, f64x2.mul(t2, t2));
        s3 = f64x2.add(s3, f64x2.mul(t3, t3));
      }
      store<f64>(oi + ((<usize>j) << 3), finish_exact(s0, ai, b0, d));
      store<f64>(oi + ((<usize>(j + 1)) << 3), finish_exact(s1, ai, b1, d));
      store<f64>(oi + ((<usize>(j + 2)) << 3), finish_exact(s2, ai, b2, d));
      store<f64>(oi + ((<usize>(j + 3)) << 3), finish_exact(s3, ai, b3, d));
    }
    for (; j < n; j++) {
      const bj = b + <usize>j * rowBytes;
      let acc = f64x2.splat(0);
      for (let k = 0; k < d2; k += 2) {
        const o = (<usize>k) << 2;
        const t = f64x2.sub(
          f64x2.promote_low_f32x4(v128.load64_zero(ai + o)),
          f64x2.promote_low_f32x4(v128.load64_zero(bj + o)),
        );
        acc = f64x2.add(acc, f64x2.mul(t, t));
      }
      store<f64>(oi + ((<usize>j) << 3), finish_exact(acc, ai, bj, d));
    }
  }
}
