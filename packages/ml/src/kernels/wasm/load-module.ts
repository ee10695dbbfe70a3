/** True in Node (the only place the file system is read); everything else uses fetch. */
export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Locates and compiles build/kernels.wasm. The URL is relative to this file and src/ and dist/
 * have the same depth, so the same path works from the TypeScript sources (vitest) and from the
 * compiled package. Node reads the file; browsers fetch the same URL.
 */
export const kernelsWasmUrl = new URL('../../../build/kernels.wasm', import.meta.url);

/**
 * The same kernels compiled with relaxed SIMD (the GEMM micro-kernel uses `f32x4.relaxed_madd`,
 * a fused multiply-add where the CPU has one). Optional: used only when the engine validates
 * relaxed SIMD (Node 22+, Chrome 114+; Node 20 through the V8 flag set below) and the
 * file is there; everything else loads `kernelsWasmUrl`. Results differ from the default build
 * only by rounding (fused or not), within the parity suite's tolerances.
 */
export const kernelsRelaxedWasmUrl = new URL(
  '../../../build/kernels-relaxed.wasm',
  import.meta.url,
);

/**
 * `(func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2
 * f32x4.relaxed_madd)`: `WebAssembly.validate` on it is the relaxed-SIMD feature test.
 */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b,
  0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20,
  0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

function validatesRelaxed(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

let relaxed: boolean | undefined;

/**
 * True when relaxed SIMD is used: the engine validates it, or (Node 20, V8 11.3, where the
 * proposal is finished but still behind `--experimental-wasm-relaxed-simd`) it does once that V8
 * flag is set from here. The flag only admits the relaxed instructions; it changes nothing else,
 * and worker threads share it. `FMNIST_NO_RELAXED_SIMD=1` in Node says no (the default build).
 */
export function relaxedSimdSupported(): boolean {
  if (relaxed !== undefined) return relaxed;
  if (isNode && process.env.FMNIST_NO_RELAXED_SIMD === '1') return (relaxed = false);
  relaxed = validatesRelaxed();
  if (!relaxed && isNode) {
    try {
      process.getBuiltinModule('node:v8').setFlagsFromString('--experimental-wasm-relaxed-simd');
      relaxed = validatesRelaxed();
    } catch {
      relaxed = false;
    }
  }
  return relaxed;
}

/** The module files to try, preferred first. */
function candidateUrls(): URL[] {
  return relaxedSimdSupported() ? [kernelsRelaxedWasmUrl, kernelsWasmUrl] : [kernelsWasmUrl];
}

let compiled: Promise<WebAssembly.Module> | undefined;

async function compileUrl(url: URL): Promise<WebAssembly.Module> {
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await readFile(fileURLToPath(url)));
    } catch (err) {
      throw new Error(
        `WASM kernels not found at ${url.href}: run \`npm run build\` (it compiles packages/ml/assembly)`,
        { cause: err },
      );
    }
    return WebAssembly.compile(bytes);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot fetch ${url.href}: HTTP ${res.status}`);
  return WebAssembly.compile(await res.arrayBuffer());
}

let kernelBuild: 'relaxed-simd' | 'simd' | undefined;

/** Which build this process loaded (undefined before the first load): `relaxed-simd` or `simd`. */
export function loadedKernelBuild(): 'relaxed-simd' | 'simd' | undefined {
  return kernelBuild;
}

function loaded(url: URL, module: WebAssembly.Module): WebAssembly.Module {
  kernelBuild = url === kernelsRelaxedWasmUrl ? 'relaxed-simd' : 'simd';
  return module;
}

async function compile(): Promise<WebAssembly.Module> {
  const urls = candidateUrls();
  for (const url of urls.slice(0, -1)) {
    try {
      return loaded(url, await compileUrl(url));
    } catch {
      // optional build missing or not compilable: fall through to the default one
    }
  }
  const last = urls[urls.length - 1]!;
  return loaded(last, await compileUrl(last));
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
  const urls = candidateUrls();
  for (const u of urls.slice(0, -1)) {
    try {
      compiledSync = loaded(u, new WebAssembly.Module(fs.readFileSync(url.fileURLToPath(u))));
      return compiledSync;
    } catch {
      // optional build missing or not compilable: fall through to the default one
    }
  }
  const last = urls[urls.length - 1]!;
  compiledSync = loaded(last, new WebAssembly.Module(fs.readFileSync(url.fileURLToPath(last))));
  return compiledSync;
}

/** The compiled kernel module, compiled once per process (and cheap to post to workers). */
export function loadKernelModule(): Promise<WebAssembly.Module> {
  if (compiledSync) return Promise.resolve(compiledSync);
  compiled ??= compile().then((m) => (compiledSync ??= m));
  compiled.catch(() => (compiled = undefined));
  return compiled;
}
