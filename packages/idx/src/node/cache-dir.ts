import { homedir } from 'node:os';
import { join } from 'node:path';

/** fmnist's user cache: `$XDG_CACHE_HOME/fmnist`, else `~/.cache/fmnist`. Datasets live in `<cache>/<dataset>/`. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.cache'), 'fmnist');
}
