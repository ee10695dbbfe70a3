// libsvm's SMO inner loops (src/svm/smo.ts): the working-set selection (WSS3) and the gradient
// update over the active variables, in exactly the arithmetic of the TypeScript reference, so
// both paths take the same steps (tested). Position-indexed state: G, y (±1), QD as f64; `up`
// and `low` as one 64-bit lane mask per position (all ones where the position is in I_up, resp.
// I_low; smo.ts keeps them in step with the α status). Kernel rows are f32: rows of the whole
// matrix by problem row, read through act (position → problem row, i32), or, with act = 0, rows
// of the solver's active block, already in position order. Two positions at a time: each lane keeps its own running
// best (the later index on ties), and the lanes and an odd last position are merged in position
// order, which is the scan's result. A lane's running best is one pmax/pmin of the candidate
// (masked to ∓∞ where it may not be taken, NaN included): pmax(v, best) = v < best ? best : v is
// the scan's `v >= best ? v : best`, and pmin(v, best) its `v <= best ? v : best`, so the loop-
// carried chain is a single instruction; the index follows from the same comparison.

const TAU: f64 = 1e-12;

/**
 * a where `mask` is set, else b, for lane masks that are all ones or all zeros (comparisons and
 * the I_up/I_low masks): one blend instruction in the relaxed-SIMD build, where relaxed
 * laneselect is exactly bitselect for such masks.
 */
function pick(a: v128, b: v128, mask: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i64x2.relaxed_laneselect(a, b, mask);
  return v128.bitselect(a, b, mask);
}

/**
 * Kernel values of positions p and p + 1 (byte offset p << 3 given as `p8`) from row `K`: read
 * in order when `act` is 0 (a row of the solver's position-ordered block), else gathered through
 * act (a row of the whole matrix, by problem row).
 */
function kernelPair(K: usize, act: usize, p8: usize): v128 {
  if (act == 0) return f64x2.promote_low_f32x4(v128.load64_zero(K + (p8 >> 1)));
  const a = act + (p8 >> 1);
  return f64x2.replace_lane(
    f64x2.splat(<f64>load<f32>(K + ((<usize>load<i32>(a)) << 2))),
    1,
    <f64>load<f32>(K + ((<usize>load<i32>(a, 4)) << 2)),
  );
}

/** Kernel value of position p from row `K` (see `kernelPair`). */
function kernelAt(K: usize, act: usize, p: usize): f64 {
  return <f64>load<f32>(K + ((act == 0 ? p : <usize>load<i32>(act + (p << 2))) << 2));
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

/** An odd last position p (−y·G = v) after the lanes: the scan's last step of `smo_select_i`. */
function lastI(i: i32, p: usize, v: f64, up: usize, out: usize): i32 {
  if (load<i64>(up + (p << 3)) != 0 && v >= load<f64>(out)) {
    store<f64>(out, v);
    return <i32>p;
  }
  return i;
}

/**
 * WSS3, first half: the i maximising −y·G over I_up; gmax goes to out[0]. Returns i or −1.
 * −y·G is −G for y = +1 and G for y = −1, exactly.
 */
export function smo_select_i(active: i32, G: usize, y: usize, up: usize, out: usize): i32 {
  const minusInf = f64x2.splat(-Infinity);
  let best = minusInf;
  let idx = i64x2.splat(-1);
  let pos = i64x2(0, 1);
  const two = i64x2.splat(2);
  const n = active & ~1;
  for (let t = 0; t < n; t += 2) {
    const p = (<usize>t) << 3;
    const v = f64x2.neg(f64x2.mul(v128.load(y + p), v128.load(G + p)));
    const ok = v128.and(v128.load(up + p), f64x2.eq(v, v));
    idx = pick(pos, idx, v128.and(ok, f64x2.ge(v, best)));
    best = f64x2.pmax(pick(v, minusInf, ok), best);
    pos = i64x2.add(pos, two);
  }
  const i = lastMax(best, idx, out);
  if (n == active) return i;
  const p = <usize>n;
  return lastI(i, p, -(load<f64>(y + (p << 3)) * load<f64>(G + (p << 3))), up, out);
}

/**
 * WSS3, second half: the j that minimises the second-order objective −(Δ²)/quad against i (row
 * `Ki` of i's kernel values) over I_low (`low`); gmax2, the largest y·G over I_low, goes to
 * out[1] (it only enters the stopping test, where the sign of a zero does not matter). Returns j or −1; the later index on ties (libsvm's `<=`). For either sign of y,
 * Δ = gmax + y·G and quad = (QD[i] + QD[t]) − 2·K[i][t], the reference's expressions exactly
 * (y·y·K = K; a + (−b) = a − b).
 */
export function smo_select_j(
  active: i32,
  G: usize,
  y: usize,
  low: usize,
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
  const plusInf = f64x2.splat(Infinity);
  const minusInf = f64x2.splat(-Infinity);
  let gmax2 = minusInf;
  let best = plusInf;
  let idx = i64x2.splat(-1);
  let pos = i64x2(0, 1);
  const step = i64x2.splat(2);
  const n = active & ~1;
  for (let t = 0; t < n; t += 2) {
    const p = (<usize>t) << 3;
    const yg = f64x2.mul(v128.load(y + p), v128.load(G + p));
    const ok = v128.load(low + p);
    const okg = v128.and(ok, f64x2.eq(yg, yg));
    gmax2 = f64x2.pmax(pick(yg, minusInf, okg), gmax2);
    const diff = f64x2.add(gm, yg);
    const k = kernelPair(Ki, act, p);
    const quad = f64x2.sub(f64x2.add(qdi, v128.load(QD + p)), f64x2.mul(two, k));
    const den = pick(quad, tau, f64x2.gt(quad, zero));
    const obj = f64x2.div(f64x2.neg(f64x2.mul(diff, diff)), den);
    const cand = v128.and(v128.and(ok, f64x2.gt(diff, zero)), f64x2.eq(obj, obj));
    idx = pick(pos, idx, v128.and(cand, f64x2.le(obj, best)));
    best = f64x2.pmin(pick(obj, plusInf, cand), best);
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
  const g0 = f64x2.extract_lane(gmax2, 0);
  const g1 = f64x2.extract_lane(gmax2, 1);
  let g2 = g1 >= g0 ? g1 : g0;
  if (n < active) {
    const p = <usize>n;
    const yg = load<f64>(y + (p << 3)) * load<f64>(G + (p << 3));
    if (load<i64>(low + (p << 3)) != 0) {
      if (yg >= g2) g2 = yg;
      const diff = gmax + yg;
      if (diff > 0) {
        const kv = kernelAt(Ki, act, p);
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
 * kernel values gathered through `act`), in the reference's order of operations; then, in the
 * same pass, the next iteration's `smo_select_i` over the new G (`up` already reflects the new
 * α): returns that i, its gmax in out[0].
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
  up: usize,
  out: usize,
): i32 {
  const vi = f64x2.splat(si);
  const vj = f64x2.splat(sj);
  const minusInf = f64x2.splat(-Infinity);
  let best = minusInf;
  let idx = i64x2.splat(-1);
  let pos = i64x2(0, 1);
  const two = i64x2.splat(2);
  const n = active & ~1;
  for (let t = 0; t < n; t += 2) {
    const p = (<usize>t) << 3;
    const ki = kernelPair(Ki, act, p);
    const kj = kernelPair(Kj, act, p);
    const yv = v128.load(y + p);
    const g = f64x2.add(
      v128.load(G + p),
      f64x2.mul(yv, f64x2.add(f64x2.mul(ki, vi), f64x2.mul(kj, vj))),
    );
    v128.store(G + p, g);
    const v = f64x2.neg(f64x2.mul(yv, g));
    const ok = v128.and(v128.load(up + p), f64x2.eq(v, v));
    idx = pick(pos, idx, v128.and(ok, f64x2.ge(v, best)));
    best = f64x2.pmax(pick(v, minusInf, ok), best);
    pos = i64x2.add(pos, two);
  }
  const i = lastMax(best, idx, out);
  if (n == active) return i;
  const p = <usize>n;
  const gp = G + (p << 3);
  const yp = load<f64>(y + (p << 3));
  const g = load<f64>(gp) + yp * (kernelAt(Ki, act, p) * si + kernelAt(Kj, act, p) * sj);
  store<f64>(gp, g);
  return lastI(i, p, -(yp * g), up, out);
}

/**
 * G_bar[k] += c·(y_i·y[k]·K_i[act[k]]) for every position k < l (c = ±C): a variable reached or
 * left its upper bound. In the reference's order of operations.
 */
export function smo_add_gbar(
  l: i32,
  Gbar: usize,
  y: usize,
  act: usize,
  Ki: usize,
  yi: f64,
  c: f64,
): void {
  for (let k = 0; k < l; k++) {
    const p = (<usize>k) << 3;
    const kv = kernelAt(Ki, act, <usize>k);
    store<f64>(Gbar + p, load<f64>(Gbar + p) + c * (yi * load<f64>(y + p) * kv));
  }
}

/**
 * The block of a whole l×l kernel matrix (f32, by problem row) at the positions 0..m: out[a·m + b]
 * = K[act[a]][act[b]], rows and columns in position order (the solver's active block).
 */
export function svm_gram_compact(K: usize, l: i32, act: usize, m: i32, out: usize): void {
  for (let a = 0; a < m; a++) {
    const src = K + ((<usize>load<i32>(act + ((<usize>a) << 2)) * <usize>l) << 2);
    const dst = out + ((<usize>a * <usize>m) << 2);
    for (let b = 0; b < m; b++) {
      const col = (<usize>load<i32>(act + ((<usize>b) << 2))) << 2;
      store<f32>(dst + ((<usize>b) << 2), load<f32>(src + col));
    }
  }
}

/** Swaps positions a and b of an m×m block (f32, symmetric): rows a and b, then columns a and b. */
export function svm_block_swap(K: usize, m: i32, a: i32, b: i32): void {
  const ra = K + ((<usize>a * <usize>m) << 2);
  const rb = K + ((<usize>b * <usize>m) << 2);
  for (let c = 0; c < m; c++) {
    const o = (<usize>c) << 2;
    const v = load<f32>(ra + o);
    store<f32>(ra + o, load<f32>(rb + o));
    store<f32>(rb + o, v);
  }
  const ca = (<usize>a) << 2;
  const cb = (<usize>b) << 2;
  for (let r = 0; r < m; r++) {
    const row = K + ((<usize>r * <usize>m) << 2);
    const v = load<f32>(row + ca);
    store<f32>(row + ca, load<f32>(row + cb));
    store<f32>(row + cb, v);
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
