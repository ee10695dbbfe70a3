// The examples grid as pure pixels: layout, selection and block-by-block copies of the sources.
import { describe, expect, it } from 'vitest';
import {
  buildExamplesGrid,
  gridLayout,
  selectExamples,
  tileOrigin,
} from '../../src/images/examples-grid.js';

// Five 2×3 "images", image i filled with 10·i + position so every pixel is distinguishable.
const N = 5;
const ROWS = 2;
const COLS = 3;
const images = Uint8Array.from({ length: N * ROWS * COLS }, (_, k) => {
  const i = Math.floor(k / (ROWS * COLS));
  return 10 * (i + 1) + (k % (ROWS * COLS));
});

describe('gridLayout', () => {
  it('adds the gaps around and between the tiles', () => {
    const l = gridLayout(10, 10, 28, 28, { scale: 2, gap: 4 });
    expect([l.width, l.height]).toEqual([10 * 56 + 11 * 4, 10 * 56 + 11 * 4]);
    expect(tileOrigin(l, 0, 0)).toEqual({ x: 4, y: 4 });
    expect(tileOrigin(l, 2, 3)).toEqual({ x: 4 + 3 * 60, y: 4 + 2 * 60 });
  });
});

describe('selectExamples', () => {
  const labels = Uint8Array.from([1, 0, 1, 1, 0, 2, 1, 0]);

  it('takes the first perClass of each class in file order', () => {
    expect(selectExamples(labels, 3, 2)).toEqual([[1, 4], [0, 2], [5]]);
  });

  it('with a seed, samples within each class: deterministic, sorted, no repeats', () => {
    const a = selectExamples(labels, 3, 3, 42);
    expect(selectExamples(labels, 3, 3, 42)).toEqual(a);
    a.forEach((picks, c) => {
      expect(picks).toEqual([...picks].sort((x, y) => x - y));
      expect(new Set(picks).size).toBe(picks.length);
      for (const i of picks) expect(labels[i]).toBe(c);
    });
    expect(a[1]).toHaveLength(3);
    // Different seeds do pick differently somewhere over a larger set.
    const many = Uint8Array.from({ length: 1000 }, (_, i) => i % 2);
    expect(selectExamples(many, 2, 5, 1)).not.toEqual(selectExamples(many, 2, 5, 2));
  });
});

describe('buildExamplesGrid', () => {
  it('copies each picked image into its tile, scaled by nearest neighbour', () => {
    const picks = [[4, 0], [2]];
    const scale = 3;
    const grid = buildExamplesGrid(images, ROWS, COLS, picks, { scale, gap: 1, gapValue: 7 });
    expect([grid.width, grid.height]).toEqual([2 * 9 + 3, 2 * 6 + 3]);
    picks.forEach((row, r) =>
      row.forEach((index, c) => {
        const { x, y } = tileOrigin(grid.layout, r, c);
        for (let py = 0; py < ROWS * scale; py++) {
          for (let px = 0; px < COLS * scale; px++) {
            const src =
              images[index * ROWS * COLS + Math.floor(py / scale) * COLS + Math.floor(px / scale)];
            expect(grid.data[(y + py) * grid.width + x + px]).toBe(src);
          }
        }
      }),
    );
    // Gaps and the missing second tile of row 1 keep the gap value.
    expect(grid.data[0]).toBe(7);
    const empty = tileOrigin(grid.layout, 1, 1);
    expect(grid.data[empty.y * grid.width + empty.x]).toBe(7);
  });
});
