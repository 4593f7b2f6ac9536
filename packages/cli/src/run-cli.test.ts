import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from './index.js';
import { Capture, run, STACK_LINE, useEmulator } from './test-support.js';

const t = useEmulator({
  faults: [{ model: 'leaky-model', kind: 'status', status: 400, message: 'placeholder' }],
});
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const BIN = fileURLToPath(new URL('../bin/anyint.mjs', import.meta.url));

describe('anyint', () => {
  it('prints the version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect((await run(['-V'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('prints help for the CLI and for each command, with examples', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    for (const command of ['check', 'emulator', 'embed', 'files', 'video']) {
      expect(main.stdout).toMatch(new RegExp(`^  ${command}\\s`, 'm'));
      const help = await run([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: anyint ${command}`));
      expect(help.stdout).toContain('Examples:');
      expect(help.stdout).toContain('--base-url');
      expect((await run(['help', command])).stdout).toBe(help.stdout);
    }
  });

  it('prints the help on stderr and exits 2 without a command', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: anyint <command>');
  });

  it('answers an unknown command or flag with one line, a hint and exit code 2', async () => {
    const command = await run(['chek']);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe(
      "error: Unknown command 'chek'.\nhint: Did you mean `anyint check`? Commands: check, emulator, embed, files, video; see `anyint --help`.\n",
    );
    const flag = await run(['check', '--modle', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.split('\n')[0]).toBe("error: Unknown option '--modle'.");
    expect(flag.stderr).not.toMatch(STACK_LINE);
    expect(flag.stdout).toBe('');
  });

  it('prints failures as JSON on stdout with --json, exit codes unchanged', async () => {
    const cases: [string[], Record<string, string>, number, string][] = [
      [['check', '--model', 'm1', '--json'], t.env, 2, 'UsageError'],
      [['check', '-m', 'text-embedding-3-small', '--json'], {}, 2, 'UsageError'],
      [['check', '--json', '--modle', 'x'], t.env, 2, 'UsageError'],
      [['files', 'info', 'file-missing', '--json'], t.env, 1, 'NotFoundError'],
      [
        ['files', 'ls', '--json'],
        { ...t.env, ANYINT_API_KEY: 'sk-wrong-key-123456' },
        1,
        'AuthenticationError',
      ],
      [['video', 'a fox', '-m', 'leaky-model', '--json'], t.env, 1, 'BadRequestError'],
    ];
    for (const [argv, env, exitCode, type] of cases) {
      const { code, stdout, stderr } = await run(argv, { env });
      expect({ argv, code }).toEqual({ argv, code: exitCode });
      const document = JSON.parse(stdout) as { error: Record<string, unknown> };
      expect(document.error).toMatchObject({ type, message: expect.any(String) });
      expect(stderr).toContain(`error: ${document.error.message}\n`);
    }
    const nothing = await run(['check', '--model', 'm1', '--json'], { env: t.env });
    expect(JSON.parse(nothing.stdout)).toEqual({
      error: {
        type: 'UsageError',
        message: 'Nothing to probe.',
        hint: 'Pass --route <name> or --all-routes.',
        status: null,
        code: null,
      },
    });
    const missing = await run(['files', 'rm', 'file-missing', '--json'], { env: t.env });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual([
      {
        id: 'file-missing',
        deleted: false,
        error: expect.objectContaining({ type: 'NotFoundError', status: 404 }),
      },
    ]);
  });

  it('asks for a key when there is none', async () => {
    const { code, stderr } = await run(['check', '-m', 'text-embedding-3-small'], {
      env: { ANYINT_BASE_URL: t.emulator.url },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: No API key\.\nhint: Set ANYINT_API_KEY or pass --api-key/);
  });

  it('takes --base-url and --api-key over the environment', async () => {
    const { code } = await run(
      ['check', '-m', 'text-embedding-3-small', '--base-url', t.emulator.url, '--api-key', t.apiKey],
      { env: { ANYINT_BASE_URL: 'http://127.0.0.1:9/openai/v1', ANYINT_API_KEY: 'sk-not-this-one-12345' } },
    );
    expect(code).toBe(0);
    expect(t.emulator.requests).toHaveLength(1);
  });

  it('never prints the API key, not in errors and not with --verbose', async () => {
    // An upstream that echoes the key in its error message.
    t.emulator.reset();
    const leaky = await import('@anyint/emulator').then(({ startEmulator }) =>
      startEmulator({
        apiKey: t.apiKey,
        faults: [{ kind: 'status', status: 400, message: `bad request for key ${t.apiKey}` }],
      }),
    );
    try {
      const runs = [
        await run(['embed', '-', '-m', 'text-embedding-3-small', '--verbose', '--api-key', t.apiKey], {
          env: { ANYINT_BASE_URL: leaky.url },
          stdin: 'hello\n',
        }),
        await run(['check', '-m', 'text-embedding-3-small', '--verbose', '--json'], {
          env: { ANYINT_BASE_URL: leaky.url, ANYINT_API_KEY: t.apiKey },
        }),
        await run(['files', 'download', 'file-missing', '-o', '-', '--verbose'], { env: t.env }),
        await run(['check', '--api-key', t.apiKey, '--bogus']),
      ];
      expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 2]);
      expect(runs[0]?.stderr).toContain('[redacted]');
      for (const { stdout, stderr } of runs) expect(stdout + stderr).not.toContain(t.apiKey);
    } finally {
      await leaky.close();
    }
  });

  it('colours only on a terminal and not with NO_COLOR', async () => {
    const args = ['check', '-m', 'text-embedding-3-small'];
    expect((await run(args, { env: t.env, tty: true })).stdout).toContain('\x1b[32m');
    expect((await run(args, { env: { ...t.env, NO_COLOR: '1' }, tty: true })).stdout).not.toContain('\x1b[');
    expect((await run(args, { env: t.env })).stdout).not.toContain('\x1b[');
  });

  it('runs the emulator until aborted and prints an export line', async () => {
    const controller = new AbortController();
    const stdout = new Capture();
    const stderr = new Capture();
    const done = runCli(
      ['emulator', '--port', '0', '--seed', '7', '--faults', '503:0.5', '--time-scale', '10'],
      {
        stdout,
        stderr,
        env: {},
        signal: controller.signal,
      },
    );
    while (!stdout.text.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 5));
    const url = /^export ANYINT_BASE_URL=(http:\/\/127\.0\.0\.1:\d+\/openai\/v1)$/m.exec(stdout.text)?.[1];
    expect(url).toBeDefined();
    const check = await run(['check', '-m', 'text-embedding-3-small', '--json'], {
      env: { ANYINT_BASE_URL: url, ANYINT_API_KEY: 'anything' },
    });
    expect(JSON.parse(check.stdout).results).toHaveLength(1);
    controller.abort();
    expect(await done).toBe(0);
    expect(stderr.text).toContain('AnyInt emulator listening on');
    const bad = await run(['emulator', '--personality', 'grumpy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --personality must be one of openai, litellm, kling/);
  });

  it('works as a real process: the bin prints data on stdout, errors on stderr, exit codes', async () => {
    const exec = promisify(execFile);
    const ok = await exec(process.execPath, [BIN, 'check', '-m', 'text-embedding-3-small', '--json'], {
      env: { ...process.env, ...t.env, NO_COLOR: '' },
    });
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
    const failed = await exec(process.execPath, [BIN, 'embed', 'does-not-exist.txt', '-m', 'x'], {
      env: { ...process.env, ...t.env },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stdout: '' });
    expect((failed as { stderr: string }).stderr).toBe(
      "error: Cannot read 'does-not-exist.txt': no such file.\nhint: Run `anyint embed --help` for usage and examples.\n",
    );
  });
});
