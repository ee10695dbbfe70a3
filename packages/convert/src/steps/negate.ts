import type { RawImage } from '../raw-image.js';

/** Step 6: negates every sample (`255 − v`, ImageMagick's `-negate`): products turn light on black. */
export function negate(img: RawImage): RawImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 255 - img.data[i];
  return { ...img, data: out };
}
