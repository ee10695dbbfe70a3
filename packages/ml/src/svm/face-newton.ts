/**
 * Newton steps of an SVM dual on its free face: with the variables at a bound held there,
 * minimise ½αᵀQα − eᵀα over the free ones subject to yᵀα = const. The problem is quadratic:
 *
 *   [Q_FF + δI  y_F] [d]   [−G_F]
 *   [y_Fᵀ        0 ] [μ] = [  0 ]
 *
 * solved through the Cholesky factor of Q_FF + δI: u = (Q+δI)⁻¹G, v = (Q+δI)⁻¹y,
 * μ = −yᵀu / yᵀv, d = −(u + μv). With δ = 0 one step is the face's minimiser. Q_FF is often
 * singular near the optimum of a large-C linear SVM (as many free variables as the kernel's
 * rank, or more) and its float32 kernel values make it indefinite by their rounding, so δ is a
 * small ridge: a Levenberg–Marquardt step, exact on the well-conditioned part of the face and
 * short along its flat directions; repeated steps converge on the face. Each step keeps yᵀα.
 */

import { Dense } from '../kernels/dense.js';

/** The ridges tried, as shares of Q_FF's largest diagonal: the first whose factor exists wins. */
const RIDGES = [1e-10, 1e-7, 1e-6, 1e-5];

/** The factor of one face, Q_FF + δI, and the Newton directions it gives. */
class FaceFactor {
  private constructor(
    private readonly dense: Dense,
    private readonly L: Float64Array,
    private readonly m: number,
    private readonly v: Float64Array,
    private readonly yv: number,
    private readonly u: Float64Array,
  ) {}

  /**
   * Factors Q (m × m, row-major, not modified) with the smallest ridge of {@link RIDGES} that
   * works; `{ rank }` (the pivot the smallest ridge's factorisation stopped at) when none does.
   */
  static of(
    dense: Dense,
    Q: Float64Array,
    y: Float64Array,
    m: number,
  ): FaceFactor | { rank: number } {
    let maxDiag = 0;
    for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, Q[i * m + i]);
    if (!(maxDiag > 0)) return { rank: 0 };
    let rank = m;
    const L = dense.f64(m * m);
    for (const share of RIDGES) {
      L.set(Q.subarray(0, m * m));
      const failed = dense.cholesky(L, m, maxDiag * share, maxDiag * share * 1e-3);
      if (failed >= 0) {
        if (share === RIDGES[0]) rank = failed;
        continue;
      }
      const v = dense.f64(m);
      v.set(y.subarray(0, m));
      dense.cholSolve(L, m, v);
      let yv = 0;
      for (let i = 0; i < m; i++) yv += y[i] * v[i];
      if (yv > 0) return new FaceFactor(dense, L, m, v, yv, dense.f64(m));
    }
    return { rank };
  }

  /** The step d for gradient g (labels y): yᵀd = 0, and Gᵀd < 0 unless g is optimal. */
  direction(g: Float64Array, y: Float64Array): Float64Array {
    const m = this.m;
    const u = this.u;
    u.set(g.subarray(0, m));
    this.dense.cholSolve(this.L, m, u);
    let yu = 0;
    for (let i = 0; i < m; i++) yu += y[i] * u[i];
    const mu = -yu / this.yv;
    const d = new Float64Array(m);
    let yd = 0;
    for (let i = 0; i < m; i++) {
      d[i] = -(u[i] + mu * this.v[i]);
      yd += y[i] * d[i];
    }
    // Remove what rounding left of yᵀd (the step must keep yᵀα).
    for (let i = 0; i < m; i++) d[i] -= (yd / m) * y[i];
    return d;
  }
}

/**
 * Projects v onto { 0 ≤ x ≤ C, yᵀx = r } (y = ±1) in place: x_i = clip(v_i − λ·y_i, 0, C) with
 * the λ that meets the equality. Bisection finds which variables stay inside the box; λ then
 * follows from them exactly, so yᵀx = r up to rounding.
 */
export function projectBoxEquality(v: Float64Array, y: Float64Array, C: number, r: number): void {
  const m = v.length;
  const sumAt = (lam: number) => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const x = v[i] - lam * y[i];
      s += y[i] * (x < 0 ? 0 : x > C ? C : x);
    }
    return s;
  };
  let vmax = 0;
  for (let i = 0; i < m; i++) vmax = Math.max(vmax, Math.abs(v[i]));
  // Σ y·clip(v − λy) falls as λ grows.
  let lo = -(vmax + C);
  let hi = vmax + C;
  for (let it = 0; it < 100 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (sumAt(mid) > r) lo = mid;
    else hi = mid;
  }
  let lam = 0.5 * (lo + hi);
  // λ from the variables inside the box at that λ (the sum is linear in λ there).
  let inside = 0;
  let rest = 0;
  let yvIn = 0;
  for (let i = 0; i < m; i++) {
    const x = v[i] - lam * y[i];
    if (x <= 0) continue;
    if (x >= C) rest += y[i] * C;
    else {
      inside++;
      yvIn += y[i] * v[i];
    }
  }
  if (inside > 0) {
    const exact = (yvIn + rest - r) / inside;
    // Keep it only if it leaves the same variables inside (else bisection's λ stands).
    if (Math.abs(exact - lam) <= 1e-9 * Math.max(1, Math.abs(lam))) lam = exact;
  }
  for (let i = 0; i < m; i++) {
    const x = v[i] - lam * y[i];
    v[i] = x < 0 ? 0 : x > C ? C : x;
  }
}

/** What {@link faceSolve} did. */
export interface FaceSolveResult {
  /** The objective's decrease (≥ 0). */
  decrease: number;
  /** Where the first face could not be factored: its numerical rank; else m. */
  rank: number;
  /** The work done, in multiply–adds (factorisations, solves and searches). */
  work: number;
}

/**
 * Minimises the dual over the free variables `x` (gradient `g`, labels `y`, Hessian block `Q`,
 * m × m row-major), the others held. Each round takes the face's Newton direction and searches
 * along its projection onto { 0 ≤ x ≤ C, yᵀx = const } (the step to the first bound, the full
 * step and its halvings until one does worse; the best of them), so that one round can send
 * many variables to their bounds; those stay there, and the rest form the next round's face
 * (refactored only when it changed, `maxFactors` times at most). Stops when a step changes the objective by less than
 * `tiny`, when nothing decreases it, or after `rounds` rounds. `x` is updated in place.
 */
export function faceSolve(
  dense: Dense,
  Q: Float64Array,
  g: Float64Array,
  y: Float64Array,
  x: Float64Array,
  C: number,
  rounds: number,
  maxFactors: number,
  tiny: number,
): FaceSolveResult {
  const m = x.length;
  const grad = g.slice();
  let S = Array.from({ length: m }, (_, i) => i);
  let decrease = 0;
  let rank = m;
  let work = m * m;
  let factor: FaceFactor | null = null;
  let factored = 0;
  let Qs: Float64Array = new Float64Array(0);
  let ys = new Float64Array(0);
  for (let round = 0; round < rounds && S.length >= 2; round++) {
    const k = S.length;
    if (!factor) {
      if (factored === maxFactors) break;
      factored++;
      work += (k * k * k) / 6 + k * k;
      Qs = dense.f64(k * k);
      ys = new Float64Array(k);
      for (let a = 0; a < k; a++) {
        const row = S[a] * m;
        for (let b = 0; b < k; b++) Qs[a * k + b] = Q[row + S[b]];
        ys[a] = y[S[a]];
      }
      const f = FaceFactor.of(dense, Qs, ys, k);
      if (!(f instanceof FaceFactor)) {
        if (round === 0) rank = f.rank;
        break;
      }
      factor = f;
    }
    const gs = Float64Array.from(S, (i) => grad[i]);
    const xs = Float64Array.from(S, (i) => x[i]);
    const d = factor.direction(gs, ys);
    work += 2 * k * k + m * k;
    let r = 0;
    for (let a = 0; a < k; a++) r += ys[a] * xs[a];
    // The objective's change for a move Δ of the face: gᵀΔ + ½ΔᵀQΔ.
    const trial = dense.f64(k);
    let best = 0;
    let bestDelta: Float64Array | null = null;
    const consider = (cand: Float64Array) => {
      let lin = 0;
      for (let a = 0; a < k; a++) {
        trial[a] = cand[a] - xs[a];
        lin += gs[a] * trial[a];
      }
      const df = lin + 0.5 * dense.quadForm(Qs, k, trial);
      work += k * k;
      if (df < best) {
        best = df;
        bestDelta = trial.slice();
      }
      return df;
    };
    // The step to the first bound along d (inside the box, so yᵀx is kept as it is).
    let ratio = 1;
    for (let a = 0; a < k; a++) {
      const da = d[a];
      const lim = da > 0 ? (C - xs[a]) / da : da < 0 ? -xs[a] / da : Infinity;
      if (lim < ratio) ratio = lim;
    }
    if (ratio > 0) consider(Float64Array.from(xs, (v, a) => v + ratio * d[a]));
    if (ratio < 1) {
      // Halve until a step does worse than the one before it (past the path's best, as a rule).
      let previous = Infinity;
      for (let t = 1; t > 1e-3; t *= 0.5) {
        const cand = Float64Array.from(xs, (v, a) => v + t * d[a]);
        projectBoxEquality(cand, ys, C, r);
        const df = consider(cand);
        if (df >= previous) break;
        previous = df;
      }
    }
    if (!bestDelta) break;
    const delta: Float64Array = bestDelta;
    decrease -= best;
    for (let a = 0; a < k; a++) {
      if (delta[a] === 0) continue;
      const i = S[a];
      x[i] = xs[a] + delta[a];
      if (x[i] < 0) x[i] = 0;
      else if (x[i] > C) x[i] = C;
      const row = i * m; // Q is symmetric: row i is column i
      for (let j = 0; j < m; j++) grad[j] += Q[row + j] * delta[a];
    }
    if (-best < tiny) break;
    const next = S.filter((i) => x[i] > 0 && x[i] < C);
    if (next.length !== k) {
      S = next;
      factor = null;
    }
  }
  return { decrease, rank, work };
}
