import { Random } from '../base/random.js';
import type { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { Scratch } from '../kernels/wasm/scratch.js';
import { linearWasm } from '../linear-model/linear-wasm.js';
import type { BinCodes, BinnedMatrix } from './binning.js';
import { LEAF, type Tree } from './tree.js';

/** How one tree is grown (sklearn's tree options, resolved to numbers). */
export interface TreeConfig {
  /** Classification: 'gini' or 'entropy'; regression: 'friedman_mse'. */
  criterion: 'gini' | 'entropy' | 'friedman_mse';
  /** 'best': every threshold of each drawn feature; 'random': one uniform threshold per feature. */
  splitter: 'best' | 'random';
  /** Infinity for no limit. */
  maxDepth: number;
  /** Samples a node needs to be split (≥ 2). */
  minSamplesSplit: number;
  /** Samples each child must keep (≥ 1). */
  minSamplesLeaf: number;
  /** Features drawn per node (1..d). */
  maxFeatures: number;
  minImpurityDecrease: number;
  seed: number;
}

/** sklearn 0.19's `min_impurity_split` default: a node this pure is a leaf. */
const MIN_IMPURITY_SPLIT = 1e-7;
const EPSILON = 2.220446049250313e-16;

/** The split-search exports of assembly/tree.ts. */
export interface TreeKernels {
  tree_best_feature_u8(...args: number[]): number;
  tree_reg_feature_u8(...args: number[]): number;
  tree_partition_u8(...args: number[]): number;
  tree_code_range_u8(col: number, samples: number, start: number, end: number): number;
  tree_random_feature_u8(...args: number[]): number;
  tree_reg_hist_u8(...args: number[]): void;
  tree_reg_hist_t_u8(...args: number[]): void;
  tree_hist_sub(hs: number, hc: number, gs: number, gc: number, bins: number): void;
  tree_reg_node_u8(...args: number[]): void;
}

let wasmEnabled = true;

/** Switches the WASM split search off (false) or back on; for the parity tests. */
export function useTreeWasm(on: boolean): void {
  wasmEnabled = on;
}

/** The WASM backend for a tree over B, or null where its kernels cannot run it. */
export function treeWasm(B: BinnedMatrix): WasmSimdBackend | null {
  return wasmEnabled && B.codes instanceof Uint8Array ? linearWasm() : null;
}

/** Runs `fn` with B's codes copied once into kernel memory (a forest's trees share them). */
export function withKernelCodes<T>(B: BinnedMatrix, fn: (B: BinnedMatrix) => T): T {
  const be = treeWasm(B);
  if (!be || be.owns(B.codes as Uint8Array)) return fn(B);
  const codes = be.alloc('u8', B.codes.length, false);
  codes.set(B.codes);
  try {
    return fn({ ...B, codes });
  } finally {
    be.free(codes);
  }
}

/**
 * What every tree shares with sklearn's `DepthFirstTreeBuilder`: pre-order node ids (left
 * first); the stopping rules (max_depth, min_samples_split/leaf, impurity ≤ 1e-7,
 * min_impurity_decrease); the feature sampling (features drawn without replacement until
 * `maxFeatures` were visited and one of them was not constant in the node; features constant in
 * an ancestor are known and cost nothing); the split thresholds (the midpoint of the adjacent
 * values around the split, or the random threshold). Rows of weight 0 take no part, and sample
 * counts count rows, as sklearn's. Subclasses give the criterion: node statistics, impurity, the
 * per-feature search and what a node stores.
 *
 * Split search runs on bin codes (value ranks): a histogram per (node, feature), scanned in code
 * order, so a node costs O(rows × features) plus the nonempty codes, never a sort of its values.
 * With most features searched per node (`direct`), every column is kept in node order (`cols`,
 * d×n codes; the row arrays too), so the searches read memory in sequence and a split swaps
 * each column's misplaced rows (~min(left, right) of them) across. Otherwise the searches
 * gather the codes of the node's rows (`samples`) from `codes`, and the row arrays are by row.
 */
export abstract class Grower {
  protected readonly n: number;
  protected readonly d: number;
  protected readonly codes: BinCodes;
  protected readonly values: Float32Array;
  protected readonly offsets: Int32Array;
  protected readonly rng: Random;
  protected readonly minLeaf: number;
  protected readonly minSplit: number;
  protected readonly ex: TreeKernels | null;
  protected readonly samples: Int32Array;
  protected readonly m: number;
  protected readonly direct: boolean;
  protected readonly cols: Uint8Array | null;
  /** Scratch of the partition: the (left, right) position pairs that change places. */
  private readonly pairs: Int32Array | null;
  /** Row weights (by row, or in node order when direct). */
  protected readonly sw: Float64Array;
  protected readonly totalWeight: number;
  /** The kernels' record of the best split: proxy, code, next code. */
  protected readonly bestRec: Float64Array;

  // The best split of the current node.
  protected bestFeature = -1;
  protected bestCode = 0;
  protected bestThreshold = 0;
  protected bestProxy = -Infinity;

  /**
   * `rowI32`/`rowF64` are the subclass's row arrays (class ids, targets), already in kernel
   * memory; they are put in node order with the weights when the layout is direct.
   */
  constructor(
    B: BinnedMatrix,
    weight: Float64Array | null,
    protected readonly cfg: TreeConfig,
    protected readonly mem: Scratch,
    private readonly rowI32: Int32Array | null,
    private readonly rowF64: Float64Array | null,
  ) {
    const n = B.n;
    this.n = n;
    this.d = B.d;
    this.values = B.values;
    this.offsets = B.offsets;
    this.rng = new Random(cfg.seed);
    this.minLeaf = cfg.minSamplesLeaf;
    this.minSplit = Math.max(cfg.minSamplesSplit, 2 * cfg.minSamplesLeaf);
    this.ex = mem.be ? (mem.be.exports as unknown as TreeKernels) : null;
    this.codes = B.codes instanceof Uint8Array ? mem.u8(B.codes) : B.codes;
    this.samples = mem.i32(n);
    this.sw = mem.f64(n);
    let m = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      this.sw[i] = weight ? weight[i] : 1;
      if (this.sw[i] > 0) {
        this.samples[m++] = i;
        total += this.sw[i];
      }
    }
    this.m = m;
    this.totalWeight = total;
    this.direct = B.codes instanceof Uint8Array && cfg.maxFeatures * 4 >= B.d;
    if (this.direct) {
      const cols = mem.bytes(n * this.d);
      const rows = this.samples.subarray(0, m);
      if (m === n) cols.set(B.codes);
      else {
        for (let f = 0; f < this.d; f++) {
          const fo = f * n;
          for (let j = 0; j < m; j++) cols[fo + j] = B.codes[fo + rows[j]];
        }
      }
      this.sw.set(Float64Array.from(rows, (s) => this.sw[s]));
      if (rowI32) rowI32.set(Int32Array.from(rows, (s) => rowI32[s]));
      if (rowF64) rowF64.set(Float64Array.from(rows, (s) => rowF64[s]));
      this.cols = cols;
      this.pairs = mem.i32(n + 2);
    } else {
      this.cols = null;
      this.pairs = null;
    }
    this.bestRec = mem.f64(3);
  }

  /** Width of a node's stored value (classes, or 1 for a regression tree). */
  protected abstract readonly valueWidth: number;
  /** The node's statistics over [start, end); returns its total weight. */
  protected abstract nodeStats(start: number, end: number): number;
  /** Impurity of the node whose statistics `nodeStats` just made. */
  protected abstract nodeImpurity(wNode: number): number;
  /** What the node stores (class weights, or the mean target). */
  protected abstract nodeValue(wNode: number): Float64Array;
  /** Searches feature f over [start, end); false when f is constant there. */
  protected abstract search(f: number, start: number, end: number, wNode: number): boolean;
  /** sklearn's weighted impurity decrease of the split at `pos` (for min_impurity_decrease). */
  protected abstract improvement(
    start: number,
    pos: number,
    end: number,
    wNode: number,
    imp: number,
  ): number;

  // Node histograms (regression trees keep them; see RegressionGrower). A handle is a number
  // handed from a node to its children, −1 for none; the defaults keep none.

  /** The root's histogram handle (rows [start, end)). */
  protected rootHistogram(_start: number, _end: number): number {
    return -1;
  }

  /** The node about to be searched has histogram `h`. */
  protected useHistogram(_h: number): void {}

  /**
   * The children's handles after the node with histogram `h` split at `pos` (the columns were
   * partitioned when `searched`: the children will be searched); `h` is theirs to keep or free.
   */
  protected childHistograms(
    _h: number,
    _start: number,
    _pos: number,
    _end: number,
    _searched: boolean,
  ): [number, number] {
    return [-1, -1];
  }

  /** The node with histogram `h` is a leaf: `h` is free again. */
  protected releaseHistogram(_h: number): void {}

  /** The row at position j of the node arrays. */
  protected row(j: number): number {
    return this.direct ? j : this.samples[j];
  }

  /** Address of feature f's codes in kernel memory (node order when direct). */
  protected colAt(f: number): number {
    return this.searchCodes.byteOffset + f * this.n;
  }

  /** The code array the searches read: feature f's codes start at f·n. */
  protected get searchCodes(): BinCodes {
    return this.direct ? this.cols! : this.codes;
  }

  /** Records a best split between codes `code` and `next` of feature f (sklearn's midpoint). */
  protected setBest(f: number, proxy: number, code: number, next: number): void {
    this.bestProxy = proxy;
    this.bestFeature = f;
    this.bestCode = code;
    const lo = this.values[this.offsets[f] + code];
    const hi = this.values[this.offsets[f] + next];
    const mid = Math.fround(lo + hi) / 2;
    this.bestThreshold = mid === hi ? lo : mid;
  }

  /** Records a best split at a random threshold. */
  protected setRandomBest(f: number, proxy: number, code: number, thr: number): void {
    this.bestProxy = proxy;
    this.bestFeature = f;
    this.bestCode = code;
    this.bestThreshold = thr;
  }

  /**
   * The random splitter's threshold for feature f: uniform in the node's [min, max] (max becomes
   * min, as sklearn's), with the last code whose value is ≤ it; null when f is constant.
   */
  protected randomThreshold(f: number, start: number, end: number): [number, number] | null {
    const codes = this.searchCodes;
    const fo = f * this.n;
    let lo: number;
    let hi: number;
    if (this.ex) {
      const addr = this.direct ? 0 : this.samples.byteOffset;
      const r = this.ex.tree_code_range_u8(this.colAt(f), addr, start, end);
      lo = r & 255;
      hi = r >>> 8;
    } else {
      lo = Infinity;
      hi = -1;
      for (let j = start; j < end; j++) {
        const b = codes[fo + this.row(j)];
        if (b < lo) lo = b;
        if (b > hi) hi = b;
      }
    }
    if (hi <= lo) return null;
    const vo = this.offsets[f];
    const vmin = this.values[vo + lo];
    const vmax = this.values[vo + hi];
    let thr = (vmax - vmin) * this.rng.random() + vmin;
    if (thr === vmax) thr = vmin;
    let a = lo;
    let z = hi;
    while (a < z) {
      const mid = (a + z + 1) >>> 1;
      if (this.values[vo + mid] <= thr) a = mid;
      else z = mid - 1;
    }
    return [a, thr];
  }

  /**
   * Moves the node's rows with code ≤ bestCode in bestFeature first; returns where the rest
   * start. In node order, the columns move too when `columns` is true.
   */
  private partition(start: number, end: number, columns: boolean): number {
    const { n, samples, bestFeature, bestCode, sw } = this;
    const d = columns ? this.d : 0;
    if (!this.direct) {
      const fo = bestFeature * n;
      const codes = this.codes;
      let i = start;
      let j = end - 1;
      while (i <= j) {
        if (codes[fo + samples[i]] <= bestCode) i++;
        else swap(samples, i, j--);
      }
      return i;
    }
    const cols = this.cols!;
    const pairs = this.pairs!;
    if (this.ex) {
      return this.ex.tree_partition_u8(
        cols.byteOffset,
        n,
        d,
        start,
        end,
        bestFeature,
        bestCode,
        samples.byteOffset,
        this.rowI32 ? this.rowI32.byteOffset : 0,
        sw.byteOffset,
        this.rowF64 ? this.rowF64.byteOffset : 0,
        pairs.byteOffset,
      );
    }
    // The reference of tree_partition_u8: the outermost misplaced rows change places.
    const key = bestFeature * n;
    let i = start;
    let j = end - 1;
    let k = 0;
    for (;;) {
      while (i <= j && cols[key + i] <= bestCode) i++;
      while (j >= i && cols[key + j] > bestCode) j--;
      if (i > j) break;
      pairs[2 * k] = i++;
      pairs[2 * k + 1] = j--;
      k++;
    }
    const swapAll = (a: Uint8Array | Int32Array | Float64Array, off: number) => {
      for (let p = 0; p < k; p++) {
        const x = off + pairs[2 * p];
        const z = off + pairs[2 * p + 1];
        const v = a[x];
        a[x] = a[z];
        a[z] = v;
      }
    };
    for (let f = 0; f < d; f++) swapAll(cols, f * n);
    swapAll(samples, 0);
    if (this.rowI32) swapAll(this.rowI32, 0);
    swapAll(sw, 0);
    if (this.rowF64) swapAll(this.rowF64, 0);
    return i;
  }

  /**
   * sklearn's feature sampling for the node [start, end): features[0, nKnown) are constant in an
   * ancestor (drawing one counts as a visit and costs nothing); new constants gather after them;
   * the drawn non-constant features gather at the end. Stops once maxFeatures were visited and
   * one of them was not constant, or when every feature left is constant. Each drawn feature is
   * searched (`search`); returns nKnown plus the features found constant here.
   */
  protected sampleFeatures(
    features: Int32Array,
    nKnown: number,
    start: number,
    end: number,
    wNode: number,
  ): number {
    const { d, cfg } = this;
    let nTotal = nKnown;
    let fI = d;
    let nDrawn = 0;
    let nFound = 0;
    let visited = 0;
    while (fI > nTotal && (visited < cfg.maxFeatures || visited <= nFound + nDrawn)) {
      visited++;
      let j = nDrawn + this.rng.int(fI - nFound - nDrawn);
      if (j < nKnown) {
        swap(features, j, nDrawn);
        nDrawn++;
        continue;
      }
      j += nFound;
      const f = features[j];
      if (this.search(f, start, end, wNode)) {
        fI--;
        swap(features, j, fI);
      } else {
        swap(features, j, nTotal);
        nFound++;
        nTotal++;
      }
    }
    return nTotal;
  }

  /**
   * Grows the tree. `onLeaf(id, start, end)` (optional) sees each leaf with its rows at
   * positions [start, end) (use `rowsOf`), before any later partition moves them.
   */
  grow(onLeaf?: (id: number, start: number, end: number) => void): Tree {
    const { d, cfg } = this;
    const store = new NodeStore(this.valueWidth);
    const features = this.mem.i32(d);
    for (let f = 0; f < d; f++) features[f] = f;
    const constantFeatures = new Int32Array(d);
    // Depth-first, left child first (sklearn's stack pushes right, then left). A record is
    // (start, end, depth, parent, isLeft, number of features constant in an ancestor, histogram).
    const stack: number[] = [0, this.m, 0, -1, 0, 0, this.rootHistogram(0, this.m)];
    while (stack.length > 0) {
      const hist = stack.pop()!;
      const nKnown = stack.pop()!;
      const isLeft = stack.pop()! === 1;
      const parent = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const nNode = end - start;
      const wNode = this.nodeStats(start, end);
      const imp = this.nodeImpurity(wNode);
      let leaf = depth >= cfg.maxDepth || nNode < this.minSplit || imp <= MIN_IMPURITY_SPLIT;
      this.bestFeature = -1;
      this.bestProxy = -Infinity;
      this.bestRec[0] = -Infinity;
      let nTotal = nKnown;
      if (!leaf) {
        this.useHistogram(hist);
        nTotal = this.sampleFeatures(features, nKnown, start, end, wNode);
        // Siblings and children rely on features[0, nKnown) as it was; new constants follow.
        features.set(constantFeatures.subarray(0, nKnown));
        constantFeatures.set(features.subarray(nKnown, nTotal), nKnown);
        leaf = this.bestFeature < 0;
      }
      const value = this.nodeValue(wNode);
      let pos = end;
      if (!leaf) {
        // Children at the depth limit are leaves: only their rows need to move, not the columns.
        pos = this.partition(start, end, depth + 1 < cfg.maxDepth);
        const gain = this.improvement(start, pos, end, wNode, imp);
        if (gain + EPSILON < cfg.minImpurityDecrease) leaf = true;
      }
      const id = store.add(
        parent,
        isLeft,
        leaf ? -2 : this.bestFeature,
        leaf ? -2 : this.bestThreshold,
        imp,
        nNode,
        value,
        depth,
      );
      if (leaf) {
        this.releaseHistogram(hist);
        onLeaf?.(id, start, end);
      } else {
        const searched = depth + 1 < cfg.maxDepth;
        const [hl, hr] = this.childHistograms(hist, start, pos, end, searched);
        stack.push(pos, end, depth + 1, id, 0, nTotal, hr);
        stack.push(start, pos, depth + 1, id, 1, nTotal, hl);
      }
    }
    return store.finish();
  }
}

export function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Growable node arrays in sklearn's layout. */
class NodeStore {
  private cap = 64;
  count = 0;
  maxDepth = 0;
  left = new Int32Array(this.cap);
  right = new Int32Array(this.cap);
  feature = new Int32Array(this.cap);
  threshold = new Float64Array(this.cap);
  impurity = new Float64Array(this.cap);
  samples = new Int32Array(this.cap);
  value: Float64Array;

  constructor(private readonly k: number) {
    this.value = new Float64Array(this.cap * k);
  }

  add(
    parent: number,
    isLeft: boolean,
    feature: number,
    threshold: number,
    impurity: number,
    samples: number,
    value: Float64Array,
    depth: number,
  ): number {
    if (this.count === this.cap) this.grow();
    const id = this.count++;
    if (parent >= 0) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    this.left[id] = LEAF;
    this.right[id] = LEAF;
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.impurity[id] = impurity;
    this.samples[id] = samples;
    this.value.set(value, id * this.k);
    this.maxDepth = Math.max(this.maxDepth, depth);
    return id;
  }

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Int32Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.left = g(this.left, this.cap);
    this.right = g(this.right, this.cap);
    this.feature = g(this.feature, this.cap);
    this.threshold = g(this.threshold, this.cap);
    this.impurity = g(this.impurity, this.cap);
    this.samples = g(this.samples, this.cap);
    this.value = g(this.value, this.cap * this.k);
  }

  finish(): Tree {
    const c = this.count;
    return {
      nodeCount: c,
      nClasses: this.k,
      left: this.left.slice(0, c),
      right: this.right.slice(0, c),
      feature: this.feature.slice(0, c),
      threshold: this.threshold.slice(0, c),
      value: this.value.slice(0, c * this.k),
      impurity: this.impurity.slice(0, c),
      nodeSamples: this.samples.slice(0, c),
      maxDepth: this.maxDepth,
    };
  }
}
