// Bench 7: the bundle budget, by scripts/check-bundle.mjs --json on the production build.
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { APP_PROD_DIR, REPO, metric, type Metrics } from './lib/harness';
import { round } from './lib/stats';

interface BundleReport {
  initialKb: number;
  shellKb: number;
  budget: { initialKb: number; shellKb: number };
  chunks: { file: string; gzipKb: number; rawKb: number }[];
  initial: string[];
  problems: string[];
}

export function benchBundle(): { metrics: Metrics; report: BundleReport } {
  const run = spawnSync(
    process.execPath,
    ['scripts/check-bundle.mjs', '--json', `--dist=${relative(REPO, APP_PROD_DIR)}`],
    { cwd: REPO, encoding: 'utf8' },
  );
  // It exits 1 when over budget and still prints the figures.
  const report = JSON.parse(run.stdout) as BundleReport;
  const initial = new Set(report.initial);
  const metrics: Metrics = {
    'bundle.initialJsGzip': metric(round(report.initialKb, 1), 'KB', {
      goal: `≤ ${report.budget.initialKb} KB`,
      met: report.initialKb <= report.budget.initialKb,
      note: `what index.html loads before the first frame (and what it imports statically); ${report.initial.length} files`,
    }),
    'bundle.appShellGzip': metric(round(report.shellKb, 1), 'KB', {
      goal: `≤ ${report.budget.shellKb} KB`,
      met: report.shellKb <= report.budget.shellKb,
      note: report.problems.length ? report.problems.join('; ') : 'within budget',
    }),
  };
  for (const chunk of report.chunks) {
    const name = chunk.file.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '');
    metrics[`bundle.chunk.${name}`] = metric(round(chunk.gzipKb, 1), 'KB', {
      note: `${chunk.file}, ${chunk.rawKb.toFixed(0)} KB raw${initial.has(chunk.file) ? ', initial' : ''}`,
    });
  }
  return { metrics, report };
}
