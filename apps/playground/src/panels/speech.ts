import { experimental_generateSpeech as generateSpeech } from 'ai';
import type { ConnectionBar } from '../connection.js';
import { field, formatBytes, h, ObjectUrls, panel, select, whenMetadata } from '../ui.js';

export interface SpeechClip {
  bytes: Uint8Array;
  mediaType: string;
  text: string;
}

/** The last clip the speech panel made, for the transcription panel to send back. */
export const lastClip = new EventTarget() as EventTarget & { clip?: SpeechClip };

const VOICES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer'] as const;

/** Text to speech, played in an audio element. */
export function speechPanel(connection: ConnectionBar): HTMLElement {
  const view = panel({
    id: 'speech',
    icon: '♪',
    title: 'Speech',
    blurb: 'Text becomes audio you can play, in the voice and format you pick.',
    call: "experimental_generateSpeech({ model: anyint.speech('tts-1'), text, voice: 'alloy', outputFormat: 'mp3' })",
  });
  const text = h('input', { value: 'Hello from the AnyInt playground', 'data-testid': 'text' });
  const model = h('input', { value: 'tts-1', 'data-testid': 'model' });
  const voice = select({ 'data-testid': 'voice' }, VOICES);
  const format = select({ 'data-testid': 'format' }, ['mp3', 'wav']);
  const go = h('button', { class: 'primary', 'data-testid': 'run' }, 'Speak');
  view.controls.append(
    field('Text', text, true),
    field('Model', model),
    field('Voice', voice),
    field('Format', format),
    go,
  );
  const urls = new ObjectUrls();

  go.addEventListener('click', () =>
    view.run(async () => {
      const { anyint } = connection.current();
      const spoken = text.value;
      const { audio } = await generateSpeech({
        model: anyint.speech(model.value.trim()),
        text: spoken,
        voice: voice.value,
        outputFormat: format.value,
      });
      urls.revokeAll();
      const bytes = audio.uint8Array;
      const player = h('audio', {
        controls: true,
        'data-testid': 'audio',
        src: urls.create(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: audio.mediaType })),
      });
      const meta = h('p', { class: 'meta' }, `${audio.mediaType} · ${formatBytes(bytes.length)}`);
      view.output.replaceChildren(player, meta);
      await whenMetadata(player);
      meta.textContent = `${player.duration.toFixed(2)} s · ${meta.textContent}`;
      lastClip.clip = { bytes, mediaType: audio.mediaType, text: spoken };
      lastClip.dispatchEvent(new Event('clip'));
    }),
  );
  return view.root;
}
