/**
 * Reverses the byte order of every `size`-byte element of `bytes` in place. IDX is big-endian on
 * disk and typed arrays are native (little-endian) in memory; swapping whole words through a
 * Uint16/Uint32 view is several times faster than a DataView getter per element.
 */
export function swapBytesInPlace(bytes: Uint8Array, size: 1 | 2 | 4 | 8): void {
  if (size === 1) return;
  if (bytes.byteOffset % size !== 0) {
    // Unaligned: swap byte by byte (slower; encodeIdx and parseIdx always pass aligned copies).
    for (let i = 0; i + size <= bytes.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = bytes[a];
        bytes[a] = bytes[b];
        bytes[b] = t;
      }
    }
    return;
  }
  if (size === 2) {
    const w = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
    for (let i = 0; i < w.length; i++) w[i] = ((w[i] & 0xff) << 8) | (w[i] >>> 8);
    return;
  }
  const w = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    w[i] = (x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
  }
  if (size === 8) {
    for (let i = 0; i + 1 < w.length; i += 2) {
      const t = w[i];
      w[i] = w[i + 1];
      w[i + 1] = t;
    }
  }
}
