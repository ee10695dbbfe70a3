// Dense float64 linear algebra (src/kernels/dense.ts: SVC's Newton step on a dual's free face,
// the Gaussian process classifier's Laplace approximation). Row-major m × m matrices. Every sum
// is `dot`'s: two lanes over the even and odd indices, the lanes added, then an odd last term;
// the TypeScript reference sums in that order, and wasm has no implicit FMA, so both give the
// same bits (tested).

/** Σ a[k]·b[k], k < n (byte addresses of f64 arrays), in the order described above. */
function dot(a: usize, b: usize, n: i32): f64 {
  let acc = f64x2.splat(0);
  const n2 = n & ~1;
  for (let k = 0; k < n2; k += 2) {
    const p = (<usize>k) << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(a + p), v128.load(b + p)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (n & 1) {
    const p = (<usize>(n - 1)) << 3;
    s += load<f64>(a + p) * load<f64>(b + p);
  }
  return s;
}

/**
 * In-place lower Cholesky factor of A + ridge·I (the upper triangle is left as it was). Returns
 * −1, or the first pivot that fell to `minPivot` or below (the factor is then incomplete).
 */
export function chol_f64(A: usize, m: i32, ridge: f64, minPivot: f64): i32 {
  const row = (<usize>m) << 3;
  for (let j = 0; j < m; j++) {
    const rj = A + <usize>j * row;
    const jj = rj + ((<usize>j) << 3);
    const s = load<f64>(jj) + ridge - dot(rj, rj, j);
    if (!(s > minPivot)) return j;
    const ljj = Math.sqrt(s);
    store<f64>(jj, ljj);
    for (let i = j + 1; i < m; i++) {
      const ri = A + <usize>i * row;
      const ij = ri + ((<usize>j) << 3);
      store<f64>(ij, (load<f64>(ij) - dot(ri, rj, j)) / ljj);
    }
  }
  return -1;
}

/**
 * Solves (L Lᵀ) x = b in place (L: the lower factor chol_f64 left): forward by row dots, then
 * backward as updates of b by rows of L, two entries at a time.
 */
export function chol_solve_f64(L: usize, m: i32, b: usize): void {
  const row = (<usize>m) << 3;
  for (let i = 0; i < m; i++) {
    const ri = L + <usize>i * row;
    const bi = b + ((<usize>i) << 3);
    store<f64>(bi, (load<f64>(bi) - dot(ri, b, i)) / load<f64>(ri + ((<usize>i) << 3)));
  }
  for (let i = m - 1; i >= 0; i--) {
    const ri = L + <usize>i * row;
    const bi = b + ((<usize>i) << 3);
    const x = load<f64>(bi) / load<f64>(ri + ((<usize>i) << 3));
    store<f64>(bi, x);
    const vx = f64x2.splat(x);
    const i2 = i & ~1;
    for (let k = 0; k < i2; k += 2) {
      const p = (<usize>k) << 3;
      v128.store(b + p, f64x2.sub(v128.load(b + p), f64x2.mul(v128.load(ri + p), vx)));
    }
    if (i & 1) {
      const p = (<usize>(i - 1)) << 3;
      store<f64>(b + p, load<f64>(b + p) - load<f64>(ri + p) * x);
    }
  }
}

/** xᵀQx for a k × k row-major Q, rows where x is 0 skipped (they add nothing). */
export function quad_form_f64(Q: usize, k: i32, x: usize): f64 {
  const row = (<usize>k) << 3;
  let q: f64 = 0;
  for (let a = 0; a < k; a++) {
    const xa = load<f64>(x + ((<usize>a) << 3));
    if (xa == 0) continue;
    q += xa * dot(Q + <usize>a * row, x, k);
  }
  return q;
}

/** Rows per chunk of {@link gram_weighted_f64} (its packs stay in L2). */
const GRAM_ROWS = 64;

/**
 * M += Σ_i w_i·x_i·x_iᵀ over the rows i of X (n × d, float32, row-major) with w_i ≠ 0, for the
 * 4 × 4 tiles on and below the diagonal of M (dp × dp float64, row-major, dp = d rounded up to
 * a multiple of 4; the caller mirrors the strictly lower triangle). Rows are taken in chunks of
 * GRAM_ROWS (rows with w = 0 skipped): `pack` (2·GRAM_ROWS·dp float64) holds the chunk as
 * w_i·x_i and as x_i in float64, zero-padded to dp. Entry (a, c) of a chunk is
 * Σ (w_i·x_ia)·x_ic in row order, then added to M: the TypeScript reference's order.
 */
export function gram_weighted_f64(
  n: i32,
  d: i32,
  X: usize,
  w: usize,
  M: usize,
  dp: i32,
  pack: usize,
): void {
  const rowBytes = (<usize>dp) << 3;
  const pa = pack;
  const pc = pack + <usize>GRAM_ROWS * rowBytes;
  let i = 0;
  while (i < n) {
    // Pack the next GRAM_ROWS rows with w ≠ 0.
    let r = 0;
    while (r < GRAM_ROWS && i < n) {
      const wi = load<f64>(w + ((<usize>i) << 3));
      if (wi != 0) {
        const src = X + ((<usize>i * <usize>d) << 2);
        const da = pa + <usize>r * rowBytes;
        const dc = pc + <usize>r * rowBytes;
        for (let k = 0; k < dp; k++) {
          const x: f64 = k < d ? <f64>load<f32>(src + ((<usize>k) << 2)) : 0;
          store<f64>(da + ((<usize>k) << 3), wi * x);
          store<f64>(dc + ((<usize>k) << 3), x);
        }
        r++;
      }
      i++;
    }
    if (r === 0) break;
    for (let a0 = 0; a0 < dp; a0 += 4) {
      const ao = (<usize>a0) << 3;
      for (let c0 = 0; c0 <= a0; c0 += 4) {
        const co = (<usize>c0) << 3;
        let s00 = f64x2.splat(0);
        let s01 = f64x2.splat(0);
        let s10 = f64x2.splat(0);
        let s11 = f64x2.splat(0);
        let s20 = f64x2.splat(0);
        let s21 = f64x2.splat(0);
        let s30 = f64x2.splat(0);
        let s31 = f64x2.splat(0);
        for (let t = 0; t < r; t++) {
          const ra = pa + <usize>t * rowBytes + ao;
          const rc = pc + <usize>t * rowBytes + co;
          const c0v = v128.load(rc);
          const c1v = v128.load(rc, 16);
          const x0 = v128.load64_splat(ra);
          s00 = f64x2.add(s00, f64x2.mul(x0, c0v));
          s01 = f64x2.add(s01, f64x2.mul(x0, c1v));
          const x1 = v128.load64_splat(ra, 8);
          s10 = f64x2.add(s10, f64x2.mul(x1, c0v));
          s11 = f64x2.add(s11, f64x2.mul(x1, c1v));
          const x2 = v128.load64_splat(ra, 16);
          s20 = f64x2.add(s20, f64x2.mul(x2, c0v));
          s21 = f64x2.add(s21, f64x2.mul(x2, c1v));
          const x3 = v128.load64_splat(ra, 24);
          s30 = f64x2.add(s30, f64x2.mul(x3, c0v));
          s31 = f64x2.add(s31, f64x2.mul(x3, c1v));
        }
        const m0 = M + <usize>a0 * rowBytes + co;
        v128.store(m0, f64x2.add(v128.load(m0), s00));
        v128.store(m0, f64x2.add(v128.load(m0, 16), s01), 16);
        const m1 = m0 + rowBytes;
        v128.store(m1, f64x2.add(v128.load(m1), s10));
        v128.store(m1, f64x2.add(v128.load(m1, 16), s11), 16);
        const m2 = m1 + rowBytes;
        v128.store(m2, f64x2.add(v128.load(m2), s20));
        v128.store(m2, f64x2.add(v128.load(m2, 16), s21), 16);
        const m3 = m2 + rowBytes;
        v128.store(m3, f64x2.add(v128.load(m3), s30));
        v128.store(m3, f64x2.add(v128.load(m3, 16), s31), 16);
      }
    }
  }
}
