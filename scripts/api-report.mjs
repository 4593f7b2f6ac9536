#!/usr/bin/env node
// One API report per published package, generated from its built types (dist/*.d.mts), checked in
// as packages/<dir>/api-report.md so that every change to the public surface shows in review.
//
//   node scripts/api-report.mjs           writes the reports (after `pnpm build`)
//   node scripts/api-report.mjs --check   fails when a report is stale
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/** The `.d.mts` of each subpath export: the first one found under its conditions. */
function typeEntries(exportsMap) {
  const entries = [];
  const find = (target) => {
    if (typeof target === 'string') return target.endsWith('.d.mts') ? target : undefined;
    if (target && typeof target === 'object') {
      for (const value of Object.values(target)) {
        const found = find(value);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const [subpath, target] of Object.entries(exportsMap ?? {})) {
    const types = find(target);
    if (types) entries.push({ subpath, types });
  }
  return entries;
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** A declaration as its `.d.ts` text without comments; bundler suffixes (`AnyInt$1`) dropped. */
function printDeclaration(node) {
  const statement = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return printer
    .printNode(ts.EmitHint.Unspecified, statement, statement.getSourceFile())
    .replace(/\b([A-Za-z_]\w*)\$\d+\b/g, '$1');
}

function report(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.private) return undefined;
  const entries = typeEntries(pkg.exports).map((entry) => ({
    ...entry,
    file: resolve(pkgDir, entry.types),
  }));
  const program = ts.createProgram(
    entries.map((entry) => entry.file),
    {
      noEmit: true,
      skipLibCheck: true,
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  let text = `# API report: ${pkg.name}\n\nGenerated from the built types by \`node scripts/api-report.mjs\`; \`pnpm test\` fails when it is stale.\n`;
  for (const entry of entries) {
    const source = program.getSourceFile(entry.file);
    if (!source) throw new Error(`${pkg.name}: ${entry.types} is missing; build the package first`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
    const blocks = [];
    for (const symbol of [...exported].sort((a, b) => a.name.localeCompare(b.name))) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declarations = (target.declarations ?? []).map(printDeclaration);
      const local = target.name.replace(/\$\d+$/, '');
      const alias = local === symbol.name ? '' : `// exported as ${symbol.name}\n`;
      blocks.push(`${alias}${declarations.join('\n')}`);
    }
    const name = entry.subpath === '.' ? pkg.name : `${pkg.name}/${entry.subpath.slice(2)}`;
    text += `\n## ${name}\n\n\`\`\`ts\n${blocks.join('\n\n')}\n\`\`\`\n`;
  }
  return text;
}

const problems = [];
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const text = report(pkgDir);
  if (text === undefined) continue;
  const path = join(pkgDir, 'api-report.md');
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current !== text) {
      problems.push(
        `${relative(root, path)} is stale: run \`node scripts/api-report.mjs\` and review the diff`,
      );
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${relative(root, path)}`);
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
