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
