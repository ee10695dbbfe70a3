import { locateSplit } from '#platform';
import { decodeIdx } from '../codec/decode-idx.js';
import { IdxFormatError } from '../codec/idx-format-error.js';
import { readBytes } from '#platform';
import { DataError } from './data-error.js';
import { FASHION_MNIST, MNIST, type DatasetSpec, type Split } from './registry.js';

/** Where to look for (and, if asked, download) a dataset. */
export interface LoadOptions {
  /** Which split; default `'train'`. */
  split?: Split;
  /**
   * Node: a folder holding the four files (.gz or decompressed), searched first.
   * Browser: the base URL the files are served from (default: `./data/<dataset>/` on the page).
   */
  dataDir?: string;
  /** Node: download into the user cache when no copy is found (default false). */
  download?: boolean;
}

/** One split of an image-classification dataset in IDX form. */
export interface DatasetSplit {
  dataset: DatasetSpec['name'];
  split: Split;
  /** `n × rows × cols` pixels, row-major, 0 = background. */
  images: Uint8Array;
  /** `n` labels, 0..9. */
  labels: Uint8Array;
  n: number;
  rows: number;
  cols: number;
  /** Where the files were found: a folder path or a base URL. */
  source: string;
  /** How the folder was found: explicit, env, cache, debian, download or url. */
  foundBy: string;
}

/** Loads a split of Fashion-MNIST, searching as described in the README. */
export function loadFashionMnist(options: LoadOptions = {}): Promise<DatasetSplit> {
  return loadDataset(FASHION_MNIST, options);
}

/** Loads a split of MNIST (same format, for side-by-side results). */
export function loadMnist(options: LoadOptions = {}): Promise<DatasetSplit> {
  return loadDataset(MNIST, options);
}

/** Loads a split of any dataset spec: locate, read, decode, check images and labels agree. */
export async function loadDataset(
  spec: DatasetSpec,
  options: LoadOptions = {},
): Promise<DatasetSplit> {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new DataError('bad-option', `unknown split "${String(split)}": use "train" or "test".`);
  }
  const where = await locateSplit(spec, split, options);
  const [imgBytes, lblBytes] = await Promise.all([
    readBytes(where.images),
    readBytes(where.labels),
  ]);
  const imagesName = String(where.images);
  const labelsName = String(where.labels);
  const [img, lbl] = await Promise.all([
    decodeIdx(imgBytes, imagesName),
    decodeIdx(lblBytes, labelsName),
  ]);
  if (img.type !== 'uint8' || img.shape.length !== 3) {
    throw new IdxFormatError(
      'bad-dimensions',
      `expected uint8 images of shape n×rows×cols, got ${img.type} [${img.shape.join(', ')}].`,
      imagesName,
    );
  }
  if (lbl.type !== 'uint8' || lbl.shape.length !== 1) {
    throw new IdxFormatError(
      'bad-dimensions',
      `expected uint8 labels of shape n, got ${lbl.type} [${lbl.shape.join(', ')}].`,
      labelsName,
    );
  }
  const [n, rows, cols] = img.shape;
  if (lbl.shape[0] !== n) {
    throw new IdxFormatError(
      'bad-dimensions',
      `${n} images but ${lbl.shape[0]} labels in ${labelsName}; the two files do not belong together.`,
      imagesName,
    );
  }
  const labels = lbl.data as Uint8Array;
  const k = spec.classNames.length;
  const bad = labels.findIndex((l) => l >= k);
  if (bad >= 0) {
    throw new IdxFormatError(
      'bad-tensor',
      `label ${labels[bad]} at index ${bad} is outside 0..${k - 1}.`,
      labelsName,
    );
  }
  return {
    dataset: spec.name,
    split,
    images: img.data as Uint8Array,
    labels,
    n,
    rows,
    cols,
    source: where.source,
    foundBy: where.foundBy,
  };
}
