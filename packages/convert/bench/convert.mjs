// npm run bench:convert — images per second converting 5,000 product-like thumbnails (51×73,
// #fdfdfd, made from Fashion-MNIST test images) with @fmnist/convert, side by side with Debian's
// ImageMagick 6 (/usr/bin/convert) doing the same 7 steps in the same run, the methods taking turns
// for --repeats rounds (default 5; the table gives each one's median). fmnist runs as a library
// call (`convertDataset`, 1 and CORES threads) and as the CLI, a process per run. Prints a table
// and writes bench-results/convert.json. Options: --count N (default 5000), --repeats R,
// --skip-per-image.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { convertDataset, makeDemoThumbnails } from '../dist/index.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const COUNT = Number(args[args.indexOf('--count') + 1] || 0) || 5000;
const SKIP_PER_IMAGE = args.includes('--skip-per-image');
const CORES = availableParallelism();
const IM = ['/usr/bin/convert', '/usr/bin/convert-im6.q16'].find((p) => existsSync(p));
const CLI = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
const IM_OPS = [
  '-fuzz',
  '5%',
  '-trim',
  '+repage',
  '-sample',
  '28x28',
  '-sharpen',
  '1x1',
  '-background',
  '#fdfdfd',
  '-gravity',
  'center',
  '-extent',
  '28x28',
  '-negate',
  '-colorspace',
  'Gray',
];

const work = join(tmpdir(), 'fmnist-bench-convert');
// One folder per count: fmnist converts the whole folder, ImageMagick the same files.
const input = join(work, `input-${COUNT}`);
await mkdir(input, { recursive: true });
process.stderr.write(`making ${COUNT} thumbnails in ${input} (kept for reruns)\n`);
const made = await makeDemoThumbnails({ dir: input, count: COUNT });
const files = [];
for (const d of (await readdir(input)).sort()) {
  for (const f of (await readdir(join(input, d))).sort()) files.push(join(input, d, f));
}
if (files.length !== made) {
  throw new Error(`${input} holds ${files.length} files, not ${made}: remove it and run again.`);
}

/** Runs `tasks` (functions returning promises) `parallel` at a time. */
async function pool(tasks, parallel) {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

const REPEATS = Number(args[args.indexOf('--repeats') + 1] || 0) || 5;

/** Times of each method, by name; the table shows the median (this machine's shared cores vary). */
const times = new Map();
const notes = new Map();
async function measure(name, fn, note) {
  const t = performance.now();
  await fn();
  const s = (performance.now() - t) / 1000;
  if (!times.has(name)) times.set(name, []);
  times.get(name).push(s);
  notes.set(name, note);
  process.stderr.write(`${name}: ${(files.length / s).toFixed(0)} images/s\n`);
}

const imOut = join(work, 'im');
// ImageMagick, batched: one convert per 250 pictures, CORES processes at once (its fastest use).
const chunks = [];
for (let i = 0; i < files.length; i += 250) chunks.push(files.slice(i, i + 250));

// The methods take turns, REPEATS rounds, so a slow spell of the machine hits all of them.
for (let round = 0; round < REPEATS; round++) {
  // Ours: the whole `fmnist convert` work (read, 7 steps, IDX + card), a fresh output folder each time.
  for (const workers of [1, CORES]) {
    const out = join(work, `out-${workers}`);
    await rm(out, { recursive: true, force: true });
    await measure(
      `fmnist convert --workers ${workers}`,
      () => convertDataset({ input, out, workers, split: { testFraction: 1 / 7 } }),
      workers === 1
        ? 'main thread; sharp decodes on libuv threads'
        : `main thread + ${workers - 1} worker threads`,
    );
  }
  // The same from the shell: a new Node process, the CLI's modules loaded, everything cold.
  const cliOut = join(work, 'out-cli');
  await rm(cliOut, { recursive: true, force: true });
  await measure(
    `fmnist convert (CLI process) --workers ${CORES}`,
    () => run(process.execPath, [CLI, 'convert', input, '--out', cliOut, '--workers', `${CORES}`]),
    'node packages/cli/dist/bin.js: start-up and module loading included',
  );
  if (IM) {
    await rm(imOut, { recursive: true, force: true });
    await mkdir(imOut, { recursive: true });
    await measure(
      `ImageMagick convert, 250 per process ×${CORES}`,
      () =>
        pool(
          chunks.map(
            (chunk, c) => () => run(IM, [...chunk, ...IM_OPS, join(imOut, `b${c}-%d.pgm`)]),
          ),
          CORES,
        ),
      'fixed #fdfdfd extent colour (every thumbnail has it)',
    );
  }
}
if (IM && !SKIP_PER_IMAGE) {
  // ImageMagick, one process per picture, as a shell loop with xargs -P CORES would run it (once:
  // process start-up dominates and it takes minutes).
  await measure(
    `ImageMagick convert, 1 per process ×${CORES}`,
    () =>
      pool(
        files.map((f, i) => () => run(IM, [f, ...IM_OPS, join(imOut, `s${i}.pgm`)])),
        CORES,
      ),
    'process start-up dominates',
  );
}

const median = (a) => [...a].sort((x, y) => x - y)[(a.length - 1) >> 1];
const rows = [...times].map(([name, runs]) => {
  const s = median(runs);
  return {
    name,
    images: files.length,
    seconds: +s.toFixed(3),
    perSecond: +(files.length / s).toFixed(1),
    runs: runs.map((r) => +r.toFixed(3)),
    note: notes.get(name),
  };
});
// The library call's best row is the reference; the CLI row shows what the shell adds.
const ours = Math.max(
  ...rows.filter((r) => r.name.startsWith('fmnist convert --')).map((r) => r.perSecond),
);
for (const r of rows) r.speedup = +(ours / r.perSecond).toFixed(2);
const pad = (s, n) => String(s).padEnd(n);
const lines = [
  `convert ${files.length} thumbnails (51×73) on ${CORES} cores (${cpus()[0]?.model ?? 'cpu'})`,
  `${pad('method', 44)} ${pad('seconds', 8)} ${pad('images/s', 9)} best fmnist ÷ this   (medians of ${REPEATS} runs)`,
  ...rows.map(
    (r) =>
      `${pad(r.name, 44)} ${pad(r.seconds.toFixed(2), 8)} ${pad(r.perSecond.toFixed(0), 9)} ${r.speedup.toFixed(2)}×`,
  ),
];
console.log(lines.join('\n'));
await mkdir('bench-results', { recursive: true });
await writeFile(
  'bench-results/convert.json',
  JSON.stringify(
    {
      benchmark: 'convert',
      count: files.length,
      cores: CORES,
      node: process.version,
      imagemagick: IM ? (await run(IM, ['-version'])).stdout.split('\n')[0] : null,
      repeats: REPEATS,
      date: new Date().toISOString(),
      rows,
    },
    null,
    2,
  ) + '\n',
);
console.log('wrote bench-results/convert.json');
