import { experimental_transcribe as transcribe } from 'ai';
import type { ConnectionBar } from '../connection.js';
import { field, formatBytes, h, ObjectUrls, panel } from '../ui.js';
import { lastClip } from './speech.js';

const MAX_RECORDING_MS = 10_000;

/** Speech to text from the speech panel's clip, an uploaded file or the microphone. */
export function transcriptionPanel(connection: ConnectionBar): HTMLElement {
  const view = panel({
    id: 'transcription',
    icon: '✎',
    title: 'Transcription',
    blurb: 'Audio becomes text: the clip the speech panel made, a file you pick, or your microphone.',
    call: "experimental_transcribe({ model: anyint.transcription('whisper-1'), audio: bytes })",
  });
  const model = h('input', { value: 'whisper-1', 'data-testid': 'model' });
  const useClip = h(
    'button',
    { class: 'primary', 'data-testid': 'use-clip', disabled: true },
    'Transcribe the speech clip',
  );
  const file = h('input', { type: 'file', accept: 'audio/*', 'data-testid': 'file' });
  const pick = h('button', { type: 'button', 'data-testid': 'pick' }, 'Upload a clip…');
  const record = h('button', { type: 'button', 'data-testid': 'record' }, '● Record');
  file.hidden = true;
  view.controls.append(field('Model', model), useClip, pick, record, file);
  const urls = new ObjectUrls();

  lastClip.addEventListener('clip', () => {
    useClip.disabled = false;
  });
  // The panel disables its buttons while busy; the clip button stays off until a clip exists.
  const refreshClipButton = () => {
    if (!lastClip.clip) useClip.disabled = true;
  };

  const send = (bytes: Uint8Array, mediaType: string, source: string) =>
    view
      .run(async () => {
        urls.revokeAll();
        const result = await transcribe({
          model: connection.current().anyint.transcription(model.value.trim()),
          audio: bytes,
        });
        const player = h('audio', {
          controls: true,
          src: urls.create(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType })),
        });
        const facts = [
          source,
          formatBytes(bytes.length),
          result.durationInSeconds !== undefined ? `${result.durationInSeconds.toFixed(2)} s` : undefined,
          result.language ? `language ${result.language}` : undefined,
        ].filter(Boolean);
        const segments =
          result.segments.length > 0
            ? h(
                'ol',
                { class: 'segments' },
                ...result.segments.map((segment) =>
                  h(
                    'li',
                    {},
                    h(
                      'span',
                      { class: 'time' },
                      `${segment.startSecond.toFixed(1)}–${segment.endSecond.toFixed(1)} s`,
                    ),
                    segment.text,
                  ),
                ),
              )
            : '';
        view.output.replaceChildren(
          h('blockquote', { class: 'transcript', 'data-testid': 'transcript' }, result.text),
          h('p', { class: 'meta' }, facts.join(' · ')),
          segments,
          player,
        );
      })
      .finally(refreshClipButton);

  useClip.addEventListener('click', () => {
    const clip = lastClip.clip;
    if (clip) void send(clip.bytes, clip.mediaType, `speech clip “${clip.text}”`);
  });
  pick.addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    file.value = '';
    await send(new Uint8Array(await chosen.arrayBuffer()), chosen.type || 'audio/wav', chosen.name);
  });

  let recorder: MediaRecorder | undefined;
  record.addEventListener('click', async () => {
    if (recorder) {
      recorder.stop();
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      view.output.replaceChildren(
        h(
          'div',
          { class: 'error', role: 'alert' },
          h('strong', {}, 'No microphone'),
          h('p', {}, String(error)),
        ),
      );
      return;
    }
    const chunks: Blob[] = [];
    const active = new MediaRecorder(stream);
    recorder = active;
    active.addEventListener('dataavailable', (event) => chunks.push(event.data));
    active.addEventListener('stop', async () => {
      recorder = undefined;
      clearTimeout(limit);
      for (const track of stream.getTracks()) track.stop();
      record.textContent = '● Record';
      record.classList.remove('recording');
      const blob = new Blob(chunks, { type: active.mimeType || 'audio/webm' });
      await send(new Uint8Array(await blob.arrayBuffer()), blob.type, 'microphone');
    });
    const limit = setTimeout(() => active.state === 'recording' && active.stop(), MAX_RECORDING_MS);
    active.start();
    record.textContent = '■ Stop';
    record.classList.add('recording');
  });
  return view.root;
}
