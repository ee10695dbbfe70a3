// Runs Debian's ImageMagick 6 (`/usr/bin/convert`, installed by .ci/run) as the reference of the
// pipeline. Never `convert` from PATH: /usr/local/bin/convert may be something else on dev machines.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RawImage } from '../../src/raw-image.js';
import { encodePng } from '../../src/demo.js';

const run = promisify(execFile);

/** The ImageMagick 6 binary, or undefined when it is not installed. */
export const IMAGEMAGICK = ['/usr/bin/convert', '/usr/bin/convert-im6.q16'].find((p) =>
  existsSync(p),
);

/** Runs convert with `args` and returns stdout. */
export async function magick(args: string[], cwd?: string): Promise<string> {
  if (!IMAGEMAGICK) throw new Error('ImageMagick (/usr/bin/convert) is not installed');
  const { stdout } = await run(IMAGEMAGICK, args, { cwd, maxBuffer: 64 << 20 });
  return stdout;
}

/** Parses binary PPM (P6) or PGM (P5), 8-bit. */
export function parsePnm(bytes: Buffer): RawImage {
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i]))) i++;
    if (bytes[i] === 0x23) {
      while (bytes[i] !== 0x0a) i++;
      continue;
    }
    let tok = '';
    while (!/\s/.test(String.fromCharCode(bytes[i]))) tok += String.fromCharCode(bytes[i++]);
    fields.push(tok);
  }
  i++; // the single whitespace after maxval
  const [magic, w, h, max] = fields;
  if ((magic !== 'P6' && magic !== 'P5') || max !== '255')
    throw new Error(`unexpected PNM ${fields}`);
  const channels = magic === 'P6' ? 3 : 1;
  const width = Number(w);
  const height = Number(h);
  const data = new Uint8Array(bytes.subarray(i, i + width * height * channels));
  return { width, height, channels, data };
}

/**
 * Runs one ImageMagick command over many images at once: each image gets `ops(index)` inside its
 * own parentheses, every result is written as 8-bit PPM/PGM and parsed. One process for the whole
 * batch keeps the suite fast.
 */
export async function magickBatch(
  inputs: RawImage[],
  ops: (index: number) => string[],
  format: 'ppm' | 'pgm' = 'ppm',
): Promise<RawImage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'fmnist-im-'));
  try {
    const args: string[] = [];
    for (let k = 0; k < inputs.length; k++) {
      const file = join(dir, `in-${k}.png`);
      await writeFile(file, await encodePng(inputs[k]));
      args.push('(', file, ...ops(k), ')');
    }
    // No `-depth 8`: ImageMagick 6 truncates there, while its PNG/PNM writers round.
    await magick([...args, join(dir, `out-%d.${format}`)]);
    const outs = (await readdir(dir)).filter((f) => f.startsWith('out-'));
    if (outs.length !== inputs.length)
      throw new Error(`expected ${inputs.length} outputs, got ${outs.length}`);
    return Promise.all(
      inputs.map(async (_, k) => parsePnm(await readFile(join(dir, `out-${k}.${format}`)))),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** ImageMagick's colour syntax for an RGB triple. */
export function imColour(c: readonly number[]): string {
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
