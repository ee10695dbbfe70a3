import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { DATASETS, loadDataset, type DatasetName, type Split } from '@fmnist/idx';

/** Options of {@link writeSprite}. */
export interface SpriteOptions {
  /** Default `test` (10,000 images: a 2,800 px sprite). */
  split?: Split;
  /** Default `fashion`. */
  dataset?: DatasetName;
  /** The dataset's folder (default: the search path of `fmnist data`). */
  dataDir?: string;
  /** Output folder, created if missing. */
  out: string;
  /** Only the first `limit` images (default all). */
  limit?: number;
  /** Dark strokes on white, as upstream's sprite (`invert_grayscale`); default false. */
  invert?: boolean;
}

/** What {@link writeSprite} wrote. */
export interface SpriteResult {
  sprite: string;
  metadata: string;
  config: string;
  /** Images in the sprite. */
  n: number;
  /** Images per row and column. */
  side: number;
  /** Sprite width = height in pixels. */
  size: number;
}

/**
 * The TensorBoard projector's sprite geometry: `n` tiles in a `side × side` square (row-major,
 * image i at row ⌊i / side⌋, column i mod side), `side = ⌈√n⌉`, the unused tail left black.
 */
export function spriteLayout(n: number, rows: number, cols: number) {
  const side = Math.max(1, Math.ceil(Math.sqrt(n)));
  return { side, width: side * cols, height: side * rows };
}

/** Tiles `n` images of `rows × cols` pixels (row-major, one after another) into one gray square. */
export function tileSprite(
  images: Uint8Array,
  n: number,
  rows: number,
  cols: number,
  invert = false,
): { data: Uint8Array; side: number; width: number; height: number } {
  const { side, width, height } = spriteLayout(n, rows, cols);
  const data = new Uint8Array(width * height).fill(invert ? 255 : 0);
  const size = rows * cols;
  for (let i = 0; i < n; i++) {
    const x0 = (i % side) * cols;
    const y0 = Math.floor(i / side) * rows;
    for (let y = 0; y < rows; y++) {
      const src = images.subarray(i * size + y * cols, i * size + (y + 1) * cols);
      const at = (y0 + y) * width + x0;
      if (invert) for (let x = 0; x < cols; x++) data[at + x] = 255 - src[x];
      else data.set(src, at);
    }
  }
  return { data, side, width, height };
}

/** `metadata.tsv`: a header, then one row per image (index, label, class name), in sprite order. */
export function spriteMetadata(labels: ArrayLike<number>, classNames: readonly string[]): string {
  const lines = ['index\tlabel\tclass'];
  for (let i = 0; i < labels.length; i++)
    lines.push(`${i}\t${labels[i]}\t${classNames[labels[i]].replace(/[\t\n]/g, ' ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the TensorBoard-projector files of a split into `out`: `sprite.png` (all images in one
 * square PNG), `metadata.tsv` (labels and class names; more than one column, so with a header, as
 * the projector expects) and `projector_config.pbtxt` pointing at both, ready to add a tensor.
 */
export async function writeSprite(options: SpriteOptions): Promise<SpriteResult> {
  const spec = DATASETS[options.dataset ?? 'fashion'];
  const split = options.split ?? 'test';
  const d = await loadDataset(spec, { split, dataDir: options.dataDir, download: false });
  const n = Math.min(d.n, options.limit ?? d.n);
  const grid = tileSprite(d.images, n, d.rows, d.cols, options.invert ?? false);
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const sprite = join(out, 'sprite.png');
  const metadata = join(out, 'metadata.tsv');
  const config = join(out, 'projector_config.pbtxt');
  await sharp(grid.data, { raw: { width: grid.width, height: grid.height, channels: 1 } })
    .toColourspace('b-w') // else sharp writes 3-channel RGB
    .png({ compressionLevel: 9 })
    .toFile(sprite);
  await writeFile(metadata, spriteMetadata(d.labels.subarray(0, n), spec.classNames));
  await writeFile(
    config,
    [
      'embeddings {',
      `  tensor_name: "${spec.name}-${split}"`,
      '  metadata_path: "metadata.tsv"',
      '  sprite {',
      '    image_path: "sprite.png"',
      `    single_image_dim: ${d.cols}`,
      `    single_image_dim: ${d.rows}`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return { sprite, metadata, config, n, side: grid.side, size: grid.width };
}
