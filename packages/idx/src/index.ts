// @fmnist/idx: the IDX codec and the Fashion-MNIST / MNIST loaders (Node and browser).
export { decodeIdx, isGzip } from './codec/decode-idx.js';
export { encodeIdx, type IdxTensorInput } from './codec/encode-idx.js';
export { IdxFormatError, type IdxFaultCode } from './codec/idx-format-error.js';
export { IDX_TYPES, type IdxArray, type IdxTensor, type IdxType } from './codec/idx-types.js';
export { parseIdx } from './codec/parse-idx.js';
export { loadIdx } from './codec/load-idx.js';
export { DataError, type DataFaultCode } from './datasets/data-error.js';
export {
  DATASETS,
  FASHION_CLASS_NAMES,
  FASHION_MNIST,
  MNIST,
  MNIST_CLASS_NAMES,
  datasetSpec,
  splitFiles,
  type DatasetFile,
  type DatasetName,
  type DatasetSpec,
  type Split,
} from './datasets/registry.js';
export {
  loadDataset,
  loadFashionMnist,
  loadMnist,
  type DatasetSplit,
  type LoadOptions,
} from './datasets/load-dataset.js';
export { encodeNpy, npyDescr, npyHeader, type NpyArray, type NpyTensor } from './export/npy.js';
