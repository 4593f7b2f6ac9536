import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, HERE, must, ROOT, readJson, run, tail, writeJson } from './lib.mjs';

const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const devVersion = (folder, name) =>
  readJson(join(ROOT, 'packages', folder, 'package.json')).devDependencies[name];

/**
 * Two type-only consumers: a web one (`types: []`, DOM lib, no @types/node anywhere) and a Node one
 * (@types/node, no DOM lib). An error counts when it is in our files or in the consumer's own code;
 * third-party declarations are the frameworks' business (`ai`'s own types import `node:http`).
 */
export async function checkTypes(tarballs, work) {
  const files = Object.fromEntries(
    Object.entries(tarballs).map(([name, { tarball }]) => [name, `file:${tarball}`]),
  );
  const peers = {
    '@langchain/core': devVersion('langchain', '@langchain/core'),
    langchain: devVersion('langchain', 'langchain'),
    ai: devVersion('ai-sdk', 'ai'),
    zod: devVersion('ai-sdk', 'zod'),
    llamaindex: devVersion('llamaindex', 'llamaindex'),
  };
  const typesNode = readJson(join(ROOT, 'package.json')).devDependencies['@types/node'];
  const variants = [
    {
      id: 'types-web',
      dependencies: { ...files, ...peers },
      compilerOptions: {
        lib: ['es2022', 'dom', 'dom.iterable'],
        types: [],
        module: 'esnext',
        moduleResolution: 'bundler',
      },
      include: ['index.ts'],
    },
    {
      id: 'types-node',
      dependencies: {
        ...files,
        ...peers,
        '@types/node': typesNode,
        undici: readJson(join(ROOT, 'packages', 'client', 'package.json')).dependencies.undici,
      },
      compilerOptions: { lib: ['es2022'], types: ['node'], module: 'nodenext', moduleResolution: 'nodenext' },
      include: ['index.ts', 'node-only.ts'],
    },
  ];
  checkDeclarationsAreNodeFree(tarballs);
  for (const variant of variants) {
    const dir = join(work, 'consumers', variant.id);
    writeJson(join(dir, 'package.json'), {
      name: variant.id,
      private: true,
      type: 'module',
      dependencies: variant.dependencies,
      overrides: files,
    });
    writeJson(join(dir, 'tsconfig.json'), {
      compilerOptions: {
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        ...variant.compilerOptions,
      },
      include: variant.include,
    });
    for (const file of variant.include) cpSync(join(HERE, 'types', file), join(dir, file));
    await must('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--legacy-peer-deps'], {
      cwd: dir,
    });
    if (variant.id === 'types-web') {
      // Some framework may bring @types/node along; the web consumer must not see it.
      await must('rm', ['-rf', join(dir, 'node_modules', '@types', 'node')]);
    }
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir });
    const errors = result.out.split('\n').filter((line) => /error TS\d+/.test(line));
    const isOurs = (line) =>
      !line.startsWith('node_modules') ||
      /^node_modules[\\/]@anyint[\\/][^\\/]+[\\/](?!node_modules)/.test(line);
    const ours = errors.filter(isOurs);
    const theirs = [...new Set(errors.filter((line) => !isOurs(line)).map((line) => line.split('(')[0]))];
    for (const line of ours) fail(`${variant.id}: ${line}`);
    console.log(`  ${variant.id}: ${ours.length} errors in our types or the consumer's code`);
    if (theirs.length > 0)
      console.log(`    errors in third-party declarations, not counted: ${theirs.join(', ')}`);
    if (result.code !== 0 && errors.length === 0)
      fail(`${variant.id}: tsc exited ${result.code}\n${tail(result.out)}`);
  }
}

const WEB_PACKAGES = ['@anyint/client', '@anyint/langchain', '@anyint/ai-sdk-provider', '@anyint/llamaindex'];
const NODE_ONLY_TYPES = /from ["'](undici|node:[^"']+)["']|NodeJS\.|reference types=["']node["']/;

/**
 * The declarations of the packages meant for browsers and edge runtimes name no Node or undici type:
 * such a type reaches a consumer's program through ours and fails there without @types/node.
 */
export function checkDeclarationsAreNodeFree(tarballs) {
  for (const name of WEB_PACKAGES) {
    const dist = join(tarballs[name].unpacked, 'dist');
    for (const file of readdirSync(dist).filter((f) => /\.d\.[mc]?ts$/.test(f))) {
      readFileSync(join(dist, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const match = line.match(NODE_ONLY_TYPES);
          if (match)
            fail(
              `${name} dist/${file}:${index + 1} names a Node-only type (${match[0]}): ${line.trim().slice(0, 120)}`,
            );
        });
    }
  }
}
