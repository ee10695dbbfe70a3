import { DataError } from '../datasets/data-error.js';

/** Fetches a URL's bytes, with an error naming the URL and the HTTP status. */
export async function fetchBytes(url: URL): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new DataError(
      'download',
      `${url.href}: request failed (${(e as Error).message}).`,
      url.href,
    );
  }
  if (!res.ok)
    throw new DataError('download', `${url.href}: HTTP ${res.status} ${res.statusText}.`, url.href);
  return new Uint8Array(await res.arrayBuffer());
}
