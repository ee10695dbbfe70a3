// Gaussian naive Bayes: the joint log-likelihood of float32 rows against float64 class means and
// inverse variances. Lane 0 sums the even features and lane 1 the odd ones, exactly as the two
// accumulators of the TypeScript loop in src/naive-bayes/gaussian-nb.ts, so both give the same
// bits (tested).

/** out[i·k + c] = base[c] − ½ Σ_j (x_ij − θ_cj)² · inv_cj for n rows of d features and k classes. */
export function gnb_jll_f32_f64(
  n: i32,
  d: i32,
  k: i32,
  x: usize,
  theta: usize,
  inv: usize,
  base: usize,
  out: usize,
): void {
  for (let i = 0; i < n; i++) {
    const xi = x + ((<usize>i * <usize>d) << 2);
    for (let c = 0; c < k; c++) {
      const tc = theta + ((<usize>c * <usize>d) << 3);
      const ic = inv + ((<usize>c * <usize>d) << 3);
      let s = f64x2.splat(0);
      let j = 0;
      for (; j + 2 <= d; j += 2) {
        const xv = f64x2.promote_low_f32x4(v128.load64_zero(xi + ((<usize>j) << 2)));
        const t = f64x2.sub(xv, v128.load(tc + ((<usize>j) << 3)));
        s = f64x2.add(s, f64x2.mul(f64x2.mul(t, t), v128.load(ic + ((<usize>j) << 3))));
      }
      let s0 = f64x2.extract_lane(s, 0);
      if (j < d) {
        const t = <f64>load<f32>(xi + ((<usize>j) << 2)) - load<f64>(tc + ((<usize>j) << 3));
        s0 += t * t * load<f64>(ic + ((<usize>j) << 3));
      }
      store<f64>(
        out + ((<usize>(i * k + c)) << 3),
        load<f64>(base + ((<usize>c) << 3)) - 0.5 * (s0 + f64x2.extract_lane(s, 1)),
      );
    }
  }
}
