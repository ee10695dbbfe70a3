// Shared by the CLI tests: run `main` in-process with captured output, and read the Debian copy of
// Fashion-MNIST independently of @fmnist/idx (plain zlib + fixed header offsets, as mnist_reader does).
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, type CliIo } from '../src/index.js';

/** Debian's packaged Fashion-MNIST (`apt-get install dataset-fashion-mnist`). */
export const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** What a run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fmnist <args>` in-process. */
export async function run(args: string[], cwd = process.cwd()): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
  };
  const code = await main(['node', 'fmnist', ...args], io);
  return { code, stdout, stderr };
}

const cache = new Map<string, { images: Uint8Array; labels: Uint8Array; n: number }>();

/** A split of the Debian copy, decoded without @fmnist/idx. */
export function readDebianSplit(split: 'train' | 'test') {
  let hit = cache.get(split);
  if (!hit) {
    const prefix = split === 'train' ? 'train' : 't10k';
    const images = gunzipSync(readFileSync(join(DEBIAN_DIR, `${prefix}-images-idx3-ubyte.gz`)));
    const labels = gunzipSync(readFileSync(join(DEBIAN_DIR, `${prefix}-labels-idx1-ubyte.gz`)));
    hit = { images: images.subarray(16), labels: labels.subarray(8), n: labels.length - 8 };
    cache.set(split, hit);
  }
  return hit;
}

/** Fashion-MNIST's class names, written out here rather than imported. */
export const CLASS_NAMES = [
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
];
