// Round trip on the real data (Debian's copy of Fashion-MNIST): each test image is blown up onto a
// 51×73 #fdfdfd thumbnail in a product colour, converted back, and compared with the original.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFashionMnist } from '@fmnist/idx';
import { productColour, thumbnailFromGrey, encodePng } from '../../src/demo.js';
import { convertImage, convertRaw } from '../../src/pipeline.js';
import { Random } from '@fmnist/ml';

const DEBIAN = '/usr/share/datasets/fashion-mnist';

function pearson(a: Uint8Array, b: Uint8Array): number {
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / a.length;
  const mb = sb / b.length;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    cov += x * y;
    va += x * x;
    vb += y * y;
  }
  return cov / Math.sqrt(va * vb);
}

describe.skipIf(!existsSync(DEBIAN))('round trip through a product thumbnail', () => {
  it('correlates ≥ 0.9 with the original on average over 1,000 test images', async () => {
    const test = await loadFashionMnist({ split: 'test', dataDir: DEBIAN });
    const rng = new Random(7);
    const n = 1000;
    let sum = 0;
    let worst = 1;
    let viaPng = 0;
    for (let i = 0; i < n; i++) {
      const original = test.images.subarray(i * 784, (i + 1) * 784);
      const thumb = thumbnailFromGrey(original, 28, { colour: productColour(rng) });
      expect([thumb.width, thumb.height]).toEqual([51, 73]);
      const back = convertRaw(thumb);
      // Every 50th goes through a real PNG file, decode included, and must agree exactly.
      if (i % 50 === 0) {
        expect((await convertImage(await encodePng(thumb))).pixels).toEqual(back.pixels);
        viaPng++;
      }
      const r = pearson(original, back.pixels);
      sum += r;
      worst = Math.min(worst, r);
    }
    const mean = sum / n;
    console.log(
      `round trip: mean correlation ${mean.toFixed(4)}, worst ${worst.toFixed(4)} (${viaPng} via PNG)`,
    );
    expect(mean).toBeGreaterThanOrEqual(0.9);
  });
});
