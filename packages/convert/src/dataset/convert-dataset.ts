import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataError, encodeIdx } from '@fmnist/idx';
import { idxFileOfEncoding, writeFileAtomic } from '@fmnist/idx/node';
import { formatColour } from '../raw-image.js';
import { pipelineHash, resolvePipelineOptions, type PipelineOptions } from '../pipeline.js';
import { ConversionCache, cacheLine, type CacheEntry } from './cache.js';
import { cardMarkdown, type CardFile, type DatasetCard } from './card.js';
import { createConverter } from './converter.js';
import { scanInputs, type Skipped } from './scan.js';
import { splitImages, type SplitImages } from './split-images.js';
import { DEFAULT_TEST_FRACTION, stratifiedSplit, type Split, type SplitRule } from './split.js';

/** Options of {@link convertDataset}. */
export interface ConvertDatasetOptions {
  /** Folder of pictures (class-per-folder, or the root that `labels` paths are relative to). */
  input: string;
  /** A CSV of `path,label` lines; without it, one sub-folder per class. */
  labels?: string;
  /** Output folder: the four IDX files, `dataset-card.{json,md}` and the resume log. */
  out: string;
  /** Default: a test fraction of 1/7 (the paper's 10,000 of 70,000). */
  split?: SplitRule;
  /** Seeds the split and the shuffle; default 0. */
  seed?: number;
  /** Store examples sorted by label (as the paper did) instead of shuffled. */
  sortByLabel?: boolean;
  /** Leave low-contrast products out of the dataset (they are always listed in the card). */
  excludeLowContrast?: boolean;
  /**
   * Threads that convert: 0 or 1 (default), this thread; N ≥ 2, this thread and N − 1 worker
   * threads (they need the built dist/).
   */
  workers?: number;
  /** Pictures per message to a worker; default: up to 64, fewer for small runs. */
  batchSize?: number;
  pipeline?: PipelineOptions;
  /** Called after each picture with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops converting; what was converted is kept for the next run. */
  signal?: AbortSignal;
}

/** What a run did. */
export interface ConvertDatasetReport {
  card: DatasetCard;
  /** Paths written. */
  files: string[];
}

/** The names of the written files, as Fashion-MNIST's. */
export const OUTPUT_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** The resume log's name inside the output folder. */
export const CACHE_FILE = '.fmnist-convert-cache.jsonl';

/** Thrown when `signal` stops a run; the next run resumes. */
export class ConversionInterrupted extends Error {
  override readonly name = 'ConversionInterrupted';
}

/**
 * Makes an MNIST-format dataset from a folder of pictures: scans and labels them, converts each
 * (reusing results of earlier runs), splits by class with a seed, writes the IDX files with
 * `@fmnist/idx` and a dataset card. An unreadable picture is listed in the card and skipped, never
 * fatal; a picture with nothing but background is skipped; low-contrast ones are flagged.
 */
export async function convertDataset(
  options: ConvertDatasetOptions,
): Promise<ConvertDatasetReport> {
  const pipeline = resolvePipelineOptions(options.pipeline);
  const hash = pipelineHash(pipeline);
  const rule: SplitRule = options.split ?? { testFraction: DEFAULT_TEST_FRACTION };
  checkRule(rule);
  const seed = options.seed ?? 0;
  const out = resolve(options.out);
  // The workers start first: they load while the input is scanned and the log is read.
  const converter = createConverter({
    pipeline,
    hash,
    workers: options.workers,
    batchSize: options.batchSize,
  });
  let cache: ConversionCache | undefined;
  const entries: (CacheEntry | undefined)[] = [];
  let scan: Awaited<ReturnType<typeof scanInputs>>;
  let planned: { split: Split; images: SplitImages } | undefined;
  const splitOf = (labels: number[]) =>
    stratifiedSplit(labels, rule, seed, options.sortByLabel === true);
  const splitOrNone = (labels: number[]) => {
    try {
      return splitOf(labels);
    } catch {
      return undefined; // too few examples: said after the conversion, of the usable ones
    }
  };
  let total = 0;
  let done = 0;
  let converted = 0;
  let fromCache = 0;
  try {
    scan = await scanInputs(options.input, options.labels);
    await mkdir(out, { recursive: true });
    cache = await ConversionCache.open(join(out, CACHE_FILE));
    const log = cache;
    total = scan.items.length;
    entries.length = total;
    // The usual case is that every picture is usable: then the split is the one of the scan's
    // labels, and each result goes straight to its place in the image files.
    const likely = splitOrNone(scan.items.map((item) => item.label));
    planned = likely && { split: likely, images: splitImages(likely, total, pipeline.size) };
    let lastFlush = performance.now();
    let flushing: Promise<void> | undefined;
    await converter.run(
      scan.items,
      log,
      (i, r) => {
        let entry: CacheEntry;
        if (r.cached) {
          const known = log.get(r.key);
          if (!known) throw new Error(`the resume log has no entry ${r.key}`);
          entry = known;
          fromCache++;
        } else {
          entry = r.entry;
          // A line a thread could not append goes through the log's own buffered writes.
          log.put(r.key, entry, r.logged ? undefined : cacheLine(r.key, r.name, entry));
          converted++;
        }
        entries[i] = entry;
        if (planned && 'pixels' in entry) planned.images.place(i, entry.pixels);
        done++;
        options.onProgress?.(done, total);
        // Appended about once a second (or every 256 lines, so little is left for the end), one
        // write at a time, while the conversion goes on.
        if (!flushing && (log.pending >= 256 || performance.now() - lastFlush > 1000)) {
          lastFlush = performance.now();
          flushing = log.flush().finally(() => (flushing = undefined));
        }
      },
      options.signal,
    );
    await flushing;
  } catch (e) {
    await Promise.allSettled([converter.close(), cache?.close()]);
    throw e;
  }
  // The threads stop and the log is synced while the dataset is written.
  const closing = Promise.all([converter.close(), cache.close()]);
  closing.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  if (options.signal?.aborted) {
    await closing;
    throw new ConversionInterrupted(
      `interrupted after ${done} of ${total} pictures; run the same command again to resume.`,
    );
  }

  // Usable examples, the skipped and the flagged.
  const skipped: Skipped[] = [...scan.skipped];
  const lowContrast: DatasetCard['lowContrast'] = [];
  const usable: { index: number; pixels: Uint8Array; label: number }[] = [];
  scan.items.forEach((item, i) => {
    const e = entries[i]!;
    if ('error' in e) return skipped.push({ name: item.name, reason: e.error });
    if (!e.box)
      return skipped.push({ name: item.name, reason: 'nothing but background: no product found' });
    const excluded = e.lowContrast && options.excludeLowContrast === true;
    if (e.lowContrast) lowContrast.push({ name: item.name, contrast: e.contrast, excluded });
    if (!excluded) usable.push({ index: i, pixels: e.pixels, label: item.label });
  });
  if (usable.length === 0) {
    throw new DataError(
      'not-found',
      `${options.input}: none of the ${total} pictures could be used.`,
    );
  }
  const labels = usable.map((u) => u.label);
  const size = pipeline.size;
  // Unless some pictures were left out, the planned split stands and its files are filled.
  let split: Split;
  let images: SplitImages;
  if (planned && usable.length === total) ({ split, images } = planned);
  else {
    split = splitOf(labels);
    images = splitImages(split, usable.length, size);
    usable.forEach((u, k) => images.place(k, u.pixels));
  }
  const labelFile = (indices: number[]) =>
    encodeIdx({
      type: 'uint8',
      shape: [indices.length],
      data: Uint8Array.from(indices, (u) => labels[u]),
    });
  const outputs = [
    { name: OUTPUT_FILES.trainImages, examples: split.train.length, raw: images.train },
    { name: OUTPUT_FILES.trainLabels, examples: split.train.length, raw: labelFile(split.train) },
    { name: OUTPUT_FILES.testImages, examples: split.test.length, raw: images.test },
    { name: OUTPUT_FILES.testLabels, examples: split.test.length, raw: labelFile(split.test) },
  ];
  // The four files are compressed at once on libuv's threads, and each is hashed and written as
  // soon as it is; this thread hashes the encodings meanwhile. The card follows, below.
  const files = outputs.map(({ name }) => join(out, name));
  const pending = outputs.map(({ name, raw }) =>
    idxFileOfEncoding(name, raw).then((bytes) => ({ bytes, sha256: sha256(bytes) })),
  );
  const writes = pending.map((p, i) => p.then(({ bytes }) => writeFileAtomic(files[i], bytes)));
  writes.forEach((w) => w.catch(() => {})); // awaited below; a failure is not left unhandled
  const rawSha256 = outputs.map(({ raw }) => sha256(raw));
  const compressed = await Promise.all(pending);
  const cardFiles: CardFile[] = outputs.map(({ name, examples }, i) => ({
    name,
    examples,
    bytes: compressed[i].bytes.length,
    sha256: compressed[i].sha256,
    rawSha256: rawSha256[i],
  }));

  const counts = (list: number[], c: number) => list.filter((u) => usable[u].label === c).length;
  const card: DatasetCard = {
    tool: '@fmnist/convert',
    created: new Date().toISOString(),
    input: resolve(options.input),
    labelSource: scan.labelSource,
    size: { rows: size, cols: size },
    classes: scan.classNames.map((name, label) => ({
      label,
      name,
      train: counts(split.train, label),
      test: counts(split.test, label),
    })),
    splits: { train: split.train.length, test: split.test.length },
    split: { ...rule, seed, sortByLabel: options.sortByLabel === true, stratified: true },
    parameters: {
      size,
      fuzz: pipeline.fuzz,
      background: formatColour(pipeline.background),
      fill: pipeline.fill === 'corner' ? 'corner' : formatColour(pipeline.fill),
      sharpenRadius: pipeline.sharpenRadius,
      sharpenSigma: pipeline.sharpenSigma,
      minContrast: pipeline.minContrast,
      excludeLowContrast: options.excludeLowContrast === true,
      pipelineHash: hash,
    },
    files: cardFiles,
    conversions: {
      pictures: total,
      converted,
      fromCache,
      failed: entries.filter((e) => e && 'error' in e).length,
    },
    skipped,
    lowContrast,
  };
  const jsonPath = join(out, 'dataset-card.json');
  const mdPath = join(out, 'dataset-card.md');
  await Promise.all([
    ...writes,
    writeFileAtomic(jsonPath, JSON.stringify(card, null, 2) + '\n'),
    writeFileAtomic(mdPath, cardMarkdown(card)),
    closing,
  ]);
  files.push(jsonPath, mdPath);
  return { card, files };
}

function checkRule(rule: SplitRule): void {
  if ('trainPerClass' in rule) {
    if (!Number.isInteger(rule.trainPerClass) || rule.trainPerClass < 0) {
      throw new DataError(
        'bad-option',
        `--train-per-class must be a whole number ≥ 0, got ${rule.trainPerClass}.`,
      );
    }
  } else if (!(rule.testFraction >= 0 && rule.testFraction <= 1)) {
    throw new DataError(
      'bad-option',
      `--test-fraction must be in [0, 1], got ${rule.testFraction}.`,
    );
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
