import { filledImage, type Rgb, type RawImage } from '../raw-image.js';

/**
 * Where ImageMagick's `-gravity center -extent` puts an image of `inner` pixels on a canvas of
 * `outer`: at `floor(outer / 2) − floor(inner / 2)`, its integer halves, so an odd margin leaves
 * the extra pixel on the left (top) side when the image is odd and on the right (bottom) when even.
 */
export function centreOffset(outer: number, inner: number): number {
  return Math.floor(outer / 2) - Math.floor(inner / 2);
}

/**
 * Step 5: extends the image to `size × size` (default 28), centred, the new pixels in `fill` (the
 * background colour). An image larger than the canvas is cropped around its centre likewise.
 */
export function extent(img: RawImage, size = 28, fill: Rgb = [0, 0, 0]): RawImage {
  const out = filledImage(size, size, img.channels, fill);
  const ox = centreOffset(size, img.width);
  const oy = centreOffset(size, img.height);
  const ch = img.channels;
  for (let y = 0; y < img.height; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= size) continue;
    for (let x = 0; x < img.width; x++) {
      const tx = x + ox;
      if (tx < 0 || tx >= size) continue;
      const s = (y * img.width + x) * ch;
      const t = (ty * size + tx) * ch;
      for (let c = 0; c < ch; c++) out.data[t + c] = img.data[s + c];
    }
  }
  return out;
}
