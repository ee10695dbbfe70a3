import type { ApiError } from '../shared/api-types.js';

/** An API call that failed: the server's message, and the HTTP status. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GETs a JSON route of the dashboard's API (relative to the page, so any mount point works). */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(new URL(path.replace(/^\//, ''), document.baseURI));
  const body = (await res.json().catch(() => ({ error: res.statusText }))) as T | ApiError;
  if (!res.ok) throw new ApiCallError(res.status, (body as ApiError).error ?? res.statusText);
  return body as T;
}
