import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ROOT } from './lib.mjs';

const ticks = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

/** The rows of the root README's "Supported versions" table, as arrays of cells. */
export function supportedVersionsTable() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Supported versions'));
  if (!section) return undefined;
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replaceAll('\\|', '|')),
    );
}

/**
 * The table against the package.json files: the Node row is every package's `engines.node`; a peer's
 * row names its range and the packages that declare it; the runtimes row names only export
 * conditions the client has. Every peer of every package needs a row.
 */
export function checkSupportedVersions(packages) {
  const rows = supportedVersionsTable();
  if (!rows) {
    fail('README.md has no "## Supported versions" section');
    return;
  }
  const byName = Object.fromEntries(packages.map(({ json }) => [json.name, json]));
  const seenPeers = new Set();
  for (const [label, supported, declared] of rows) {
    const range = ticks(supported)[0];
    const owners = ticks(declared).filter((name) => name.startsWith('@anyint/'));
    if (label === 'Node.js') {
      for (const { json } of packages) {
        if (json.engines?.node !== range)
          fail(`README says Node ${range}, ${json.name} engines.node is ${json.engines?.node}`);
      }
    } else if (ticks(declared).includes('exports')) {
      const conditions = Object.keys(byName[owners[0]]?.exports?.['.'] ?? {});
      for (const condition of ticks(supported)) {
        if (!conditions.includes(condition))
          fail(`README names export condition ${condition}, ${owners[0]} has none`);
      }
    } else {
      const peer = ticks(label)[0];
      if (!peer || owners.length === 0) {
        fail(`README "Supported versions" row "${label}" names no peer and package`);
        continue;
      }
      for (const owner of owners) {
        const actual = byName[owner]?.peerDependencies?.[peer];
        if (actual !== range)
          fail(`README says ${owner} supports ${peer} ${range}, its peerDependencies say ${actual}`);
        seenPeers.add(`${owner} ${peer}`);
      }
    }
  }
  for (const { json } of packages) {
    // Our own packages as peers (the CLI's optional emulator) are released together, at one version.
    for (const peer of Object.keys(json.peerDependencies ?? {}).filter(
      (name) => !name.startsWith('@anyint/'),
    )) {
      if (!seenPeers.has(`${json.name} ${peer}`))
        fail(`README "Supported versions" has no row for ${json.name}'s peer ${peer}`);
    }
  }
  console.log(`  ${rows.length} rows checked against ${packages.length} package.json files`);
}
