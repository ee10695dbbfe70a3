// Kernel benchmark: fmnist (WASM SIMD, 1 and 2 threads) against numpy/OpenBLAS on this machine.
// Run with `npm run bench:kernels` (builds first). Prints a table and writes
// packages/ml/bench/results/kernels.json. `--quick` shrinks the KNN workloads (extrapolated).
// Not a test: timings are reported, never asserted.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFashionMnist } from '@fmnist/idx';
import {
  ExactNeighborSearch,
  StandardScaler,
  SyncKernelPool,
  createKernelPool,
  getWasmBackend,
} from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const PY = '/usr/bin/python3';
const be = await getWasmBackend();
const pools = {
  1: await createKernelPool({ threads: 1, backend: be }),
  2: await createKernelPool({ threads: 2, backend: be }),
};

/** Seeded uniform floats in [0, 1) written straight into backend memory (mulberry32). */
function fill(view, seed, scale = 1) {
  let s = seed >>> 0;
  for (let i = 0; i < view.length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    view[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * scale;
  }
  return view;
}

/** Best-of wall time (seconds) of an async body, at least `reps` runs or `minTime` seconds. */
async function time(body, reps = 3, minTime = 1) {
  let best = Infinity;
  const t0 = performance.now();
  for (let r = 0; r < reps || (performance.now() - t0) / 1000 < minTime; r++) {
    const t = performance.now();
    await body();
    best = Math.min(best, (performance.now() - t) / 1000);
    if (r > 50) break;
  }
  return best;
}

function numpy(code, threads) {
  const env = {
    ...process.env,
    OPENBLAS_NUM_THREADS: String(threads),
    OMP_NUM_THREADS: String(threads),
  };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(PY, ['-c', code], { env, encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    return {
      error: `numpy unavailable (${(r.stderr || String(r.error)).trim().split('\n').pop()}); install it with: sudo apt-get install python3-numpy`,
    };
  }
  return JSON.parse(r.stdout);
}

const rows = [];
const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  quick,
  gemm: [],
  knn: [],
};

// ---- gemm ----
for (const [m, k, n] of [
  [512, 784, 512],
  [4096, 784, 1024],
]) {
  const a = fill(be.alloc('f32', m * k), 1);
  const b = fill(be.alloc('f32', k * n), 2);
  const c = be.alloc('f32', m * n);
  const flops = 2 * m * n * k;
  for (const [label, transB] of [
    ['A·B', false],
    ['A·Bᵀ', true],
  ]) {
    const entry = { shape: `${m}x${k}x${n}`, op: label };
    for (const t of [1, 2]) {
      const s = await time(() => pools[t].gemm({ m, n, k, a, b, c, transB }));
      entry[`fmnist_${t}t_gflops`] = flops / s / 1e9;
    }
    results.gemm.push(entry);
  }
  be.free(a);
  be.free(b);
  be.free(c);
}
const NP_GEMM = `
import json, time
import numpy as np
out = {}
for (m, k, n) in [(512, 784, 512), (4096, 784, 1024)]:
    a = np.random.default_rng(1).random((m, k), dtype=np.float32)
    b = np.random.default_rng(2).random((k, n), dtype=np.float32)
    a @ b
    best = 1e9; t0 = time.perf_counter(); r = 0
    while r < 3 or time.perf_counter() - t0 < 1:
        t = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t); r += 1
    out[f"{m}x{k}x{n}"] = 2 * m * n * k / best / 1e9
print(json.dumps({"version": np.__version__, "gflops": out}))
`;
// OPENBLAS_NUM_THREADS is read at import, so one numpy process per thread count.
const np1 = numpy(NP_GEMM, 1);
const np2 = numpy(NP_GEMM, 2);
results.numpy = np1.error
  ? np1
  : { version: np1.version, gemm_1t: np1.gflops, gemm_2t: np2.gflops };
if (!np1.error && !np2.error) {
  for (const e of results.gemm) {
    e.numpy_1t_gflops = np1.gflops[e.shape];
    e.numpy_2t_gflops = np2.gflops[e.shape];
    e.ratio_2t = e.fmnist_2t_gflops / e.numpy_2t_gflops;
  }
} else {
  console.error(results.numpy.error ?? np2.error);
}
for (const e of results.gemm) {
  rows.push([
    `gemm ${e.op} ${e.shape}`,
    `${e.fmnist_1t_gflops.toFixed(1)} / ${e.fmnist_2t_gflops.toFixed(1)} GFLOPS`,
    e.numpy_2t_gflops
      ? `${e.numpy_1t_gflops.toFixed(1)} / ${e.numpy_2t_gflops.toFixed(1)} GFLOPS`
      : 'n/a',
    e.ratio_2t ? `${(100 * e.ratio_2t).toFixed(0)} % of numpy (goal ≥ 50 %)` : '',
  ]);
}

// ---- KNN workloads: queries × 60,000 train rows × 784, top-5, 2 threads ----
const nTrain = 60000;
const d = 784;
const k = 5;
const train = fill(be.alloc('f32', nTrain * d), 3, 255);
const trainNorms = be.alloc('f32', nTrain);
be.rowSqNorms(train, nTrain, d, trainNorms);
for (const [label, full, sq, goal] of [
  ['sqdist+top5', 10000, true, 'goal ≤ 8 s (sklearn 17 s)'],
  ['l1dist+top5', 1000, false, 'goal ≤ 6.6 s (sklearn p=1: 33 s)'],
]) {
  const m = quick ? Math.min(full, sq ? 1000 : 200) : full;
  const q = fill(be.alloc('f32', m * d), 4, 255);
  const outIdx = be.alloc('i32', m * k);
  const outVal = be.alloc('f32', m * k);
  const t = performance.now();
  if (sq)
    await pools[2].sqDistTopK({
      a: q,
      m,
      b: train,
      n: nTrain,
      d,
      k,
      outIdx,
      outVal,
      bNorms: trainNorms,
    });
  else await pools[2].l1DistTopK({ a: q, m, b: train, n: nTrain, d, k, outIdx, outVal });
  const s = (performance.now() - t) / 1000;
  const extrapolated = (s * full) / m;
  const entry = {
    workload: `${label} ${full}x${nTrain}x${d}`,
    queries_run: m,
    seconds: s,
    seconds_full: extrapolated,
  };
  results.knn.push(entry);
  rows.push([
    `${label} ${full}×60000×784 (2 threads)`,
    `${extrapolated.toFixed(2)} s${m < full ? ' (extrapolated)' : ''}`,
    '',
    goal,
  ]);
  be.free(q);
  be.free(outIdx);
  be.free(outVal);
}

be.free(train);
be.free(trainNorms);

// ---- exact pruned search (neighbors/exact-search.ts) on the real, standardised data ----
// Pruning depends on the data's structure, so this runs on Fashion-MNIST, not uniform noise.
{
  const dir = '/usr/share/datasets/fashion-mnist';
  const [tr, te] = await Promise.all([
    loadFashionMnist({ split: 'train', dataDir: dir }),
    loadFashionMnist({ split: 'test', dataDir: dir }),
  ]);
  const scaler = new StandardScaler().fit({ data: tr.images, shape: [60000, 784] });
  const X = scaler.transform({ data: tr.images, shape: [60000, 784] });
  const Xt = scaler.transform({ data: te.images, shape: [10000, 784] });
  const sync2 = SyncKernelPool.create({ threads: 2, backend: be });
  results.pruned = [];
  for (const [label, p, full, goal] of [
    ['exact p=2 search, top5', 2, 10000, 'goal ≤ 8 s (sklearn 17 s)'],
    ['exact p=1 search, top5', 1, 1000, 'goal ≤ 6.6 s (sklearn 33 s)'],
  ]) {
    const m = quick ? Math.min(full, 1000) : full;
    let t = performance.now();
    const index = new ExactNeighborSearch(X, p, be);
    const build = (performance.now() - t) / 1000;
    t = performance.now();
    index.kneighbors({ data: Xt.data.subarray(0, m * d), shape: [m, d] }, k, sync2);
    const s = (performance.now() - t) / 1000;
    const extrapolated = (s * full) / m;
    results.pruned.push({
      workload: `${label} ${full}x60000x784`,
      queries_run: m,
      build,
      seconds: s,
      seconds_full: extrapolated,
    });
    rows.push([
      `${label} ${full}×60000×784 real data (2 threads)`,
      `${extrapolated.toFixed(2)} s${m < full ? ' (extrapolated)' : ''} + index ${build.toFixed(2)} s`,
      '',
      goal,
    ]);
  }
  await sync2.close();
}
results.loadavg = loadavg();

await pools[1].close();
await pools[2].close();

const head = ['kernel', 'fmnist (1t / 2t)', 'numpy (1t / 2t)', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'kernels.json'), JSON.stringify(results, null, 2) + '\n');
console.log(
  `load average: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(`\nwrote ${join(outDir, 'kernels.json')}`);
