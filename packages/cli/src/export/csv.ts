import { join } from 'node:path';
import { streamFileAtomic } from './atomic-write.js';
import { CHUNK, pixelsText, type Exporter } from './export-job.js';

/**
 * CSV in the widely used layout (Kaggle's fashion-mnist_train.csv): `<split>.csv` with a header
 * `label,pixel1,…,pixel784`, then one row per example, the label and its pixels in row-major order.
 */
export const exportCsv: Exporter = async ({ split, outDir, count, progress }) => {
  const path = join(outDir, `${split.split}.csv`);
  const size = split.rows * split.cols;
  const header = ['label', ...Array.from({ length: size }, (_, j) => `pixel${j + 1}`)].join(',');
  await streamFileAtomic(path, async (sink) => {
    await sink.write(header + '\n');
    for (let start = 0; start < count; start += CHUNK) {
      const end = Math.min(count, start + CHUNK);
      let text = '';
      for (let i = start; i < end; i++) text += `${split.labels[i]},${pixelsText(split, i)}\n`;
      await sink.write(text);
      progress(end);
    }
  });
  return [path];
};
