// Browser byte source and gzip, swapped for ./node.ts by the "#platform" import condition.
import type { DatasetSpec, Split } from '../datasets/registry.js';
import { splitFiles } from '../datasets/registry.js';
import { fetchBytes } from './fetch-bytes.js';
import type { GzipOptions } from './platform.js';

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Decompresses gzip with the platform's DecompressionStream. */
export function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new DecompressionStream('gzip'));
}

/** Compresses with the platform's CompressionStream (which takes no options). */
export function gzip(bytes: Uint8Array, _options?: GzipOptions): Promise<Uint8Array> {
  return pipe(bytes, new CompressionStream('gzip'));
}

/** Fetches a URL (relative URLs resolve against the page). */
export function readBytes(source: string | URL): Promise<Uint8Array> {
  return fetchBytes(new URL(source, globalThis.location?.href));
}

/** Resolves a split's two file URLs against `dataDir` (a base URL; default `./data/<dataset>/`). */
export async function locateSplit(spec: DatasetSpec, split: Split, options: { dataDir?: string }) {
  const base = new URL(options.dataDir ?? `./data/${spec.name}/`, globalThis.location?.href);
  const { images, labels } = splitFiles(spec, split);
  return {
    images: new URL(images.name, base).href,
    labels: new URL(labels.name, base).href,
    source: base.href,
    foundBy: 'url',
  };
}
