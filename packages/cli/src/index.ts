// @fmnist/cli: the `fmnist` command, importable so tests and other tools can run it in-process.
export { buildProgram, main } from './program.js';
export { processIo, type CliContext, type CliIo, type Writer } from './context.js';
export { EXIT, UsageError, exitCodeFor, reportError } from './errors.js';
export { datasetInfo, printInfo, type DatasetInfo, type SplitInfo } from './commands/data-info.js';
export { writeExamples, type ShowOptions } from './commands/data-show.js';
export { exportDataset, type ExportOptions } from './commands/data-export.js';
export {
  buildExamplesGrid,
  gridLayout,
  selectExamples,
  tileOrigin,
  type GrayImage,
  type GridLayout,
  type GridOptions,
} from './images/examples-grid.js';
export { renderExamplesPng, type RenderedExamples } from './images/render-examples.js';
export { EXPORT_FORMATS, type ExportFormat } from './export/formats.js';
export { classFolderName, exampleFileName } from './export/png.js';
export { classCounts, pixelMeanStd, type ClassCount } from './stats/split-stats.js';
