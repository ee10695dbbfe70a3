import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';

let counter = 0;

/** A temp path beside `path` (same folder, so the final rename stays on one file system). */
function tempPath(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

/**
 * Writes `data` to `path` atomically: into a temp file beside it, then renamed over it, so a
 * reader (or a crash) never sees half a file.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempPath(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Resolves on 'drain', or on 'close' (after an error, which `failed` records). */
function drained(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Sequential text output that respects the stream's back-pressure. */
export interface TextSink {
  write(text: string): Promise<void>;
}

/**
 * Streams a big text file to `path` atomically: `fill` writes through the sink into a temp file,
 * which is renamed over `path` only once `fill` has finished and the data is flushed.
 */
export async function streamFileAtomic(
  path: string,
  fill: (sink: TextSink) => Promise<void>,
): Promise<void> {
  const tmp = tempPath(path);
  const stream = createWriteStream(tmp);
  let failed: Error | undefined;
  stream.on('error', (e) => (failed = e));
  const sink: TextSink = {
    async write(text) {
      if (failed) throw failed;
      if (!stream.write(text)) await drained(stream);
      if (failed) throw failed;
    },
  };
  try {
    await fill(sink);
    stream.end();
    await once(stream, 'close');
    if (failed) throw failed;
    await rename(tmp, path);
  } catch (e) {
    // The stream opens its file asynchronously: wait until it is closed, or the open could land
    // after the rm and leave the temp file behind.
    stream.destroy();
    if (!stream.closed) await once(stream, 'close');
    await rm(tmp, { force: true });
    throw e;
  }
}
