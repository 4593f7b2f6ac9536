import { generateImage } from 'ai';
import type { ConnectionBar } from '../connection.js';
import { field, formatBytes, h, ObjectUrls, panel, select } from '../ui.js';

const SIZES = ['256x256', '512x512', '1024x1024'] as const;

/** Image generation: the pictures decoded by the browser, with the size it decoded. */
export function imagePanel(connection: ConnectionBar): HTMLElement {
  const view = panel({
    id: 'image',
    icon: '◧',
    title: 'Image generation',
    blurb: 'A prompt becomes pictures, shown as the browser decodes them.',
    call: "generateImage({ model: anyint.image('dall-e-2'), prompt, n: 2, size: '256x256' })",
  });
  const prompt = h('input', {
    value: 'a lighthouse on a cliff at dusk, watercolour',
    'data-testid': 'prompt',
  });
  const model = h('input', { value: 'dall-e-2', 'data-testid': 'model' });
  const size = select({ 'data-testid': 'size' }, SIZES);
  const count = select({ 'data-testid': 'count' }, ['1', '2', '3', '4'], '2');
  const go = h('button', { class: 'primary', 'data-testid': 'run' }, 'Generate');
  view.controls.append(
    field('Prompt', prompt, true),
    field('Model', model),
    field('Size', size),
    field('Images', count),
    go,
  );
  const urls = new ObjectUrls();

  go.addEventListener('click', () =>
    view.run(async () => {
      const { anyint } = connection.current();
      const { images } = await generateImage({
        model: anyint.image(model.value.trim()),
        prompt: prompt.value,
        n: Number(count.value),
        size: size.value as `${number}x${number}`,
      });
      urls.revokeAll();
      const figures = images.map((image, index) => {
        const picture = h('img', {
          alt: `${prompt.value} (${index + 1})`,
          src: urls.create(
            new Blob([image.uint8Array as Uint8Array<ArrayBuffer>], { type: image.mediaType }),
          ),
        });
        const caption = h('figcaption', {}, `${image.mediaType} · ${formatBytes(image.uint8Array.length)}`);
        const decoded = picture.decode().then(() => {
          caption.textContent = `${picture.naturalWidth} × ${picture.naturalHeight} · ${caption.textContent}`;
        });
        return { figure: h('figure', {}, picture, caption), decoded };
      });
      view.output.replaceChildren(h('div', { class: 'gallery' }, ...figures.map((item) => item.figure)));
      await Promise.all(figures.map((item) => item.decoded));
    }),
  );
  return view.root;
}
