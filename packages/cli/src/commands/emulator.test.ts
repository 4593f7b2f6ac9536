import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// The script starts five Node processes one after another (the CLI, two emulators, checks): on a
// loaded 2-core machine each cold start can take seconds, so its guard is wider than one request's.
const IDIOM_LIMIT_MS = 60_000;

describe('anyint emulator --background', () => {
  it(
    'works pasted into bash as the help shows it: eval returns, the exports reach it, kill stops it',
    async () => {
      const { stdout } = await run(
        'bash',
        [
          path('../../test/background-idiom.sh'),
          path('../../bin/anyint.mjs'),
          path('../../../emulator/bin/anyint-emulator.mjs'),
        ],
        // A guard against the idiom hanging, the failure this test exists for; not a speed check.
        { timeout: IDIOM_LIMIT_MS, env: { ...process.env, ANYINT_API_KEY: '', ANYINT_BASE_URL: '' } },
      );
      expect(stdout.trim().split('\n')).toEqual([
        expect.stringMatching(/^ok: anyint .* emulator$/),
        expect.stringMatching(/^ok: node .*anyint-emulator\.mjs$/),
      ]);
    },
    IDIOM_LIMIT_MS + 5_000,
  );
});
