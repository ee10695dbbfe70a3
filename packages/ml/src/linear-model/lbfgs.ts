/** Options of {@link lbfgs}; defaults are scipy's `minimize(method='L-BFGS-B')` as sklearn calls it. */
export interface LbfgsOptions {
  /** Maximum iterations (sklearn's max_iter); default 100. */
  maxIter?: number;
  /** Stop when max |gradient component| ≤ gtol (sklearn passes tol); default 1e-4. */
  gtol?: number;
  /** Stop when the relative decrease of f ≤ ftol; default 64 × machine ε (scipy's factr 1e7 × ε). */
  ftol?: number;
  /** Number of correction pairs kept; default 10. */
  m?: number;
  /** Line-search evaluations per iteration; default 20. */
  maxLs?: number;
}

/** Result of {@link lbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  nIter: number;
  converged: boolean;
}

/**
 * Unconstrained L-BFGS (Nocedal 1980; Liu & Nocedal 1989) with the two-loop recursion and a
 * bracketing weak-Wolfe line search (c1 = 1e-4, c2 = 0.9). On unconstrained problems this is the
 * method scipy's L-BFGS-B reduces to; the stopping tests (projected-gradient max-norm ≤ gtol,
 * relative decrease ≤ ftol, iteration cap) are scipy's, so `converged` means what sklearn's
 * missing ConvergenceWarning means. `fg(x, g)` returns f(x) and writes ∇f(x) into g.
 */
export function lbfgs(
  fg: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const maxIter = options.maxIter ?? 100;
  const gtol = options.gtol ?? 1e-4;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const m = options.m ?? 10;
  const maxLs = options.maxLs ?? 20;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const a = new Float64Array(m);
  let f = fg(x, g);
  let iter = 0;
  let converged = maxAbs(g) <= gtol;
  while (!converged && iter < maxIter) {
    // Two-loop recursion: dir = −H g.
    for (let j = 0; j < n; j++) dir[j] = -g[j];
    const k = S.length;
    for (let i = k - 1; i >= 0; i--) {
      a[i] = rho[i] * dot(S[i], dir);
      axpy(-a[i], Y[i], dir);
    }
    if (k > 0) {
      const gamma = dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]);
      for (let j = 0; j < n; j++) dir[j] *= gamma;
    }
    for (let i = 0; i < k; i++) {
      const b = rho[i] * dot(Y[i], dir);
      axpy(a[i] - b, S[i], dir);
    }
    let gd = dot(g, dir);
    if (!(gd < 0)) {
      // Not a descent direction (rounding): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < n; j++) dir[j] = -g[j];
      gd = dot(g, dir);
    }
    // First step (no curvature yet): unit length, as L-BFGS-B.
    let t = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(dir, dir))) : 1;
    let lo = 0;
    let hi = Infinity;
    let fNew = f;
    let ok = false;
    for (let ls = 0; ls < maxLs; ls++) {
      for (let j = 0; j < n; j++) xNew[j] = x[j] + t * dir[j];
      fNew = fg(xNew, gNew);
      if (!(fNew <= f + 1e-4 * t * gd)) hi = t;
      else if (dot(gNew, dir) < 0.9 * gd) lo = t;
      else {
        ok = true;
        break;
      }
      t = hi < Infinity ? 0.5 * (lo + hi) : 2 * t;
    }
    if (!ok && !(fNew < f)) break; // the line search found no decrease: stop where we are
    iter++;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = xNew[j] - x[j];
      yv[j] = gNew[j] - g[j];
    }
    const sy = dot(s, yv);
    if (sy > 2.2e-16 * dot(yv, yv)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (maxAbs(g) <= gtol) converged = true;
    else if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) converged = true;
  }
  return { x, f, nIter: iter, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += alpha * x[j];
}

function maxAbs(g: Float64Array): number {
  let m = 0;
  for (let j = 0; j < g.length; j++) m = Math.max(m, Math.abs(g[j]));
  return m;
}
