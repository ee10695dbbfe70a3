import { join } from 'node:path';
import { encodeNpy } from '@fmnist/idx';
import { writeFileAtomic } from './atomic-write.js';
import type { Exporter } from './export-job.js';

/**
 * NumPy: `x_<split>.npy` (uint8, shape (n, 28, 28)) and `y_<split>.npy` (uint8, shape (n,)),
 * loadable with `numpy.load` and no pickle.
 */
export const exportNpy: Exporter = async ({ split, outDir, count, progress }) => {
  const size = split.rows * split.cols;
  const x = join(outDir, `x_${split.split}.npy`);
  const y = join(outDir, `y_${split.split}.npy`);
  const images = split.images.subarray(0, count * size);
  await writeFileAtomic(x, encodeNpy({ data: images, shape: [count, split.rows, split.cols] }));
  await writeFileAtomic(y, encodeNpy({ data: split.labels.subarray(0, count), shape: [count] }));
  progress(count);
  return [x, y];
};
