import {
  DATASETS,
  loadDataset,
  type DatasetName,
  type DatasetSplit,
  type Split,
} from '@fmnist/idx';
import { findSplit } from '@fmnist/idx/node';
import type {
  BalanceResponse,
  DatasetInfo,
  ImageResponse,
  MeanResponse,
  SamplesResponse,
} from '../shared/api-types.js';

/** Where each dataset's files are; a dataset not named here is searched for as `fmnist data` does. */
export type DataDirs = Partial<Record<DatasetName, string>>;

/** A request the store cannot answer: `status` is the HTTP status to send. */
export class DatasetRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SPLITS: readonly Split[] = ['train', 'test'];

/**
 * The datasets behind the dataset view. A split is decoded on first use and kept (the training
 * split is 47 MB, decoded in about half a second); concurrent first requests share one load.
 * Nothing is ever downloaded: the server shows what is on disk.
 */
export class DatasetStore {
  private readonly loads = new Map<string, Promise<DatasetSplit>>();
  private readonly means = new Map<string, MeanResponse>();

  constructor(private readonly dirs: DataDirs = {}) {}

  /** The known datasets and which splits are on disk. */
  list(): DatasetInfo[] {
    return Object.values(DATASETS).map((spec) => ({
      name: spec.name,
      title: spec.title,
      classNames: [...spec.classNames],
      available: SPLITS.filter((s) => findSplit(spec, s, { dataDir: this.dirs[spec.name] })),
    }));
  }

  /** Loads (once) a split, with 404 for an unknown name or a split not on disk. */
  async split(name: string, split: string): Promise<DatasetSplit> {
    const spec = (DATASETS as Record<string, (typeof DATASETS)[DatasetName] | undefined>)[name];
    if (!spec) throw new DatasetRequestError(404, `unknown dataset "${name}".`);
    if (split !== 'train' && split !== 'test')
      throw new DatasetRequestError(404, `unknown split "${split}": use train or test.`);
    const dataDir = this.dirs[spec.name];
    if (!findSplit(spec, split, { dataDir }))
      throw new DatasetRequestError(
        404,
        `${spec.title} ${split} split not found on this machine` +
          (spec.name === 'fashion'
            ? ' (apt-get install dataset-fashion-mnist, or fmnist data fetch).'
            : ` (fmnist data fetch --dataset ${spec.name}).`),
      );
    const key = `${name}/${split}`;
    let load = this.loads.get(key);
    if (!load) {
      load = loadDataset(spec, { split, dataDir, download: false });
      this.loads.set(key, load);
      load.catch(() => this.loads.delete(key));
    }
    return load;
  }

  /** `perClass` examples of each class (or of `onlyClass`), from `offset` within the class. */
  async samples(
    name: string,
    split: string,
    opts: { perClass: number; onlyClass?: number; offset?: number },
  ): Promise<SamplesResponse> {
    const d = await this.split(name, split);
    const classNames = [...DATASETS[d.dataset].classNames];
    const k = classNames.length;
    if (opts.onlyClass !== undefined && !(opts.onlyClass >= 0 && opts.onlyClass < k))
      throw new DatasetRequestError(400, `class must be 0..${k - 1}.`);
    const wanted = Array.from({ length: k }, () => [] as number[]);
    const skip = new Array<number>(k).fill(opts.offset ?? 0);
    for (let i = 0; i < d.n; i++) {
      const c = d.labels[i];
      if (opts.onlyClass !== undefined && c !== opts.onlyClass) continue;
      if (skip[c] > 0) skip[c]--;
      else if (wanted[c].length < opts.perClass) wanted[c].push(i);
    }
    const size = d.rows * d.cols;
    const samples = wanted.flat().map((index) => ({
      index,
      label: d.labels[index],
      pixels: Buffer.from(d.images.buffer, d.images.byteOffset + index * size, size).toString(
        'base64',
      ),
    }));
    return {
      dataset: d.dataset,
      split: d.split,
      classNames,
      rows: d.rows,
      cols: d.cols,
      samples,
      encoding: 'base64',
    };
  }

  /** One image's pixels and label. */
  async image(name: string, split: string, index: number): Promise<ImageResponse> {
    const d = await this.split(name, split);
    if (!Number.isInteger(index) || index < 0 || index >= d.n)
      throw new DatasetRequestError(404, `image index must be 0..${d.n - 1}.`);
    const size = d.rows * d.cols;
    const label = d.labels[index];
    return {
      dataset: d.dataset,
      split: d.split,
      index,
      label,
      className: DATASETS[d.dataset].classNames[label],
      rows: d.rows,
      cols: d.cols,
      pixels: Array.from(d.images.subarray(index * size, (index + 1) * size)),
    };
  }

  /** The mean image of each class (computed once per split). */
  async mean(name: string, split: string): Promise<MeanResponse> {
    const d = await this.split(name, split);
    const key = `${name}/${split}`;
    const hit = this.means.get(key);
    if (hit) return hit;
    const classNames = [...DATASETS[d.dataset].classNames];
    const size = d.rows * d.cols;
    const sums = classNames.map(() => new Float64Array(size));
    const counts = new Array<number>(classNames.length).fill(0);
    for (let i = 0; i < d.n; i++) {
      const sum = sums[d.labels[i]];
      counts[d.labels[i]]++;
      const base = i * size;
      for (let p = 0; p < size; p++) sum[p] += d.images[base + p];
    }
    const response: MeanResponse = {
      dataset: d.dataset,
      split: d.split,
      classNames,
      rows: d.rows,
      cols: d.cols,
      means: sums.map((s, c) => Array.from(s, (v) => (counts[c] ? Math.round(v / counts[c]) : 0))),
      counts,
    };
    this.means.set(key, response);
    return response;
  }

  /** How many examples of each class the split holds. */
  async balance(name: string, split: string): Promise<BalanceResponse> {
    const d = await this.split(name, split);
    const classNames = [...DATASETS[d.dataset].classNames];
    const counts = new Array<number>(classNames.length).fill(0);
    for (const l of d.labels) counts[l]++;
    return { dataset: d.dataset, split: d.split, classNames, counts, n: d.n };
  }
}
