// Kernels of the linear models (SGD engine, liblinear solvers): float32 rows against float64
// weights. Every sum reproduces the TypeScript reference bit for bit: four partial sums by
// j mod 4 (two f64x2 accumulators), combined as (s0 + s1) + (s2 + s3), remainder into s0; the
// float32 → float64 widening is exact and wasm has no fused multiply-add, so each product and
// each update is the one the TypeScript code computes.

import { randInt } from './random';

/** Σ x[j]·w[j], x f32 and w f64, in the order of `dotRow` (liblinear/problem.ts). */
export function dot_f32_f64(n: i32, x: usize, w: usize): f64 {
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const xo = x + ((<usize>j) << 2);
    const wo = w + ((<usize>j) << 3);
    s01 = f64x2.add(s01, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xo)), v128.load(wo)));
    s23 = f64x2.add(
      s23,
      f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xo, 8)), v128.load(wo, 16)),
    );
  }
  return finish_dot(s01, s23, x, w, j, n);
}

/**
 * The last steps of `dot_f32_f64`'s order: lane 0 of s01, plus x[j]·w[j] for the tail j..n in
 * order, plus lane 1, plus (s23's two lanes). The fused kernels end with it too, so their dots
 * are `dot_f32_f64`'s bit for bit.
 */
function finish_dot(s01: v128, s23: v128, x: usize, w: usize, j: i32, n: i32): f64 {
  let s0 = f64x2.extract_lane(s01, 0);
  for (; j < n; j++) {
    s0 += <f64>load<f32>(x + ((<usize>j) << 2)) * load<f64>(w + ((<usize>j) << 3));
  }
  return (
    s0 + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1))
  );
}

/** w[j] += a·x[j], x f32 and w f64. */
export function axpy_f32_f64(n: i32, a: f64, x: usize, w: usize): void {
  const va = f64x2.splat(a);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const xo = x + ((<usize>j) << 2);
    const wo = w + ((<usize>j) << 3);
    v128.store(
      wo,
      f64x2.add(v128.load(wo), f64x2.mul(va, f64x2.promote_low_f32x4(v128.load64_zero(xo)))),
    );
    v128.store(
      wo,
      f64x2.add(v128.load(wo, 16), f64x2.mul(va, f64x2.promote_low_f32x4(v128.load64_zero(xo, 8)))),
      16,
    );
  }
  for (; j < n; j++) {
    const wo = w + ((<usize>j) << 3);
    store<f64>(wo, load<f64>(wo) + a * <f64>load<f32>(x + ((<usize>j) << 2)));
  }
}

/**
 * `axpy_f32_f64` (w += a·x) that also returns the new w·xn for the next row xn, summed exactly as
 * `dot_f32_f64` does: the SGD engine's update and its next dot in one pass over the weights.
 */
export function axpy_dot_f32_f64(n: i32, a: f64, x: usize, w: usize, xn: usize): f64 {
  const va = f64x2.splat(a);
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const xo = x + ((<usize>j) << 2);
    const wo = w + ((<usize>j) << 3);
    const xno = xn + ((<usize>j) << 2);
    const w01 = f64x2.add(
      v128.load(wo),
      f64x2.mul(va, f64x2.promote_low_f32x4(v128.load64_zero(xo))),
    );
    const w23 = f64x2.add(
      v128.load(wo, 16),
      f64x2.mul(va, f64x2.promote_low_f32x4(v128.load64_zero(xo, 8))),
    );
    v128.store(wo, w01);
    v128.store(wo, w23, 16);
    s01 = f64x2.add(s01, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xno)), w01));
    s23 = f64x2.add(s23, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xno, 8)), w23));
  }
  const n4 = j;
  for (; j < n; j++) {
    const wo = w + ((<usize>j) << 3);
    store<f64>(wo, load<f64>(wo) + a * <f64>load<f32>(x + ((<usize>j) << 2)));
  }
  return finish_dot(s01, s23, xn, w, n4, n);
}

/*
 * The truncations use the pseudo-min/max (one minpd/maxpd; the IEEE f64x2.min/max cost V8 about
 * eight instructions each): pmax(0, t) = t > 0 ? t : +0 and pmin(t, 0) = 0 < t ? +0 : t equal
 * Math.max(0, t) and Math.min(0, t) for every t but NaN, signed zeros included. t is NaN only
 * once a weight or q has overflowed to infinity (then the two paths may differ; both report the
 * weights non-finite).
 */

/** One pair of weights of the L1 step when wscale is 1 (no L2 part): returns the new pair. */
function l1_pair_unit(wo: usize, qo: usize, xo: usize, add: i32, vc: v128, vu: v128): v128 {
  const zero = f64x2.splat(0);
  let z = v128.load(wo);
  if (add) z = f64x2.add(z, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xo)), vc));
  const qv = v128.load(qo);
  const tpos = f64x2.pmax(zero, f64x2.sub(z, f64x2.add(vu, qv)));
  const tneg = f64x2.pmin(f64x2.add(z, f64x2.sub(vu, qv)), zero);
  const nz = v128.bitselect(tpos, v128.bitselect(tneg, z, f64x2.lt(z, zero)), f64x2.gt(z, zero));
  v128.store(wo, nz);
  v128.store(qo, f64x2.add(qv, f64x2.sub(nz, z)));
  return nz;
}

/** One pair of weights of the L1 step with a weight scale: returns the new pair. */
function l1_pair_scaled(
  wo: usize,
  qo: usize,
  xo: usize,
  add: i32,
  vc: v128,
  vu: v128,
  vs: v128,
): v128 {
  const zero = f64x2.splat(0);
  let z = v128.load(wo);
  if (add) z = f64x2.add(z, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xo)), vc));
  const qv = v128.load(qo);
  const wz = f64x2.mul(vs, z);
  const tpos = f64x2.pmax(zero, f64x2.sub(z, f64x2.div(f64x2.add(vu, qv), vs)));
  const tneg = f64x2.pmin(f64x2.add(z, f64x2.div(f64x2.sub(vu, qv), vs)), zero);
  const nz = v128.bitselect(tpos, v128.bitselect(tneg, z, f64x2.lt(wz, zero)), f64x2.gt(wz, zero));
  v128.store(wo, nz);
  v128.store(qo, f64x2.add(qv, f64x2.mul(vs, f64x2.sub(nz, z))));
  return nz;
}

/**
 * The SGD engine's L1 step (Tsuruoka's cumulative truncation), fused with the update
 * w += c·x when `add` is 1; see sgd-engine.ts for the scalar reference it reproduces. When `xn`
 * (the next row) is not 0, also returns the new w·xn, summed exactly as `dot_f32_f64` does, so
 * the engine skips that row's separate dot pass (0 otherwise).
 */
export function sgd_l1_step(
  n: i32,
  add: i32,
  c: f64,
  x: usize,
  w: usize,
  q: usize,
  u: f64,
  wscale: f64,
  xn: usize,
): f64 {
  const vc = f64x2.splat(c);
  const vu = f64x2.splat(u);
  const vs = f64x2.splat(wscale);
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  const unit = wscale == 1;
  let j = 0;
  // Without an L2 part the scale stays 1 (the Perceptron, pure L1): x/1 and 1·x are exact, so
  // the unit variant is the same arithmetic without the divisions.
  for (; j + 4 <= n; j += 4) {
    const wo = w + ((<usize>j) << 3);
    const qo = q + ((<usize>j) << 3);
    const xo = x + ((<usize>j) << 2);
    const nz0 = unit
      ? l1_pair_unit(wo, qo, xo, add, vc, vu)
      : l1_pair_scaled(wo, qo, xo, add, vc, vu, vs);
    const nz1 = unit
      ? l1_pair_unit(wo + 16, qo + 16, xo + 8, add, vc, vu)
      : l1_pair_scaled(wo + 16, qo + 16, xo + 8, add, vc, vu, vs);
    if (xn) {
      const xno = xn + ((<usize>j) << 2);
      s01 = f64x2.add(s01, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xno)), nz0));
      s23 = f64x2.add(s23, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(xno, 8)), nz1));
    }
  }
  const n4 = j;
  for (; j + 2 <= n; j += 2) {
    const wo = w + ((<usize>j) << 3);
    const qo = q + ((<usize>j) << 3);
    const xo = x + ((<usize>j) << 2);
    if (unit) l1_pair_unit(wo, qo, xo, add, vc, vu);
    else l1_pair_scaled(wo, qo, xo, add, vc, vu, vs);
  }
  for (; j < n; j++) {
    const wo = w + ((<usize>j) << 3);
    const qo = q + ((<usize>j) << 3);
    let z = load<f64>(wo);
    if (add) z = z + <f64>load<f32>(x + ((<usize>j) << 2)) * c;
    const qj = load<f64>(qo);
    let nz = z;
    if (wscale * z > 0) nz = max<f64>(0, z - (u + qj) / wscale);
    else if (wscale * z < 0) nz = min<f64>(0, z + (u - qj) / wscale);
    store<f64>(wo, nz);
    store<f64>(qo, qj + wscale * (nz - z));
  }
  return xn ? finish_dot(s01, s23, xn, w, n4, n) : 0;
}

/** w·x_i with liblinear's bias feature (bias > 0: weight w[d]). */
function dotRowB(d: i32, bias: f64, x: usize, i: i32, w: usize): f64 {
  const s = dot_f32_f64(d, x + ((<usize>i * <usize>d) << 2), w);
  return bias > 0 ? s + bias * load<f64>(w + ((<usize>d) << 3)) : s;
}

/** w += a·x_i with liblinear's bias feature. */
function axpyRowB(d: i32, bias: f64, x: usize, i: i32, a: f64, w: usize): void {
  axpy_f32_f64(d, a, x + ((<usize>i * <usize>d) << 2), w);
  if (bias > 0) {
    const wo = w + ((<usize>d) << 3);
    store<f64>(wo, load<f64>(wo) + a * bias);
  }
}

/** z[i] = w·x_i for every row (bias feature included). */
export function rows_dot_f32_f64(n: i32, d: i32, bias: f64, x: usize, w: usize, z: usize): void {
  for (let i = 0; i < n; i++) store<f64>(z + ((<usize>i) << 3), dotRowB(d, bias, x, i, w));
}

/** g += a[i]·x_i for every row with a[i] ≠ 0, in row order (bias feature included). */
export function rows_axpy_f32_f64(n: i32, d: i32, bias: f64, x: usize, a: usize, g: usize): void {
  for (let i = 0; i < n; i++) {
    const ai = load<f64>(a + ((<usize>i) << 3));
    if (ai != 0) axpyRowB(d, bias, x, i, ai, g);
  }
}

/** TRON's fused Hessian-vector product: out += Σ_i (C·D[i]·(v·x_i))·x_i (out = v on entry). */
export function tron_hv(
  n: i32,
  d: i32,
  bias: f64,
  x: usize,
  D: usize,
  C: f64,
  v: usize,
  out: usize,
): void {
  for (let i = 0; i < n; i++) {
    const a = C * load<f64>(D + ((<usize>i) << 3)) * dotRowB(d, bias, x, i, v);
    if (a != 0) axpyRowB(d, bias, x, i, a, out);
  }
}

/**
 * liblinear's dual coordinate descent for one problem "class `pos` against the rest" (see
 * liblinear/dual-cd-svc.ts, the reference it reproduces step by step). qd: Q_ii + diag (n f64);
 * w: nw zeros (out); alpha: n f64 scratch; index: n i32 scratch; rng: 4 u32 state words;
 * res: [iterations, converged] (f64, out).
 */
export function dcd_solve(
  n: i32,
  d: i32,
  bias: f64,
  x: usize,
  y: usize,
  pos: i32,
  qd: usize,
  diag: f64,
  upper: f64,
  tol: f64,
  maxIter: i32,
  rng: usize,
  w: usize,
  alpha: usize,
  index: usize,
  res: usize,
): void {
  for (let i = 0; i < n; i++) {
    store<i32>(index + ((<usize>i) << 2), i);
    store<f64>(alpha + ((<usize>i) << 3), 0);
  }
  let active = n;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iter = 0;
  let converged = 0;
  while (iter < maxIter) {
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let i = 0; i < active; i++) {
      const j = i + <i32>randInt(rng, <u32>(active - i));
      const ti = load<i32>(index + ((<usize>i) << 2));
      store<i32>(index + ((<usize>i) << 2), load<i32>(index + ((<usize>j) << 2)));
      store<i32>(index + ((<usize>j) << 2), ti);
    }
    for (let s = 0; s < active; s++) {
      const i = load<i32>(index + ((<usize>s) << 2));
      const yi: f64 = load<i32>(y + ((<usize>i) << 2)) == pos ? 1 : -1;
      const ao = alpha + ((<usize>i) << 3);
      const ai = load<f64>(ao);
      const G = yi * dotRowB(d, bias, x, i, w) - 1 + ai * diag;
      let pg: f64 = 0;
      if (ai == 0) {
        if (G > pgMaxOld) {
          active--;
          store<i32>(index + ((<usize>s) << 2), load<i32>(index + ((<usize>active) << 2)));
          store<i32>(index + ((<usize>active) << 2), i);
          s--;
          continue;
        }
        if (G < 0) pg = G;
      } else if (ai == upper) {
        if (G < pgMinOld) {
          active--;
          store<i32>(index + ((<usize>s) << 2), load<i32>(index + ((<usize>active) << 2)));
          store<i32>(index + ((<usize>active) << 2), i);
          s--;
          continue;
        }
        if (G > 0) pg = G;
      } else pg = G;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      const q = load<f64>(qd + ((<usize>i) << 3));
      if (abs<f64>(pg) > 1e-12 && q > 0) {
        const next = min<f64>(max<f64>(ai - G / q, 0), upper);
        store<f64>(ao, next);
        axpyRowB(d, bias, x, i, (next - ai) * yi, w);
      }
    }
    iter++;
    if (pgMax - pgMin <= tol) {
      if (active == n) {
        converged = 1;
        break;
      }
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
  }
  store<f64>(res, <f64>iter);
  store<f64>(res, <f64>converged, 8);
}

/**
 * One thread's share of a one-vs-rest dual CD fit: takes problems from the shared counter `ctr`
 * (i32, atomic) until all P are taken. Per problem k: positive class pos[k] (i32), rng state at
 * rngs + 16k, weights at w + 8·nw·k, results at res + 16k. scratch: this thread's n f64 + n i32.
 */
export function dcd_ovr(
  P: i32,
  ctr: usize,
  n: i32,
  d: i32,
  bias: f64,
  x: usize,
  y: usize,
  pos: usize,
  qd: usize,
  diag: f64,
  upper: f64,
  tol: f64,
  maxIter: i32,
  rngs: usize,
  w: usize,
  res: usize,
  scratch: usize,
): void {
  const nw = bias > 0 ? d + 1 : d;
  for (;;) {
    const k = atomic.add<i32>(ctr, 1);
    if (k >= P) return;
    dcd_solve(
      n,
      d,
      bias,
      x,
      y,
      load<i32>(pos + ((<usize>k) << 2)),
      qd,
      diag,
      upper,
      tol,
      maxIter,
      rngs + ((<usize>k) << 4),
      w + ((<usize>k * <usize>nw) << 3),
      scratch,
      scratch + ((<usize>n) << 3),
      res + ((<usize>k) << 4),
    );
  }
}

/**
 * Decision values out[i·P + p] = x_i·w_p + b[p] (x f32 n×d, w f64 P×d, b f64 P), in the order of
 * `linearScores` (linear-decision.ts): two partial sums by j mod 2 (one f64x2 register), summed
 * as s0 + s1, then the intercept.
 */
export function linear_scores_f32_f64(
  n: i32,
  d: i32,
  P: i32,
  x: usize,
  w: usize,
  b: usize,
  out: usize,
): void {
  for (let i = 0; i < n; i++) {
    const xi = x + ((<usize>i * <usize>d) << 2);
    for (let p = 0; p < P; p++) {
      const wp = w + ((<usize>p * <usize>d) << 3);
      let s = f64x2.splat(0);
      let j = 0;
      for (; j + 2 <= d; j += 2) {
        const xv = f64x2.promote_low_f32x4(v128.load64_zero(xi + ((<usize>j) << 2)));
        s = f64x2.add(s, f64x2.mul(xv, v128.load(wp + ((<usize>j) << 3))));
      }
      let s0 = f64x2.extract_lane(s, 0);
      if (j < d) s0 += <f64>load<f32>(xi + ((<usize>j) << 2)) * load<f64>(wp + ((<usize>j) << 3));
      store<f64>(
        out + ((<usize>(i * P + p)) << 3),
        s0 + f64x2.extract_lane(s, 1) + load<f64>(b + ((<usize>p) << 3)),
      );
    }
  }
}

/**
 * newGLMNET's per-feature pass (liblinear/newglmnet-logistic.ts): with x the feature's column
 * (n f32), out[0] = Σ x[i]²·D[i] and out[1] = Σ x[i]·tau[i], each in four partial sums by
 * i mod 4 combined as (s0 + s1) + (s2 + s3).
 */
export function glmnet_hess_grad(n: i32, x: usize, D: usize, tau: usize, out: usize): void {
  let h01 = f64x2.splat(0);
  let h23 = f64x2.splat(0);
  let t01 = f64x2.splat(0);
  let t23 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xo = x + ((<usize>i) << 2);
    const o = (<usize>i) << 3;
    const v01 = f64x2.promote_low_f32x4(v128.load64_zero(xo));
    const v23 = f64x2.promote_low_f32x4(v128.load64_zero(xo, 8));
    h01 = f64x2.add(h01, f64x2.mul(f64x2.mul(v01, v01), v128.load(D + o)));
    h23 = f64x2.add(h23, f64x2.mul(f64x2.mul(v23, v23), v128.load(D + o, 16)));
    t01 = f64x2.add(t01, f64x2.mul(v01, v128.load(tau + o)));
    t23 = f64x2.add(t23, f64x2.mul(v23, v128.load(tau + o, 16)));
  }
  let h0 = f64x2.extract_lane(h01, 0);
  let t0 = f64x2.extract_lane(t01, 0);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + ((<usize>i) << 2));
    const o = (<usize>i) << 3;
    h0 += v * v * load<f64>(D + o);
    t0 += v * load<f64>(tau + o);
  }
  store<f64>(
    out,
    h0 + f64x2.extract_lane(h01, 1) + (f64x2.extract_lane(h23, 0) + f64x2.extract_lane(h23, 1)),
  );
  store<f64>(
    out,
    t0 + f64x2.extract_lane(t01, 1) + (f64x2.extract_lane(t23, 0) + f64x2.extract_lane(t23, 1)),
    8,
  );
}

/**
 * newGLMNET's coordinate-descent gradient term Σ x[i]·D[i]·xTd[i] (x f32, D and xTd f64), in
 * four partial sums by i mod 4 combined as (s0 + s1) + (s2 + s3).
 */
export function glmnet_cd_dot(n: i32, x: usize, D: usize, xTd: usize): f64 {
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xo = x + ((<usize>i) << 2);
    const o = (<usize>i) << 3;
    const v01 = f64x2.promote_low_f32x4(v128.load64_zero(xo));
    const v23 = f64x2.promote_low_f32x4(v128.load64_zero(xo, 8));
    s01 = f64x2.add(s01, f64x2.mul(f64x2.mul(v01, v128.load(D + o)), v128.load(xTd + o)));
    s23 = f64x2.add(s23, f64x2.mul(f64x2.mul(v23, v128.load(D + o, 16)), v128.load(xTd + o, 16)));
  }
  let s0 = f64x2.extract_lane(s01, 0);
  for (; i < n; i++) {
    const o = (<usize>i) << 3;
    s0 += <f64>load<f32>(x + ((<usize>i) << 2)) * load<f64>(D + o) * load<f64>(xTd + o);
  }
  return (
    s0 + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1))
  );
}
