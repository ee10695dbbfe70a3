// PNG's scanline filters reversed in place (src/steps/decode-png.ts's `unfilter`, the reference).

/**
 * Reverses the filters of `height` rows of `stride` bytes, each after its filter byte, at `buf`:
 * row y moves from `y·(stride + 1) + 1` to `y·stride`, each byte read before anything is written
 * over it. `bpp` is the bytes per pixel (at least 1). Returns 0, or −1 on an unknown filter.
 */
export function unfilter(buf: usize, height: i32, stride: i32, bpp: i32): i32 {
  const s = <usize>stride;
  const b = <usize>bpp;
  for (let y = 0; y < height; y++) {
    const f = load<u8>(buf + <usize>y * (s + 1));
    const src = buf + <usize>y * (s + 1) + 1;
    const row = buf + <usize>y * s;
    const prev = row - s;
    const first = y == 0;
    if (f == 0 || (f == 2 && first)) {
      memory.copy(row, src, s);
    } else if (f == 1 || (f == 4 && first)) {
      for (let x: usize = 0; x < b && x < s; x++) store<u8>(row + x, load<u8>(src + x));
      for (let x = b; x < s; x++) store<u8>(row + x, load<u8>(src + x) + load<u8>(row + x - b));
    } else if (f == 2) {
      for (let x: usize = 0; x < s; x++) store<u8>(row + x, load<u8>(src + x) + load<u8>(prev + x));
    } else if (f == 3) {
      if (first) {
        for (let x: usize = 0; x < b && x < s; x++) store<u8>(row + x, load<u8>(src + x));
        for (let x = b; x < s; x++)
          store<u8>(row + x, load<u8>(src + x) + (load<u8>(row + x - b) >> 1));
      } else {
        for (let x: usize = 0; x < b && x < s; x++)
          store<u8>(row + x, load<u8>(src + x) + (load<u8>(prev + x) >> 1));
        for (let x = b; x < s; x++)
          store<u8>(
            row + x,
            load<u8>(src + x) + <u8>((<u32>load<u8>(row + x - b) + <u32>load<u8>(prev + x)) >> 1),
          );
      }
    } else if (f == 4) {
      for (let x: usize = 0; x < b && x < s; x++)
        store<u8>(row + x, load<u8>(src + x) + load<u8>(prev + x)); // a = c = 0 picks b
      for (let x = b; x < s; x++) {
        const a = <i32>load<u8>(row + x - b);
        const up = <i32>load<u8>(prev + x);
        const c = <i32>load<u8>(prev + x - b);
        const p = a + up - c;
        const pa = p > a ? p - a : a - p;
        const pb = p > up ? p - up : up - p;
        const pc = p > c ? p - c : c - p;
        const pred = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
        store<u8>(row + x, load<u8>(src + x) + <u8>pred);
      }
    } else return -1;
  }
  return 0;
}
