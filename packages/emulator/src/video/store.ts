import { Collection } from '../cursor-page.js';

export type VideoJson = Record<string, unknown> & { id: string };

/** Milliseconds at `timeScale: 1` a video waits in `queued`. */
export const VIDEO_QUEUE_MS = 200;
/** Milliseconds of `in_progress` per second of video at `timeScale: 1` (a 4 s video renders in 1 s). */
export const VIDEO_RENDER_MS_PER_SECOND = 250;
/** A prompt containing this (any case) makes the video fail halfway, for testing failure handling. */
export const VIDEO_FAIL_TRIGGER = '[fail]';
/** OpenAI keeps finished videos downloadable for an hour. */
const EXPIRY_SECONDS = 3600;

export interface VideoRecord {
  id: string;
  video: VideoJson;
  width: number;
  height: number;
  /** `performance.now()` at creation. */
  startedAt: number;
  queueMs: number;
  renderMs: number;
  fails: boolean;
}

/**
 * Video jobs whose status follows the clock: `queued`, then `in_progress` with `progress` rising
 * 0..99, then `completed` (100) — or `failed` halfway when the prompt holds the trigger.
 */
export class VideoStore {
  readonly videos = new Collection<VideoRecord>();
  private readonly timeScale: () => number;

  constructor(timeScale: () => number) {
    this.timeScale = timeScale;
  }

  clear(): void {
    this.videos.clear();
  }

  add(video: VideoJson, width: number, height: number, seconds: number): VideoRecord {
    const scale = Math.max(1e-6, this.timeScale());
    const prompt = String(video.prompt ?? '');
    return this.videos.add({
      id: video.id,
      video,
      width,
      height,
      startedAt: performance.now(),
      queueMs: VIDEO_QUEUE_MS / scale,
      renderMs: (VIDEO_RENDER_MS_PER_SECOND * seconds) / scale,
      fails: prompt.toLowerCase().includes(VIDEO_FAIL_TRIGGER),
    });
  }

  /** The video with its status brought up to now. */
  get(id: string): VideoRecord | undefined {
    const record = this.videos.get(id);
    if (record) advance(record);
    return record;
  }

  all(): VideoRecord[] {
    const records = this.videos.values();
    for (const record of records) advance(record);
    return records;
  }
}

function advance(record: VideoRecord): void {
  const { video } = record;
  if (video.status === 'completed' || video.status === 'failed') return;
  const elapsed = performance.now() - record.startedAt - record.queueMs;
  if (elapsed < 0) return;
  const fraction = record.renderMs > 0 ? elapsed / record.renderMs : 1;
  const now = Math.floor(Date.now() / 1000);
  if (record.fails && fraction >= 0.5) {
    Object.assign(video, {
      status: 'failed',
      progress: 50,
      error: {
        code: 'video_generation_failed',
        message: `Video generation failed: the prompt contains the emulator's failure trigger '${VIDEO_FAIL_TRIGGER}'.`,
      },
    });
    return;
  }
  if (fraction >= 1) {
    Object.assign(video, {
      status: 'completed',
      progress: 100,
      completed_at: now,
      expires_at: now + EXPIRY_SECONDS,
    });
    return;
  }
  Object.assign(video, { status: 'in_progress', progress: Math.min(99, Math.floor(fraction * 100)) });
}
