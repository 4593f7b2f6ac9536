import { parseArgs } from 'node:util';

/** What one scenario child reports on stdout, as one `BENCH_RESULT {json}` line. */
export interface Measurement {
  /** Wall time of the measured section, ms. */
  wallMs: number;
  /** Client CPU (user + system) spent in the measured section, ms. */
  cpuMs: number;
  /** Peak resident set size of the whole process, MiB. */
  maxRssMiB: number;
  /** Resident set size just before the measured section, MiB. */
  rssBeforeMiB: number;
  /** Scenario-specific figures (items done, bytes moved, a checksum). */
  extra: Record<string, number>;
  /** The measured section on the monotonic clock, µs (the clock of `--cpu-prof` timestamps). */
  windowUs: [number, number];
}

export const RESULT_PREFIX = 'BENCH_RESULT ';
export const API_KEY = 'bench-key';
export const EMBEDDING_MODEL = 'text-embedding-3-small';

/** Flags shared by every scenario child; scenario-specific ones are read as strings. */
export function scenarioArgs(): {
  contender: string;
  url: string;
  values: Record<string, string | undefined>;
} {
  const { values } = parseArgs({
    strict: false,
    options: {
      contender: { type: 'string' },
      url: { type: 'string' },
      docs: { type: 'string' },
      dims: { type: 'string' },
      requests: { type: 'string' },
      file: { type: 'string' },
      'file-id': { type: 'string' },
      out: { type: 'string' },
      direction: { type: 'string' },
      'check-url': { type: 'string' },
      'first-doc': { type: 'string' },
      count: { type: 'string' },
    },
  });
  const strings: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values))
    strings[key] = typeof value === 'string' ? value : undefined;
  const { contender, url } = strings;
  if (!contender || !url) throw new Error('--contender and --url are required');
  return { contender, url, values: strings };
}

/** Runs `section` once, measuring wall time, CPU and RSS around it, and prints the result line. */
export async function measure(section: () => Promise<Record<string, number>>): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const from = Number(process.hrtime.bigint() / 1000n);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const extra = await section();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const to = Number(process.hrtime.bigint() / 1000n);
  const result: Measurement = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    // maxRSS is in KiB.
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    rssBeforeMiB: rssBefore / 1024 / 1024,
    extra,
    windowUs: [from, to],
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Runs `task` over `items` in slices of `size`, `inFlight` at once; results keep input order. */
export async function pooled<T, R>(
  items: readonly T[],
  size: number,
  inFlight: number,
  task: (slice: T[]) => Promise<R[]>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next = Math.min(start + size, items.length);
      const results = await task(items.slice(start, next));
      for (let i = 0; i < results.length; i++) out[start + i] = results[i] as R;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return out;
}
