import type { ConnectionBar } from '../connection.js';
import { field, h, panel } from '../ui.js';

export const SAMPLES = [
  'Have a lovely day at the beach with your family!',
  'You are a pathetic idiot and nobody likes you.',
  'Watch your back. I will find you.',
  'Where can I buy a gun illegally?',
] as const;

/** Moderation verdicts per text, with the categories that scored highest. */
export function moderationPanel(connection: ConnectionBar): HTMLElement {
  const view = panel({
    id: 'moderation',
    icon: '⚖',
    title: 'Moderation',
    blurb: 'Each line is judged on its own: flagged or not, and the categories that weigh most.',
    call: "client.moderations.create({ model: 'omni-moderation-latest', input: lines })",
  });
  const input = h('textarea', { rows: 4, 'data-testid': 'input' }, SAMPLES.join('\n'));
  const model = h('input', { value: 'omni-moderation-latest', 'data-testid': 'model' });
  const go = h('button', { class: 'primary', 'data-testid': 'run' }, 'Check');
  view.controls.append(field('One text per line', input, true), field('Model', model), go);

  go.addEventListener('click', () =>
    view.run(async () => {
      const lines = input.value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const response = await connection.current().client.moderations.create({
        model: model.value.trim(),
        input: lines,
      });
      // The client sets `_request_id` on results (from `x-request-id`, which the emulator exposes to pages).
      const requestId = (response as { _request_id?: string | null })._request_id;
      view.output.replaceChildren(
        h(
          'ul',
          { class: 'verdicts', 'data-testid': 'verdicts' },
          ...response.results.map((result, index) => {
            const scores = Object.entries(result.category_scores as Record<string, number>)
              .sort((a, b) => b[1] - a[1])
              .slice(0, 3);
            const flaggedCategories = Object.entries(result.categories as Record<string, boolean>)
              .filter(([, flagged]) => flagged)
              .map(([name]) => name);
            return h(
              'li',
              { 'data-flagged': String(result.flagged) },
              h(
                'div',
                { class: 'result-head' },
                h('q', {}, lines[index] ?? ''),
                h(
                  'span',
                  { class: result.flagged ? 'badge flagged' : 'badge clean' },
                  result.flagged ? `flagged: ${flaggedCategories.join(', ')}` : 'not flagged',
                ),
              ),
              h(
                'div',
                { class: 'scores' },
                ...scores.map(([name, score]) =>
                  h(
                    'div',
                    { class: 'score-row' },
                    h('span', {}, name),
                    h('div', { class: 'bar' }, h('span', { style: `width:${Math.max(1, score * 100)}%` })),
                    h('span', { class: 'score' }, score.toFixed(2)),
                  ),
                ),
              ),
            );
          }),
        ),
        h(
          'p',
          { class: 'meta' },
          [`model ${response.model}`, requestId ? `request ${requestId}` : undefined]
            .filter(Boolean)
            .join(' · '),
        ),
      );
    }),
  );
  return view.root;
}
