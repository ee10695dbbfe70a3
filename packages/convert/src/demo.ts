import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FASHION_CLASS_NAMES, loadFashionMnist } from '@fmnist/idx';
import { Random } from '@fmnist/ml/random';
import type { Rgb, RawImage } from './raw-image.js';
import { DEFAULT_BACKGROUND } from './steps/decode.js';

/** Options of {@link thumbnailFromGrey}. */
export interface ThumbnailOptions {
  /** Thumbnail size; default 51 × 73, the paper's. */
  width?: number;
  height?: number;
  /** Canvas colour; default `#fdfdfd`. */
  background?: Rgb;
  /** The product's darkest colour (where the grey image is 255); default black. */
  colour?: Rgb;
}

/**
 * Blows a small grey image (product light on black, as in Fashion-MNIST) up onto a product-like
 * thumbnail: bilinear enlargement to fit the canvas, centred, each pixel blended from `background`
 * (grey 0) to `colour` (grey 255). The inverse of the pipeline, up to its losses.
 */
export function thumbnailFromGrey(
  grey: Uint8Array,
  side: number,
  options: ThumbnailOptions = {},
): RawImage {
  const W = options.width ?? 51;
  const H = options.height ?? 73;
  const bg = options.background ?? DEFAULT_BACKGROUND;
  const fg = options.colour ?? [0, 0, 0];
  const s = Math.min(W / side, H / side);
  const pw = Math.round(side * s);
  const ph = Math.round(side * s);
  const ox = Math.floor((W - pw) / 2);
  const oy = Math.floor((H - ph) / 2);
  const data = new Uint8Array(W * H * 3);
  const at = (x: number, y: number) =>
    grey[Math.min(side - 1, Math.max(0, y)) * side + Math.min(side - 1, Math.max(0, x))];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let a = 0;
      if (x >= ox && x < ox + pw && y >= oy && y < oy + ph) {
        const sx = (x - ox + 0.5) / s - 0.5;
        const sy = (y - oy + 0.5) / s - 0.5;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
        const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
        a = (top * (1 - fy) + bottom * fy) / 255;
      }
      const i = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) data[i + c] = Math.round(bg[c] * (1 - a) + fg[c] * a);
    }
  }
  return { width: W, height: H, channels: 3, data };
}

/** A saturated, fairly dark colour from a seeded PRNG (demo products are never white). */
export function productColour(rng: Random): Rgb {
  const hue = rng.random() * 6;
  const value = 40 + rng.between(0, 120);
  const chroma = value * (0.3 + 0.7 * rng.random());
  const x = chroma * (1 - Math.abs((hue % 2) - 1));
  const m = value - chroma;
  const table: [number, number, number][] = [
    [chroma, x, 0],
    [x, chroma, 0],
    [0, chroma, x],
    [0, x, chroma],
    [x, 0, chroma],
    [chroma, 0, x],
  ];
  const [r, g, b] = table[Math.floor(hue) % 6];
  return [Math.round(r + m), Math.round(g + m), Math.round(b + m)];
}

/** Options of {@link makeDemoThumbnails}. */
export interface DemoOptions {
  /** Folder that gets one sub-folder per class name. */
  dir: string;
  /** How many thumbnails (the first Fashion-MNIST test images); default 1,000. */
  count?: number;
  /** Seeds the colours; default 0. */
  seed?: number;
  /** Where Fashion-MNIST is (default: the usual search, the Debian copy included). */
  dataDir?: string;
}

/**
 * Writes product-like PNG thumbnails (51 × 73, `#fdfdfd` background, one colour per product) made
 * from Fashion-MNIST test images into `dir/<label>-<class name>/<index>.png` (`0-T-shirt-top/00019.png`), a class-per-folder
 * input for `convertDataset` whose folder prefixes keep Fashion-MNIST's label numbers. Files already
 * there are kept. Returns the number of thumbnails.
 */
export async function makeDemoThumbnails(options: DemoOptions): Promise<number> {
  const test = await loadFashionMnist({ split: 'test', dataDir: options.dataDir });
  const count = Math.min(options.count ?? 1000, test.n);
  const rng = new Random(options.seed ?? 0);
  const side = test.rows;
  const folders = FASHION_CLASS_NAMES.map((name, label) => `${label}-${folderName(name)}`);
  for (const f of folders) await mkdir(join(options.dir, f), { recursive: true });
  for (let i = 0; i < count; i++) {
    const grey = test.images.subarray(i * side * side, (i + 1) * side * side);
    const colour = productColour(rng); // drawn for every image, so colours never depend on skips
    const file = join(options.dir, folders[test.labels[i]], `${String(i).padStart(5, '0')}.png`);
    // A rerun keeps existing files (and their modification times, which the resume cache keys on).
    if (await exists(file)) continue;
    const png = await encodePng(thumbnailFromGrey(grey, side, { colour }));
    await writeFile(file, png);
  }
  return count;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** A class name as a folder name (`T-shirt/top` → `T-shirt-top`). */
export function folderName(className: string): string {
  return className.replace(/[/\\:]/g, '-');
}

/** Encodes a raw image as PNG with sharp. */
export async function encodePng(img: RawImage): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp(img.data, {
    raw: { width: img.width, height: img.height, channels: img.channels as 1 | 3 | 4 },
  })
    .png()
    .toBuffer();
}
