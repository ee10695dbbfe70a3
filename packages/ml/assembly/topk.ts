// Partial selection of the k smallest values per row, stable by index, never a full sort.
// State per row: k (value, index) pairs sorted ascending; index -1 marks an empty slot that is
// greater than everything (including NaN). Order: non-NaN values ascending, then NaN; ties by the
// lower index (candidates arrive in increasing index order, so a tie never displaces).

/** Fills a row's state with empty slots. */
export function topk_init(k: i32, idx: usize, val: usize): void {
  for (let s = 0; s < k; s++) {
    store<i32>(idx + ((<usize>s) << 2), -1);
    store<f32>(val + ((<usize>s) << 2), Infinity);
  }
}

function before(x: f32, y: f32, yi: i32): bool {
  return yi < 0 || x < y || (y != y && x == x);
}

/** Inserts candidate (x, j) if it ranks before the current k-th; returns the new k-th value. */
export function topk_push(k: i32, idx: usize, val: usize, x: f32, j: i32): void {
  const last = (<usize>(k - 1)) << 2;
  if (!before(x, load<f32>(val + last), load<i32>(idx + last))) return;
  let s = k - 1;
  while (s > 0) {
    const o = (<usize>(s - 1)) << 2;
    if (!before(x, load<f32>(val + o), load<i32>(idx + o))) break;
    store<f32>(val + o + 4, load<f32>(val + o));
    store<i32>(idx + o + 4, load<i32>(idx + o));
    s--;
  }
  store<f32>(val + ((<usize>s) << 2), x);
  store<i32>(idx + ((<usize>s) << 2), j);
}

/**
 * Scans n candidates d[0..n) with indices base + j into a row's state. A SIMD prefilter skips
 * blocks of 4 that cannot enter (the common case once the state is full).
 */
export function topk_scan(k: i32, idx: usize, val: usize, d: usize, n: i32, base: i32): void {
  if (k <= 0) return;
  const last = (<usize>(k - 1)) << 2;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const worst = load<f32>(val + last);
    const v = v128.load(d + ((<usize>j) << 2));
    if (
      load<i32>(idx + last) >= 0 &&
      worst == worst &&
      !v128.any_true(f32x4.lt(v, f32x4.splat(worst)))
    ) {
      continue;
    }
    for (let t = 0; t < 4; t++)
      topk_push(k, idx, val, load<f32>(d + ((<usize>(j + t)) << 2)), base + j + t);
  }
  for (; j < n; j++) topk_push(k, idx, val, load<f32>(d + ((<usize>j) << 2)), base + j);
}

/** For each of m rows of d (leading dimension ld), the k smallest values and their indices. */
export function topk_f32(
  m: i32,
  n: i32,
  d: usize,
  ld: i32,
  k: i32,
  outIdx: usize,
  outVal: usize,
): void {
  if (k <= 0) return;
  for (let i = 0; i < m; i++) {
    const idx = outIdx + ((<usize>i * <usize>k) << 2);
    const val = outVal + ((<usize>i * <usize>k) << 2);
    topk_init(k, idx, val);
    topk_scan(k, idx, val, d + ((<usize>i * <usize>ld) << 2), n, 0);
  }
}
