// @fmnist/dashboard: the web dashboard's server and page, and the projector sprite (the `fmnist serve`
// and `fmnist data sprite` commands are @fmnist/cli's).
export {
  createServer,
  DEFAULT_STATIC_DIR,
  type DashboardServer,
  type LiveRun,
  type ServerOptions,
} from './server/create-server.js';
export { DatasetRequestError, DatasetStore, type DataDirs } from './server/dataset-store.js';
export { ResultsStore, fileLabels } from './server/results-store.js';
export { contentType, resolveStatic } from './server/static-files.js';
export {
  spriteLayout,
  spriteMetadata,
  tileSprite,
  writeSprite,
  type SpriteOptions,
  type SpriteResult,
} from './sprite.js';
export {
  openBrowser,
  serveDashboard,
  untilSignal,
  type DashboardIo,
  type ServeOptions,
} from './serve.js';
export type * from './shared/api-types.js';
