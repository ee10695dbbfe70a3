import sharp from 'sharp';
import type { GrayImage, GridLayout } from './examples-grid.js';

/** Options of {@link renderExamplesPng}. */
export interface RenderOptions {
  /** Font size of the class names in pixels; default from the tile height (10..24). */
  fontSize?: number;
}

/** The PNG and where the grid sits in it (the class names take a column on the left). */
export interface RenderedExamples {
  png: Buffer;
  width: number;
  height: number;
  /** Width of the class-name column; the grid starts at x = labelWidth. */
  labelWidth: number;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Encodes the grid as a grayscale PNG with each row's class name written to its left (as the
 * upstream R `showExamples` does). The names are SVG text drawn by librsvg through sharp; the grid's
 * own pixels go through unchanged.
 */
export async function renderExamplesPng(
  grid: GrayImage & { layout: GridLayout },
  classNames: readonly string[],
  options: RenderOptions = {},
): Promise<RenderedExamples> {
  const { layout } = grid;
  const fontSize =
    options.fontSize ?? Math.max(10, Math.min(24, Math.round(layout.tileHeight * 0.4)));
  const longest = Math.max(1, ...classNames.map((n) => n.length));
  // DejaVu Sans averages ~0.6 em per character; a margin on each side.
  const labelWidth = Math.ceil(longest * fontSize * 0.62) + 2 * fontSize;
  const lines = classNames.slice(0, layout.rows).map((name, r) => {
    const centre = layout.gap + r * (layout.tileHeight + layout.gap) + layout.tileHeight / 2;
    const baseline = (centre + fontSize * 0.35).toFixed(1);
    return `<text x="${labelWidth - fontSize}" y="${baseline}">${escapeXml(name)}</text>`;
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth}" height="${grid.height}">` +
    `<g font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#e0e0e0" text-anchor="end">` +
    `${lines.join('')}</g></svg>`;
  const png = await sharp(
    Buffer.from(grid.data.buffer, grid.data.byteOffset, grid.data.byteLength),
    {
      raw: { width: grid.width, height: grid.height, channels: 1 },
    },
  )
    .extend({ left: labelWidth, background: { r: 0, g: 0, b: 0 } })
    .composite([{ input: Buffer.from(svg), left: 0, top: 0 }])
    .toColourspace('b-w')
    .removeAlpha()
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { png, width: labelWidth + grid.width, height: grid.height, labelWidth };
}
