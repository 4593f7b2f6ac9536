// `pnpm release:check`: checks the packages as they are published, from `pnpm pack` output in fresh
// consumer projects, never from the workspace. `--only=a,b` / `--skip=a,b` pick steps; `--keep`
// leaves the work folder for a look.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { checkChangesets } from './changesets.mjs';
import { checkEngines, runConsumers } from './consumers.mjs';
import { checkPeerFloors } from './floors.mjs';
import {
  ensureTool,
  failureList,
  must,
  NODE_VERSIONS,
  pnpmBinary,
  ROOT,
  step,
  TOOL_VERSIONS,
  timings,
} from './lib.mjs';
import { lintTarballs } from './lint.mjs';
import { checkTarballContents, packAll, publishedPackages, reportSizes } from './pack.mjs';
import { checkTypes } from './types.mjs';
import { checkSupportedVersions } from './versions.mjs';

const STEPS = [
  'build',
  'pack',
  'lint',
  'sizes',
  'versions',
  'engines',
  'consumers',
  'types',
  'floors',
  'changesets',
];
const arg = (name) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')[1]
    .split(',');
const only = arg('only');
const skip = arg('skip') ?? [];
for (const name of [...(only ?? []), ...skip])
  if (!STEPS.includes(name)) throw new Error(`unknown step ${name}; steps: ${STEPS.join(', ')}`);
const wanted = (name) => (only ? only.includes(name) : !skip.includes(name));

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'anyint-release-check-'));
console.log(`release check in ${work}`);

await step('tools (cached in .ci/.tools/release-check)', async () => {
  const arch = `node-${process.platform}-${process.arch}`;
  const installed = [];
  for (const version of NODE_VERSIONS) {
    if (await ensureTool(`node-${version}`, [`${arch}@${version}`])) installed.push(`node ${version}`);
  }
  if (await ensureTool('pnpm', [`pnpm@${TOOL_VERSIONS.pnpm}`])) installed.push('pnpm');
  const lint = [
    `publint@${TOOL_VERSIONS.publint}`,
    `@arethetypeswrong/cli@${TOOL_VERSIONS.attw}`,
    'semver@7.7.3',
  ];
  if (await ensureTool('lint', lint)) installed.push('publint, attw');
  console.log(`  ${installed.length ? `installed ${installed.join(', ')}` : 'all cached'}`);
});
// turbo runs each package's `pnpm run build`.
process.env.PATH = `${dirname(pnpmBinary())}${delimiter}${process.env.PATH}`;

// A fresh clone has no node_modules: the build, tsc, changesets and vitest below come from the
// workspace's own install. When it is current this takes a few seconds.
await step('install (pnpm install --frozen-lockfile)', () =>
  must(pnpmBinary(), ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: ROOT }),
);

const packages = publishedPackages();
if (wanted('build')) {
  await step('build (turbo, cached when CI has just built)', () => {
    // turbo restores cached outputs over what is there, so a chunk of an older build would be packed.
    for (const { dir } of packages) rmSync(join(dir, 'dist'), { recursive: true, force: true });
    return must(join(ROOT, 'node_modules', '.bin', 'turbo'), [
      'run',
      'build',
      '--filter=./packages/*',
      '--output-logs=errors-only',
    ]);
  });
}
const tarballs = await step('pack and tarball contents', async () => {
  const packed = await packAll(packages, join(work, 'tarballs'));
  checkTarballContents(packed);
  for (const [name, { tarball }] of Object.entries(packed)) console.log(`  ${name}: ${tarball}`);
  return packed;
});
if (tarballs) {
  if (wanted('lint')) await step('publint and attw', () => lintTarballs(tarballs));
  if (wanted('sizes'))
    await step('sizes against scripts/release-check/budget.json', () => reportSizes(tarballs));
  if (wanted('versions'))
    await step('README "Supported versions" against package.json', () => checkSupportedVersions(packages));
  if (wanted('engines'))
    await step('engines of every installed dependency', () => checkEngines(tarballs, work));
  if (wanted('consumers')) {
    await step(`consumers (npm, pnpm strict) on Node ${NODE_VERSIONS.join(', ')}`, () =>
      runConsumers(tarballs, work),
    );
  }
  if (wanted('types'))
    await step('types-only consumers (no @types/node; no DOM lib)', () => checkTypes(tarballs, work));
}
if (wanted('changesets')) {
  await step('changeset version on sample changesets (bumps and changelogs of dependents)', () =>
    checkChangesets(work),
  );
}
if (wanted('floors')) {
  await step("peer floors: each adapter's tests with every peer at the lowest version its range admits", () =>
    checkPeerFloors(packages, work),
  );
}

console.log('\n== summary');
for (const [name, seconds, result] of timings)
  console.log(`  ${seconds.padStart(6)} s  ${result.padEnd(9)} ${name}`);
const total = ((performance.now() - started) / 1000).toFixed(1);
const failures = failureList();
if (process.argv.includes('--keep') || failures.length > 0) console.log(`  work folder kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(
  `  ${failures.length === 0 ? 'release check passed' : `${failures.length} checks failed`} in ${total} s`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
