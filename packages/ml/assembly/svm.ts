// libsvm's SMO inner loops (src/svm/smo.ts): the working-set selection (WSS3) and the gradient
// update over the active variables, in exactly the arithmetic of the TypeScript reference, so
// both paths take the same steps (tested). Position-indexed state: G, y (±1), QD as f64,
// status as u8 (0 lower bound, 1 upper bound, 2 free), act (position → problem row) as i32;
// kernel rows are f32 by problem row.

const TAU: f64 = 1e-12;
const LOWER: u8 = 0;
const UPPER: u8 = 1;

/** WSS3, first half: the i maximising −y·G over I_up; gmax goes to out[0]. Returns i or −1. */
export function smo_select_i(active: i32, G: usize, y: usize, status: usize, out: usize): i32 {
  let gmax = -Infinity;
  let i = -1;
  for (let t = 0; t < active; t++) {
    const g = load<f64>(G + ((<usize>t) << 3));
    const st = load<u8>(status + <usize>t);
    if (load<f64>(y + ((<usize>t) << 3)) == 1) {
      if (st != UPPER && -g >= gmax) {
        gmax = -g;
        i = t;
      }
    } else if (st != LOWER && g >= gmax) {
      gmax = g;
      i = t;
    }
  }
  store<f64>(out, gmax);
  return i;
}

/**
 * WSS3, second half: the j that minimises the second-order objective −(Δ²)/quad against i (row
 * `Ki` of i's kernel values); gmax2 (the largest y·G over I_low) goes to out[1]. Returns j or −1.
 */
export function smo_select_j(
  active: i32,
  G: usize,
  y: usize,
  status: usize,
  QD: usize,
  act: usize,
  Ki: usize,
  i: i32,
  gmax: f64,
  out: usize,
): i32 {
  const yi = load<f64>(y + ((<usize>i) << 3));
  const qdi = load<f64>(QD + ((<usize>i) << 3));
  let gmax2 = -Infinity;
  let best = Infinity;
  let j = -1;
  for (let t = 0; t < active; t++) {
    const g = load<f64>(G + ((<usize>t) << 3));
    const st = load<u8>(status + <usize>t);
    if (load<f64>(y + ((<usize>t) << 3)) == 1) {
      if (st == LOWER) continue;
      const diff = gmax + g;
      if (g >= gmax2) gmax2 = g;
      if (diff > 0) {
        const k = <f64>load<f32>(Ki + ((<usize>load<i32>(act + ((<usize>t) << 2))) << 2));
        const quad = qdi + load<f64>(QD + ((<usize>t) << 3)) - 2 * yi * (yi * k);
        const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
        if (obj <= best) {
          j = t;
          best = obj;
        }
      }
    } else {
      if (st == UPPER) continue;
      const diff = gmax - g;
      if (-g >= gmax2) gmax2 = -g;
      if (diff > 0) {
        const k = <f64>load<f32>(Ki + ((<usize>load<i32>(act + ((<usize>t) << 2))) << 2));
        const quad = qdi + load<f64>(QD + ((<usize>t) << 3)) + 2 * yi * (-yi * k);
        const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
        if (obj <= best) {
          j = t;
          best = obj;
        }
      }
    }
  }
  store<f64>(out, gmax2, 8);
  return j;
}

/** G[t] += y[t]·(Ki[act[t]]·si + Kj[act[t]]·sj) over the active positions. */
export function smo_update_g(
  active: i32,
  G: usize,
  y: usize,
  act: usize,
  Ki: usize,
  Kj: usize,
  si: f64,
  sj: f64,
): void {
  for (let t = 0; t < active; t++) {
    const r = (<usize>load<i32>(act + ((<usize>t) << 2))) << 2;
    const p = G + ((<usize>t) << 3);
    const v = <f64>load<f32>(Ki + r) * si + <f64>load<f32>(Kj + r) * sj;
    store<f64>(p, load<f64>(p) + load<f64>(y + ((<usize>t) << 3)) * v);
  }
}

/** libsvm's powi: base^times by repeated squaring (the poly kernel's power, as libsvm computes it). */
function powi(base: f64, times: i32): f64 {
  let tmp = base;
  let ret = 1.0;
  for (let t = times; t > 0; t /= 2) {
    if (t % 2 == 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

/**
 * Turns a row of n dot products ⟨x, y_j⟩ (f32, in place) into kernel values, in float64 and then
 * rounded to f32: kind 1 rbf exp(−γ·max(‖x‖² + ‖y_j‖² − 2⟨x, y_j⟩, 0)) with ‖x‖² = nx and
 * ‖y_j‖² = norms[j] (f64); 2 poly (γ⟨x, y⟩ + coef0)^degree; 3 sigmoid tanh(γ⟨x, y⟩ + coef0).
 */
export function svm_kernel_row_f32(
  row: usize,
  n: i32,
  nx: f64,
  norms: usize,
  kind: i32,
  gamma: f64,
  coef0: f64,
  degree: i32,
): void {
  for (let j = 0; j < n; j++) {
    const p = row + ((<usize>j) << 2);
    const dot = <f64>load<f32>(p);
    let v: f64;
    if (kind == 1) {
      const d2 = nx + load<f64>(norms + ((<usize>j) << 3)) - 2 * dot;
      v = Math.exp(-gamma * (d2 > 0 ? d2 : 0));
    } else if (kind == 2) v = powi(gamma * dot + coef0, degree);
    else v = Math.tanh(gamma * dot + coef0);
    store<f32>(p, <f32>v);
  }
}

/**
 * One-vs-one decision values of `rows` rows of kernel values (`K`, rows × nsv f32): for each pair
 * (a, b) of the k classes, Σ coef·K over class a's support vectors (their coefficients against b,
 * row b − 1 of `coef`) and class b's (row a), plus the intercept; into `out` (rows × pairs f64).
 * `start` (k + 1 i32) bounds each class's support vectors. The TypeScript reference is SVC.ovo.
 */
export function svm_ovo_f32(
  K: usize,
  rows: i32,
  nsv: i32,
  k: i32,
  start: usize,
  coef: usize,
  intercept: usize,
  out: usize,
): void {
  const pairs = (k * (k - 1)) / 2;
  for (let r = 0; r < rows; r++) {
    const kr = K + ((<usize>r * <usize>nsv) << 2);
    let pi = 0;
    for (let a = 0; a < k; a++) {
      const a0 = load<i32>(start + ((<usize>a) << 2));
      const a1 = load<i32>(start + ((<usize>(a + 1)) << 2));
      for (let b = a + 1; b < k; b++, pi++) {
        const b0 = load<i32>(start + ((<usize>b) << 2));
        const b1 = load<i32>(start + ((<usize>(b + 1)) << 2));
        const ca = coef + ((<usize>(b - 1) * <usize>nsv) << 3);
        const cb = coef + ((<usize>a * <usize>nsv) << 3);
        let s = 0.0;
        for (let t = a0; t < a1; t++) {
          s += load<f64>(ca + ((<usize>t) << 3)) * <f64>load<f32>(kr + ((<usize>t) << 2));
        }
        for (let t = b0; t < b1; t++) {
          s += load<f64>(cb + ((<usize>t) << 3)) * <f64>load<f32>(kr + ((<usize>t) << 2));
        }
        store<f64>(
          out + ((<usize>(r * pairs + pi)) << 3),
          s + load<f64>(intercept + ((<usize>pi) << 3)),
        );
      }
    }
  }
}
