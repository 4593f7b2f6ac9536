import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fail,
  HERE,
  must,
  NODE_VERSIONS,
  nodeBinary,
  pnpmBinary,
  pool,
  ROOT,
  readJson,
  run,
  semver,
  tail,
  writeJson,
} from './lib.mjs';

const devVersion = (folder, name) =>
  readJson(join(ROOT, 'packages', folder, 'package.json')).devDependencies[name];

/**
 * One consumer per package: the package, the peers its README says to install (at the versions its
 * tests use), and the emulator to talk to. `ai` 7 declares Node >= 22, so its consumer runs there only.
 */
export function consumerSpecs() {
  return [
    { id: 'client', main: '@anyint/client', smoke: 'client' },
    { id: 'emulator', main: '@anyint/emulator', smoke: 'emulator' },
    {
      id: 'langchain',
      main: '@anyint/langchain',
      smoke: 'langchain',
      peers: ['@langchain/core', 'langchain'].map((name) => [name, devVersion('langchain', name)]),
    },
    {
      id: 'ai-sdk-ai6',
      main: '@anyint/ai-sdk-provider',
      smoke: 'ai-sdk',
      peers: [
        ['ai', devVersion('ai-sdk', 'ai')],
        ['zod', devVersion('ai-sdk', 'zod')],
      ],
    },
    {
      id: 'ai-sdk-ai7',
      main: '@anyint/ai-sdk-provider',
      smoke: 'ai-sdk',
      peers: [
        ['ai', '7.0.173'],
        ['zod', devVersion('ai-sdk', 'zod')],
      ],
      nodes: NODE_VERSIONS.filter((version) => Number(version.split('.')[0]) >= 22),
      // ai 7 is ESM-only: CommonJS apps can `require` it only where Node can require ES modules.
      cjsNeedsRequireEsm: true,
    },
    {
      id: 'llamaindex',
      main: '@anyint/llamaindex',
      smoke: 'llamaindex',
      peers: [['llamaindex', devVersion('llamaindex', 'llamaindex')]],
    },
    { id: 'cli', main: '@anyint/cli', smoke: 'cli' },
    // The emulator is an optional peer of the CLI: installed alone, the CLI brings no server stack.
    { id: 'cli-alone', main: '@anyint/cli', smoke: 'cli-alone', alone: true, nodes: [NODE_VERSIONS[0]] },
  ];
}

/** Node 20.19 and 22.12 are the first that `require()` an ES module without a flag. */
async function canRequireEsm(version) {
  const { satisfies } = await semver();
  return satisfies(version, '^20.19.0 || >=22.12.0');
}

function fileSpecs(tarballs) {
  return Object.fromEntries(Object.entries(tarballs).map(([name, { tarball }]) => [name, `file:${tarball}`]));
}

/** Writes a consumer project: its dependencies, and overrides so @anyint/* resolve to the tarballs. */
function writeConsumer(dir, manager, dependencies, tarballs) {
  const overrides = fileSpecs(tarballs);
  const json = { name: `consumer-${manager}`, private: true, version: '0.0.0', dependencies };
  if (manager === 'npm') json.overrides = overrides;
  else json.pnpm = { overrides };
  writeJson(join(dir, 'package.json'), json);
  if (manager === 'pnpm') {
    // Strict: isolated node_modules (a package sees only what it declares) and peers never guessed.
    // Unmet peers are reported by pnpm and checked for ours (LlamaIndex itself leaves tree-sitter unmet).
    writeFileSync(
      join(dir, '.npmrc'),
      'node-linker=isolated\nauto-install-peers=false\nstrict-peer-dependencies=false\n',
    );
  }
  cpSync(join(HERE, 'smoke'), join(dir, 'smoke'), { recursive: true });
}

async function install(dir, manager, extra = []) {
  if (manager === 'npm') {
    return must('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...extra], { cwd: dir });
  }
  return must(pnpmBinary(), ['install', '--prefer-offline', ...extra], { cwd: dir });
}

/** Installs every consumer with npm and with pnpm, then runs each smoke on each Node, ESM and CJS. */
export async function runConsumers(tarballs, work) {
  const files = fileSpecs(tarballs);
  const runs = [];
  const installs = [];
  for (const manager of ['npm', 'pnpm']) {
    for (const spec of consumerSpecs()) {
      const dir = join(work, 'consumers', `${manager}-${spec.id}`);
      const dependencies = { [spec.main]: files[spec.main] };
      if (!spec.alone) dependencies['@anyint/emulator'] = files['@anyint/emulator'];
      for (const [name, version] of spec.peers ?? []) dependencies[name] = version;
      // pnpm installs an overridden optional peer, which a registry install would leave out.
      const overridden = spec.alone
        ? Object.fromEntries(Object.entries(tarballs).filter(([name]) => name !== '@anyint/emulator'))
        : tarballs;
      writeConsumer(dir, manager, dependencies, overridden);
      installs.push(async () => {
        const started = performance.now();
        try {
          const out = await install(dir, manager);
          const unmet = out.split('Unmet peer dependencies')[1]?.split('\n\n')[0] ?? '';
          if (/@anyint\//.test(unmet)) fail(`${manager}-${spec.id}: unmet peers of our packages:${unmet}`);
        } catch (error) {
          fail(`${manager} install of ${spec.id}: ${error.message}`);
          return;
        }
        console.log(
          `  installed ${manager}-${spec.id} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        const json = tarballs[spec.main].json;
        const modes = JSON.stringify(json.exports).includes('"require"') ? ['esm', 'cjs'] : ['esm'];
        for (const version of spec.nodes ?? NODE_VERSIONS) {
          for (const mode of modes) {
            if (mode === 'cjs' && spec.cjsNeedsRequireEsm && !(await canRequireEsm(version))) continue;
            runs.push({ manager, spec, dir, version, mode });
          }
        }
      });
    }
  }
  await pool(2, installs);
  const results = await pool(
    2,
    runs.map((entry) => async () => {
      const { dir, version, mode, spec } = entry;
      const result = await run(
        nodeBinary(version),
        [`smoke/driver.${mode === 'esm' ? 'mjs' : 'cjs'}`, join(dir, 'smoke', `${spec.smoke}.cjs`)],
        {
          cwd: dir,
          timeoutMs: 120_000,
        },
      );
      if (result.code !== 0)
        fail(`${entry.manager}-${spec.id} on Node ${version} (${mode}):\n${tail(result.out, 25)}`);
      return { ...entry, ok: result.code === 0 };
    }),
  );
  const columns = NODE_VERSIONS.flatMap((version) => ['esm', 'cjs'].map((mode) => `${version} ${mode}`));
  console.log(`  ${'consumer'.padEnd(20)} ${columns.map((column) => column.padEnd(12)).join(' ')}`);
  for (const manager of ['npm', 'pnpm']) {
    for (const spec of consumerSpecs()) {
      const cells = columns.map((column) => {
        const [version, mode] = column.split(' ');
        const found = results.find(
          (r) => r.manager === manager && r.spec.id === spec.id && r.version === version && r.mode === mode,
        );
        return (found ? (found.ok ? 'ok' : 'FAIL') : '-').padEnd(12);
      });
      console.log(`  ${`${manager}-${spec.id}`.padEnd(20)} ${cells.join(' ')}`);
    }
  }
}

function* installedPackages(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@')
      ? readdirSync(join(nodeModules, entry)).map((n) => `${entry}/${n}`)
      : [entry];
    for (const name of names) {
      const dir = join(nodeModules, name);
      if (existsSync(join(dir, 'package.json'))) {
        yield dir;
        yield* installedPackages(join(dir, 'node_modules'));
      }
    }
  }
}

/**
 * Installs every tarball (no peers: those are the user's choice) and checks that no installed
 * dependency's `engines.node` rejects a Node version that ours accept.
 */
export async function checkEngines(tarballs, work) {
  const { subset } = await semver();
  const dir = join(work, 'consumers', 'engines');
  writeConsumer(dir, 'npm', fileSpecs(tarballs), tarballs);
  await install(dir, 'npm', ['--legacy-peer-deps', '--omit=dev']);
  const ours = new Set(Object.values(tarballs).map(({ json }) => json.engines?.node));
  if (ours.size !== 1) fail(`packages declare different engines.node: ${[...ours].join(', ')}`);
  const range = [...ours][0];
  let count = 0;
  for (const packageDir of installedPackages(join(dir, 'node_modules'))) {
    const json = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    count++;
    const theirs = json.engines?.node;
    if (theirs && !subset(range, theirs)) {
      fail(
        `${json.name}@${json.version} declares engines.node "${theirs}", which rejects part of our "${range}"`,
      );
    }
  }
  console.log(`  checked the engines of ${count} installed packages against ${range}`);
}
