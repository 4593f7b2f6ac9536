import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseFaults } from './cli-args.js';

describe('parseCliArgs', () => {
  it('maps every flag onto startEmulator options', () => {
    expect(
      parseCliArgs([
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
      ]),
    ).toEqual({
      help: false,
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
      },
    });
  });

  it('defaults to port 8787 on loopback', () => {
    expect(parseCliArgs([])).toEqual({ help: false, options: { port: 8787, host: '127.0.0.1' } });
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });

  it('rejects unknown flags, personalities and faults', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow();
    expect(() => parseCliArgs(['--personality', 'bedrock'])).toThrow(/personality/);
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/port/);
    expect(() => parseFaults('explode:0.1')).toThrow(/Unknown fault/);
    expect(() => parseFaults('500:2')).toThrow(/between 0 and 1/);
  });

  it('takes the CORS origins as a comma-separated list and refuses what is not an origin', () => {
    const parsed = parseCliArgs(['--cors-origin', 'http://localhost:5173, https://app.example']);
    expect(parsed).toEqual({
      help: false,
      options: {
        port: 8787,
        host: '127.0.0.1',
        corsOrigin: ['http://localhost:5173', 'https://app.example'],
      },
    });
    expect(() => parseCliArgs(['--cors-origin', 'localhost:5173/app'])).toThrow(
      /--cors-origin must be '\*' or an origin .* got 'localhost:5173\/app'/,
    );
  });
});
