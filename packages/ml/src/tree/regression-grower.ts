import type { BinnedMatrix } from './binning.js';
import { Scratch } from '../kernels/wasm/scratch.js';
import { Grower, treeWasm, type TreeConfig } from './grower.js';
import type { Tree } from './tree.js';

/**
 * Nodes of at least this many rows search a histogram of every feature instead of their rows
 * (direct layout, one-byte codes). Below it, scanning a node's rows per feature is cheaper than
 * scanning every bin of every feature.
 */
let histogramMinRows = 256;
/** At most this many node histograms at once (a DFS needs about one per level)... */
const MAX_HISTOGRAMS = 64;
/** ...and at most this many bytes of them (20 bytes per rank of every feature each). */
const HISTOGRAM_BYTES = 512 * 2 ** 20;

/** Sets the node size from which histograms are used (Infinity: never); for tests. */
export function setHistogramMinRows(rows: number): void {
  histogramMinRows = rows;
}

/**
 * The root histogram's Σw and counts per bin, kept from the first tree of an unweighted fit for
 * the trees after it (every root holds all rows with weight 1, so only Σw·t changes). Filled by
 * {@link buildRegressionTree}; one per fit and binned matrix.
 */
export interface RootHistogramCache {
  /** (0, Σw) pairs by global bin, or null before the first tree. */
  hs: Float64Array | null;
  hc: Int32Array | null;
}

/**
 * Grows one regression tree on `target` with sklearn's `friedman_mse` criterion and the best
 * splitter (the trees of gradient boosting; see {@link Grower} for the rules shared with
 * sklearn). A node stores its weighted mean target; `onLeaf(id, rows)` sees each leaf's rows
 * (row indices into `target`) as the leaf is made, for estimators that set leaf values
 * themselves (a Newton step). The per-feature search runs in WASM (`tree_reg_feature_u8`) for
 * one-byte codes, with the TypeScript below as its reference (same sums, same order).
 *
 * Large nodes (≥ {@link setHistogramMinRows} rows) keep a histogram of every feature, (Σw·t, Σw)
 * and the count per code: a split histograms its smaller child's rows and the larger child
 * takes the parent's histogram minus them (the subtraction trick), so a split deep in a tree
 * that peels a few rows off a large node costs those few rows, not the whole node again.
 */
export function buildRegressionTree(
  B: BinnedMatrix,
  target: Float64Array,
  weight: Float64Array | null,
  cfg: TreeConfig,
  onLeaf?: (id: number, rows: Int32Array) => void,
  rootCache?: RootHistogramCache,
): Tree {
  const mem = new Scratch(treeWasm(B));
  try {
    const g = new RegressionGrower(B, target, weight, cfg, mem, weight ? undefined : rootCache);
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
  /** The bitmap of the codes a row scan found (4 u64 words; see tree_reg_feature_u8). */
  private readonly occupied: Int32Array;
  /** Node histograms: per handle, (Σw·t, Σw) pairs by global bin, and counts. */
  private readonly hs: Float64Array[] = [];
  private readonly hc: Int32Array[] = [];
  private readonly freeHists: number[] = [];
  /** Bins over all features (offsets[d]), and the offsets in kernel memory. */
  private readonly totalBins: number;
  private readonly binOffsets: Int32Array;
  private readonly useHists: boolean;
  /** Histograms this tree may hold at once (see MAX_HISTOGRAMS, HISTOGRAM_BYTES). */
  private readonly maxHists: number;
  /** The current node's histogram, or −1. */
  private cur = -1;
  /** Σw·t, Σw·t² of the current node. */
  private sum = 0;
  private sq = 0;
  private readonly value = new Float64Array(1);
  /** tree_reg_node_u8's generator state, nKnown, nTotal and best feature. */
  private readonly nodeState: Int32Array;

  constructor(
    B: BinnedMatrix,
    target: Float64Array,
    weight: Float64Array | null,
    cfg: TreeConfig,
    mem: Scratch,
    private readonly rootCache?: RootHistogramCache,
  ) {
    const t = mem.f64(B.n);
    t.set(target);
    super(B, weight, { ...cfg, splitter: 'best' }, mem, null, t);
    this.t = t;
    // Two copies of (Σw·t, Σw) and the count per code (see tree_reg_feature_u8).
    this.hist = mem.f64(4 * Math.max(256, B.maxBins));
    this.cnt = mem.i32(2 * Math.max(256, B.maxBins));
    this.occupied = mem.i32(8);
    this.totalBins = B.offsets[B.d];
    this.maxHists = Math.min(
      MAX_HISTOGRAMS,
      Math.floor(HISTOGRAM_BYTES / (20 * Math.max(1, this.totalBins))),
    );
    // With fewer than 4, a depth-first tree would fall back to row scans almost at once.
    this.useHists = this.direct && B.codes instanceof Uint8Array && this.maxHists >= 4;
    this.binOffsets = mem.i32(B.d + 1);
    this.binOffsets.set(B.offsets);
    this.nodeState = mem.i32(7);
  }

  /**
   * The whole feature loop of a node in one WASM call (`tree_reg_node_u8`: the same draws, swaps
   * and searches as the loop it overrides, which stays the reference), when the layout is direct.
   */
  protected override sampleFeatures(
    features: Int32Array,
    nKnown: number,
    start: number,
    end: number,
    wNode: number,
  ): number {
    if (!this.ex || !this.direct) return super.sampleFeatures(features, nKnown, start, end, wNode);
    const st = this.nodeState;
    st.set(this.rng.state());
    st[4] = nKnown;
    const h = this.cur;
    this.ex.tree_reg_node_u8(
      this.cols!.byteOffset,
      this.n,
      start,
      end,
      this.t.byteOffset,
      this.sw.byteOffset,
      this.hist.byteOffset,
      this.cnt.byteOffset,
      this.occupied.byteOffset,
      h >= 0 ? this.hs[h].byteOffset : 0,
      h >= 0 ? this.hc[h].byteOffset : 0,
      this.binOffsets.byteOffset,
      features.byteOffset,
      this.d,
      this.cfg.maxFeatures,
      this.minLeaf,
      this.sum,
      wNode,
      this.bestRec.byteOffset,
      st.byteOffset,
    );
    this.rng.setState(st);
    if (st[6] >= 0) this.setBest(st[6], this.bestRec[0], this.bestRec[1], this.bestRec[2]);
    return st[5];
  }

  protected override rootHistogram(start: number, end: number): number {
    if (!this.useHists || end - start < histogramMinRows) return -1;
    const h = this.takeHistogram();
    if (h < 0) return h;
    const cache = this.ex ? this.rootCache : undefined;
    if (cache?.hs && cache.hc) {
      // Σw and the counts of the first tree's root; the targets' sums in the same row order.
      this.hs[h].set(cache.hs);
      this.hc[h].set(cache.hc);
      const { n, d, t } = this;
      const args = [this.cols!.byteOffset, n, d, start, end, t.byteOffset];
      this.ex!.tree_reg_hist_t_u8(...args, this.binOffsets.byteOffset, this.hs[h].byteOffset);
      return h;
    }
    this.addRows(h, start, end, 1);
    if (cache) {
      cache.hs = this.hs[h].slice();
      for (let b = 0; b < cache.hs.length; b += 2) cache.hs[b] = 0;
      cache.hc = this.hc[h].slice();
    }
    return h;
  }

  protected override useHistogram(h: number): void {
    this.cur = h;
  }

  protected override releaseHistogram(h: number): void {
    if (h >= 0) this.freeHists.push(h);
  }

  protected override childHistograms(
    h: number,
    start: number,
    pos: number,
    end: number,
    searched: boolean,
  ): [number, number] {
    const leftSmaller = pos - start <= end - pos;
    const small = leftSmaller ? pos - start : end - pos;
    if (h < 0 || !searched || end - start - small < histogramMinRows) {
      this.releaseHistogram(h);
      return [-1, -1];
    }
    const [s0, s1] = leftSmaller ? [start, pos] : [pos, end];
    // A large smaller child gets its own histogram and the parent's loses it; a small one's
    // rows are only taken out of the parent's (it searches its rows).
    const g = small >= histogramMinRows ? this.takeHistogram() : -1;
    if (g >= 0) {
      this.addRows(g, s0, s1, 1);
      this.subtract(h, g);
    } else this.addRows(h, s0, s1, -1);
    return leftSmaller ? [g, h] : [h, g];
  }

  /** A zeroed histogram handle, or −1 when `maxHists` are in use. */
  private takeHistogram(): number {
    let h = this.freeHists.pop();
    if (h === undefined) {
      if (this.hs.length >= this.maxHists) return -1;
      h = this.hs.length;
      this.hs.push(this.mem.f64(2 * this.totalBins));
      this.hc.push(this.mem.i32(this.totalBins));
    } else {
      this.hs[h].fill(0);
      this.hc[h].fill(0);
    }
    return h;
  }

  /** Adds (sign 1) or takes away (sign −1) the rows at positions [start, end) to histogram h. */
  private addRows(h: number, start: number, end: number, sign: 1 | -1): void {
    const { n, d, t, sw } = this;
    const cols = this.cols!;
    const hs = this.hs[h];
    const hc = this.hc[h];
    if (this.ex) {
      this.ex.tree_reg_hist_u8(
        cols.byteOffset,
        n,
        d,
        start,
        end,
        t.byteOffset,
        sw.byteOffset,
        this.binOffsets.byteOffset,
        hs.byteOffset,
        hc.byteOffset,
        sign,
      );
      return;
    }
    // The reference of tree_reg_hist_u8: each bin sums its rows in order.
    for (let f = 0; f < d; f++) {
      const c = f * n;
      const o = this.binOffsets[f];
      for (let j = start; j < end; j++) {
        const b = o + cols[c + j];
        hs[2 * b] += sign * (sw[j] * t[j]);
        hs[2 * b + 1] += sign * sw[j];
        hc[b] += sign;
      }
    }
  }

  /** Histogram h −= histogram g. */
  private subtract(h: number, g: number): void {
    const [hs, hc, gs, gc] = [this.hs[h], this.hc[h], this.hs[g], this.hc[g]];
    if (this.ex) {
      this.ex.tree_hist_sub(hs.byteOffset, hc.byteOffset, gs.byteOffset, gc.byteOffset, hc.length);
      return;
    }
    for (let i = 0; i < hs.length; i++) hs[i] -= gs[i];
    for (let i = 0; i < hc.length; i++) hc[i] -= gc[i];
  }

  /**
   * The split of feature f between codes `prev` and `b` with Σw·t = sL, Σw = wL on the left:
   * kept when its friedman_mse proxy (wR·sL − wL·sR)² / (wL·wR) beats the best so far.
   */
  private consider(
    f: number,
    prev: number,
    b: number,
    sL: number,
    wL: number,
    wNode: number,
  ): void {
    const wR = wNode - wL;
    const diff = wR * sL - wL * (this.sum - sL);
    const proxy = (diff * diff) / (wL * wR);
    if (proxy > this.bestProxy) this.setBest(f, proxy, prev, b);
  }

  /** Feature f's best split from the current node's histogram; false when f is constant. */
  private scanHistogram(f: number, start: number, end: number, wNode: number): boolean {
    const o = this.binOffsets[f];
    const bins = this.binOffsets[f + 1] - o;
    const hs = this.hs[this.cur];
    const hc = this.hc[this.cur];
    const nNode = end - start;
    // The TypeScript reference of tree_reg_hist_scan (WASM runs it inside tree_reg_node_u8).
    let first = 0;
    while (first < bins && hc[o + first] === 0) first++;
    let last = bins - 1;
    while (last > first && hc[o + last] === 0) last--;
    if (last <= first) return false;
    let nL = 0;
    let sL = 0;
    let wL = 0;
    let prev = -1;
    for (let b = first; b <= last; b++) {
      const c = hc[o + b];
      if (c === 0) continue;
      if (prev >= 0 && nL >= this.minLeaf && nNode - nL >= this.minLeaf) {
        this.consider(f, prev, b, sL, wL, wNode);
      }
      nL += c;
      sL += hs[2 * (o + b)];
      wL += hs[2 * (o + b) + 1];
      prev = b;
    }
    return true;
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
    if (this.cur >= 0) return this.scanHistogram(f, start, end, wNode);
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
        this.occupied.byteOffset,
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
          this.consider(f, prev, b, sL, wL, wNode);
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
