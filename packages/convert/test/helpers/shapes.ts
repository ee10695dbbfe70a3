// Seeded synthetic "product photos": filled ellipses, rectangles and triangles on a light (or
// sometimes coloured) background, with a faint halo whose colour sits near the 5 % trim threshold.
import { Random } from '@fmnist/ml';
import type { Rgb, RawImage } from '../../src/raw-image.js';

/** One generated picture and how it was made. */
export interface Generated {
  image: RawImage;
  background: Rgb;
}

/** `count` pictures of different sizes, shapes and colours, all four corners background. */
export function generateImages(count: number, seed: number): Generated[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => generateOne(rng));
}

function generateOne(rng: Random): Generated {
  const width = rng.between(12, 140);
  const height = rng.between(12, 140);
  const light = rng.random() < 0.8;
  const background: Rgb = light
    ? rng.random() < 0.5
      ? [253, 253, 253]
      : [rng.between(225, 255), rng.between(225, 255), rng.between(225, 255)]
    : [rng.between(0, 255), rng.between(0, 255), rng.between(0, 255)];
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(background, i);
  const shapes = rng.between(1, 4);
  for (let s = 0; s < shapes; s++) {
    const colour: Rgb = [rng.between(0, 255), rng.between(0, 255), rng.between(0, 255)];
    // Sometimes a colour just around the trim threshold (per-channel steps of 10–14).
    const near = rng.random() < 0.25;
    const d = rng.between(10, 14);
    const fill: Rgb = near
      ? [clamp(background[0] - d), clamp(background[1] - d), clamp(background[2] - d)]
      : colour;
    const cx = rng.between(1, width - 2);
    const cy = rng.between(1, height - 2);
    const rx = rng.between(1, Math.max(1, Math.floor(width / 2)));
    const ry = rng.between(1, Math.max(1, Math.floor(height / 2)));
    const kind = rng.between(0, 2);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const u = (x - cx) / rx;
        const v = (y - cy) / ry;
        const inside =
          kind === 0
            ? u * u + v * v <= 1
            : kind === 1
              ? Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8
              : v >= -1 && v <= 1 && Math.abs(u) <= (v + 1) / 2;
        if (!inside) continue;
        const i = (y * width + x) * 3;
        // Shading: a gentle left-to-right gradient so the product is not flat.
        const shade = Math.round(20 * (u / 2));
        data[i] = clamp(fill[0] + (near ? 0 : shade));
        data[i + 1] = clamp(fill[1] + (near ? 0 : shade));
        data[i + 2] = clamp(fill[2] + (near ? 0 : shade));
      }
    }
  }
  // Keep the corners background, as in a product photo.
  for (const [x, y] of [
    [0, 0],
    [width - 1, 0],
    [0, height - 1],
    [width - 1, height - 1],
  ]) {
    data.set(background, (y * width + x) * 3);
  }
  return { image: { width, height, channels: 3, data }, background };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
