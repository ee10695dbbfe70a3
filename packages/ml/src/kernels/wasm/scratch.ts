import type { WasmSimdBackend } from './wasm-backend.js';

/** Arrays in kernel memory when a WASM backend is given (freed together), else plain ones. */
export class Scratch {
  private readonly owned: (Int32Array | Float64Array | Uint8Array)[] = [];
  constructor(readonly be: WasmSimdBackend | null) {}

  i32(n: number): Int32Array {
    if (!this.be) return new Int32Array(n);
    const a = this.be.alloc('i32', n);
    this.owned.push(a);
    return a;
  }

  f64(n: number): Float64Array {
    if (!this.be) return new Float64Array(n);
    const a = this.be.alloc('f64', n);
    this.owned.push(a);
    return a;
  }

  bytes(n: number): Uint8Array {
    if (!this.be) return new Uint8Array(n);
    const a = this.be.alloc('u8', n, false);
    this.owned.push(a);
    return a;
  }

  /** `codes` itself when it lives in kernel memory, else a copy there. */
  u8(codes: Uint8Array): Uint8Array {
    if (!this.be || this.be.owns(codes)) return codes;
    const a = this.bytes(codes.length);
    a.set(codes);
    return a;
  }

  release(): void {
    for (const a of this.owned) this.be!.free(a);
    this.owned.length = 0;
  }
}
