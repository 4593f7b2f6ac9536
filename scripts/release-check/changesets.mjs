import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, must, ROOT, readJson } from './lib.mjs';

/** Every workspace package folder, from pnpm-workspace.yaml's `packages` globs (`dir/*` or `dir`). */
function workspaceFolders() {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.split(/^\w.*$/m)[1].matchAll(/^\s+-\s+(\S+)/gm)].map((match) => match[1]);
  return globs
    .flatMap((glob) =>
      glob.endsWith('/*')
        ? readdirSync(join(ROOT, glob.slice(0, -2))).map((name) => `${glob.slice(0, -2)}/${name}`)
        : [glob],
    )
    .filter((folder) => existsSync(join(ROOT, folder, 'package.json')));
}

/** The manifests changesets reads (root, workspace list, config, every package.json) and nothing else. */
function writeCopy(dir, sample) {
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'pnpm-workspace.yaml'), join(dir, 'pnpm-workspace.yaml'));
  for (const file of readdirSync(join(ROOT, '.changeset'))) {
    if (!file.endsWith('.md')) cpSync(join(ROOT, '.changeset', file), join(dir, '.changeset', file));
  }
  for (const folder of workspaceFolders()) {
    cpSync(join(ROOT, folder, 'package.json'), join(dir, folder, 'package.json'));
    if (existsSync(join(ROOT, folder, 'CHANGELOG.md')))
      cpSync(join(ROOT, folder, 'CHANGELOG.md'), join(dir, folder, 'CHANGELOG.md'));
  }
  const releases = Object.entries(sample.releases).map(([name, type]) => `"${name}": ${type}`);
  writeFileSync(
    join(dir, '.changeset', 'sample.md'),
    `---\n${releases.join('\n')}\n---\n\n${sample.summary}\n`,
  );
}

const BUMP = { major: 0, minor: 1, patch: 2 };
function bump(version, type) {
  const parts = version.split('.').map(Number);
  parts[BUMP[type]]++;
  for (let i = BUMP[type] + 1; i < 3; i++) parts[i] = 0;
  return parts.join('.');
}

/**
 * What a release of `sample` must do, worked out from the manifests: each named package bumps as asked;
 * a published package that has one of them in `dependencies` or `peerDependencies` gets a patch whose
 * changelog names the new version (config `updateInternalDependencies: patch`); a devDependency moves
 * no version; private packages keep theirs.
 */
function expectedReleases(packages, sample) {
  const expected = new Map();
  for (const [name, type] of Object.entries(sample.releases)) {
    const json = packages.get(name).json;
    expected.set(name, { version: bump(json.version, type), type, dependencies: [] });
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, { json }] of packages) {
      if (json.private) continue;
      const uses = [...expected.keys()].filter(
        (dep) => dep !== name && (json.dependencies?.[dep] || json.peerDependencies?.[dep]),
      );
      const entry = expected.get(name);
      if (!entry && uses.length > 0) {
        expected.set(name, { version: bump(json.version, 'patch'), type: 'patch', dependencies: uses });
        grew = true;
      } else if (entry && uses.some((dep) => !entry.dependencies.includes(dep))) {
        entry.dependencies = [...new Set([...entry.dependencies, ...uses])];
        grew = true;
      }
    }
  }
  return expected;
}

const SAMPLES = [
  {
    id: 'client-minor',
    releases: { '@anyint/client': 'minor' },
    summary: 'Sample: a new client option.',
  },
  {
    id: 'emulator-patch',
    releases: { '@anyint/emulator': 'patch' },
    summary: 'Sample: an emulator fix.',
  },
];

/**
 * `changeset version` on sample changesets, in a copy of the workspace's manifests: every version and
 * CHANGELOG entry, of the packages named and of their dependents, is what the config promises.
 */
export async function checkChangesets(work) {
  const changeset = join(ROOT, 'node_modules', '.bin', 'changeset');
  for (const sample of SAMPLES) {
    const dir = join(work, 'changesets', sample.id);
    writeCopy(dir, sample);
    const before = new Map(
      workspaceFolders().map((folder) => {
        const json = readJson(join(dir, folder, 'package.json'));
        return [json.name, { folder, json }];
      }),
    );
    const expected = expectedReleases(before, sample);
    await must(changeset, ['version'], { cwd: dir });
    const problems = [];
    for (const [name, { folder, json }] of before) {
      const after = readJson(join(dir, folder, 'package.json'));
      const want = expected.get(name);
      const wantVersion = want?.version ?? json.version;
      if (after.version !== wantVersion)
        problems.push(`${name} is ${after.version}, expected ${wantVersion}`);
      const changelogPath = join(dir, folder, 'CHANGELOG.md');
      const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : '';
      if (!want) {
        if (changelog.includes(`## ${after.version}`) && after.version !== json.version)
          problems.push(`${name} has a changelog entry though nothing of it changed`);
        continue;
      }
      const entry = changelog.split(/^## /m).find((part) => part.startsWith(`${want.version}\n`)) ?? '';
      if (!entry) {
        problems.push(`${name}'s CHANGELOG.md has no "## ${want.version}"`);
        continue;
      }
      const heading = `### ${want.type[0].toUpperCase()}${want.type.slice(1)} Changes`;
      if (!entry.includes(heading)) problems.push(`${name}'s entry has no "${heading}"`);
      if (sample.releases[name] && !entry.includes(`- ${sample.summary}`))
        problems.push(`${name}'s entry lacks the changeset's summary`);
      const listed = [...entry.matchAll(/^ {2}- (@?[^@\s]+)@(\S+)$/gm)].map((m) => `${m[1]}@${m[2]}`);
      const wantListed = want.dependencies.map((dep) => `${dep}@${expected.get(dep).version}`);
      for (const line of wantListed)
        if (!listed.includes(line)) problems.push(`${name}'s entry does not name ${line}`);
      for (const line of listed)
        if (!wantListed.includes(line)) problems.push(`${name}'s entry names ${line}, which did not change`);
    }
    const summary = [...expected].map(([name, { version, type }]) => `${name} ${version} (${type})`);
    for (const problem of problems) fail(`changeset version of ${sample.id}: ${problem}`);
    console.log(`  ${sample.id}: ${problems.length === 0 ? 'ok' : 'FAIL'}, ${summary.join(', ')}`);
  }
}
