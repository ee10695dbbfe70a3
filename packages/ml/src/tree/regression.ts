import type { BinnedMatrix } from './binning.js';
import { Grower, Scratch, treeWasm, type TreeConfig } from './grower.js';
import type { Tree } from './tree.js';

/**
 * Grows one regression tree on `target` with sklearn's `friedman_mse` criterion and the best
 * splitter (the trees of gradient boosting; see {@link Grower} for the rules shared with
 * sklearn). A node stores its weighted mean target; `onLeaf(id, rows)` sees each leaf's rows
 * (row indices into `target`) as the leaf is made, for estimators that set leaf values
 * themselves (a Newton step). The per-feature search runs in WASM (`tree_reg_feature_u8`) for
 * one-byte codes, with the TypeScript below as its reference (same sums, same order).
 */
export function buildRegressionTree(
  B: BinnedMatrix,
  target: Float64Array,
  weight: Float64Array | null,
  cfg: TreeConfig,
  onLeaf?: (id: number, rows: Int32Array) => void,
): Tree {
  const mem = new Scratch(treeWasm(B));
  try {
    const g = new RegressionGrower(B, target, weight, cfg, mem);
    return g.grow(onLeaf && ((id, start, end) => onLeaf(id, g.rowsOf(start, end))));
  } finally {
    mem.release();
  }
}

class RegressionGrower extends Grower {
  protected readonly valueWidth = 1;
  private readonly t: Float64Array;
  private readonly hist: Float64Array;
  private readonly cnt: Int32Array;
  /** Σw·t, Σw·t² of the current node. */
  private sum = 0;
  private sq = 0;
  private readonly value = new Float64Array(1);

  constructor(
    B: BinnedMatrix,
    target: Float64Array,
    weight: Float64Array | null,
    cfg: TreeConfig,
    mem: Scratch,
  ) {
    const t = mem.f64(B.n);
    t.set(target);
    super(B, weight, { ...cfg, splitter: 'best' }, mem, null, t);
    this.t = t;
    // Two copies of (Σw·t, Σw) and the count per code (see tree_reg_feature_u8).
    this.hist = mem.f64(4 * Math.max(256, B.maxBins));
    this.cnt = mem.i32(2 * Math.max(256, B.maxBins));
  }

  /** Row indices of positions [start, end). */
  rowsOf(start: number, end: number): Int32Array {
    return this.samples.slice(start, end);
  }

  protected nodeStats(start: number, end: number): number {
    const { t, sw } = this;
    let w = 0;
    let sum = 0;
    let sq = 0;
    for (let j = start; j < end; j++) {
      const s = this.row(j);
      const wt = sw[s] * t[s];
      w += sw[s];
      sum += wt;
      sq += wt * t[s];
    }
    this.sum = sum;
    this.sq = sq;
    return w;
  }

  /** sklearn's MSE impurity: Σw·t²/W − (Σw·t/W)². */
  protected nodeImpurity(wNode: number): number {
    const mean = this.sum / wNode;
    return this.sq / wNode - mean * mean;
  }

  protected nodeValue(wNode: number): Float64Array {
    this.value[0] = this.sum / wNode;
    return this.value;
  }

  /** FriedmanMSE's impurity_improvement: (wR·sL − wL·sR)² / (wL·wR·W). */
  protected improvement(start: number, pos: number, end: number, wNode: number): number {
    let wL = 0;
    let sL = 0;
    for (let q = start; q < pos; q++) {
      const s = this.row(q);
      wL += this.sw[s];
      sL += this.sw[s] * this.t[s];
    }
    const wR = wNode - wL;
    const diff = wR * sL - wL * (this.sum - sL);
    return (diff * diff) / (wL * wR * wNode);
  }

  protected search(f: number, start: number, end: number, wNode: number): boolean {
    if (this.ex && this.codes instanceof Uint8Array) {
      const r = this.ex.tree_reg_feature_u8(
        this.colAt(f),
        this.direct ? 0 : this.samples.byteOffset,
        start,
        end,
        this.t.byteOffset,
        this.sw.byteOffset,
        this.hist.byteOffset,
        this.cnt.byteOffset,
        this.offsets[f + 1] - this.offsets[f],
        this.minLeaf,
        this.sum,
        wNode,
        this.bestRec.byteOffset,
      );
      if (r === 1) this.setBest(f, this.bestRec[0], this.bestRec[1], this.bestRec[2]);
      return r >= 0;
    }
    return this.bestOfFeature(f, start, end, wNode);
  }

  /**
   * The TypeScript reference of `tree_reg_feature_u8`: the same two alternating histogram
   * copies and the same sums, so both give the same tree bit for bit.
   */
  private bestOfFeature(f: number, start: number, end: number, wNode: number): boolean {
    const { n, t, sw, hist, cnt } = this;
    const codes = this.searchCodes;
    const fo = f * n;
    const bins = this.offsets[f + 1] - this.offsets[f];
    const H = 2 * bins; // offset of copy 1 in hist; bins in cnt
    for (let j = start; j < end; j++) {
      const s = this.row(j);
      const b = codes[fo + s];
      const copy = (j - start) & 1;
      cnt[copy * bins + b]++;
      hist[copy * H + 2 * b] += sw[s] * t[s];
      hist[copy * H + 2 * b + 1] += sw[s];
    }
    let first = 0;
    while (cnt[first] + cnt[bins + first] === 0) first++;
    let last = bins - 1;
    while (cnt[last] + cnt[bins + last] === 0) last--;
    if (last > first) {
      let nL = 0;
      let sL = 0;
      let wL = 0;
      const nNode = end - start;
      let prev = -1;
      for (let b = first; b <= last; b++) {
        const c = cnt[b] + cnt[bins + b];
        if (c === 0) continue;
        if (prev >= 0 && nL >= this.minLeaf && nNode - nL >= this.minLeaf) {
          const wR = wNode - wL;
          const diff = wR * sL - wL * (this.sum - sL);
          const proxy = (diff * diff) / (wL * wR);
          if (proxy > this.bestProxy) this.setBest(f, proxy, prev, b);
        }
        nL += c;
        sL += hist[2 * b] + hist[H + 2 * b];
        wL += hist[2 * b + 1] + hist[H + 2 * b + 1];
        prev = b;
      }
    }
    for (let b = first; b <= last; b++) {
      cnt[b] = 0;
      cnt[bins + b] = 0;
      hist.fill(0, 2 * b, 2 * b + 2);
      hist.fill(0, H + 2 * b, H + 2 * b + 2);
    }
    return last > first;
  }
}
