import { join } from 'node:path';
import { streamFileAtomic } from './atomic-write.js';
import { CHUNK, pixelsText, type Exporter } from './export-job.js';

/**
 * JSON Lines: `<split>.jsonl`, one object per example,
 * `{"label":9,"class":"Ankle boot","pixels":[0,0,…]}` (784 row-major pixels).
 */
export const exportJsonl: Exporter = async ({ split, classNames, outDir, count, progress }) => {
  const path = join(outDir, `${split.split}.jsonl`);
  const names = classNames.map((n) => JSON.stringify(n));
  await streamFileAtomic(path, async (sink) => {
    for (let start = 0; start < count; start += CHUNK) {
      const end = Math.min(count, start + CHUNK);
      let text = '';
      for (let i = start; i < end; i++) {
        const l = split.labels[i];
        text += `{"label":${l},"class":${names[l]},"pixels":[${pixelsText(split, i)}]}\n`;
      }
      await sink.write(text);
      progress(end);
    }
  });
  return [path];
};
