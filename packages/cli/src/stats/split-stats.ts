/** Per-class example counts of a split. */
export interface ClassCount {
  label: number;
  name: string;
  count: number;
}

/** How many examples of each class `labels` holds (every class listed, even if absent). */
export function classCounts(labels: Uint8Array, classNames: readonly string[]): ClassCount[] {
  const counts = new Array<number>(classNames.length).fill(0);
  for (const l of labels) counts[l]++;
  return classNames.map((name, label) => ({ label, name, count: counts[label] }));
}

/**
 * Mean and population standard deviation of all pixels, on the 0..255 scale. A 256-bin histogram
 * keeps the sums exact integers (47 M pixels would lose precision in a running float sum of squares).
 */
export function pixelMeanStd(pixels: Uint8Array): { mean: number; std: number } {
  if (pixels.length === 0) return { mean: NaN, std: NaN };
  const hist = new Float64Array(256);
  for (let i = 0; i < pixels.length; i++) hist[pixels[i]]++;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[v];
  const mean = sum / pixels.length;
  let sq = 0;
  for (let v = 0; v < 256; v++) sq += hist[v] * (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(sq / pixels.length) };
}
