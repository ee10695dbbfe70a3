import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Content types of the files a Vite build emits. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The content type of a file by its extension (`application/octet-stream` when unknown). */
export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Why a static path was refused. */
export type StaticRefusal = 'bad-path' | 'not-found';

/**
 * Maps a request path onto a file inside `root`, or refuses it. The path is percent-decoded once
 * (so `%2e%2e` is `..`); any `..` segment, backslash, NUL or decoding error is refused outright
 * rather than normalised away, and the resolved file (symbolic links followed) must still lie
 * inside `root` — two independent guards, so neither alone has to be perfect.
 */
export async function resolveStatic(
  root: string,
  pathname: string,
): Promise<{ file: string } | { refused: StaticRefusal }> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { refused: 'bad-path' };
  }
  if (!decoded.startsWith('/') || /[\\\0]/.test(decoded)) return { refused: 'bad-path' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { refused: 'bad-path' };
  const rel = decoded === '/' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const rootReal = await realpath(root).catch(() => resolve(root));
  const candidate = resolve(rootReal, `.${rel}`);
  if (!inside(rootReal, candidate)) return { refused: 'bad-path' };
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { refused: 'not-found' };
  }
  if (!inside(rootReal, real)) return { refused: 'bad-path' };
  const info = await stat(real);
  if (!info.isFile()) return { refused: 'not-found' };
  return { file: real };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
