// `npm run bench:estimators -- [--family nb|linear|knn|tree|mlp|svm|gp] [--case TEXT] [--no-sklearn]`: fmnist vs
// sklearn, same run, same data; prints a table and writes bench-results/estimators-<family>.json.
// `--case` keeps the cases whose name + parameters (JSON) contain TEXT (results file: -<TEXT>).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ESTIMATOR_CASES } from './cases.js';
import { formatEstimatorBench, runEstimatorBench } from './run-estimator-bench.js';

const args = process.argv.slice(2);
const USAGE =
  'usage: npm run bench:estimators -- [--family nb|linear|knn|tree|mlp|svm|gp] [--case TEXT] [--no-sklearn]\n';
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
// Every argument is a known flag or the value after --family / --case (a typo must not run all).
const unknown = args.filter(
  (a, i) =>
    !['--family', '--case', '--no-sklearn'].includes(a) &&
    !['--family', '--case'].includes(args[i - 1]),
);
if (unknown.length > 0) {
  process.stderr.write(`unknown argument(s): ${unknown.join(' ')}\n${USAGE}`);
  process.exit(1);
}
const family = args.includes('--family') ? args[args.indexOf('--family') + 1] : undefined;
const families = ['nb', 'linear', 'knn', 'tree', 'mlp', 'svm', 'gp'];
if (family && !families.includes(family)) {
  process.stderr.write(`--family must be one of ${families.join(', ')}, got "${family}"\n`);
  process.exit(1);
}
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;
const cases = ESTIMATOR_CASES.filter(
  (c) =>
    (!family || c.family === family) &&
    (!only || `${c.name} ${JSON.stringify(c.parameter)}`.includes(only)),
);
if (cases.length === 0) {
  process.stderr.write(`no benchmark case matches --family ${family} --case ${only}\n`);
  process.exit(1);
}
const rows = await runEstimatorBench(cases, { sklearn: !args.includes('--no-sklearn') });
console.log(formatEstimatorBench(rows));
mkdirSync('bench-results', { recursive: true });
const tag = only ? `-${only.replace(/[^A-Za-z0-9_]+/g, '_')}` : '';
const file = `bench-results/estimators-${family ?? 'all'}${tag}.json`;
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), rows }, null, 1)}\n`,
);
console.log(`wrote ${file}`);
