// The conversion's WASM kernels (build/convert.wasm): PNG inflate and unfilter, and steps 2–7.
export { inflate_zlib, adler32 } from './inflate';
export { unfilter } from './png';
export { png_batch, batch_record_bytes } from './png-file';
export { convert_rgb, work_bytes, heap_base } from './pixels';
