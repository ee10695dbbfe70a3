// Adam step of the MLP (src/neural-network/mlp-classifier.ts), over one parameter array.

/**
 * For i < n: g = grad[i] + l2·w[i]; m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * w[i] −= lr·m / (√v + ε). `w` and `grad` are f32, the moments `m` and `v` f64. Returns Σ w² of
 * the updated weights (the next batch's L2 term). Same operations, in the same order per element,
 * as the TypeScript reference, so both give the same weights.
 */
export function adam_step_f32(
  n: i32,
  w: usize,
  grad: usize,
  m: usize,
  v: usize,
  lr: f64,
  beta1: f64,
  beta2: f64,
  eps: f64,
  l2: f64,
): f64 {
  let sq = 0.0;
  for (let i = 0; i < n; i++) {
    const wp = w + ((<usize>i) << 2);
    const mp = m + ((<usize>i) << 3);
    const vp = v + ((<usize>i) << 3);
    const wi = <f64>load<f32>(wp);
    const g = <f64>load<f32>(grad + ((<usize>i) << 2)) + l2 * wi;
    const mi = beta1 * load<f64>(mp) + (1 - beta1) * g;
    const vi = beta2 * load<f64>(vp) + (1 - beta2) * g * g;
    store<f64>(mp, mi);
    store<f64>(vp, vi);
    const nw = <f32>(wi - (lr * mi) / (Math.sqrt(vi) + eps));
    store<f32>(wp, nw);
    sq += <f64>nw * <f64>nw;
  }
  return sq;
}
