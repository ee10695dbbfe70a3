import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { type Exporter } from './export-job.js';

/** A class's folder name: `<label>_<name>`, lower case, runs of other characters as `-` (`0_t-shirt-top`). */
export function classFolderName(label: number, name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${label}_${slug}`;
}

/** The file name of example `index`: zero-padded to the width of the split's size (`00042.png`). */
export function exampleFileName(index: number, n: number): string {
  return `${String(index).padStart(String(Math.max(0, n - 1)).length, '0')}.png`;
}

// PNG encodes run on libvips' threads; a few in flight keep both cores busy without a flood.
const IN_FLIGHT = 16;

/**
 * PNG folders in torchvision's ImageFolder layout: `<split>/<label>_<class>/<index>.png`, one
 * 28×28 8-bit grayscale PNG per example; `<index>` is its position in the split. The label prefix
 * makes ImageFolder's alphabetical class order equal the dataset's label order.
 */
export const exportPng: Exporter = async ({ split, classNames, outDir, count, progress }) => {
  const { default: sharp } = await import('sharp'); // loaded when PNGs are made, not with `fmnist`
  const root = join(outDir, split.split);
  const folders = classNames.map((name, label) => join(root, classFolderName(label, name)));
  await Promise.all(folders.map((f) => mkdir(f, { recursive: true })));
  const size = split.rows * split.cols;
  const paths: string[] = new Array(count);
  const writeOne = async (i: number) => {
    const raw = split.images.subarray(i * size, (i + 1) * size);
    const png = await sharp(raw, { raw: { width: split.cols, height: split.rows, channels: 1 } })
      .toColourspace('b-w') // else sharp writes 3-channel RGB
      .png()
      .toBuffer();
    paths[i] = join(folders[split.labels[i]], exampleFileName(i, split.n));
    await writeFileAtomic(paths[i], png);
  };
  for (let start = 0; start < count; start += IN_FLIGHT) {
    const end = Math.min(count, start + IN_FLIGHT);
    const batch: Promise<void>[] = [];
    for (let i = start; i < end; i++) batch.push(writeOne(i));
    await Promise.all(batch);
    progress(end);
  }
  return paths;
};
