/**
 * Locates and compiles build/kernels.wasm. The URL is relative to this file and src/ and dist/
 * have the same depth, so the same path works from the TypeScript sources (vitest) and from the
 * compiled package. Node reads the file; browsers fetch the same URL.
 */
export const kernelsWasmUrl = new URL('../../../build/kernels.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

/** True in Node (the only place the file system is read); everything else uses fetch. */
export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

async function compile(): Promise<WebAssembly.Module> {
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await readFile(fileURLToPath(kernelsWasmUrl)));
    } catch (err) {
      throw new Error(
        `WASM kernels not found at ${kernelsWasmUrl.href}: run \`npm run build\` (it compiles packages/ml/assembly)`,
        { cause: err },
      );
    }
    return WebAssembly.compile(bytes);
  }
  const res = await fetch(kernelsWasmUrl);
  if (!res.ok) throw new Error(`cannot fetch ${kernelsWasmUrl.href}: HTTP ${res.status}`);
  return WebAssembly.compile(await res.arrayBuffer());
}

let compiledSync: WebAssembly.Module | undefined;

/**
 * The compiled module without awaiting: Node reads and compiles the file synchronously (the
 * module is small); elsewhere there is no synchronous read, so undefined unless a previous
 * `loadKernelModule()` has already finished.
 */
export function loadKernelModuleSync(): WebAssembly.Module | undefined {
  if (compiledSync || !isNode) return compiledSync;
  const fs = process.getBuiltinModule('node:fs');
  const url = process.getBuiltinModule('node:url');
  compiledSync = new WebAssembly.Module(fs.readFileSync(url.fileURLToPath(kernelsWasmUrl)));
  return compiledSync;
}

/** The compiled kernel module, compiled once per process (and cheap to post to workers). */
export function loadKernelModule(): Promise<WebAssembly.Module> {
  if (compiledSync) return Promise.resolve(compiledSync);
  compiled ??= compile().then((m) => (compiledSync ??= m));
  compiled.catch(() => (compiled = undefined));
  return compiled;
}
