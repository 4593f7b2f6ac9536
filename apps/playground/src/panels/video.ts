import { experimental_generateVideo as generateVideo } from 'ai';
import type { ConnectionBar } from '../connection.js';
import { field, formatBytes, h, ObjectUrls, panel, select, whenMetadata } from '../ui.js';

const SIZES = ['1280x720', '720x1280'] as const;

/** A video job: created, polled with live progress, then played. */
export function videoPanel(connection: ConnectionBar): HTMLElement {
  const view = panel({
    id: 'video',
    icon: '▶',
    title: 'Video',
    blurb: 'A video job runs on the server; its progress shows live, then the video plays here.',
    call: "experimental_generateVideo({ model: anyint.video('sora-2', { onProgress }), prompt, duration: 4 })",
  });
  const prompt = h('input', { value: 'a paper boat drifting down a rainy street', 'data-testid': 'prompt' });
  const model = h('input', { value: 'sora-2', 'data-testid': 'model' });
  const seconds = select({ 'data-testid': 'seconds' }, ['4', '8', '12']);
  const size = select({ 'data-testid': 'size' }, SIZES);
  const go = h('button', { class: 'primary', 'data-testid': 'run' }, 'Create video');
  view.controls.append(
    field('Prompt', prompt, true),
    field('Model', model),
    field('Seconds', seconds),
    field('Size', size),
    go,
  );
  const urls = new ObjectUrls();

  go.addEventListener('click', () =>
    view.run(async () => {
      const { anyint } = connection.current();
      const bar = h('progress', { max: 100, value: 0, 'data-testid': 'progress' });
      const label = h('span', { class: 'meta' }, 'submitting…');
      // Every status the poll saw, so the page (and its tests) can tell that progress moved live.
      const seen: number[] = [];
      view.output.replaceChildren(h('div', { class: 'job' }, bar, label));
      const { video } = await generateVideo({
        model: anyint.video(model.value.trim(), {
          pollIntervalMs: 250,
          onProgress: ({ videoId, status, progress }) => {
            if (progress !== undefined) {
              bar.value = progress;
              seen.push(progress);
              bar.dataset.seen = seen.join(',');
            }
            label.textContent = `${videoId} · ${status}${progress === undefined ? '' : ` · ${progress}%`}`;
          },
        }),
        prompt: prompt.value,
        duration: Number(seconds.value),
        resolution: size.value as `${number}x${number}`,
      });
      bar.value = 100;
      urls.revokeAll();
      const player = h('video', {
        controls: true,
        autoplay: true,
        muted: true,
        loop: true,
        playsinline: true,
        'data-testid': 'video',
        src: urls.create(new Blob([video.uint8Array as Uint8Array<ArrayBuffer>], { type: video.mediaType })),
      });
      // `muted` as an attribute is not the property autoplay policies look at.
      player.muted = true;
      const meta = h('p', { class: 'meta' }, `${video.mediaType} · ${formatBytes(video.uint8Array.length)}`);
      view.output.append(player, meta);
      await whenMetadata(player);
      meta.textContent = `${player.videoWidth} × ${player.videoHeight} · ${player.duration.toFixed(1)} s · ${meta.textContent}`;
    }),
  );
  return view.root;
}
