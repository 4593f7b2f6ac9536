/**
 * Summarizes a V8 `.cpuprofile` (from `--cpu-prof`, e.g. `bench --profile`): self time per function
 * and per package, the biggest first.
 *
 *   node --import tsx src/profile-summary.ts results/profiles/CPU.*.cpuprofile [--top 25] [--window FROM,TO]
 *
 * `--window` takes the `windowUs` of a BENCH_RESULT line, to count only the measured section.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string' }, window: { type: 'string' } },
});
const top = Number(values.top ?? 25);
const [from = -Infinity, to = Infinity] = values.window ? values.window.split(',').map(Number) : [];

function where(url: string): string {
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return url;
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pnpm) return `${pnpm[1]}/${pnpm[2]}`;
  const workspace = /\/(packages|apps)\/(.*)$/.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url;
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    if (time >= from && time <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const location = where(url);
    const key = `${functionName || '(anonymous)'}  ${location}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const pkg = location.startsWith('packages/')
      ? location.split('/').slice(0, 2).join('/')
      : location.split('/')[0];
    byPackage.set(pkg ?? location, (byPackage.get(pkg ?? location) ?? 0) + micros);
  }
  const show = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(
        `${(micros / 1000).toFixed(1).padStart(9)} ms ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`,
      );
    }
  };
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  show('self time by function', byFunction);
  show('self time by package', byPackage);
}
