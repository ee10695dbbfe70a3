/** Bytes per WebAssembly page. */
const PAGE = 65536;
/** Allocation alignment: a cache line, so SIMD rows never straddle lines needlessly. */
const ALIGN = 64;

/**
 * First-fit allocator over a shared `WebAssembly.Memory`, run by the main thread only (workers
 * receive addresses). Free blocks are coalesced; the memory grows on demand, and every
 * SharedArrayBuffer object the memory has exposed is remembered so views made before a grow are
 * still recognised as ours (shared memory never detaches).
 */
export class Arena {
  private readonly free: { start: number; size: number }[] = [];
  private readonly used = new Map<number, number>();
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private end: number;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxBytes: number,
  ) {
    this.end = Math.ceil(base / ALIGN) * ALIGN;
    this.buffers.add(memory.buffer);
  }

  /** True when `buf` is (a past or present view of) this memory. */
  has(buf: ArrayBufferLike): boolean {
    return this.buffers.has(buf);
  }

  /** The current buffer (re-read after every grow). */
  get buffer(): SharedArrayBuffer {
    return this.memory.buffer as unknown as SharedArrayBuffer;
  }

  /** Reserves `bytes` (rounded up to 64) and returns the address. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const blk = this.free[i];
      if (blk.size >= size) {
        const start = blk.start;
        if (blk.size === size) this.free.splice(i, 1);
        else {
          blk.start += size;
          blk.size -= size;
        }
        this.used.set(start, size);
        return start;
      }
    }
    const start = this.end;
    const end = start + size;
    if (end > this.maxBytes) {
      throw new RangeError(`kernel memory exhausted: ${end} bytes requested, max ${this.maxBytes}`);
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const want = Math.min(this.maxBytes, Math.max(end, have * 1.25));
      this.memory.grow(Math.ceil((want - have) / PAGE));
      this.buffers.add(this.memory.buffer);
    }
    this.end = end;
    this.used.set(start, size);
    return start;
  }

  /** Returns a block; unknown addresses throw (catches double frees and sub-views). */
  release(start: number): void {
    const size = this.used.get(start);
    if (size === undefined) throw new Error(`free: ${start} is not an allocation start`);
    this.used.delete(start);
    let i = 0;
    while (i < this.free.length && this.free[i].start < start) i++;
    this.free.splice(i, 0, { start, size });
    const next = this.free[i + 1];
    if (next && start + size === next.start) {
      this.free[i].size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === start) {
      prev.size += this.free[i].size;
      this.free.splice(i, 1);
    }
    const last = this.free[this.free.length - 1];
    if (last && last.start + last.size === this.end) {
      this.end = last.start;
      this.free.pop();
    }
  }

  /** Bytes currently handed out (for leak tests). */
  get bytesInUse(): number {
    let s = 0;
    for (const v of this.used.values()) s += v;
    return s;
  }
}
