// Level-1/2 BLAS-style kernels on contiguous f32 vectors. Remainders (n % 4) run scalar.

/** Σ x[i]·y[i], two f32x4 accumulators (8 partial sums) for instruction-level parallelism. */
export function dot_f32(n: i32, x: usize, y: usize): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = (<usize>i) << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(x + o), v128.load(y + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  s0 = f32x4.add(s0, s1);
  let s: f32 =
    f32x4.extract_lane(s0, 0) +
    f32x4.extract_lane(s0, 1) +
    (f32x4.extract_lane(s0, 2) + f32x4.extract_lane(s0, 3));
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    s += load<f32>(x + o) * load<f32>(y + o);
  }
  return s;
}

/** y ← alpha·x + y. */
export function axpy_f32(n: i32, alpha: f32, x: usize, y: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(va, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

/** x ← alpha·x. */
export function scale_f32(n: i32, alpha: f32, x: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(x + o, f32x4.mul(v128.load(x + o), va));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(x + o, load<f32>(x + o) * alpha);
  }
}

/** out[i] ← Σ_j a[i,j]. */
export function row_sums_f32(m: i32, n: i32, a: usize, out: usize): void {
  for (let i = 0; i < m; i++) {
    const row = a + ((<usize>i * <usize>n) << 2);
    let s0 = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) s0 = f32x4.add(s0, v128.load(row + ((<usize>j) << 2)));
    let s: f32 =
      f32x4.extract_lane(s0, 0) +
      f32x4.extract_lane(s0, 1) +
      (f32x4.extract_lane(s0, 2) + f32x4.extract_lane(s0, 3));
    for (; j < n; j++) s += load<f32>(row + ((<usize>j) << 2));
    store<f32>(out + ((<usize>i) << 2), s);
  }
}

/** out[i] ← Σ_j a[i,j]² (the norms of the ‖x‖² + ‖y‖² − 2⟨x,y⟩ distance expansion). */
export function row_sqnorms_f32(m: i32, n: i32, a: usize, out: usize): void {
  for (let i = 0; i < m; i++) {
    const row = a + ((<usize>i * <usize>n) << 2);
    store<f32>(out + ((<usize>i) << 2), dot_f32(n, row, row));
  }
}

/** y ← alpha·A·x + beta·y, A m×n row-major (beta == 0 does not read y). */
export function gemv_f32_n(
  m: i32,
  n: i32,
  alpha: f32,
  a: usize,
  x: usize,
  beta: f32,
  y: usize,
): void {
  for (let i = 0; i < m; i++) {
    const d = dot_f32(n, a + ((<usize>i * <usize>n) << 2), x);
    const q = y + ((<usize>i) << 2);
    store<f32>(q, beta == 0 ? alpha * d : alpha * d + beta * load<f32>(q));
  }
}

/** y ← alpha·Aᵀ·x + beta·y, A m×n row-major: a sum of scaled rows (stays row-contiguous). */
export function gemv_f32_t(
  m: i32,
  n: i32,
  alpha: f32,
  a: usize,
  x: usize,
  beta: f32,
  y: usize,
): void {
  if (beta == 0) {
    for (let j = 0; j < n; j++) store<f32>(y + ((<usize>j) << 2), 0);
  } else if (beta != 1) {
    scale_f32(n, beta, y);
  }
  for (let i = 0; i < m; i++) {
    axpy_f32(n, alpha * load<f32>(x + ((<usize>i) << 2)), a + ((<usize>i * <usize>n) << 2), y);
  }
}
