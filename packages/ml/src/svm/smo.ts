import { Scratch } from '../kernels/wasm/scratch.js';
import { Dense } from '../kernels/dense.js';
import { faceSolve } from './face-newton.js';
import type { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';

/** Kernel rows of one binary problem, as the solver reads them (by training row). */
export interface KernelRows {
  /** The WASM backend whose memory holds every row `row` returns, or null. */
  backend: WasmSimdBackend | null;
  /** Kernel values of row i against every row of the problem. */
  row(i: number): Float32Array;
  /** K(i, i) in float64. */
  diag(i: number): number;
  /**
   * The whole l×l matrix by problem row, when it is kept whole in the backend's memory (the
   * solver then copies the active block out; see `solve`).
   */
  matrix?: Float32Array;
  release(): void;
}

/** Options of {@link solveSmo} (libsvm's names). */
export interface SmoOptions {
  /** Upper bound of every α (C-SVC, no class weights). */
  C: number;
  /** Stopping tolerance: the maximal violation must fall below it. */
  eps: number;
  /** Iterations at most (Infinity: no limit, sklearn's max_iter = −1). */
  maxIter: number;
  /** libsvm's shrinking heuristic (sklearn's default: on). */
  shrinking: boolean;
  /**
   * Exact Newton steps on the free face between SMO iterations (`'smo-newton'`), or libsvm's
   * path step for step (`'libsvm'`, the default). Both stop at the same maximal-violation test.
   */
  solver?: SmoSolver;
}

/** The SVM dual solvers: libsvm's SMO, or SMO with exact Newton steps on the free face. */
export type SmoSolver = 'libsvm' | 'smo-newton';

/** What {@link solveSmo} found. */
export interface SmoResult {
  /** α by row of the problem. */
  alpha: Float64Array;
  rho: number;
  iterations: number;
  /** The smallest active set the shrinking left (l when nothing was shrunk). */
  minActive: number;
  /** How many times the active block was copied out of the whole matrix (WASM path). */
  blockCopies: number;
  /** Newton steps taken on the free face (0 for libsvm's path). */
  faceSteps: number;
}

/** The WASM exports of assembly/svm.ts. */
interface SmoKernels {
  smo_select_i(active: number, G: number, y: number, up: number, out: number): number;
  smo_select_j(...args: number[]): number;
  smo_update_g(...args: number[]): number;
  smo_add_gbar(...args: number[]): void;
  svm_gram_compact(K: number, l: number, act: number, m: number, out: number): void;
  svm_block_swap(K: number, m: number, a: number, b: number): void;
}

let wasmEnabled = true;

/** Switches the SVM's WASM loops (solver, kernel values) off (false) or back on; for parity tests. */
export function useSvmWasm(on: boolean): void {
  wasmEnabled = on;
}

/** Whether the SVM's WASM loops may run (see {@link useSvmWasm}). */
export function svmWasmEnabled(): boolean {
  return wasmEnabled;
}

/**
 * The active block is copied out of a whole matrix when shrinking has left at most this share of
 * the variables active (of l, or of the block in use).
 */
const COMPACT_SHARE = 0.75;

/**
 * 'smo-newton': the next face step waits until SMO's work (Σ active over its iterations) reaches
 * this share of the last face step's multiply–adds (an SMO unit, two passes over a variable,
 * costs about three of a factorisation's); measured on Fashion-MNIST's hardest pair.
 */
export const FACE_SHARE = 0.3;
/** Newton steps in one face step at most, and factorisations of a changed face among them. */
export const FACE_ROUNDS = 50;
export const FACE_FACTORS = 3;

/** libsvm's TAU: the smallest curvature a working-set update divides by. */
export const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

/**
 * Writes position t's I_up and I_low membership into `up` and `low`, the 64-bit lane masks of
 * the WASM loops (two i32 per position, −1 = member): I_up holds y = +1 below the upper bound
 * and y = −1 above the lower one; I_low the other way round.
 */
export function writeMasks(
  up: Int32Array,
  low: Int32Array,
  y: number,
  status: number,
  t: number,
): void {
  const u = y === 1 ? status !== UPPER : status !== LOWER;
  const w = y === 1 ? status !== LOWER : status !== UPPER;
  up[2 * t] = up[2 * t + 1] = u ? -1 : 0;
  low[2 * t] = low[2 * t + 1] = w ? -1 : 0;
}

/**
 * libsvm's `Solver::Solve` for C-SVC (p = −1, α = 0 at the start), step for step: second-order
 * working-set selection (WSS3), the clipped two-variable update, and with `shrinking` its
 * shrinking heuristic (every min(l, 1000) iterations, bounded variables that cannot move leave
 * the active set; once the violation is below 10·eps the whole gradient is rebuilt from
 * `G_bar` and everything shrinks again from scratch). Variables are swapped as libsvm swaps them,
 * so ties in the selection fall the same way. Returns α by row of the problem and libsvm's rho.
 */
export function solveSmo(K: KernelRows, sign: Float64Array, options: SmoOptions): SmoResult {
  const be = wasmEnabled ? K.backend : null;
  const mem = new Scratch(be);
  try {
    return solve(K, sign, options, be ? (be.exports as unknown as SmoKernels) : null, mem);
  } finally {
    mem.release();
  }
}

function solve(
  K: KernelRows,
  sign: Float64Array,
  options: SmoOptions,
  ex: SmoKernels | null,
  mem: Scratch,
): SmoResult {
  const l = sign.length;
  const { C, eps, maxIter, shrinking } = options;
  // Position-indexed state (in kernel memory for the WASM loops); act[t] is the problem row at
  // position t.
  const act = mem.i32(l);
  const y = mem.f64(l);
  y.set(sign);
  const alpha = new Float64Array(l);
  const G = mem.f64(l).fill(-1);
  const Gbar = mem.f64(l);
  const status = mem.bytes(l).fill(LOWER); // α = 0: every variable at the lower bound
  const QD = mem.f64(l);
  const out = mem.f64(2);
  // The WASM loops' I_up / I_low masks, kept in step with status (see writeMasks).
  const up = ex ? mem.i32(2 * l) : null;
  const low = ex ? mem.i32(2 * l) : null;
  const masks = (t: number) => {
    if (up) writeMasks(up, low!, y[t], status[t], t);
  };
  // The active block. Once shrinking has left few variables active, the loops' kernel rows are
  // long rows of a large matrix read at scattered columns: memory-bound. So the WASM path copies
  // the block of the active positions out of a whole matrix, rows and columns in position order
  // (`block` × `block`), and every swap of two positions swaps their rows and columns in it too:
  // the loops then read rows of the block in order, with no index map. Positions past `block`
  // never become active without an unshrink, which drops the block. The values are the matrix's,
  // so the steps are the same.
  const whole = ex ? (K.matrix ?? null) : null;
  let Kc: Float32Array | null = null;
  let block = 0;
  let blockCopies = 0;
  const dropBlock = () => {
    block = 0;
  };
  const copyBlock = () => {
    const m = active;
    if (block) {
      // The active positions are the block's first m, in order: its top-left corner, moved
      // row by row to the front (each row lands at or before where it was read).
      for (let a = 1; a < m; a++) Kc!.copyWithin(a * m, a * block, a * block + m);
    } else {
      if (!Kc || Kc.length < m * m) {
        if (Kc) mem.be!.free(Kc);
        Kc = mem.be!.alloc('f32', m * m, false);
      }
      ex!.svm_gram_compact(whole!.byteOffset, l, act.byteOffset, m, Kc.byteOffset);
    }
    block = m;
    blockCopies++;
  };
  const considerBlock = () => {
    if (whole && active <= COMPACT_SHARE * (block || l)) copyBlock();
  };
  /** The kernel row of position t as the loops read it (by position in the block, else by row). */
  const loopRow = (t: number): Float32Array =>
    block ? Kc!.subarray(t * block, t * block + block) : K.row(act[t]);
  /**
   * G over the active set += Q_i·s_i + Q_j·s_j from rows Ki, Kj (as loopRow gives them), with
   * Q_it = y_i·y_t·K_it and s = y·Δα. In WASM the same pass finds the next selection's first
   * half (nextI, nextGmax); the TypeScript path has no block (its rows are read through act).
   */
  const updateGradient = (Ki: Float32Array, Kj: Float32Array, si: number, sj: number) => {
    if (ex) {
      nextI = ex.smo_update_g(
        active,
        G.byteOffset,
        y.byteOffset,
        block ? 0 : act.byteOffset,
        Ki.byteOffset,
        Kj.byteOffset,
        si,
        sj,
        up!.byteOffset,
        out.byteOffset,
      );
      nextGmax = out[0];
    } else {
      for (let t = 0; t < active; t++) {
        const r = act[t];
        G[t] += y[t] * (Ki[r] * si + Kj[r] * sj);
      }
    }
  };
  for (let t = 0; t < l; t++) {
    act[t] = t;
    QD[t] = K.diag(t);
    masks(t);
  }
  let active = l;
  let unshrink = false;

  const setStatus = (t: number) => {
    status[t] = alpha[t] >= C ? UPPER : alpha[t] <= 0 ? LOWER : FREE;
  };
  const swapIndex = (a: number, b: number) => {
    for (const arr of [y, G, alpha, Gbar, QD, status, act]) {
      const v = arr[a];
      arr[a] = arr[b];
      arr[b] = v;
    }
    if (block) ex!.svm_block_swap(Kc!.byteOffset, block, a, b);
    masks(a);
    masks(b);
  };
  /** G of the inactive variables, from G_bar and the free ones (libsvm's two loop orders). */
  const reconstructGradient = () => {
    if (active === l) return;
    for (let t = active; t < l; t++) G[t] = Gbar[t] - 1;
    let nFree = 0;
    for (let t = 0; t < active; t++) if (status[t] === FREE) nFree++;
    if (nFree * l > 2 * active * (l - active)) {
      for (let i = active; i < l; i++) {
        const Ki = K.row(act[i]);
        const yi = y[i];
        let g = G[i];
        for (let j = 0; j < active; j++) {
          if (status[j] === FREE) g += alpha[j] * (yi * y[j] * Ki[act[j]]);
        }
        G[i] = g;
      }
    } else {
      for (let i = 0; i < active; i++) {
        if (status[i] !== FREE) continue;
        const Ki = K.row(act[i]);
        const ai = alpha[i];
        const yi = y[i];
        for (let j = active; j < l; j++) G[j] += ai * (yi * y[j] * Ki[act[j]]);
      }
    }
  };
  const beShrunk = (t: number, gmax1: number, gmax2: number) => {
    if (status[t] === UPPER) return y[t] === 1 ? -G[t] > gmax1 : -G[t] > gmax2;
    if (status[t] === LOWER) return y[t] === 1 ? G[t] > gmax2 : G[t] > gmax1;
    return false;
  };
  const doShrinking = () => {
    let gmax1 = -Infinity; // max { −y·G | i in I_up }
    let gmax2 = -Infinity; // max { y·G | i in I_low }
    for (let t = 0; t < active; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t] >= gmax1) gmax1 = -G[t];
        if (status[t] !== LOWER && G[t] >= gmax2) gmax2 = G[t];
      } else {
        if (status[t] !== UPPER && -G[t] >= gmax2) gmax2 = -G[t];
        if (status[t] !== LOWER && G[t] >= gmax1) gmax1 = G[t];
      }
    }
    if (!unshrink && gmax1 + gmax2 <= eps * 10) {
      unshrink = true;
      reconstructGradient();
      active = l;
      dropBlock();
    }
    for (let t = 0; t < active; t++) {
      if (!beShrunk(t, gmax1, gmax2)) continue;
      active--;
      while (active > t) {
        if (!beShrunk(active, gmax1, gmax2)) {
          swapIndex(t, active);
          break;
        }
        active--;
      }
    }
  };
  // The working set WSS3 picked, and row i's kernel values (fetched by the selection).
  let wi = -1;
  let wj = -1;
  let rowI: Float32Array = new Float32Array(0);
  // WSS3's first half as the WASM gradient update found it (i and gmax over the new G), valid
  // until the active set changes.
  let nextI = -2;
  let nextGmax = 0;
  /** WSS3 over the active set; false when optimal within eps. */
  const selectWorkingSet = (): boolean => {
    if (ex) {
      let i = nextI;
      let gmax = nextGmax;
      nextI = -2;
      if (i === -2) {
        i = ex.smo_select_i(active, G.byteOffset, y.byteOffset, up!.byteOffset, out.byteOffset);
        gmax = out[0];
      }
      let j = -1;
      let gmax2 = -Infinity;
      if (i >= 0) {
        rowI = loopRow(i);
        j = ex.smo_select_j(
          active,
          G.byteOffset,
          y.byteOffset,
          low!.byteOffset,
          QD.byteOffset,
          block ? 0 : act.byteOffset,
          rowI.byteOffset,
          i,
          gmax,
          out.byteOffset,
        );
        gmax2 = out[1];
      }
      if (gmax + gmax2 < eps || j < 0) return false;
      wi = i;
      wj = j;
      return true;
    }
    let gmax = -Infinity;
    let gmax2 = -Infinity;
    let i = -1;
    for (let t = 0; t < active; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t] >= gmax) {
          gmax = -G[t];
          i = t;
        }
      } else if (status[t] !== LOWER && G[t] >= gmax) {
        gmax = G[t];
        i = t;
      }
    }
    let j = -1;
    if (i >= 0) {
      const Ki = (rowI = K.row(act[i]));
      const yi = y[i];
      const qdi = QD[i];
      let best = Infinity;
      for (let t = 0; t < active; t++) {
        if (y[t] === 1) {
          if (status[t] === LOWER) continue;
          const diff = gmax + G[t];
          if (G[t] >= gmax2) gmax2 = G[t];
          if (diff > 0) {
            const quad = qdi + QD[t] - 2 * yi * (yi * Ki[act[t]]);
            const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
            if (obj <= best) {
              j = t;
              best = obj;
            }
          }
        } else {
          if (status[t] === UPPER) continue;
          const diff = gmax - G[t];
          if (-G[t] >= gmax2) gmax2 = -G[t];
          if (diff > 0) {
            const quad = qdi + QD[t] + 2 * yi * (-yi * Ki[act[t]]);
            const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
            if (obj <= best) {
              j = t;
              best = obj;
            }
          }
        }
      }
    }
    if (gmax + gmax2 < eps || j < 0) return false;
    wi = i;
    wj = j;
    return true;
  };

  // 'smo-newton': every so often, Newton steps on the free face (face-newton.ts), each searched
  // along its projection onto the box and the equality, so that many variables can reach their
  // bounds at once; the face is refactored when it shrinks (FACE_ROUNDS steps and FACE_FACTORS
  // factorisations at most). SMO goes on from there and its stopping test decides, so the
  // answer meets libsvm's test.
  const newton = options.solver === 'smo-newton';
  let faceSteps = 0;
  let lastFace = 0;
  // SMO's work since the last face step (Σ active over its iterations) and that step's work:
  // the next face step waits until SMO has done FACE_SHARE times as much, so that the face
  // steps cost a bounded share of the time whatever the face's size (counted, not timed, so
  // the path does not depend on the machine).
  let smoWork = 0;
  let faceWork = 0;
  let faceLimit = l;
  const faceStep = (): void => {
    const F: number[] = [];
    for (let t = 0; t < active; t++) if (status[t] === FREE) F.push(t);
    const m = F.length;
    if (m < 2 || m > faceLimit) return;
    const Q = new Float64Array(m * m);
    const g = new Float64Array(m);
    const yf = new Float64Array(m);
    const x = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const row = loopRow(F[a]);
      const ya = y[F[a]];
      g[a] = G[F[a]];
      yf[a] = ya;
      x[a] = alpha[F[a]];
      for (let b = 0; b < m; b++) {
        const fb = F[b];
        Q[a * m + b] = ya * y[fb] * row[block ? fb : act[fb]];
      }
    }
    const dense = new Dense(mem.be);
    let solved;
    try {
      solved = faceSolve(dense, Q, g, yf, x, C, FACE_ROUNDS, FACE_FACTORS, eps * eps);
    } finally {
      dense.release();
    }
    const { decrease, rank, work } = solved;
    // A singular face: no Newton step until SMO has left at most as many variables free as
    // the factorisation got through. A face that was solved shows the rank is at least m:
    // faces a little larger are worth a try.
    faceLimit = rank < m ? rank : Math.max(faceLimit, m + 32);
    faceWork = work;
    if (!(decrease > 0)) return;
    const moved: number[] = [];
    const change: number[] = [];
    for (let a = 0; a < m; a++) {
      const t = F[a];
      const old = alpha[t];
      const v = x[a];
      if (v === old) continue;
      const wasUpper = status[t] === UPPER;
      alpha[t] = v;
      setStatus(t);
      masks(t);
      moved.push(t);
      change.push(y[t] * (v - old));
      if (wasUpper !== (status[t] === UPPER)) {
        addToGbar(Gbar, K.row(act[t]), act, y, y[t], wasUpper ? -C : C, l, ex);
      }
    }
    // G over the active set: Σ Q_t·Δα_t over the moved variables, two rows a pass (the last
    // pass leaves the next selection's first half, as after an SMO update).
    nextI = -2;
    for (let k = 0; k < moved.length; k += 2) {
      const two = k + 1 < moved.length;
      const ri = loopRow(moved[k]);
      updateGradient(ri, two ? loopRow(moved[k + 1]) : ri, change[k], two ? change[k + 1] : 0);
    }
    faceSteps++;
  };

  let counter = Math.min(l, 1000) + 1;
  let iter = 0;
  let minActive = l;
  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (shrinking) {
        nextI = -2;
        doShrinking();
        considerBlock();
        minActive = Math.min(minActive, active);
      }
    }
    if (!selectWorkingSet()) {
      reconstructGradient();
      active = l;
      dropBlock();
      if (!selectWorkingSet()) break;
      counter = 1; // shrink at the next iteration
    }
    iter++;
    const i = wi;
    const j = wj;
    const Ki = rowI;
    const Kj = loopRow(j);
    const yi = y[i];
    const yj = y[j];
    const qij = yi * yj * Ki[block ? j : act[j]];
    const ai = alpha[i];
    const aj = alpha[j];
    updatePair(alpha, i, j, yi, yj, G[i], G[j], QD[i], QD[j], qij, C);
    // α status (and the masks), then G over the active set: Q_i·Δα_i + Q_j·Δα_j, with
    // Q_it = y_i·y_t·K_it (in WASM, with the next selection's first half in the same pass).
    const ui = status[i] === UPPER;
    const uj = status[j] === UPPER;
    setStatus(i);
    setStatus(j);
    masks(i);
    masks(j);
    updateGradient(Ki, Kj, yi * (alpha[i] - ai), yj * (alpha[j] - aj));
    // G_bar: Σ C·Q over the variables at the upper bound.
    // (Over every position: whole rows.)
    if (ui !== (status[i] === UPPER)) {
      addToGbar(Gbar, block ? K.row(act[i]) : Ki, act, y, yi, ui ? -C : C, l, ex);
    }
    if (uj !== (status[j] === UPPER)) {
      addToGbar(Gbar, block ? K.row(act[j]) : Kj, act, y, yj, uj ? -C : C, l, ex);
    }
    if (newton) {
      smoWork += active;
      if (iter - lastFace >= 1000 && smoWork >= FACE_SHARE * faceWork) {
        lastFace = iter;
        smoWork = 0;
        faceStep();
      }
    }
  }
  if (active < l) {
    // Stopped by maxIter while shrunk: the whole gradient for rho.
    reconstructGradient();
    active = l;
  }

  const byRow = new Float64Array(l);
  for (let t = 0; t < l; t++) byRow[act[t]] = alpha[t];
  if (Kc) mem.be!.free(Kc);
  K.release();
  return {
    alpha: byRow,
    rho: calculateRho(alpha, G, y, C),
    iterations: iter,
    minActive,
    blockCopies,
    faceSteps,
  };
}

/**
 * libsvm's two-variable update: α_i and α_j move along the equality yᵀα = const by the Newton
 * step of the pair (gradients G_i, G_j, diagonals QD_i, QD_j, Q_ij = y_i·y_j·K_ij; a curvature
 * ≤ 0 is taken as TAU), then are clipped to [0, C] keeping the equality. In place.
 */
export function updatePair(
  alpha: Float64Array,
  i: number,
  j: number,
  yi: number,
  yj: number,
  Gi: number,
  Gj: number,
  QDi: number,
  QDj: number,
  qij: number,
  C: number,
): void {
  const ai = alpha[i];
  const aj = alpha[j];
  if (yi !== yj) {
    let quad = QDi + QDj + 2 * qij;
    if (quad <= 0) quad = TAU;
    const delta = (-Gi - Gj) / quad;
    const diff = ai - aj;
    alpha[i] += delta;
    alpha[j] += delta;
    if (diff > 0) {
      if (alpha[j] < 0) {
        alpha[j] = 0;
        alpha[i] = diff;
      }
    } else if (alpha[i] < 0) {
      alpha[i] = 0;
      alpha[j] = -diff;
    }
    if (diff > 0) {
      if (alpha[i] > C) {
        alpha[i] = C;
        alpha[j] = C - diff;
      }
    } else if (alpha[j] > C) {
      alpha[j] = C;
      alpha[i] = C + diff;
    }
  } else {
    let quad = QDi + QDj - 2 * qij;
    if (quad <= 0) quad = TAU;
    const delta = (Gi - Gj) / quad;
    const sum = ai + aj;
    alpha[i] -= delta;
    alpha[j] += delta;
    if (sum > C) {
      if (alpha[i] > C) {
        alpha[i] = C;
        alpha[j] = sum - C;
      }
    } else if (alpha[j] < 0) {
      alpha[j] = 0;
      alpha[i] = sum;
    }
    if (sum > C) {
      if (alpha[j] > C) {
        alpha[j] = C;
        alpha[i] = sum - C;
      }
    } else if (alpha[i] < 0) {
      alpha[i] = 0;
      alpha[j] = sum;
    }
  }
}

/**
 * libsvm's `calculate_rho`: the mean of y·G over the free α, else the middle of the bounds the
 * variables at 0 and at C leave.
 */
export function calculateRho(
  alpha: Float64Array,
  G: Float64Array,
  y: Float64Array,
  C: number,
): number {
  let ub = Infinity;
  let lb = -Infinity;
  let free = 0;
  let sum = 0;
  for (let t = 0; t < alpha.length; t++) {
    const yg = y[t] * G[t];
    if (alpha[t] >= C) {
      if (y[t] === -1) ub = Math.min(ub, yg);
      else lb = Math.max(lb, yg);
    } else if (alpha[t] <= 0) {
      if (y[t] === 1) ub = Math.min(ub, yg);
      else lb = Math.max(lb, yg);
    } else {
      free++;
      sum += yg;
    }
  }
  return free > 0 ? sum / free : (ub + lb) / 2;
}

/** G_bar[k] += c·Q_ik for every position k (c = ±C), Q_ik = y_i·y_k·K_ik. */
function addToGbar(
  Gbar: Float64Array,
  Ki: Float32Array,
  act: Int32Array,
  y: Float64Array,
  yi: number,
  c: number,
  l: number,
  ex: SmoKernels | null,
): void {
  if (ex) ex.smo_add_gbar(l, Gbar.byteOffset, y.byteOffset, act.byteOffset, Ki.byteOffset, yi, c);
  else for (let k = 0; k < l; k++) Gbar[k] += c * (yi * y[k] * Ki[act[k]]);
}
