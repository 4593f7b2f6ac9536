import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fail, HERE, must, pnpmBinary, ROOT, readJson } from './lib.mjs';

/** The published packages: every `packages/*` that is not private. */
export function publishedPackages() {
  return readdirSync(join(ROOT, 'packages'))
    .map((dir) => ({ dir: join(ROOT, 'packages', dir), folder: dir }))
    .filter(({ dir }) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false }))
    .map((entry) => ({ ...entry, json: readJson(join(entry.dir, 'package.json')) }))
    .filter(({ json }) => !json.private);
}

/** `pnpm pack` of every published package into `destination`; unpacks each next to its tarball. */
export async function packAll(packages, destination) {
  const tarballs = {};
  for (const pkg of packages) {
    const out = await must(pnpmBinary(), ['pack', '--pack-destination', destination], { cwd: pkg.dir });
    const tarball = out.trim().split('\n').pop().trim();
    const unpacked = join(destination, pkg.folder);
    await must('mkdir', ['-p', unpacked]);
    await must('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
    tarballs[pkg.json.name] = {
      tarball,
      unpacked,
      folder: pkg.folder,
      json: readJson(join(unpacked, 'package.json')),
    };
  }
  return tarballs;
}

function listFiles(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(dir, posix.join(prefix, entry.name)) : [posix.join(prefix, entry.name)],
  );
}

/** Every file a package.json points at: exports (all conditions), main, module, types, bin, typesVersions. */
export function entryFiles(json) {
  const found = new Set();
  const visit = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') || !value.includes(':')) found.add(posix.normalize(value));
    } else if (value && typeof value === 'object') {
      for (const inner of Object.values(value)) visit(inner);
    }
  };
  visit(json.exports);
  visit(json.bin);
  visit(json.typesVersions);
  for (const field of ['main', 'module', 'types']) visit(json[field]);
  return [...found].filter((file) => !file.includes('*'));
}

const LOCAL_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g;

/** The entry file and every local file it reaches through relative imports and requires. */
export function reachable(root, start) {
  const seen = new Set();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    let text;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      fail(`${root}: ${file} is referenced but not in the tarball`);
      continue;
    }
    for (const match of text.matchAll(LOCAL_IMPORT)) {
      let target = normalize(posix.join(dirname(file), match[1]))
        .split('\\')
        .join('/');
      // Declarations import their sibling chunks by the JavaScript name (`./x.mjs` means `./x.d.mts`).
      if (/\.d\.[mc]?ts$/.test(file)) target = target.replace(/\.(m|c)?js$/, '.d.$1ts');
      queue.push(target);
    }
  }
  return seen;
}

const ALWAYS = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);

/** LICENSE, metadata and "files lists only what is imported or documented". */
export function checkTarballContents(tarballs) {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  for (const [name, { unpacked, json, folder }] of Object.entries(tarballs)) {
    let packedLicense = '';
    try {
      packedLicense = readFileSync(join(unpacked, 'LICENSE'), 'utf8');
    } catch {}
    if (packedLicense !== license)
      fail(`${name}: the tarball's LICENSE is missing or differs from the root LICENSE`);
    if (json.license !== 'MIT') fail(`${name}: license is ${json.license}, expected MIT`);
    const repo = json.repository;
    if (!repo?.url || repo.directory !== `packages/${folder}`) {
      fail(`${name}: repository needs url and directory "packages/${folder}"`);
    }
    if (!json.homepage) fail(`${name}: no homepage`);
    if (!json.bugs?.url) fail(`${name}: no bugs.url`);
    if (!Array.isArray(json.keywords) || json.keywords.length < 3) fail(`${name}: needs keywords`);
    if (!json.description || json.description.length < 40)
      fail(`${name}: needs a description of what it is for`);
    const used = new Set(ALWAYS);
    for (const entry of entryFiles(json)) for (const file of reachable(unpacked, entry)) used.add(file);
    // Files a README links to are documented (e.g. the emulator's LICENSE-openapi).
    const readme = readFileSync(join(unpacked, 'README.md'), 'utf8');
    for (const file of listFiles(unpacked)) {
      if (used.has(file) || readme.includes(`(${file})`) || readme.includes(`\`${file}\``)) continue;
      fail(`${name}: ${file} is in the tarball but nothing imports or documents it`);
    }
  }
}

/**
 * What a bundler ships for an entry: the entry and the chunks it imports, bundled and minified (by
 * tsdown's rolldown, so nothing beyond the workspace's own tools is needed). With `imports`, only
 * those names of the entry, as an app that imports just them gets after tree-shaking.
 */
async function minifiedBundle(unpacked, { file, imports }) {
  const entry = join(unpacked, file);
  // The app that imports only some names is a virtual module: nothing is written to disk.
  const app = '\0anyint-bundle-app';
  const appPlugin = {
    name: 'anyint:bundle-app',
    resolveId: (id) => (id === app ? id : null),
    load: (id) => (id === app ? `export { ${imports.join(', ')} } from ${JSON.stringify(entry)};\n` : null),
  };
  const tsdown = createRequire(realpathSync(join(ROOT, 'node_modules', 'tsdown', 'package.json')));
  const { rolldown } = await import(pathToFileURL(tsdown.resolve('rolldown')).href);
  const bundle = await rolldown({
    input: imports ? app : entry,
    platform: 'browser',
    logLevel: 'silent',
    plugins: imports ? [appPlugin] : [],
  });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    return Buffer.from(output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join(''));
  } finally {
    await bundle.close();
  }
}

function gzipSize(bytes) {
  return gzipSync(bytes, { level: 9 }).length;
}

/**
 * Tarball sizes and, per entry point and condition, the bytes a consumer loads (the entry file and the
 * local chunks it imports), against `budget.json`.
 */
export async function reportSizes(tarballs) {
  const budget = readJson(join(HERE, 'budget.json'));
  const rows = [];
  for (const [name, { tarball, unpacked, json }] of Object.entries(tarballs)) {
    const limits = budget[name] ?? {};
    const size = statSync(tarball).size;
    rows.push([name, 'tarball (gz)', size, limits.tarball]);
    const entries = new Map();
    const collect = (subpath, value, condition) => {
      if (typeof value === 'string') {
        if (/\.(m|c)?js$/.test(value)) entries.set(`${subpath} ${condition}`, value);
      } else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value))
          collect(subpath, inner, condition ? `${condition}.${key}` : key);
      }
    };
    const exportsField = json.exports ?? {};
    for (const [subpath, value] of Object.entries(exportsField))
      if (subpath !== './package.json') collect(subpath, value, '');
    for (const [command, file] of Object.entries(json.bin ?? {})) entries.set(`bin ${command}`, file);
    for (const [label, file] of entries) {
      let total = Buffer.alloc(0);
      for (const part of reachable(unpacked, posix.normalize(file))) {
        total = Buffer.concat([total, readFileSync(join(unpacked, part))]);
      }
      const key = label.replace(/\.default$/, '');
      rows.push([name, key, gzipSize(total), limits.entries?.[key]]);
    }
    for (const [label, bundle] of Object.entries(limits.bundles ?? {})) {
      const spec = typeof bundle === 'string' ? { file: bundle } : bundle;
      rows.push([name, label, gzipSize(await minifiedBundle(unpacked, spec)), limits.entries?.[label]]);
    }
  }
  const width = Math.max(...rows.map((row) => `${row[0]} ${row[1]}`.length));
  console.log(`  ${'package entry'.padEnd(width)}  gzip bytes   budget`);
  for (const [name, label, bytes, limit] of rows) {
    const over = limit === undefined ? '  (no budget)' : bytes > limit ? '  OVER BUDGET' : '';
    console.log(
      `  ${`${name} ${label}`.padEnd(width)}  ${String(bytes).padStart(10)} ${String(limit ?? '-').padStart(8)}${over}`,
    );
    if (limit === undefined) fail(`${name} ${label}: no budget in scripts/release-check/budget.json`);
    else if (bytes > limit) fail(`${name} ${label}: ${bytes} bytes gzipped, over the budget of ${limit}`);
  }
}
