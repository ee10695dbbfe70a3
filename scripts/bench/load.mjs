#!/usr/bin/env node
// `npm run bench:load`: time loading the Fashion-MNIST training set (images + labels, gzip) with
// @fmnist/idx (the built package) and with numpy the way zalandoresearch's utils/mnist_reader.py
// does it (gzip.open + np.frombuffer with offset 16/8), in the same run, on the same files.
// Prints a table and writes bench-results/load.json. Usage: node scripts/bench/load.mjs [--runs N]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FASHION_MNIST, loadFashionMnist } from '@fmnist/idx';
import { findSplit } from '@fmnist/idx/node';

const PYTHON = '/usr/bin/python3';
const argRuns = process.argv.indexOf('--runs');
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 7;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const where = findSplit(FASHION_MNIST, 'train');
if (!where) {
  console.error(
    'Fashion-MNIST not found: run `fmnist data fetch` or `apt-get install dataset-fashion-mnist`.',
  );
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// @fmnist/idx: one warm-up (JIT, file cache), then RUNS timed loads.
let checksum = 0;
const tsTimes = [];
for (let r = -1; r < RUNS; r++) {
  const t0 = performance.now();
  const d = await loadFashionMnist({ split: 'train', dataDir: where.source });
  const ms = performance.now() - t0;
  if (r >= 0) tsTimes.push(ms);
  checksum = d.labels.reduce((a, b) => a + b, 0) + d.images[d.images.length - 1] + d.n;
}

// numpy, mnist_reader style, same warm-up and run count, timed inside Python.
const PY = `
import gzip, json, sys, time
import numpy as np
images_path, labels_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
op = lambda p: gzip.open(p, 'rb') if p.endswith('.gz') else open(p, 'rb')
times = []
for r in range(-1, runs):
    t0 = time.perf_counter()
    with op(labels_path) as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    with op(images_path) as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(len(labels), 784)
    ms = (time.perf_counter() - t0) * 1000
    if r >= 0: times.append(ms)
check = int(labels.astype(np.int64).sum()) + int(images[-1, -1]) + len(labels)
print(json.dumps({"times": times, "check": check, "numpy": np.__version__,
                  "python": sys.version.split()[0]}))
`;
let numpy = null;
try {
  numpy = JSON.parse(
    execFileSync(PYTHON, ['-c', PY, where.images, where.labels, String(RUNS)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
} catch (e) {
  const why = String(e.stderr ?? e.message)
    .trim()
    .split('\n')
    .at(-1);
  console.error(`numpy run skipped (${why}). Install it with: apt-get install python3-numpy`);
}
if (numpy && numpy.check !== checksum) {
  console.error(`checksums differ: @fmnist/idx ${checksum}, numpy ${numpy.check}`);
  process.exitCode = 1;
}

const RAW_MB = (47_040_016 + 60_008) / 1e6;
const row = (name, times) => ({
  impl: name,
  runs: times.length,
  medianMs: +median(times).toFixed(1),
  minMs: +Math.min(...times).toFixed(1),
  mbPerS: +(RAW_MB / (median(times) / 1000)).toFixed(0),
});
const rows = [row('@fmnist/idx loadFashionMnist', tsTimes)];
if (numpy) rows.push(row(`numpy ${numpy.numpy} (mnist_reader)`, numpy.times));

console.log(`Fashion-MNIST train (60,000 × 28×28, gzip) from ${where.source}`);
console.log(
  `${'implementation'.padEnd(34)} ${'runs'.padStart(4)} ${'median ms'.padStart(10)} ${'min ms'.padStart(8)} ${'MB/s'.padStart(6)}`,
);
for (const r of rows) {
  console.log(
    `${r.impl.padEnd(34)} ${String(r.runs).padStart(4)} ${r.medianMs.toFixed(1).padStart(10)} ${r.minMs.toFixed(1).padStart(8)} ${String(r.mbPerS).padStart(6)}`,
  );
}
if (numpy)
  console.log(`ratio (idx / numpy, median): ${(rows[0].medianMs / rows[1].medianMs).toFixed(2)}`);

const out = join(root, 'bench-results', 'load.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      benchmark: 'load',
      date: new Date().toISOString(),
      dataset: 'fashion',
      split: 'train',
      source: where.source,
      files: { images: where.images, labels: where.labels },
      machine: {
        platform: `${platform()} ${release()}`,
        cpu: cpus()[0]?.model,
        cores: cpus().length,
      },
      node: process.version,
      python: numpy?.python ?? null,
      numpy: numpy?.numpy ?? null,
      results: rows.map((r, i) => ({ ...r, timesMs: i === 0 ? tsTimes : numpy.times })),
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
