import { describe, expect, it } from 'vitest';
import { extractExamples, importedPackages, installedPackages, ReadmeDirectiveError } from './extract.js';

const fence = '```';

describe('extractExamples', () => {
  it('finds ts blocks with their README line, and leaves other languages alone', () => {
    const markdown = [
      '# x',
      '',
      `${fence}sh`,
      'npm test',
      fence,
      '',
      `${fence}ts`,
      'const a = 1;',
      fence,
    ].join('\n');
    const [example, ...rest] = extractExamples('README.md', markdown);
    expect(rest).toEqual([]);
    expect(example).toMatchObject({ line: 8, code: 'const a = 1;', run: false, prelude: '', files: [] });
  });

  it('reads run (with files), prelude and skip directives above a block', () => {
    const markdown = [
      '<!-- readme-examples: run files=talk.wav,batch.jsonl -->',
      '<!-- readme-examples: prelude',
      'declare const llm: { name: string };',
      '-->',
      '',
      `${fence}typescript`,
      'llm.name;',
      fence,
      '<!-- readme-examples: skip shows the shape of an options object, not code -->',
      `${fence}ts`,
      '{ a: 1 }',
      fence,
    ].join('\n');
    const [first, second] = extractExamples('README.md', markdown);
    expect(first).toMatchObject({
      run: true,
      files: ['talk.wav', 'batch.jsonl'],
      prelude: 'declare const llm: { name: string };',
      line: 7,
    });
    expect(second).toMatchObject({ skip: 'shows the shape of an options object, not code', run: false });
  });

  it('refuses a skip without a reason, an unknown directive, and a directive with no ts block under it', () => {
    const block = `${fence}ts\n1;\n${fence}`;
    expect(() => extractExamples('R.md', `<!-- readme-examples: skip -->\n${block}`)).toThrow(
      /skip" needs a reason/,
    );
    expect(() => extractExamples('R.md', `<!-- readme-examples: runn -->\n${block}`)).toThrow(
      /unknown directive "runn"/,
    );
    expect(() => extractExamples('R.md', '<!-- readme-examples: run -->\nSome text.\n')).toThrow(
      ReadmeDirectiveError,
    );
    expect(() => extractExamples('R.md', `<!-- readme-examples: run -->\n${fence}sh\nls\n${fence}`)).toThrow(
      /followed by a ts block/,
    );
  });
});

describe('importedPackages and installedPackages', () => {
  it('name the packages a block imports, subpaths and scopes folded, built-ins left out', () => {
    const code = [
      "import { a } from '@anyint/langchain/middleware';",
      "import { b } from 'langchain';",
      "import { readFile } from 'node:fs/promises';",
      "import type { C } from './local.js';",
      "const d = await import('@langchain/classic/vectorstores/memory');",
    ].join('\n');
    expect(importedPackages(code)).toEqual(['@anyint/langchain', 'langchain', '@langchain/classic']);
  });

  it('read every local npm install line, versions stripped; global installs do not count', () => {
    const markdown = [
      'npm install @anyint/langchain @langchain/core@1   # comment',
      'npm install --save-dev @anyint/emulator',
      'npm install -g @anyint/cli',
    ].join('\n');
    expect(installedPackages(markdown)).toEqual(['@anyint/langchain', '@langchain/core', '@anyint/emulator']);
  });
});
