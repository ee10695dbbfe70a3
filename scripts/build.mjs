// `npm run build`: the WASM kernels, the TypeScript (tsc -b) and the dashboard's page (Vite), each
// step skipped when its outputs are newer than everything it is built from, and the WASM builds
// run beside tsc (neither needs the other). `--force` rebuilds everything.
//
// Why: `npm start` and `npm test` build first, and on the 2-core dev machine the AssemblyScript
// compiles took 9 s and Vite 3 s of a 13 s build that had nothing to do (tsc -b is incremental by
// itself). A step is stale when an output is missing or older than the newest of its inputs: its
// sources, its package.json (the compiler flags live there) and the compiler's own package.json.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const force = process.argv.includes('--force');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The newest modification time under the given files and folders (0 if none exist). */
function newest(paths) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (s.isDirectory()) t = Math.max(t, newest(readdirSync(p).map((n) => join(p, n))));
    else t = Math.max(t, s.mtimeMs);
  }
  return t;
}

/** Whether any output is missing or older than the newest input. */
function stale(outputs, inputs) {
  if (force || outputs.some((o) => !existsSync(o))) return true;
  const built = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return newest(inputs) > built;
}

/** Runs a command in the repository root; resolves when it succeeds, rejects when it fails. */
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args.join(' ')}: ${signal ?? `exit ${code}`}`)),
    );
  });
}

/** Workspaces with a `build:wasm` script; their outputs are the script's `-o` files. */
function wasmSteps() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces.flatMap((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const script = pkg.scripts?.['build:wasm'];
    if (!script) return [];
    const outputs = [...script.matchAll(/-o\s+(\S+)/g)].map((m) => join(root, dir, m[1]));
    const inputs = [
      join(root, dir, 'assembly'),
      join(root, dir, 'package.json'),
      join(root, 'node_modules', 'assemblyscript', 'package.json'),
    ];
    return [{ name: pkg.name, outputs, inputs }];
  });
}

async function buildWasm() {
  for (const step of wasmSteps()) {
    if (stale(step.outputs, step.inputs)) await run(npm, ['run', 'build:wasm', '-w', step.name]);
  }
}

const web = join(root, 'apps', 'dashboard');
const webStep = {
  outputs: [join(web, 'dist', 'web', 'index.html')],
  inputs: [
    join(web, 'index.html'),
    join(web, 'src', 'web'),
    join(web, 'src', 'shared'),
    join(web, 'vite.config.ts'),
    join(web, 'package.json'),
    join(root, 'package-lock.json'),
  ],
};

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const failed = (
  await Promise.allSettled([buildWasm(), run(process.execPath, [tsc, '-b', 'tsconfig.build.json'])])
)
  .filter((r) => r.status === 'rejected')
  .map((r) => r.reason.message);
if (failed.length === 0 && stale(webStep.outputs, webStep.inputs)) {
  await run(npm, ['run', 'build:web', '-w', '@fmnist/dashboard']).catch((e) =>
    failed.push(e.message),
  );
}
if (failed.length > 0) {
  process.stderr.write(`build failed: ${failed.join('; ')}\n`);
  process.exitCode = 1;
}
