// `npm run bench:estimators -- [--family nb|linear|knn] [--no-sklearn]`: fmnist vs sklearn, same
// run, same data; prints a table and writes bench-results/estimators-<family>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ESTIMATOR_CASES } from './cases.js';
import { formatEstimatorBench, runEstimatorBench } from './run-estimator-bench.js';

const args = process.argv.slice(2);
const family = args.includes('--family') ? args[args.indexOf('--family') + 1] : undefined;
const families = ['nb', 'linear', 'knn'];
if (family && !families.includes(family)) {
  process.stderr.write(`--family must be one of ${families.join(', ')}, got "${family}"\n`);
  process.exit(1);
}
const cases = ESTIMATOR_CASES.filter((c) => !family || c.family === family);
const rows = await runEstimatorBench(cases, { sklearn: !args.includes('--no-sklearn') });
console.log(formatEstimatorBench(rows));
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/estimators-${family ?? 'all'}.json`;
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), rows }, null, 1)}\n`,
);
console.log(`wrote ${file}`);
