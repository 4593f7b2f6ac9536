import { describe, expect, it } from 'vitest';
import { run, STACK_LINE, useEmulator } from '../test-support.js';
import { type CheckReport, planProbes } from './check.js';

const t = useEmulator({ models: { 'text-embedding-v4': { disabledRoutes: ['embeddings'] } } });

describe('anyint check', () => {
  it('marks a route the model lacks as unsupported, a working one as works, and exits 1', async () => {
    const { code, stdout, stderr } = await run(
      ['check', '--model', 'text-embedding-v4', '--model', 'text-embedding-3-small'],
      { env: t.env },
    );
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^route\s+model\s+result\s+latency\s+reason$/);
    expect(lines.find((line) => line.includes('text-embedding-v4'))).toMatch(
      /^embeddings\s+text-embedding-v4\s+unsupported\s+(\d+ ms|\d+\.\d s)\s+404 unsupported_route: Route .* not supported/,
    );
    expect(lines.find((line) => line.includes('text-embedding-3-small'))).toMatch(
      /^embeddings\s+text-embedding-3-small\s+works\s+(\d+ ms|\d+\.\d s)\s+1536 dimensions$/,
    );
    expect(stderr).toContain('1 of 2 probes did not work');
    expect(stdout).not.toContain('\x1b[');
  });

  it('names the right base URL once when it lacks /openai/v1, not "route may not be enabled"', async () => {
    const { origin } = t.emulator;
    const { code, stdout, stderr } = await run(
      ['check', '-m', 'text-embedding-3-small', '-m', 'omni-moderation-latest', '--base-url', origin],
      { env: t.env },
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^embeddings\s+text-embedding-3-small\s+error\s+.*404: Invalid URL \(POST \/embeddings\)$/m,
    );
    expect(stdout).not.toContain('unsupported');
    const hints = stderr.split('\n').filter((line) => line.startsWith('hint:'));
    expect(hints).toEqual([
      `hint: The base URL "${origin}" lacks the /openai/v1 prefix: use ${origin}/openai/v1.`,
    ]);
  });

  it('exits 0 when every probe works and prints the --json document', async () => {
    const { code, stdout } = await run(
      ['check', '-m', 'omni-moderation-latest', '-m', 'tts-1', '-m', 'whisper-1', '-m', 'dall-e-2', '--json'],
      { env: t.env },
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report).toMatchObject({ ok: true, baseURL: t.emulator.url });
    expect(report.results.map((r) => [r.route, r.model, r.result])).toEqual([
      ['moderations', 'omni-moderation-latest', 'works'],
      ['images', 'dall-e-2', 'works'],
      ['speech', 'tts-1', 'works'],
      ['transcriptions', 'whisper-1', 'works'],
      ['translations', 'whisper-1', 'works'],
    ]);
    for (const result of report.results) {
      expect(Object.keys(result)).toEqual([
        'route',
        'model',
        'result',
        'latencyMs',
        'reason',
        'status',
        'code',
      ]);
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(result.status).toBeNull();
    }
    // The transcription probe reuses the speech probe's audio: the round trip reads "hello" back.
    expect(report.results[3]?.reason).toContain('"hello"');
  });

  it('reports the status and code of a failed probe in --json', async () => {
    const { code, stdout } = await run(['check', '-m', 'text-embedding-v4', '--json'], { env: t.env });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.ok).toBe(false);
    expect(report.results).toEqual([
      expect.objectContaining({
        route: 'embeddings',
        result: 'unsupported',
        status: 404,
        code: 'unsupported_route',
      }),
    ]);
  });

  it('probes a named route whatever the model id says', async () => {
    const { code, stdout } = await run(
      ['check', '-m', 'text-embedding-3-small', '-r', 'moderations', '--json'],
      {
        env: t.env,
      },
    );
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as CheckReport).results.map((r) => r.route)).toEqual(['moderations']);
  });

  it('leaves nothing behind after the costly probes', async () => {
    const { code, stdout } = await run(
      ['check', '-m', 'gpt-4o-mini', '-r', 'files,batches,assistants,threads', '--json', '--timeout', '20'],
      { env: t.env },
    );
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.results.map((r) => [r.route, r.result])).toEqual([
      ['files', 'works'],
      ['batches', 'works'],
      ['assistants', 'works'],
      ['threads', 'works'],
    ]);
    expect(code).toBe(0);
    const created = t.emulator.requests.filter(
      (r) => r.method === 'POST' && /\/(files|assistants|threads)$/.test(r.path),
    );
    const deleted = t.emulator.requests.filter((r) => r.method === 'DELETE');
    expect(deleted.length).toBeGreaterThanOrEqual(created.length);
    const files = await run(['files', 'ls', '--json'], { env: t.env });
    expect(JSON.parse(files.stdout)).toEqual([]);
    expect(t.emulator.requests.some((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toBe(true);

    const video = await run(['check', '--all-routes', '-m', 'kling-v3', '--json'], { env: t.env });
    expect((JSON.parse(video.stdout) as CheckReport).results.map((r) => [r.route, r.result])).toEqual([
      ['images', 'works'],
      ['files', 'works'],
      ['videos', 'works'],
    ]);
    const videoId = t.emulator.requests.find((r) => r.method === 'POST' && r.path.endsWith('/videos'));
    expect(videoId).toBeDefined();
    expect(t.emulator.requests.some((r) => r.method === 'DELETE' && /\/videos\/[^/]+$/.test(r.path))).toBe(
      true,
    );
  });

  it('refuses a bad key with one line per probe and a hint, without printing the key', async () => {
    const wrong = 'sk-wrong-key-0123456789abcdef';
    const { code, stdout, stderr } = await run(['check', '-m', 'text-embedding-3-small', '--verbose'], {
      env: { ...t.env, ANYINT_API_KEY: wrong },
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/embeddings\s+text-embedding-3-small\s+error\s+.*401/);
    expect(stderr).toContain('refused the API key');
    expect(stdout + stderr).not.toContain(wrong);
    expect(stdout + stderr).not.toContain(t.apiKey);
  });

  it('needs a model and knows its routes', async () => {
    const none = await run(['check'], { env: t.env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: Name at least one model/);
    const unknown = await run(['check', '-m', 'x', '-r', 'telepathy'], { env: t.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown route 'telepathy'");
    expect(unknown.stderr).not.toMatch(STACK_LINE);
  });
});

describe('planProbes', () => {
  const plan = (models: string[], routes: string[] = [], all = false) =>
    planProbes(models, routes as never[], all).probes.map((p) => `${p.route.name}:${p.model ?? '*'}`);

  it('picks the quick routes by model id', () => {
    expect(plan(['text-embedding-v4', 'kling-v3-omni', 'whisper-1', 'gpt-4o-mini-tts'])).toEqual([
      'embeddings:text-embedding-v4',
      'images:kling-v3-omni',
      'speech:gpt-4o-mini-tts',
      'transcriptions:whisper-1',
      'translations:whisper-1',
    ]);
    expect(plan(['gpt-4o-transcribe'])).toEqual(['transcriptions:gpt-4o-transcribe']);
  });

  it('adds the costly routes that fit with --all-routes', () => {
    expect(plan(['kling-v3'], [], true)).toEqual(['images:kling-v3', 'files:*', 'videos:kling-v3']);
    expect(plan(['gpt-4o-mini'], [], true)).toEqual([
      'files:*',
      'batches:gpt-4o-mini',
      'assistants:gpt-4o-mini',
      'threads:gpt-4o-mini',
    ]);
  });

  it('notes a model with no quick route', () => {
    const { probes, notes } = planProbes(['gpt-4o-mini'], [], false);
    expect(probes).toEqual([]);
    expect(notes[0]).toContain('--all-routes');
  });
});
