import { DataError } from './data-error.js';

/** The datasets fmnist knows: where they come from and how to recognise their files. */
export type DatasetName = 'fashion' | 'mnist';
export type Split = 'train' | 'test';
export type FileKind = 'images' | 'labels';

/** One of the four files of a dataset. */
export interface DatasetFile {
  /** Official file name, e.g. `train-images-idx3-ubyte.gz`. */
  name: string;
  split: Split;
  kind: FileKind;
  /** Size of the decompressed file in bytes. */
  rawBytes: number;
  /** SHA-256 of the decompressed bytes: the dataset's identity whatever the compression. */
  rawSha256?: string;
  /** MD5 of the official .gz bytes (true only of a byte-identical official download). */
  gzMd5: string;
}

/** A dataset: its name, class names, download locations and files. */
export interface DatasetSpec {
  name: DatasetName;
  title: string;
  /** Base URLs, official first, then mirrors; each holds the files under their official names. */
  urls: string[];
  /** Debian's packaged copy, if Debian ships one. */
  debianDir?: string;
  classNames: readonly string[];
  files: readonly DatasetFile[];
  license: string;
  citation: string;
}

/** Fashion-MNIST's ten classes, index = label. */
export const FASHION_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** MNIST's ten classes, index = label. */
export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const file = (
  split: Split,
  kind: FileKind,
  rawBytes: number,
  gzMd5: string,
  rawSha256?: string,
): DatasetFile => ({
  name: `${split === 'train' ? 'train' : 't10k'}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte.gz`,
  split,
  kind,
  rawBytes,
  gzMd5,
  ...(rawSha256 ? { rawSha256 } : {}),
});

export const FASHION_MNIST: DatasetSpec = {
  name: 'fashion',
  title: 'Fashion-MNIST',
  urls: [
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
  ],
  debianDir: '/usr/share/datasets/fashion-mnist',
  classNames: FASHION_CLASS_NAMES,
  files: [
    file(
      'train',
      'images',
      47_040_016,
      '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
      'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
    ),
    file(
      'train',
      'labels',
      60_008,
      '25c81989df183df01b3e8a0aad5dffbe',
      'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
    ),
    file(
      'test',
      'images',
      7_840_016,
      'bef4ecab320f06d8554ea6380940ec79',
      '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
    ),
    file(
      'test',
      'labels',
      10_008,
      'bb300cfdad3c16e7a12a480ee83cd310',
      '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    ),
  ],
  license: 'MIT (Zalando SE, 2017)',
  citation:
    'Han Xiao, Kashif Rasul, Roland Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms. arXiv:1708.07747, 2017.',
};

export const MNIST: DatasetSpec = {
  name: 'mnist',
  title: 'MNIST',
  urls: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
  classNames: MNIST_CLASS_NAMES,
  files: [
    file('train', 'images', 47_040_016, 'f68b3c2dcbeaaa9fbdd348bbdeb94873'),
    file('train', 'labels', 60_008, 'd53e105ee54ea40749a09fcbcd1e9432'),
    file('test', 'images', 7_840_016, '9fb629c4189551a2d022fa330f9573f3'),
    file('test', 'labels', 10_008, 'ec29112dd5afa0611ce80d1b7f02629c'),
  ],
  license: 'CC BY-SA 3.0 (Yann LeCun, Corinna Cortes, Christopher J.C. Burges)',
  citation:
    'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner. Gradient-based learning applied to document recognition. Proc. IEEE, 1998.',
};

/** Every known dataset by name. */
export const DATASETS: Record<DatasetName, DatasetSpec> = { fashion: FASHION_MNIST, mnist: MNIST };

/** The spec of a dataset name, with a clear error for an unknown one. */
export function datasetSpec(name: string): DatasetSpec {
  const spec = (DATASETS as Record<string, DatasetSpec | undefined>)[name];
  if (!spec)
    throw new DataError(
      'bad-option',
      `unknown dataset "${name}": use one of ${Object.keys(DATASETS).join(', ')}.`,
    );
  return spec;
}

/** The images and labels files of one split. */
export function splitFiles(
  spec: DatasetSpec,
  split: Split,
): { images: DatasetFile; labels: DatasetFile } {
  const pick = (kind: FileKind) => spec.files.find((f) => f.split === split && f.kind === kind)!;
  return { images: pick('images'), labels: pick('labels') };
}
