#!/usr/bin/env node
// Type-checks every workspace project in one process. Each project gets its own program with its own
// options, but parsed files (the DOM and Node libs, the frameworks' declarations) are shared between
// them: parsing those once instead of once per project is most of the work on a 2-core machine.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const projects = ['packages', 'apps', 'test']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name, 'tsconfig.json')))
  .filter((path) => existsSync(path));

const parsed = new Map();
const host = (options) => {
  const base = ts.createCompilerHost(options);
  return {
    ...base,
    getSourceFile(fileName, languageVersion, onError, shouldCreate) {
      // What a parse depends on besides the text: the target, and whether the file is ESM or CommonJS.
      const { languageVersion: target, impliedNodeFormat } =
        typeof languageVersion === 'object' ? languageVersion : { languageVersion };
      const key = `${fileName}\0${target}\0${impliedNodeFormat}\0${options.moduleDetection}`;
      let file = parsed.get(key);
      if (!file) {
        file = base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (file) parsed.set(key, file);
      }
      return file;
    },
  };
};

let failed = 0;
const formatHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};
for (const path of projects) {
  const config = ts.getParsedCommandLineOfConfigFile(
    path,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const options = { ...config.options, noEmit: true };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options,
    host: host(options),
    projectReferences: config.projectReferences,
  });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  if (diagnostics.length > 0) {
    failed++;
    process.stderr.write(`${relative(root, path)}:\n`);
    process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
  }
}
process.exit(failed ? 1 : 0);
