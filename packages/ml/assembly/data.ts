// Data-preparation kernels: uint8 pixel standardisation and tree-learner histograms.

/**
 * out[i,j] ← (src[i,j] − mean[j]) / scale[j] for uint8 input (m×n). Zero scales are the caller's
 * business (sklearn's StandardScaler replaces them by 1 before it divides).
 */
export function standardize_u8_f32(
  m: i32,
  n: i32,
  src: usize,
  mean: usize,
  scale: usize,
  out: usize,
): void {
  const n4 = n & ~3;
  for (let i = 0; i < m; i++) {
    const s = src + <usize>i * <usize>n;
    const o = out + ((<usize>i * <usize>n) << 2);
    let j = 0;
    for (; j < n4; j += 4) {
      const x = f32x4.convert_i32x4_u(
        i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(s + <usize>j))),
      );
      const jo = (<usize>j) << 2;
      const v = f32x4.div(f32x4.sub(x, v128.load(mean + jo)), v128.load(scale + jo));
      v128.store(o + jo, v);
    }
    for (; j < n; j++) {
      const jo = (<usize>j) << 2;
      store<f32>(
        o + jo,
        (<f32>load<u8>(s + <usize>j) - load<f32>(mean + jo)) / load<f32>(scale + jo),
      );
    }
  }
}

/** Features per cache block in the histogram loop (32 × 256 bins × 24 B ≈ 196 KB, in L2). */
const HF: i32 = 32;

/**
 * Histogram for tree learners over uint8-binned features (binned: nTotalRows × nFeatures).
 * For the rows listed in `rows` and features [f0, f1): out[(f·nBins + bin)·3 + {0,1,2}] =
 * (Σ grad, Σ hess, count) in f64. hess == 0 (null pointer) means unit weights. The feature range
 * is zeroed first, so workers given disjoint feature ranges never need a reduction.
 */
export function histogram_u8_f64(
  binned: usize,
  nFeatures: i32,
  rows: usize,
  nRows: i32,
  grad: usize,
  hess: usize,
  nBins: i32,
  out: usize,
  f0: i32,
  f1: i32,
): void {
  if (f1 <= f0) return;
  memory.fill(
    out + ((<usize>f0 * <usize>nBins * 3) << 3),
    0,
    (<usize>(f1 - f0) * <usize>nBins * 3) << 3,
  );
  for (let fb = f0; fb < f1; fb += HF) {
    const fe = min(f1, fb + HF);
    for (let r = 0; r < nRows; r++) {
      const row = load<i32>(rows + ((<usize>r) << 2));
      const g = <f64>load<f32>(grad + ((<usize>row) << 2));
      const h: f64 = hess == 0 ? 1.0 : <f64>load<f32>(hess + ((<usize>row) << 2));
      const base = binned + <usize>row * <usize>nFeatures;
      for (let f = fb; f < fe; f++) {
        const bin = <usize>load<u8>(base + <usize>f);
        const q = out + ((<usize>f * <usize>nBins * 3 + bin * 3) << 3);
        store<f64>(q, load<f64>(q) + g);
        store<f64>(q, load<f64>(q, 8) + h, 8);
        store<f64>(q, load<f64>(q, 16) + 1.0, 16);
      }
    }
  }
}

/** out ← parent − child over n f64 values (the sibling's histogram for free). out may alias either. */
export function hist_sub_f64(n: i32, parent: usize, child: usize, out: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 3;
    v128.store(out + o, f64x2.sub(v128.load(parent + o), v128.load(child + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 3;
    store<f64>(out + o, load<f64>(parent + o) - load<f64>(child + o));
  }
}
