import { Random } from '@fmnist/ml/random';
// The examples grid of `fmnist data show`: one row per class, a few examples of that class in each.
// Everything here is pure (indices and raw grayscale pixels); render-examples.ts adds the text and PNG.

/** A raw 8-bit grayscale image, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Geometry of the grid: tiles of `tileWidth × tileHeight` separated (and framed) by `gap` pixels. */
export interface GridLayout {
  rows: number;
  columns: number;
  tileWidth: number;
  tileHeight: number;
  gap: number;
  width: number;
  height: number;
}

/** Options of {@link buildExamplesGrid}. */
export interface GridOptions {
  /** Each source pixel becomes a `scale × scale` block (nearest neighbour). Default 1. */
  scale?: number;
  /** Pixels between tiles and around the grid, after scaling. Default 2. */
  gap?: number;
  /** Gray level of the gaps and of empty tiles. Default 48 (dark gray: tiles stand out on black). */
  gapValue?: number;
}

/** The grid's geometry for `rows` classes of `columns` examples of `imgRows × imgCols` pixels. */
export function gridLayout(
  rows: number,
  columns: number,
  imgRows: number,
  imgCols: number,
  options: GridOptions = {},
): GridLayout {
  const scale = options.scale ?? 1;
  const gap = options.gap ?? 2;
  const tileWidth = imgCols * scale;
  const tileHeight = imgRows * scale;
  return {
    rows,
    columns,
    tileWidth,
    tileHeight,
    gap,
    width: columns * tileWidth + (columns + 1) * gap,
    height: rows * tileHeight + (rows + 1) * gap,
  };
}

/** Top-left pixel of tile (`row`, `column`) in a grid of this layout. */
export function tileOrigin(
  layout: GridLayout,
  row: number,
  column: number,
): { x: number; y: number } {
  return {
    x: layout.gap + column * (layout.tileWidth + layout.gap),
    y: layout.gap + row * (layout.tileHeight + layout.gap),
  };
}

/**
 * Which examples to show: for each class, the first `perClass` indices in file order, or, with a
 * `seed`, a seeded uniform sample of them (in file order). Deterministic either way.
 */
export function selectExamples(
  labels: Uint8Array,
  numClasses: number,
  perClass: number,
  seed?: number,
): number[][] {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  if (seed === undefined) return byClass.map((idx) => idx.slice(0, perClass));
  const rand = new Random(seed);
  return byClass.map((idx) => {
    const pool = idx.slice();
    const k = Math.min(perClass, pool.length);
    // Partial Fisher–Yates: the first k slots end up a uniform sample without replacement.
    for (let i = 0; i < k; i++) {
      const j = i + rand.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, k).sort((a, b) => a - b);
  });
}

/**
 * Draws the examples into one grayscale image: row r holds `picks[r]`, each image `imgRows × imgCols`
 * taken from `images` (n × imgRows × imgCols, row-major) and scaled by nearest neighbour.
 * Missing examples (a class with fewer than `columns`) leave the tile at `gapValue`.
 */
export function buildExamplesGrid(
  images: Uint8Array,
  imgRows: number,
  imgCols: number,
  picks: readonly (readonly number[])[],
  options: GridOptions = {},
): GrayImage & { layout: GridLayout } {
  const scale = options.scale ?? 1;
  const columns = Math.max(0, ...picks.map((p) => p.length));
  const layout = gridLayout(picks.length, columns, imgRows, imgCols, options);
  const data = new Uint8Array(layout.width * layout.height).fill(options.gapValue ?? 48);
  const size = imgRows * imgCols;
  picks.forEach((row, r) =>
    row.forEach((index, c) => {
      const { x, y } = tileOrigin(layout, r, c);
      const src = images.subarray(index * size, (index + 1) * size);
      for (let sy = 0; sy < layout.tileHeight; sy++) {
        const srcRow = Math.floor(sy / scale) * imgCols;
        const dst = (y + sy) * layout.width + x;
        for (let sx = 0; sx < layout.tileWidth; sx++) {
          data[dst + sx] = src[srcRow + Math.floor(sx / scale)];
        }
      }
    }),
  );
  return { width: layout.width, height: layout.height, data, layout };
}
