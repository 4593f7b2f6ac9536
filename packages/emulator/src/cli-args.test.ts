import { describe, expect, it } from 'vitest';
import { EmulatorFlagError, parseCliArgs, parseFaults, USAGE } from './cli-args.js';
import { FAULT_KINDS } from './options.js';

describe('parseCliArgs', () => {
  it('maps every flag onto startEmulator options', async () => {
    expect(
      await parseCliArgs([
        '--port',
        '9000',
        '--host',
        '0.0.0.0',
        '--api-key',
        'K',
        '--seed',
        '7',
        '--personality',
        'litellm',
        '--faults',
        '429:0.1,reset:0.02',
        '--latency-ms',
        '30',
        '--precomputed',
        '--known-models',
        'm1, m2',
        '--time-scale',
        '100',
      ]),
    ).toEqual({
      help: false,
      background: false,
      options: {
        port: 9000,
        host: '0.0.0.0',
        apiKey: 'K',
        seed: 7,
        personality: 'litellm',
        faults: [
          { kind: 'status', status: 429, rate: 0.1 },
          { kind: 'reset', rate: 0.02 },
        ],
        latencyMs: 30,
        precomputed: true,
        knownModels: ['m1', 'm2'],
        timeScale: 100,
      },
    });
  });

  it('defaults to port 8787 on loopback', async () => {
    expect(await parseCliArgs([])).toEqual({
      help: false,
      background: false,
      options: { port: 8787, host: '127.0.0.1' },
    });
    expect(await parseCliArgs(['--help'])).toEqual({ help: true });
    expect(await parseCliArgs(['--background'])).toMatchObject({ background: true });
  });

  it('rejects unknown flags, personalities and faults, naming the flag', async () => {
    await expect(parseCliArgs(['--nope'])).rejects.toThrow(EmulatorFlagError);
    await expect(parseCliArgs(['--nope'])).rejects.toThrow(/--nope/);
    await expect(parseCliArgs(['--personality', 'bedrock'])).rejects.toThrow(/--personality/);
    await expect(parseCliArgs(['--port', 'x'])).rejects.toThrow(/--port/);
    await expect(parseCliArgs(['--models', '{nope'])).rejects.toThrow(/--models is not valid JSON/);
    expect(() => parseFaults('explode:0.1')).toThrow(/Unknown fault/);
    expect(() => parseFaults('500:2')).toThrow(/between 0 and 1/);
  });

  it('accepts every fault kind the help documents', () => {
    for (const kind of FAULT_KINDS) expect(parseFaults(`${kind}:0.5`)).toEqual([{ kind, rate: 0.5 }]);
    expect(USAGE).toContain(FAULT_KINDS.join('/'));
  });

  it('takes the CORS origins as a comma-separated list and refuses what is not an origin', async () => {
    const parsed = await parseCliArgs(['--cors-origin', 'http://localhost:5173, https://app.example']);
    expect(parsed).toEqual({
      help: false,
      background: false,
      options: {
        port: 8787,
        host: '127.0.0.1',
        corsOrigin: ['http://localhost:5173', 'https://app.example'],
      },
    });
    await expect(parseCliArgs(['--cors-origin', 'localhost:5173/app'])).rejects.toThrow(
      /--cors-origin must be '\*' or an origin .* got 'localhost:5173\/app'/,
    );
  });
});
