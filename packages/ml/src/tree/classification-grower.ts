import type { BinnedMatrix } from './binning.js';
import { Scratch } from '../kernels/wasm/scratch.js';
import { Grower, treeWasm, type TreeConfig } from './grower.js';
import type { Tree } from './tree.js';

export { useTreeWasm, withKernelCodes, type TreeConfig } from './grower.js';

/**
 * Grows one classification tree (sklearn's `DecisionTreeClassifier` builder; see {@link Grower}
 * for the rules it shares with sklearn). `weight` (e.g. bootstrap counts) weighs the class counts.
 * The criteria: Gini (sums of squares updated per code) or entropy (Σ c·log2 c, from a table for
 * integer weights, so equal counts give equal terms). Ties between equally good splits can fall
 * differently from sklearn's (its random feature order and rounding), so trees agree in accuracy,
 * not node for node. The per-feature search runs in WASM (assembly/tree.ts) for one-byte codes,
 * ≤ 32 classes and integer weights, with the same sums in the same order as the TypeScript here.
 */
export function buildTree(
  B: BinnedMatrix,
  y: Int32Array,
  nClasses: number,
  weight: Float64Array | null,
  cfg: TreeConfig,
): Tree {
  let integral = true;
  for (let i = 0; i < B.n && integral; i++) {
    const w = weight ? weight[i] : 1;
    if (w !== Math.floor(w)) integral = false;
  }
  const mem = new Scratch(nClasses <= 32 && integral ? treeWasm(B) : null);
  try {
    return new ClassGrower(B, y, nClasses, weight, cfg, mem, integral).grow();
  } finally {
    mem.release();
  }
}

class ClassGrower extends Grower {
  protected readonly valueWidth: number;
  private readonly K: number;
  private readonly entropy: boolean;
  private readonly y: Int32Array;
  private readonly table: Float64Array | null;
  private readonly hist: Float64Array;
  private readonly cnt: Int32Array;
  /** Per code, a bit per class present (K ≤ 32): the scan touches only those classes. */
  private readonly classBits: Int32Array | null;
  private readonly allClasses: number;
  private readonly touched: Int32Array;
  private readonly order: Int32Array;
  /** Class weights of the current node. */
  private readonly stats: Float64Array;
  private readonly L: Float64Array;
  private readonly R: Float64Array;

  constructor(
    B: BinnedMatrix,
    y: Int32Array,
    k: number,
    weight: Float64Array | null,
    cfg: TreeConfig,
    mem: Scratch,
    integral: boolean,
  ) {
    const yy = mem.i32(B.n);
    yy.set(y);
    super(B, weight, cfg, mem, yy, null);
    this.y = yy;
    this.K = k;
    this.valueWidth = k;
    this.entropy = cfg.criterion === 'entropy';
    // c·log2(c) by table for integer weights (equal counts give equal terms), else computed.
    this.table = this.entropy && integral ? xlogxTable(mem.f64(this.totalWeight + 1)) : null;
    const bins = B.maxBins;
    this.hist = mem.f64(bins * k);
    this.cnt = mem.i32(bins);
    this.classBits = k <= 32 ? mem.i32(bins) : null;
    this.allClasses = k >= 32 ? -1 : (1 << k) - 1;
    this.touched = mem.i32(bins);
    this.order = new Int32Array(bins);
    this.stats = mem.f64(k);
    this.L = mem.f64(k);
    this.R = mem.f64(k);
  }

  private xl(c: number): number {
    return this.table ? this.table[c] : c > 0 ? c * Math.log2(c) : 0;
  }

  /** Impurity of class weights `v` with total `w`. */
  private impurity(v: Float64Array, w: number): number {
    let s = 0;
    if (this.entropy) {
      for (let c = 0; c < this.K; c++) if (v[c] > 0) s -= (v[c] / w) * Math.log2(v[c] / w);
      return s;
    }
    for (let c = 0; c < this.K; c++) s += (v[c] / w) * (v[c] / w);
    return 1 - s;
  }

  protected nodeStats(start: number, end: number): number {
    const { stats, y, sw } = this;
    stats.fill(0);
    for (let j = start; j < end; j++) {
      const s = this.row(j);
      stats[y[s]] += sw[s];
    }
    let w = 0;
    for (let c = 0; c < this.K; c++) w += stats[c];
    return w;
  }

  protected nodeImpurity(wNode: number): number {
    return this.impurity(this.stats, wNode);
  }

  protected nodeValue(): Float64Array {
    return this.stats;
  }

  protected improvement(
    start: number,
    pos: number,
    end: number,
    wNode: number,
    imp: number,
  ): number {
    const { L, R, y, sw, K } = this;
    L.fill(0);
    for (let q = start; q < pos; q++) {
      const s = this.row(q);
      L[y[s]] += sw[s];
    }
    let wL = 0;
    for (let c = 0; c < K; c++) {
      R[c] = this.stats[c] - L[c];
      wL += L[c];
    }
    const wR = wNode - wL;
    return (
      (wNode / this.totalWeight) *
      (imp - (wR / wNode) * this.impurity(R, wR) - (wL / wNode) * this.impurity(L, wL))
    );
  }

  /** Searches feature f over [start, end) with the configured splitter. */
  protected search(f: number, start: number, end: number, wNode: number): boolean {
    if (this.cfg.splitter === 'random') return this.randomOfFeature(f, start, end, wNode);
    if (!this.ex) return this.bestOfFeature(f, start, end, wNode);
    const r = this.ex.tree_best_feature_u8(
      this.colAt(f),
      this.direct ? 0 : this.samples.byteOffset,
      start,
      end,
      this.y.byteOffset,
      this.sw.byteOffset,
      this.K,
      this.hist.byteOffset,
      this.cnt.byteOffset,
      this.classBits!.byteOffset,
      this.touched.byteOffset,
      this.stats.byteOffset,
      this.L.byteOffset,
      this.R.byteOffset,
      this.minLeaf,
      wNode,
      this.entropy ? 1 : 0,
      this.table ? this.table.byteOffset : 0,
      this.bestRec.byteOffset,
    );
    if (r === 1) this.setBest(f, this.bestRec[0], this.bestRec[1], this.bestRec[2]);
    return r >= 0;
  }

  /** Every threshold of feature f (the TypeScript reference of `tree_best_feature_u8`). */
  private bestOfFeature(f: number, start: number, end: number, wNode: number): boolean {
    const { n, K, y, sw, hist, cnt, classBits, touched, order, L, R } = this;
    const codes = this.searchCodes;
    const fo = f * n;
    const bins = this.offsets[f + 1] - this.offsets[f];
    let t = 0;
    for (let j = start; j < end; j++) {
      const s = this.row(j);
      const b = codes[fo + s];
      if (cnt[b]++ === 0) touched[t++] = b;
      const c = y[s];
      hist[b * K + c] += sw[s];
      if (classBits) classBits[b] |= 1 << c;
    }
    if (t > 1) {
      // Nonempty codes in ascending order: sweep them all (up to 1,024, or when most are
      // present), else sort the few.
      let q = 0;
      if (bins > 1024 && t * 8 < bins) {
        const few = touched.slice(0, t).sort();
        for (let i = 0; i < t; i++) order[q++] = few[i];
      } else {
        for (let b = 0; b < bins; b++) if (cnt[b] > 0) order[q++] = b;
      }
      let sqL = 0;
      let sqR = 0;
      let eL = 0;
      let eR = 0;
      for (let c = 0; c < K; c++) {
        L[c] = 0;
        R[c] = this.stats[c];
        if (this.entropy) eR += this.xl(R[c]);
        else sqR += R[c] * R[c];
      }
      let nL = 0;
      let wL = 0;
      const nNode = end - start;
      for (let i = 0; i < t - 1; i++) {
        const b = order[i];
        nL += cnt[b];
        const h = b * K;
        let bits = classBits ? classBits[b] : this.allClasses;
        while (bits !== 0) {
          const c = 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
          const a = hist[h + c];
          if (a === 0) continue;
          if (this.entropy) {
            eL += this.xl(L[c] + a) - this.xl(L[c]);
            eR += this.xl(R[c] - a) - this.xl(R[c]);
          } else {
            sqL += a * (2 * L[c] + a);
            sqR -= a * (2 * R[c] - a);
          }
          L[c] += a;
          R[c] -= a;
          wL += a;
        }
        if (nL < this.minLeaf || nNode - nL < this.minLeaf) continue;
        const wR = wNode - wL;
        const proxy = this.entropy ? eL - this.xl(wL) + eR - this.xl(wR) : sqL / wL + sqR / wR;
        if (proxy > this.bestProxy) this.setBest(f, proxy, b, order[i + 1]);
      }
    }
    for (let i = 0; i < t; i++) {
      const b = touched[i];
      cnt[b] = 0;
      if (classBits) classBits[b] = 0;
      for (let c = 0; c < K; c++) hist[b * K + c] = 0;
    }
    return t > 1;
  }

  /** One uniform threshold between the node's min and max of feature f; false if constant. */
  private randomOfFeature(f: number, start: number, end: number, wNode: number): boolean {
    const split = this.randomThreshold(f, start, end);
    if (!split) return false;
    const [a, thr] = split;
    const { n, K, samples, y, sw, L, ex } = this;
    if (ex) {
      const better = ex.tree_random_feature_u8(
        this.colAt(f),
        this.direct ? 0 : samples.byteOffset,
        start,
        end,
        y.byteOffset,
        sw.byteOffset,
        K,
        a,
        this.stats.byteOffset,
        L.byteOffset,
        this.minLeaf,
        wNode,
        this.entropy ? 1 : 0,
        this.table ? this.table.byteOffset : 0,
        this.bestRec.byteOffset,
      );
      if (better === 1) this.setRandomBest(f, this.bestRec[0], a, thr);
      return true;
    }
    const codes = this.searchCodes;
    const fo = f * n;
    L.fill(0);
    let nL = 0;
    let wL = 0;
    for (let j = start; j < end; j++) {
      const s = this.row(j);
      if (codes[fo + s] <= a) {
        L[y[s]] += sw[s];
        wL += sw[s];
        nL++;
      }
    }
    if (nL < this.minLeaf || end - start - nL < this.minLeaf) return true;
    const wR = wNode - wL;
    const node = this.stats;
    let proxy = 0;
    if (this.entropy) {
      for (let c = 0; c < K; c++) proxy += this.xl(L[c]) + this.xl(node[c] - L[c]);
      proxy -= this.xl(wL) + this.xl(wR);
    } else {
      let sqL = 0;
      let sqR = 0;
      for (let c = 0; c < K; c++) {
        const r = node[c] - L[c];
        sqL += L[c] * L[c];
        sqR += r * r;
      }
      proxy = sqL / wL + sqR / wR;
    }
    if (proxy > this.bestProxy) this.setRandomBest(f, proxy, a, thr);
    return true;
  }
}

/** Fills t[c] = c·log2(c) (0 at 0) and returns it. */
function xlogxTable(t: Float64Array): Float64Array {
  t[0] = 0;
  t[1] = 0;
  for (let c = 2; c < t.length; c++) t[c] = c * Math.log2(c);
  return t;
}
