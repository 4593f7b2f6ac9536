import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fail,
  NODE_VERSIONS,
  nodeBinary,
  pnpmBinary,
  ROOT,
  readJson,
  run,
  semver,
  tail,
  writeJson,
} from './lib.mjs';

/**
 * The lowest version of every `||` alternative of every peer range: `^6.0.0 || ^7.0.0` gives 6.0.0 and 7.0.0.
 * A package with several peers gets a cell for each combination, so each floor meets each other floor.
 */
export async function floorCells(packages) {
  const { minVersion } = await semver();
  const cells = [];
  for (const { json, folder } of packages) {
    // Our own packages as peers (the CLI's emulator) are tested at the same commit, not at a floor.
    const peers = Object.entries(json.peerDependencies ?? {}).filter(
      ([name]) => !name.startsWith('@anyint/'),
    );
    if (peers.length === 0) continue;
    let combos = [[]];
    for (const [name, range] of peers) {
      const floors = range.split('||').map((alternative) => minVersion(alternative.trim()).version);
      combos = combos.flatMap((combo) => floors.map((version) => [...combo, [name, version]]));
    }
    for (const pins of combos) cells.push({ name: json.name, folder, pins });
  }
  return cells;
}

const COPIED_ROOT_FILES = ['tsconfig.base.json', 'vitest.shared.ts', 'test/emulator-fixture.ts', 'LICENSE'];
const skipInstalled = (source) => !/[\\/](node_modules|\.turbo)([\\/]|$)/.test(source);

/**
 * A copy of the workspace holding only the client, the emulator (both as built) and one adapter, whose
 * dev dependencies pin each peer at its floor: the adapter's own tests then run against those versions.
 */
function writeCell(dir, cell) {
  for (const file of COPIED_ROOT_FILES) cpSync(join(ROOT, file), join(dir, file));
  const rootJson = readJson(join(ROOT, 'package.json'));
  const keep = ['@anyint/emulator', '@types/node', 'typescript', 'vitest'];
  writeJson(join(dir, 'package.json'), {
    name: 'peer-floor',
    private: true,
    type: 'module',
    devDependencies: Object.fromEntries(keep.map((name) => [name, rootJson.devDependencies[name]])),
    pnpm: rootJson.pnpm,
  });
  const folders = ['client', 'emulator', cell.folder];
  writeFileSync(
    join(dir, 'pnpm-workspace.yaml'),
    `packages:\n${folders.map((folder) => `  - packages/${folder}\n`).join('')}`,
  );
  // Peers this cell does not pin must not be guessed by pnpm; the pinned ones are dev dependencies.
  writeFileSync(join(dir, '.npmrc'), 'auto-install-peers=false\nstrict-peer-dependencies=false\n');
  for (const folder of folders) {
    cpSync(join(ROOT, 'packages', folder), join(dir, 'packages', folder), {
      recursive: true,
      filter: skipInstalled,
    });
  }
  const adapterJson = join(dir, 'packages', cell.folder, 'package.json');
  const json = readJson(adapterJson);
  for (const [name, version] of cell.pins) json.devDependencies[name] = version;
  writeJson(adapterJson, json);
}

/** The lowest Node of NODE_VERSIONS that every pinned peer's `engines` accepts: ours for most, 22 for `ai` 7. */
async function nodeFor(pins, packageDir) {
  const { satisfies } = await semver();
  const ranges = pins
    .map(([name]) => readJson(join(packageDir, 'node_modules', name, 'package.json')).engines?.node)
    .filter(Boolean);
  const version = NODE_VERSIONS.find((candidate) => ranges.every((range) => satisfies(candidate, range)));
  return version ? { version, binary: nodeBinary(version) } : undefined;
}

/** Installs each cell and runs the adapter's tests there; prints a table of cells. */
export async function checkPeerFloors(packages, work) {
  const cells = await floorCells(packages);
  const rows = [];
  for (const cell of cells) {
    const label = cell.pins.map(([name, version]) => `${name}@${version}`).join(' ');
    const dir = join(work, 'floors', `${cell.folder}-${cell.pins.map(([, v]) => v).join('-')}`);
    writeCell(dir, cell);
    const started = performance.now();
    const installed = await run(
      pnpmBinary(),
      ['install', '--prefer-offline', '--config.confirmModulesPurge=false'],
      {
        cwd: dir,
      },
    );
    const packageDir = join(dir, 'packages', cell.folder);
    if (installed.code !== 0) {
      fail(`${cell.name} with ${label}: install failed\n${tail(installed.out)}`);
      rows.push([cell.name, label, '-', 'INSTALL FAILED']);
      continue;
    }
    // pnpm must have installed exactly the floor, or the cell tests something else.
    const wrong = cell.pins.filter(
      ([name, version]) =>
        readJson(join(packageDir, 'node_modules', name, 'package.json')).version !== version,
    );
    if (wrong.length > 0) {
      fail(`${cell.name} with ${label}: installed ${wrong.map(([n]) => n).join(', ')} at another version`);
      continue;
    }
    const node = await nodeFor(cell.pins, packageDir);
    if (!node) {
      fail(`${cell.name} with ${label}: no Node of ${NODE_VERSIONS.join(', ')} fits the peers' engines`);
      continue;
    }
    const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
    const tested = await run(node.binary, [vitest, 'run', '--reporter=dot'], {
      cwd: packageDir,
      env: { NO_COLOR: '1', FORCE_COLOR: '0' },
      timeoutMs: 900_000,
    });
    const summary = tested.out.match(/Tests\s+(.*\d+ (passed|failed).*)/)?.[1];
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (tested.code !== 0)
      fail(`${cell.name} with ${label} on Node ${node.version}:\n${tail(tested.out, 40)}`);
    rows.push([
      cell.name,
      label,
      node.version,
      `${tested.code === 0 ? 'ok' : 'FAIL'} (${summary ?? '?'}, ${seconds} s)`,
    ]);
    console.log(`  ${rows.at(-1).join('  ')}`);
  }
  console.log('\n  package                  peers at their floors                       node      result');
  for (const [name, label, node, result] of rows)
    console.log(`  ${name.padEnd(24)} ${label.padEnd(43)} ${node.padEnd(9)} ${result}`);
}
