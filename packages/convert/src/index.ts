// @fmnist/convert: product pictures to MNIST-format datasets, the Fashion-MNIST paper's pipeline.
export {
  filledImage,
  formatColour,
  parseColour,
  pixelAt,
  type RawImage,
  type Rgb,
} from './raw-image.js';
export { DEFAULT_BACKGROUND, decodeImage, type DecodeOptions } from './steps/decode.js';
export { crop, trim, trimBox, type Box, type TrimOptions } from './steps/trim.js';
export { fitSize, sample, sampleRegion, sampleToFit } from './steps/sample.js';
export { sharpen, sharpenKernel, type SharpenOptions } from './steps/sharpen.js';
export { centreOffset, extent } from './steps/extent.js';
export { negate } from './steps/negate.js';
export { LUMA_709, grayscale } from './steps/grayscale.js';
export {
  DEFAULT_PIPELINE,
  convertImage,
  convertRaw,
  pipelineHash,
  resolvePipelineOptions,
  type ConvertResult,
  type PipelineOptions,
  type ResolvedPipelineOptions,
} from './pipeline.js';
export {
  encodePng,
  folderName,
  makeDemoThumbnails,
  productColour,
  thumbnailFromGrey,
  type DemoOptions,
  type ThumbnailOptions,
} from './demo.js';
export { ConversionCache, cacheKey, type CacheEntry } from './dataset/cache.js';
export { cardMarkdown, type CardFile, type DatasetCard } from './dataset/card.js';
export {
  CACHE_FILE,
  ConversionInterrupted,
  OUTPUT_FILES,
  convertDataset,
  type ConvertDatasetOptions,
  type ConvertDatasetReport,
} from './dataset/convert-dataset.js';
export {
  convertFile,
  createConverter,
  type Converter,
  type ConverterOptions,
  type Outcome,
} from './dataset/converter.js';
export {
  IMAGE_EXTENSIONS,
  scanInputs,
  type InputItem,
  type ScanResult,
  type Skipped,
} from './dataset/scan.js';
export {
  DEFAULT_TEST_FRACTION,
  stratifiedSplit,
  trainCount,
  type Split,
  type SplitRule,
} from './dataset/split.js';
export { conversionProgress, type ProgressStream } from './progress.js';
