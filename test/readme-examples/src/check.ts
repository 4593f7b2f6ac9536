import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import type { Example } from './extract.js';

export const PACKAGE_DIR = join(import.meta.dirname, '..');
export const ROOT = join(PACKAGE_DIR, '..', '..');
/** Generated sources and their JS, git-ignored. Inside this package, so imports resolve from its node_modules. */
export const WORK_DIR = join(PACKAGE_DIR, '.examples');

export interface CompiledExample {
  example: Example;
  /** `README.md:line:column TSxxxx: message`, empty when the block type-checks. */
  errors: string[];
  /** The emitted JavaScript, to run. */
  jsPath: string;
}

function baseName(example: Example, index: number): string {
  const slug = example.readme.replace(/\/?README\.md$/i, '').replace(/[^\w-]+/g, '-') || 'root';
  return `${slug}-${index + 1}`;
}

/** The project's strict settings (tsconfig.base.json), emitting ESM next to the generated sources. */
function compilerOptions(): ts.CompilerOptions {
  const path = join(ROOT, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, path);
  return {
    ...parsed.options,
    noEmit: false,
    declaration: false,
    sourceMap: false,
    rootDir: join(WORK_DIR, 'src'),
    outDir: join(WORK_DIR, 'out'),
  };
}

/**
 * Writes each block (prelude first) as its own module and type-checks them all in one program with
 * the project's settings against the built packages; errors point at README lines.
 */
export async function compileExamples(examples: Example[]): Promise<CompiledExample[]> {
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(join(WORK_DIR, 'src'), { recursive: true });
  const files = new Map<string, { example: Example; preludeLines: number; jsPath: string }>();
  await Promise.all(
    examples.map(async (example, index) => {
      const name = baseName(
        example,
        examples.filter((other) => other.readme === example.readme).indexOf(example),
      );
      const source = join(WORK_DIR, 'src', `${name}.ts`);
      const preludeLines = example.prelude ? example.prelude.split('\n').length : 0;
      // `export {}` makes a block without imports a module too, so top-level await works.
      const text = `${example.prelude ? `${example.prelude}\n` : ''}${example.code}\nexport {};\n`;
      await writeFile(source, text);
      files.set(source, { example, preludeLines, jsPath: join(WORK_DIR, 'out', `${name}.js`) });
      return index;
    }),
  );
  const program = ts.createProgram([...files.keys()], compilerOptions());
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  const errors = new Map<string, string[]>();
  const general: string[] = [];
  for (const diagnostic of diagnostics) {
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    const file = diagnostic.file && files.get(diagnostic.file.fileName);
    if (!file || !diagnostic.file || diagnostic.start === undefined) {
      general.push(message);
      continue;
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where =
      line < file.preludeLines
        ? `${file.example.readme}:${file.example.line} (prelude line ${line + 1})`
        : `${file.example.readme}:${file.example.line + line - file.preludeLines}:${character + 1}`;
    errors.set(diagnostic.file.fileName, [
      ...(errors.get(diagnostic.file.fileName) ?? []),
      `${where} ${message}`,
    ]);
  }
  // Errors outside the blocks (options, missing types) concern every block.
  return [...files].map(([source, { example, jsPath }]) => ({
    example,
    errors: [...general, ...(errors.get(source) ?? [])],
    jsPath,
  }));
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an emitted block in its own Node process, in `cwd`, with only the environment given (plus PATH). */
export function runExample(
  jsPath: string,
  { cwd, env, timeoutMs }: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [jsPath],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr: error && code === null ? `${stderr}\n${error.message}` : stderr });
      },
    );
  });
}
