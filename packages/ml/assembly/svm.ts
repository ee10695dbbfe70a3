// libsvm's SMO inner loops (src/svm/smo.ts): the working-set selection (WSS3) and the gradient
// update over the active variables, in exactly the arithmetic of the TypeScript reference, so
// both paths take the same steps (tested). Position-indexed state: G, y (±1), QD as f64,
// status as u8 (0 lower bound, 1 upper bound, 2 free), act (position → problem row) as i32;
// kernel rows are f32 by problem row.

const TAU: f64 = 1e-12;
const LOWER: u8 = 0;
const UPPER: u8 = 1;

/**
 * 1 when position t may move in the direction that `up` asks (the I_up set for up = 1: y = +1
 * and not at its upper bound, or y = −1 and not at its lower bound; I_low for up = 0), else 0.
 */
function allowed(status: usize, y: usize, t: usize, up: bool): i64 {
  const st = load<u8>(status + t);
  const pos = load<f64>(y + (t << 3)) == 1;
  return <i64>(st != (pos == up ? UPPER : LOWER));
}

/** A two-lane mask (all ones where 1) from two 0/1 values. */
function mask2(a: i64, b: i64): v128 {
  return i64x2.replace_lane(i64x2.splat(-a), 1, -b);
}

/** The larger of two lanes' (value, index) results, the later index on a tie (as `>=` does). */
function lastMax(v: v128, idx: v128, out: usize): i32 {
  const v0 = f64x2.extract_lane(v, 0);
  const v1 = f64x2.extract_lane(v, 1);
  const i0 = <i32>i64x2.extract_lane(idx, 0);
  const i1 = <i32>i64x2.extract_lane(idx, 1);
  const take1 = v1 > v0 || (v1 == v0 && i1 > i0);
  store<f64>(out, take1 ? v1 : v0);
  return take1 ? i1 : i0;
}

/**
 * WSS3, first half: the i maximising −y·G over I_up; gmax goes to out[0]. Returns i or −1. Two
 * positions at a time: each lane keeps its own running maximum (the later index on ties), then
 * the lanes and the odd last position are merged in position order, which is the scan's result.
 * −y·G is −G for y = +1 and G for y = −1, exactly.
 */
export function smo_select_i(active: i32, G: usize, y: usize, status: usize, out: usize): i32 {
  let best = f64x2.splat(-Infinity);
  let idx = i64x2.splat(-1);
  let pos = i64x2(0, 1);
  const two = i64x2.splat(2);
  const n = active & ~1;
  for (let t = 0; t < n; t += 2) {
    const p = <usize>t;
    const v = f64x2.neg(f64x2.mul(v128.load(y + (p << 3)), v128.load(G + (p << 3))));
    const ok = mask2(allowed(status, y, p, true), allowed(status, y, p + 1, true));
    const take = v128.and(ok, f64x2.ge(v, best));
    best = v128.bitselect(v, best, take);
    idx = v128.bitselect(pos, idx, take);
    pos = i64x2.add(pos, two);
  }
  let i = lastMax(best, idx, out);
  let gmax = load<f64>(out);
  if (n < active) {
    const p = <usize>n;
    const v = -(load<f64>(y + (p << 3)) * load<f64>(G + (p << 3)));
    if (allowed(status, y, p, true) && v >= gmax) {
      gmax = v;
      i = n;
    }
  }
  store<f64>(out, gmax);
  return i;
}

/**
 * WSS3, second half: the j that minimises the second-order objective −(Δ²)/quad against i (row
 * `Ki` of i's kernel values); gmax2 (the largest y·G over I_low) goes to out[1]. Returns j or −1.
 * Two positions at a time, as `smo_select_i`, the later index on ties (libsvm's `<=`). For either
 * sign of y, Δ = gmax + y·G and quad = (QD[i] + QD[t]) − 2·K[i][t], the reference's expressions
 * exactly (y·y·K = K; a + (−b) = a − b).
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
  const qdi = f64x2.splat(load<f64>(QD + ((<usize>i) << 3)));
  const gm = f64x2.splat(gmax);
  const tau = f64x2.splat(TAU);
  const zero = f64x2.splat(0);
  const two = f64x2.splat(2);
  let gmax2 = f64x2.splat(-Infinity);
  let idx2 = i64x2.splat(-1); // where each lane's gmax2 came from (the later one on ties)
  let best = f64x2.splat(Infinity);
  let idx = i64x2.splat(-1);
  let pos = i64x2(0, 1);
  const step = i64x2.splat(2);
  const n = active & ~1;
  for (let t = 0; t < n; t += 2) {
    const p = <usize>t;
    const yg = f64x2.mul(v128.load(y + (p << 3)), v128.load(G + (p << 3)));
    const ok = mask2(allowed(status, y, p, false), allowed(status, y, p + 1, false));
    const up2 = v128.and(ok, f64x2.ge(yg, gmax2));
    gmax2 = v128.bitselect(yg, gmax2, up2);
    idx2 = v128.bitselect(pos, idx2, up2);
    const diff = f64x2.add(gm, yg);
    const k = f64x2.replace_lane(
      f64x2.splat(<f64>load<f32>(Ki + ((<usize>load<i32>(act + (p << 2))) << 2))),
      1,
      <f64>load<f32>(Ki + ((<usize>load<i32>(act + ((p + 1) << 2))) << 2)),
    );
    const quad = f64x2.sub(f64x2.add(qdi, v128.load(QD + (p << 3))), f64x2.mul(two, k));
    const den = v128.bitselect(quad, tau, f64x2.gt(quad, zero));
    const obj = f64x2.div(f64x2.neg(f64x2.mul(diff, diff)), den);
    const take = v128.and(v128.and(ok, f64x2.gt(diff, zero)), f64x2.le(obj, best));
    best = v128.bitselect(obj, best, take);
    idx = v128.bitselect(pos, idx, take);
    pos = i64x2.add(pos, step);
  }
  // The lanes merged: the smaller objective, the later index on a tie.
  const b0 = f64x2.extract_lane(best, 0);
  const b1 = f64x2.extract_lane(best, 1);
  const j0 = <i32>i64x2.extract_lane(idx, 0);
  const j1 = <i32>i64x2.extract_lane(idx, 1);
  const take1 = b1 < b0 || (b1 == b0 && j1 > j0);
  let bestObj = take1 ? b1 : b0;
  let j = take1 ? j1 : j0;
  lastMax(gmax2, idx2, out + 8);
  let g2 = load<f64>(out, 8);
  if (n < active) {
    const p = <usize>n;
    const yg = load<f64>(y + (p << 3)) * load<f64>(G + (p << 3));
    if (allowed(status, y, p, false)) {
      if (yg >= g2) g2 = yg;
      const diff = gmax + yg;
      if (diff > 0) {
        const kv = <f64>load<f32>(Ki + ((<usize>load<i32>(act + (p << 2))) << 2));
        const quad = f64x2.extract_lane(qdi, 0) + load<f64>(QD + (p << 3)) - 2 * kv;
        const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
        if (obj <= bestObj) {
          j = n;
          bestObj = obj;
        }
      }
    }
  }
  store<f64>(out, g2, 8);
  return j;
}

/**
 * G[t] += y[t]·(Ki[act[t]]·si + Kj[act[t]]·sj) over the active positions, two at a time (the
 * kernel values gathered through `act`), in the reference's order of operations.
 */
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
  const vi = f64x2.splat(si);
  const vj = f64x2.splat(sj);
  const n = active & ~1;
  for (let t = 0; t < n; t += 2) {
    const p = <usize>t;
    const r0 = (<usize>load<i32>(act + (p << 2))) << 2;
    const r1 = (<usize>load<i32>(act + ((p + 1) << 2))) << 2;
    const ki = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(Ki + r0)), 1, <f64>load<f32>(Ki + r1));
    const kj = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(Kj + r0)), 1, <f64>load<f32>(Kj + r1));
    const v = f64x2.add(f64x2.mul(ki, vi), f64x2.mul(kj, vj));
    const g = G + (p << 3);
    v128.store(g, f64x2.add(v128.load(g), f64x2.mul(v128.load(y + (p << 3)), v)));
  }
  if (n < active) {
    const p = <usize>n;
    const r = (<usize>load<i32>(act + (p << 2))) << 2;
    const g = G + (p << 3);
    const v = <f64>load<f32>(Ki + r) * si + <f64>load<f32>(Kj + r) * sj;
    store<f64>(g, load<f64>(g) + load<f64>(y + (p << 3)) * v);
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
