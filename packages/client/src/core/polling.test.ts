import { describe, expect, it, vi } from 'vitest';
import { JobFailedError } from './errors.js';
import { normaliseJob, pollJob } from './polling.js';

const rules = { kind: 'Video', done: new Set(['completed']), failed: new Set(['failed']) };

describe('pollJob', () => {
  it('maps upstream status words and task ids, and reports progress', async () => {
    const answers = [
      { task_id: 't1', task_status: 'submitted' },
      { task_id: 't1', task_status: 'processing', progress: 50 },
      { task_id: 't1', task_status: 'succeed', progress: 100 },
    ];
    const seen: string[] = [];
    const job = await pollJob(
      async () => answers.shift() as never,
      { ...rules, progressOf: (j: { progress?: number }) => j.progress },
      { intervalMs: 1, onProgress: ({ status, progress }) => seen.push(`${status}:${progress}`) },
    );
    expect(job).toMatchObject({ id: 't1', status: 'completed' });
    expect(seen).toEqual(['queued:undefined', 'in_progress:50', 'completed:100']);
  });

  it('throws JobFailedError with the job, and stops at its deadline', async () => {
    const failed = await pollJob(async () => ({ id: 'v', status: 'error' }), rules, { intervalMs: 1 }).catch(
      (e) => e,
    );
    expect(JobFailedError.isInstance(failed)).toBe(true);
    expect(failed.job).toMatchObject({ id: 'v', status: 'failed' });
    const late = await pollJob(async () => ({ id: 'v', status: 'running' }), rules, {
      intervalMs: 20,
      timeoutMs: 50,
    }).catch((e) => e);
    expect(late.name).toBe('APITimeoutError');
    expect(late.message).toContain('still in_progress');
  });

  it('starts fast and backs off by half each time, up to maxIntervalMs', async () => {
    vi.useFakeTimers();
    try {
      const at: number[] = [];
      const start = Date.now();
      const done = pollJob(
        async () => {
          at.push(Date.now() - start);
          return { id: 'b', status: at.length < 8 ? 'in_progress' : 'completed' };
        },
        rules,
        { intervalMs: 100, maxIntervalMs: 400 },
      );
      await vi.runAllTimersAsync();
      await done;
      const waits = at.slice(1).map((t, i) => t - (at[i] as number));
      expect(waits.map(Math.floor)).toEqual([100, 150, 225, 337, 400, 400, 400]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves OpenAI-shaped jobs as they are', () => {
    const job = { id: 'batch_1', status: 'in_progress' };
    expect(normaliseJob(job)).toBe(job);
  });
});
