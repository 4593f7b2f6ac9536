/**
 * Finds the TypeScript blocks of a README and the `readme-examples` directives written right above
 * them in HTML comments (invisible on GitHub and npm):
 *
 *   <!-- readme-examples: run files=talk.wav -->     also run it against the emulator, in a folder
 *                                                      holding these generated files
 *   <!-- readme-examples: prelude
 *   declare const llm: LLM;                            code put before the block (its own imports,
 *   -->                                                the values a reader brings)
 *   <!-- readme-examples: skip <reason> -->          neither checked nor run; the reason is required
 *
 * Every other ```ts block is type-checked as it stands.
 */

export interface Example {
  /** The README's path as given, for messages. */
  readme: string;
  /** 1-based line of the block's first code line in the README. */
  line: number;
  code: string;
  prelude: string;
  run: boolean;
  /** Files to generate in the run folder (by extension: `.wav` speech, `.jsonl` batch input). */
  files: string[];
  /** Set when the block is excluded; the text says why. */
  skip?: string;
}

export class ReadmeDirectiveError extends Error {
  override readonly name = 'ReadmeDirectiveError';
}

const TS_FENCE = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b/;
const ANY_FENCE = /^(\s*)(`{3,}|~{3,})/;
const DIRECTIVE = /^\s*<!--\s*readme-examples:\s*([\s\S]*?)\s*-->\s*$/;

interface Directive {
  run?: { files: string[] };
  prelude?: string;
  skip?: string;
}

function parseDirective(text: string, where: string): Directive {
  const [head = '', ...rest] = text.split('\n');
  const [word, ...args] = head.trim().split(/\s+/);
  if (word === 'run') {
    const files: string[] = [];
    for (const arg of args) {
      const match = /^files=(.+)$/.exec(arg);
      if (!match?.[1])
        throw new ReadmeDirectiveError(`${where}: unknown run option "${arg}" (expected files=a,b)`);
      files.push(...match[1].split(','));
    }
    return { run: { files } };
  }
  if (word === 'prelude') return { prelude: [args.join(' '), ...rest].join('\n').trim() };
  if (word === 'skip') {
    const reason = [args.join(' '), ...rest].join(' ').trim();
    if (!reason)
      throw new ReadmeDirectiveError(
        `${where}: "skip" needs a reason, e.g. <!-- readme-examples: skip shows a shell session -->`,
      );
    return { skip: reason };
  }
  throw new ReadmeDirectiveError(
    `${where}: unknown directive "${word ?? ''}" (expected run, prelude or skip)`,
  );
}

export function extractExamples(readme: string, markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  let pending: Directive[] = [];
  let pendingLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*<!--\s*readme-examples:/.test(line)) {
      // A directive comment may span lines (a prelude does).
      let end = i;
      while (end < lines.length && !(lines[end] ?? '').includes('-->')) end++;
      const text = lines.slice(i, end + 1).join('\n');
      const match = DIRECTIVE.exec(text);
      if (!match) throw new ReadmeDirectiveError(`${readme}:${i + 1}: unterminated readme-examples comment`);
      if (pending.length === 0) pendingLine = i + 1;
      pending.push(parseDirective(match[1] ?? '', `${readme}:${i + 1}`));
      i = end;
      continue;
    }
    if (line.trim() === '') continue;
    const fence = ANY_FENCE.exec(line);
    if (!fence) {
      if (pending.length)
        throw new ReadmeDirectiveError(
          `${readme}:${pendingLine}: a readme-examples directive must be followed by a ts block`,
        );
      continue;
    }
    const [, indent = '', marker = ''] = fence;
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(marker)) end++;
    if (TS_FENCE.test(line)) {
      const code = lines
        .slice(i + 1, end)
        .map((text) => (text.startsWith(indent) ? text.slice(indent.length) : text))
        .join('\n');
      const run = pending.find((d) => d.run)?.run;
      const skip = pending.find((d) => d.skip !== undefined)?.skip;
      if (skip !== undefined && pending.length > 1)
        throw new ReadmeDirectiveError(`${readme}:${pendingLine}: a skipped block takes no other directive`);
      examples.push({
        readme,
        line: i + 2,
        code,
        prelude: pending.flatMap((d) => (d.prelude ? [d.prelude] : [])).join('\n'),
        run: run !== undefined,
        files: run?.files ?? [],
        ...(skip !== undefined ? { skip } : {}),
      });
    } else if (pending.length) {
      throw new ReadmeDirectiveError(
        `${readme}:${pendingLine}: a readme-examples directive must be followed by a ts block`,
      );
    }
    pending = [];
    i = end;
  }
  if (pending.length)
    throw new ReadmeDirectiveError(
      `${readme}:${pendingLine}: a readme-examples directive must be followed by a ts block`,
    );
  return examples;
}

/** Package names a block imports (`@scope/name` or `name`), without Node built-ins and relative paths. */
export function importedPackages(code: string): string[] {
  const specifiers = [
    ...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ].map((match) => match[1] ?? '');
  const names = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(names)];
}

/** Packages the README's `npm install` lines add to a project (global installs do not count). */
export function installedPackages(markdown: string): string[] {
  const names: string[] = [];
  for (const match of markdown.matchAll(/^\s*(?:npm (?:install|i|add)|pnpm add|yarn add)\s+([^#\n]*)/gm)) {
    const words = (match[1] ?? '').trim().split(/\s+/);
    if (words.includes('-g') || words.includes('--global')) continue;
    names.push(
      ...words
        .filter((word) => word && !word.startsWith('-'))
        .map((word) => word.replace(/(.)@[^/]*$/, '$1')),
    );
  }
  return [...new Set(names)];
}
