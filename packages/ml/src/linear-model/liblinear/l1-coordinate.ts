/**
 * The per-coordinate pieces that liblinear's two l1 solvers share (the primal CD of L1-SVM and
 * newGLMNET's inner CD), with Gp = G + 1 and Gn = G − 1 the one-sided derivatives at w_j.
 */

/**
 * How far coordinate j is from optimality, or −1 when w_j = 0 sits strictly inside the
 * subgradient's bounds by more than `shrinkBound` (gMaxOld / n): the caller shrinks it away.
 */
export function l1Violation(Gp: number, Gn: number, wj: number, shrinkBound: number): number {
  if (wj !== 0) return wj > 0 ? Math.abs(Gp) : Math.abs(Gn);
  if (Gp < 0) return -Gp;
  if (Gn > 0) return Gn;
  return Gp > shrinkBound && Gn < -shrinkBound ? -1 : 0;
}

/** The Newton step of the one-variable l1 subproblem: soft thresholding of −G/H around w_j. */
export function l1Direction(Gp: number, Gn: number, H: number, wj: number): number {
  return Gp < H * wj ? -Gp / H : Gn > H * wj ? -Gn / H : -wj;
}
