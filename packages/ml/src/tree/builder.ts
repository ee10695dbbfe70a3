import { Random } from '../base/random.js';
import type { WasmSimdBackend } from '../kernels/wasm/wasm-backend.js';
import { linearWasm } from '../linear-model/linear-wasm.js';
import type { BinCodes, BinnedMatrix } from './binning.js';
import { LEAF, type Tree } from './tree.js';

/** How one classification tree is grown (sklearn's tree options, resolved to numbers). */
export interface TreeConfig {
  criterion: 'gini' | 'entropy';
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
interface TreeKernels {
  tree_best_feature_u8(...args: number[]): number;
  tree_partition_u8(...args: number[]): number;
  tree_code_range_u8(col: number, samples: number, start: number, end: number): number;
  tree_random_feature_u8(...args: number[]): number;
}

let wasmEnabled = true;

/** Switches the WASM split search off (false) or back on; for the parity tests. */
export function useTreeWasm(on: boolean): void {
  wasmEnabled = on;
}

/**
 * Grows one classification tree as sklearn's `DepthFirstTreeBuilder` with a `BestSplitter` or
 * `RandomSplitter` does: same stopping rules (max_depth, min_samples_split/leaf, impurity ≤ 1e-7,
 * min_impurity_decrease), same feature sampling (features drawn without replacement until
 * `maxFeatures` were visited and at least one was not constant in the node; features constant in
 * an ancestor are known and cost nothing), same thresholds (the midpoint of the adjacent values
 * around the split, or the random threshold), same node order (pre-order, left first). `weight`
 * (e.g. bootstrap counts) weighs the class counts; rows of weight 0 take no part, and sample
 * counts count rows, as sklearn's.
 *
 * Split search runs on bin codes: a node's histogram of (code, class) weights per feature,
 * scanned in code order with incremental impurities, so a node costs O(rows × features) plus the
 * nonempty codes, never a sort of the node's values. Ties between equally good splits can fall
 * differently from sklearn's (its random feature order and rounding), so trees agree in accuracy,
 * not node for node. The per-feature search runs in WASM (assembly/tree.ts) where it can, with
 * the same sums in the same order as the TypeScript here.
 */
export function buildTree(
  B: BinnedMatrix,
  y: Int32Array,
  nClasses: number,
  weight: Float64Array | null,
  cfg: TreeConfig,
): Tree {
  let integral = true;
  let total = 0;
  for (let i = 0; i < B.n; i++) {
    const w = weight ? weight[i] : 1;
    if (w > 0) total += w;
    if (w !== Math.floor(w)) integral = false;
  }
  const be =
    wasmEnabled && B.codes instanceof Uint8Array && nClasses <= 32 && integral
      ? linearWasm()
      : null;
  const mem = new Scratch(be);
  try {
    return new TreeGrower(B, y, nClasses, weight, cfg, mem, integral, total).grow();
  } finally {
    mem.release();
  }
}

/** Arrays in kernel memory when a WASM backend is given (freed together), else plain ones. */
class Scratch {
  private readonly owned: (Int32Array | Float64Array | Uint8Array)[] = [];
  constructor(readonly be: WasmSimdBackend | null) {}

  i32(n: number): Int32Array {
    if (!this.be) return new Int32Array(n);
    const a = this.be.alloc('i32', n);
    this.owned.push(a);
    return a;
  }

  f64(n: number): Float64Array {
    if (!this.be) return new Float64Array(n);
    const a = this.be.alloc('f64', n);
    this.owned.push(a);
    return a;
  }

  /** `codes` itself when it lives in kernel memory, else a copy there. */
  u8(codes: Uint8Array): Uint8Array {
    if (!this.be || this.be.owns(codes)) return codes;
    const a = this.bytes(codes.length);
    a.set(codes);
    return a;
  }

  bytes(n: number): Uint8Array {
    if (!this.be) return new Uint8Array(n);
    const a = this.be.alloc('u8', n, false);
    this.owned.push(a);
    return a;
  }

  release(): void {
    for (const a of this.owned) this.be!.free(a);
    this.owned.length = 0;
  }
}

class TreeGrower {
  private readonly n: number;
  private readonly d: number;
  private readonly K: number;
  private readonly codes: BinCodes;
  private readonly values: Float32Array;
  private readonly offsets: Int32Array;
  private readonly rng: Random;
  private readonly minLeaf: number;
  private readonly minSplit: number;
  private readonly entropy: boolean;
  private readonly ex: TreeKernels | null;

  private readonly samples: Int32Array;
  private readonly m: number;
  /**
   * Node order: with most features searched per node, every column is kept in node order
   * (`cols`, d×n codes; `y` and `sw` too), so the searches read memory in sequence and a split
   * moves every column's rows to their child's side. Otherwise the searches gather the codes
   * of the node's rows (`samples`) from `codes`, and `y` and `sw` are by row.
   */
  private readonly direct: boolean;
  private readonly cols: Uint8Array | null;
  private readonly side: Uint8Array | null;
  private readonly tmp: Float64Array | null;
  private readonly y: Int32Array;
  private readonly sw: Float64Array;
  private readonly table: Float64Array | null;
  private readonly hist: Float64Array;
  private readonly cnt: Int32Array;
  /** Per code, a bit per class present (K ≤ 32): the scan touches only those classes. */
  private readonly classBits: Int32Array | null;
  private readonly allClasses: number;
  private readonly touched: Int32Array;
  private readonly order: Int32Array;
  private readonly nodeValue: Float64Array;
  private readonly L: Float64Array;
  private readonly R: Float64Array;
  /** The kernels' record of the best split: proxy, code, next code. */
  private readonly bestRec: Float64Array;

  // The best split of the current node.
  private bestFeature = -1;
  private bestCode = 0;
  private bestThreshold = 0;
  private bestProxy = -Infinity;

  constructor(
    B: BinnedMatrix,
    y: Int32Array,
    k: number,
    weight: Float64Array | null,
    private readonly cfg: TreeConfig,
    mem: Scratch,
    integral: boolean,
    private readonly totalWeight: number,
  ) {
    this.n = B.n;
    this.d = B.d;
    this.K = k;
    this.values = B.values;
    this.offsets = B.offsets;
    this.rng = new Random(cfg.seed);
    this.minLeaf = cfg.minSamplesLeaf;
    this.minSplit = Math.max(cfg.minSamplesSplit, 2 * cfg.minSamplesLeaf);
    this.entropy = cfg.criterion === 'entropy';
    this.ex = mem.be ? (mem.be.exports as unknown as TreeKernels) : null;
    this.codes = B.codes instanceof Uint8Array ? mem.u8(B.codes) : B.codes;
    const n = this.n;
    this.samples = mem.i32(n);
    this.y = mem.i32(n);
    this.y.set(y);
    this.sw = mem.f64(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      this.sw[i] = weight ? weight[i] : 1;
      if (this.sw[i] > 0) this.samples[m++] = i;
    }
    this.m = m;
    this.direct = B.codes instanceof Uint8Array && cfg.maxFeatures * 4 >= B.d;
    if (this.direct) {
      const cols = mem.bytes(n * this.d);
      for (let f = 0; f < this.d; f++) {
        const fo = f * n;
        for (let j = 0; j < m; j++) cols[fo + j] = B.codes[fo + this.samples[j]];
      }
      const y2 = Int32Array.from(this.samples.subarray(0, m), (s) => y[s]);
      const w2 = Float64Array.from(this.samples.subarray(0, m), (s) => this.sw[s]);
      this.y.set(y2);
      this.sw.set(w2);
      this.cols = cols;
      this.side = mem.bytes(n);
      this.tmp = mem.f64(n);
    } else {
      this.cols = null;
      this.side = null;
      this.tmp = null;
    }
    // c·log2(c) by table for integer weights (equal counts give equal terms), else computed.
    this.table = this.entropy && integral ? xlogxTable(mem.f64(totalWeight + 1)) : null;
    const bins = B.maxBins;
    this.hist = mem.f64(bins * k);
    this.cnt = mem.i32(bins);
    this.classBits = k <= 32 ? mem.i32(bins) : null;
    this.allClasses = k >= 32 ? -1 : (1 << k) - 1;
    this.touched = mem.i32(bins);
    this.order = new Int32Array(bins);
    this.nodeValue = mem.f64(k);
    this.L = mem.f64(k);
    this.R = mem.f64(k);
    this.bestRec = mem.f64(3);
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

  /** Searches feature f over samples[start, end) with the configured splitter. */
  private search(f: number, start: number, end: number, wNode: number): boolean {
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
      this.nodeValue.byteOffset,
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

  /** Address of feature f's codes in kernel memory (node order when direct). */
  private colAt(f: number): number {
    return (this.direct ? this.cols! : this.codes).byteOffset + f * this.n;
  }

  /** The code array the searches read: feature f's codes start at f·n. */
  private get searchCodes(): BinCodes {
    return this.direct ? this.cols! : this.codes;
  }

  /** Records a best split between codes `code` and `next` of feature f (sklearn's midpoint). */
  private setBest(f: number, proxy: number, code: number, next: number): void {
    this.bestProxy = proxy;
    this.bestFeature = f;
    this.bestCode = code;
    const lo = this.values[this.offsets[f] + code];
    const hi = this.values[this.offsets[f] + next];
    const mid = Math.fround(lo + hi) / 2;
    this.bestThreshold = mid === hi ? lo : mid;
  }

  /** Every threshold of feature f (the TypeScript reference of `tree_best_feature_u8`). */
  private bestOfFeature(f: number, start: number, end: number, wNode: number): boolean {
    const { n, K, samples, y, sw, hist, cnt, classBits, touched, order, L, R, direct } = this;
    const codes = this.searchCodes;
    const fo = f * n;
    const bins = this.offsets[f + 1] - this.offsets[f];
    let t = 0;
    for (let j = start; j < end; j++) {
      const s = direct ? j : samples[j];
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
        R[c] = this.nodeValue[c];
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
    const { n, K, samples, y, sw, L, ex, direct } = this;
    const codes = this.searchCodes;
    const fo = f * n;
    let lo: number;
    let hi: number;
    if (ex) {
      const r = ex.tree_code_range_u8(this.colAt(f), direct ? 0 : samples.byteOffset, start, end);
      lo = r & 255;
      hi = r >>> 8;
    } else {
      lo = Infinity;
      hi = -1;
      for (let j = start; j < end; j++) {
        const b = codes[fo + (direct ? j : samples[j])];
        if (b < lo) lo = b;
        if (b > hi) hi = b;
      }
    }
    if (hi <= lo) return false;
    const vo = this.offsets[f];
    const vmin = this.values[vo + lo];
    const vmax = this.values[vo + hi];
    let thr = (vmax - vmin) * this.rng.random() + vmin;
    if (thr === vmax) thr = vmin;
    // The last code whose value is ≤ thr.
    let a = lo;
    let z = hi;
    while (a < z) {
      const mid = (a + z + 1) >>> 1;
      if (this.values[vo + mid] <= thr) a = mid;
      else z = mid - 1;
    }
    if (ex) {
      const better = ex.tree_random_feature_u8(
        this.colAt(f),
        direct ? 0 : samples.byteOffset,
        start,
        end,
        y.byteOffset,
        sw.byteOffset,
        K,
        a,
        this.nodeValue.byteOffset,
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
    L.fill(0);
    let nL = 0;
    let wL = 0;
    for (let j = start; j < end; j++) {
      const s = direct ? j : samples[j];
      if (codes[fo + s] <= a) {
        L[y[s]] += sw[s];
        wL += sw[s];
        nL++;
      }
    }
    if (nL < this.minLeaf || end - start - nL < this.minLeaf) return true;
    const wR = wNode - wL;
    const node = this.nodeValue;
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

  private setRandomBest(f: number, proxy: number, code: number, thr: number): void {
    this.bestProxy = proxy;
    this.bestFeature = f;
    this.bestCode = code;
    this.bestThreshold = thr;
  }

  /** Moves the node's rows with code ≤ bestCode in bestFeature first; returns where the rest start. */
  private partition(start: number, end: number): number {
    const { n, d, samples, bestFeature, bestCode } = this;
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
    const { y, sw } = this;
    const cols = this.cols!;
    const side = this.side!;
    const tmp = this.tmp!;
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
        y.byteOffset,
        sw.byteOffset,
        side.byteOffset,
        tmp.byteOffset,
      );
    }
    const key = bestFeature * n;
    let nLeft = 0;
    for (let j = start; j < end; j++) {
      side[j] = cols[key + j] <= bestCode ? 1 : 0;
      nLeft += side[j];
    }
    const stable = <A extends Uint8Array | Int32Array | Float64Array>(
      a: A,
      off: number,
      buf: A,
    ) => {
      let l = off + start;
      let r = 0;
      for (let j = start; j < end; j++) {
        if (side[j]) a[l++] = a[off + j];
        else buf[r++] = a[off + j];
      }
      a.set(buf.subarray(0, r), l);
    };
    const tb = new Uint8Array(tmp.buffer, tmp.byteOffset, end - start);
    for (let f = 0; f < d; f++) stable(cols, f * n, tb);
    stable(samples, 0, new Int32Array(tmp.buffer, tmp.byteOffset, end - start));
    stable(y, 0, new Int32Array(tmp.buffer, tmp.byteOffset, end - start));
    stable(sw, 0, new Float64Array(tmp.buffer, tmp.byteOffset, end - start));
    return start + nLeft;
  }

  grow(): Tree {
    const { d, K, samples, y, sw, nodeValue, L, R, cfg } = this;
    const store = new NodeStore(K);
    const features = new Int32Array(d);
    for (let f = 0; f < d; f++) features[f] = f;
    const constantFeatures = new Int32Array(d);
    // Depth-first, left child first (sklearn's stack pushes right, then left). A record is
    // (start, end, depth, parent, isLeft, number of features constant in an ancestor).
    const stack: number[] = [0, this.m, 0, -1, 0, 0];
    while (stack.length > 0) {
      const nKnown = stack.pop()!;
      const isLeft = stack.pop()! === 1;
      const parent = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const nNode = end - start;
      nodeValue.fill(0);
      for (let j = start; j < end; j++) {
        const s = this.direct ? j : samples[j];
        nodeValue[y[s]] += sw[s];
      }
      let wNode = 0;
      for (let c = 0; c < K; c++) wNode += nodeValue[c];
      const imp = this.impurity(nodeValue, wNode);
      let leaf = depth >= cfg.maxDepth || nNode < this.minSplit || imp <= MIN_IMPURITY_SPLIT;
      this.bestFeature = -1;
      this.bestProxy = -Infinity;
      this.bestRec[0] = -Infinity;
      let nTotal = nKnown;
      if (!leaf) {
        // sklearn's feature sampling: features[0, nKnown) are constant in an ancestor (drawing
        // one counts as a visit and costs nothing); new constants gather after them; the drawn
        // non-constant features gather at the end. Stops once maxFeatures were visited and one
        // of them was not constant, or when every feature left is constant.
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
        // Siblings and children rely on features[0, nKnown) as it was; new constants follow.
        features.set(constantFeatures.subarray(0, nKnown));
        constantFeatures.set(features.subarray(nKnown, nTotal), nKnown);
        leaf = this.bestFeature < 0;
      }
      let pos = end;
      if (!leaf) {
        // Partition rows by the chosen code; the children's class weights come with it.
        pos = this.partition(start, end);
        L.fill(0);
        for (let q = start; q < pos; q++) {
          const s = this.direct ? q : samples[q];
          L[y[s]] += sw[s];
        }
        let wL = 0;
        for (let c = 0; c < K; c++) {
          R[c] = nodeValue[c] - L[c];
          wL += L[c];
        }
        const wR = wNode - wL;
        const improvement =
          (wNode / this.totalWeight) *
          (imp - (wR / wNode) * this.impurity(R, wR) - (wL / wNode) * this.impurity(L, wL));
        if (improvement + EPSILON < cfg.minImpurityDecrease) leaf = true;
      }
      const id = store.add(
        parent,
        isLeft,
        leaf ? -2 : this.bestFeature,
        leaf ? -2 : this.bestThreshold,
        imp,
        nNode,
        nodeValue,
        depth,
      );
      if (!leaf) {
        stack.push(pos, end, depth + 1, id, 0, nTotal);
        stack.push(start, pos, depth + 1, id, 1, nTotal);
      }
    }
    return store.finish();
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Fills t[c] = c·log2(c) (0 at 0) and returns it. */
function xlogxTable(t: Float64Array): Float64Array {
  t[0] = 0;
  t[1] = 0;
  for (let c = 2; c < t.length; c++) t[c] = c * Math.log2(c);
  return t;
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

/** Runs `fn` with B's codes copied once into kernel memory (a forest's trees share them). */
export function withKernelCodes<T>(B: BinnedMatrix, fn: (B: BinnedMatrix) => T): T {
  const be = wasmEnabled ? linearWasm() : null;
  if (!be || !(B.codes instanceof Uint8Array) || be.owns(B.codes)) return fn(B);
  const codes = be.alloc('u8', B.codes.length, false);
  codes.set(B.codes);
  try {
    return fn({ ...B, codes });
  } finally {
    be.free(codes);
  }
}
