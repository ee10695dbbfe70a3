import type { DatasetSpec, Split } from '../datasets/registry.js';

/** Where a split's two files are: paths or URLs, the folder/base they came from, and how it was found. */
export interface SplitLocation {
  images: string;
  labels: string;
  source: string;
  foundBy: string;
}

/** How to gzip (a hint: the browser's CompressionStream takes no options). */
export interface GzipOptions {
  /**
   * The bytes are 8-bit pictures or labels, with long runs: zlib's run-length strategy (Z_RLE)
   * instead of its default search. On Fashion-MNIST's training images it is ~3.6× faster than
   * level 6 for 0.2 % more bytes.
   */
  runs?: boolean;
}

/**
 * What each runtime provides to the portable code (node.ts and browser.ts, chosen by the
 * "#platform" import condition in package.json). Tests check both files against this type.
 */
export interface Platform {
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  gzip(bytes: Uint8Array, options?: GzipOptions): Promise<Uint8Array>;
  readBytes(source: string | URL): Promise<Uint8Array>;
  locateSplit(
    spec: DatasetSpec,
    split: Split,
    options: { dataDir?: string },
  ): Promise<SplitLocation>;
}
