import { num, range, type Stat } from './stats.js';
import type { ImportSummary, Report, Summary } from './types.js';

/** Our contender -> the anchor a user would pick instead (E1). */
const E1_ANCHOR: Record<string, string> = {
  'anyint-client-number': 'openai',
  'anyint-client-float32': 'undici-float32',
  'anyint-langchain': 'langchain-openai',
  'anyint-ai-sdk': 'ai-sdk-openai',
  'anyint-llamaindex': 'llamaindex-openai',
};

/** Framework -> [anchor adapter, our adapter] for E4 marginal import cost. */
const E4_PAIRS: [string, string, string][] = [
  ['@langchain/core', '@langchain/core + @langchain/openai', '@langchain/core + @anyint/langchain'],
  ['ai', 'ai + @ai-sdk/openai', 'ai + @anyint/ai-sdk-provider'],
  ['llamaindex', 'llamaindex + @llamaindex/openai', 'llamaindex + @anyint/llamaindex'],
];

export const EDGE_BUNDLE_LIMIT_BYTES = 15_000;

export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  pass: boolean | undefined;
}

const MiB = 1024 * 1024;

function find(report: Report, scenario: string, latencyMs: number, contender: string): Summary | undefined {
  return report.summaries.find(
    (s) => s.scenario === scenario && s.latencyMs === latencyMs && s.contender === contender,
  );
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

function times(value: number | undefined): string {
  return value === undefined ? '–' : `${num(value)}x`;
}

function verdict(pass: boolean | undefined): string {
  return pass === undefined ? 'n/a' : pass ? 'met' : '**missed**';
}

/** Every target of the bench issue that this run has figures for. */
export function checkTargets(report: Report): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const latencies = [...new Set(report.summaries.map((s) => s.latencyMs))].sort((a, b) => a - b);
  const add = (
    scenario: string,
    target: string,
    value: number | undefined,
    pass: (v: number) => boolean,
    show = times,
  ) =>
    checks.push({
      scenario,
      target,
      measured: show(value),
      pass: value === undefined ? undefined : pass(value),
    });

  for (const latency of latencies) {
    const at = `E1 ${latency} ms`;
    const rate = (contender: string) => find(report, 'E1', latency, contender)?.rate.median;
    const cpuPerThousand = (contender: string) => {
      const summary = find(report, 'E1', latency, contender);
      return summary && summary.cpuPerItem.median * 1000;
    };
    add(
      at,
      'client docs/s ≥ 1.5x openai',
      ratio(rate('anyint-client-number'), rate('openai')),
      (v) => v >= 1.5,
    );
    add(
      at,
      'langchain docs/s ≥ 1.5x @langchain/openai',
      ratio(rate('anyint-langchain'), rate('langchain-openai')),
      (v) => v >= 1.5,
    );
    add(
      at,
      'ai-sdk docs/s ≥ 5x @ai-sdk/openai',
      ratio(rate('anyint-ai-sdk'), rate('ai-sdk-openai')),
      (v) => v >= 5,
    );
    const llamaTarget = latency === 0 ? 1.8 : 20;
    add(
      at,
      `llamaindex docs/s ≥ ${llamaTarget}x @llamaindex/openai`,
      ratio(rate('anyint-llamaindex'), rate('llamaindex-openai')),
      (v) => v >= llamaTarget,
    );
    add(
      at,
      'client CPU per 1,000 docs, number[] ≤ 60 ms',
      cpuPerThousand('anyint-client-number'),
      (v) => v <= 60,
      (v) => (v === undefined ? '–' : `${num(v)} ms`),
    );
    // The 60 ms was set on a machine where the raw float32 floor was 36 ms: the same bound as a ratio
    // to the floor measured here, so a slower or busier machine is judged fairly.
    add(
      at,
      'client CPU per doc, number[] ≤ 1.67x raw undici float32 (60/36 ms, machine-independent)',
      ratio(cpuPerThousand('anyint-client-number'), cpuPerThousand('undici-float32')),
      (v) => v <= 60 / 36,
    );
    add(
      at,
      'client CPU per doc, float32 ≤ 1.1x raw undici float32',
      ratio(cpuPerThousand('anyint-client-float32'), cpuPerThousand('undici-float32')),
      (v) => v <= 1.1,
    );
  }
  for (const latency of latencies) {
    const cpu = (contender: string) => find(report, 'E2', latency, contender)?.cpuPerItem.median;
    add(
      `E2 ${latency} ms`,
      'client CPU per request ≤ 1.15x raw undici',
      ratio(cpu('anyint-client'), cpu('undici')),
      (v) => v <= 1.15,
    );
  }
  for (const latency of latencies) {
    for (const direction of ['upload', 'download']) {
      const scenario = `E3 ${direction}`;
      const ours = find(report, scenario, latency, 'anyint-client');
      add(
        `${scenario} ${latency} ms`,
        'client RSS growth < 64 MiB',
        ours?.rssGrowthMiB.median,
        (v) => v < 64,
        (v) => (v === undefined ? '–' : `${num(v)} MiB`),
      );
      add(
        `${scenario} ${latency} ms`,
        'client throughput ≥ 0.9x raw undici stream',
        ratio(ours?.rate.median, find(report, scenario, latency, 'undici')?.rate.median),
        (v) => v >= 0.9,
      );
    }
  }
  if (report.imports.length) {
    const net = netImports(report.imports);
    add(
      'E4',
      '@anyint/client import ≤ openai import',
      ratio(net.get('@anyint/client'), net.get('openai')),
      (v) => v <= 1,
    );
    for (const [framework, anchor, ours] of E4_PAIRS) {
      const base = wall(report.imports, framework);
      const anchorMarginal = diff(wall(report.imports, anchor), base);
      const ourMarginal = diff(wall(report.imports, ours), base);
      const limit = anchorMarginal === undefined ? undefined : Math.max(0.5 * anchorMarginal, 10);
      checks.push({
        scenario: 'E4',
        target: `${ours.split(' + ')[1]} marginal over ${framework} ≤ max(0.5x anchor, 10 ms)`,
        measured:
          ourMarginal === undefined
            ? '–'
            : `${num(ourMarginal)} ms (anchor ${num(anchorMarginal ?? Number.NaN)} ms, limit ${num(limit ?? Number.NaN)} ms)`,
        pass: ourMarginal === undefined || limit === undefined ? undefined : ourMarginal <= limit,
      });
    }
  }
  const edge = report.bundles.find((bundle) => bundle.name === '@anyint/client');
  if (edge) {
    checks.push({
      scenario: 'E5',
      target: '@anyint/client edge build min+gz ≤ 15 KB',
      measured: edge.ok ? `${num((edge.gzipBytes ?? 0) / 1000)} KB` : 'build fails (Node-only imports)',
      pass: edge.ok ? (edge.gzipBytes ?? 0) <= EDGE_BUNDLE_LIMIT_BYTES : false,
    });
  }
  return checks;
}

function wall(imports: ImportSummary[], name: string): number | undefined {
  return imports.find((entry) => entry.name === name)?.wallMs.median;
}

function diff(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/** Import wall time minus an empty Node process, per spec. */
function netImports(imports: ImportSummary[]): Map<string, number> {
  const empty = wall(imports, 'node (empty)') ?? 0;
  return new Map(imports.map((entry) => [entry.name, entry.wallMs.median - empty]));
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function mib(s: Stat): string {
  return range(s);
}

export function renderMarkdown(report: Report): string {
  const { machine, config } = report;
  const out: string[] = [];
  out.push('# apps/bench: latest results', '');
  out.push(
    `Run ${report.startedAt} → ${report.finishedAt}, mode **${config.mode}**, ${config.reps} repetitions per contender ` +
      '(each a fresh Node process); figures are median (min–max). Ratios compare medians from this same run.',
    '',
  );
  out.push(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; ` +
      `load average ${num(machine.loadAverage.start)} at start, ${num(machine.loadAverage.end ?? Number.NaN)} at end ` +
      `(shared machine: wall times are noisy, CPU times less so). Commit ${machine.gitCommit}.`,
    '',
  );
  out.push(
    `Packages: ${Object.entries(machine.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
  );

  const checks = checkTargets(report);
  if (checks.length) {
    out.push('## Targets', '');
    out.push(
      table(
        ['scenario', 'target', 'measured', 'verdict'],
        checks.map((check) => [check.scenario, check.target, check.measured, verdict(check.pass)]),
      ),
      '',
    );
  }

  const latencies = [...new Set(report.summaries.map((s) => s.latencyMs))].sort((a, b) => a - b);
  for (const latency of latencies) {
    const e1 = report.summaries.filter((s) => s.scenario === 'E1' && s.latencyMs === latency);
    if (!e1.length) continue;
    const rawNumber = find(report, 'E1', latency, 'undici-number')?.rate.median;
    out.push(
      `## E1: embed ${num(config.docs)} docs (~12 words, ${config.dimensions} dims), ${latency} ms server latency`,
      '',
    );
    out.push(
      table(
        [
          'contender',
          'docs',
          'docs/s',
          '× its anchor',
          '× raw undici number[]',
          'client CPU ms / 1k docs',
          'peak RSS MiB',
        ],
        e1.map((s) => {
          const anchor = E1_ANCHOR[s.contender];
          const anchorRate = anchor ? find(report, 'E1', latency, anchor)?.rate.median : undefined;
          return [
            s.contender,
            num(s.items),
            range(s.rate),
            anchor ? `${times(ratio(s.rate.median, anchorRate))} ${anchor}` : '',
            times(ratio(s.rate.median, rawNumber)),
            range(scale(s.cpuPerItem, 1000)),
            mib(s.maxRssMiB),
          ];
        }),
      ),
      '',
    );
  }
  for (const latency of latencies) {
    const e2 = report.summaries.filter((s) => s.scenario === 'E2' && s.latencyMs === latency);
    if (!e2.length) continue;
    const raw = find(report, 'E2', latency, 'undici')?.cpuPerItem.median;
    out.push(`## E2: tiny sequential moderation requests, ${latency} ms server latency`, '');
    out.push(
      table(
        [
          'contender',
          'requests',
          'requests/s',
          'client CPU µs / request',
          '× raw undici CPU',
          'peak RSS MiB',
        ],
        e2.map((s) => [
          s.contender,
          num(s.items),
          range(s.rate),
          range(scale(s.cpuPerItem, 1000)),
          times(ratio(s.cpuPerItem.median, raw)),
          mib(s.maxRssMiB),
        ]),
      ),
      '',
    );
  }
  const e3 = report.summaries.filter((s) => s.scenario.startsWith('E3'));
  if (e3.length) {
    out.push(`## E3: one ${num(config.fileBytes / MiB)} MiB file, streamed`, '');
    out.push(
      table(
        [
          'transfer',
          'latency ms',
          'contender',
          'MiB/s',
          '× raw undici',
          'RSS growth MiB',
          'peak RSS MiB',
          'client CPU ms',
        ],
        e3.map((s) => {
          const raw = find(report, s.scenario, s.latencyMs, 'undici')?.rate.median;
          return [
            s.scenario.replace('E3 ', ''),
            String(s.latencyMs),
            s.contender,
            range(scale(s.rate, 1 / MiB)),
            times(ratio(s.rate.median, raw)),
            mib(s.rssGrowthMiB),
            mib(s.maxRssMiB),
            range(s.cpuMs),
          ];
        }),
      ),
      '',
    );
  }
  if (report.imports.length) {
    const net = netImports(report.imports);
    out.push('## E4: cold import, fresh process (no loader hooks)', '');
    out.push(
      table(
        ['import', 'process wall ms', 'minus empty node ms', 'process CPU ms', 'peak RSS MiB'],
        report.imports.map((entry) => [
          entry.name,
          range(entry.wallMs),
          entry.name === 'node (empty)' ? '' : num(net.get(entry.name) ?? Number.NaN),
          range(entry.cpuMs),
          range(entry.maxRssMiB),
        ]),
      ),
      '',
    );
    out.push(
      'Marginal cost of an adapter over its framework (wall of framework + adapter minus framework alone):',
      '',
    );
    out.push(
      table(
        [
          'framework',
          'anchor adapter',
          'anchor wall ms',
          'anchor CPU ms',
          'our adapter',
          'our wall ms',
          'our CPU ms',
        ],
        E4_PAIRS.map(([framework, anchor, ours]) => {
          const marginal = (name: string, pick: (entry: ImportSummary) => number) => {
            const entry = report.imports.find((item) => item.name === name);
            const base = report.imports.find((item) => item.name === framework);
            return entry && base ? num(pick(entry) - pick(base)) : '–';
          };
          return [
            framework,
            anchor.split(' + ')[1] ?? anchor,
            marginal(anchor, (entry) => entry.wallMs.median),
            marginal(anchor, (entry) => entry.cpuMs.median),
            ours.split(' + ')[1] ?? ours,
            marginal(ours, (entry) => entry.wallMs.median),
            marginal(ours, (entry) => entry.cpuMs.median),
          ];
        }),
      ),
      '',
    );
  }
  if (report.bundles.length) {
    out.push('## E5: browser/edge bundle (esbuild, ESM, minified)', '');
    out.push(
      table(
        ['bundle', 'builds', 'min bytes', 'min+gz bytes', 'what'],
        report.bundles.map((bundle) => [
          bundle.name,
          bundle.ok ? 'yes' : `no: ${summarizeErrors(bundle.errors)}`,
          bundle.minBytes === undefined ? '–' : num(bundle.minBytes),
          bundle.gzipBytes === undefined ? '–' : num(bundle.gzipBytes),
          bundle.description,
        ]),
      ),
      '',
    );
  }
  if (report.failures.length) {
    out.push('## Failures', '');
    for (const failure of report.failures) out.push(`- ${failure.split('\n')[0]}`);
    out.push('');
  }
  return out.join('\n');
}

function scale(s: Stat, factor: number): Stat {
  return {
    median: s.median * factor,
    min: s.min * factor,
    max: s.max * factor,
    values: s.values.map((value) => value * factor),
  };
}

/** `N unresolved imports (node:crypto, node:fs, …) from undici, @anyint/client`. */
function summarizeErrors(errors: string[]): string {
  const modules = new Set<string>();
  const importers = new Set<string>();
  for (const error of errors) {
    const match = /^(.*): Could not resolve "([^"]+)"/.exec(error);
    if (!match) continue;
    modules.add(match[2] as string);
    const file = match[1] as string;
    importers.add(
      file.includes('/undici/') ? 'undici' : file.includes('client/dist') ? '@anyint/client' : file,
    );
  }
  if (!modules.size) return errors.slice(0, 2).join('; ');
  return `${errors.length} unresolved imports (${[...modules].slice(0, 8).join(', ')}${modules.size > 8 ? ', …' : ''}) from ${[...importers].join(', ')}`;
}
