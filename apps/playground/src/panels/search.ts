import { cosineSimilarity, embed, embedMany } from 'ai';
import type { ConnectionBar } from '../connection.js';
import { field, h, panel } from '../ui.js';

export const DOCUMENTS = [
  {
    title: 'Cats',
    text: 'A cat spends up to sixteen hours a day sleeping, curled up in the sun on a warm windowsill.',
  },
  {
    title: 'Rockets',
    text: 'The rocket second stage ignited high above the clouds and carried the satellite into orbit.',
  },
  {
    title: 'Pasta',
    text: 'Fresh pasta needs only flour, eggs and a pinch of salt, kneaded until the dough is smooth.',
  },
  {
    title: 'Jazz',
    text: 'Jazz musicians improvise over chord changes, trading solos on saxophone and trumpet.',
  },
  {
    title: 'Volcanoes',
    text: 'A volcano erupts when magma rises through the crust and lava pours down its slopes.',
  },
  {
    title: 'Gardens',
    text: 'Tomatoes grow best in a garden with plenty of light, rich soil and regular watering.',
  },
] as const;

const SUGGESTIONS = [
  'a cat sleeping in the sun',
  'launching a satellite into orbit',
  'how to make pasta dough',
];

/** Semantic search: every document and the query embedded, ranked by cosine similarity. */
export function searchPanel(connection: ConnectionBar): HTMLElement {
  const view = panel({
    id: 'search',
    icon: '⌕',
    title: 'Semantic search',
    blurb: 'Six documents and your query become vectors; the closest documents come first.',
    call: "embedMany({ model: anyint.embedding('text-embedding-3-small'), values: documents })",
  });
  const query = h('input', { type: 'search', value: SUGGESTIONS[0], 'data-testid': 'query' });
  const model = h('input', { value: 'text-embedding-3-small', 'data-testid': 'model' });
  const go = h('button', { class: 'primary', 'data-testid': 'run' }, 'Search');
  const chips = h(
    'div',
    { class: 'chips' },
    ...SUGGESTIONS.map((text) => {
      const chip = h('button', { type: 'button', class: 'chip' }, text);
      chip.addEventListener('click', () => {
        query.value = text;
        go.click();
      });
      return chip;
    }),
  );
  view.controls.append(field('Query', query, true), field('Model', model), go, chips);

  // Document vectors are reused while the model and connection stay the same.
  let cache: { key: string; vectors: number[][] } | undefined;
  go.addEventListener('click', () =>
    view.run(async () => {
      const { anyint, baseURL } = connection.current();
      const embeddingModel = anyint.embedding(model.value.trim());
      const key = `${baseURL} ${model.value.trim()}`;
      if (cache?.key !== key) {
        const { embeddings } = await embedMany({
          model: embeddingModel,
          values: DOCUMENTS.map((document) => document.text),
        });
        cache = { key, vectors: embeddings };
      }
      const vectors = cache.vectors;
      const { embedding } = await embed({ model: embeddingModel, value: query.value });
      const ranked = DOCUMENTS.map((document, index) => ({
        ...document,
        score: cosineSimilarity(embedding, vectors[index]!),
      })).sort((a, b) => b.score - a.score);
      const best = ranked[0]?.score ?? 1;
      view.output.replaceChildren(
        h('p', { class: 'meta' }, `${embedding.length} dimensions · query “${query.value}”`),
        h(
          'ol',
          { class: 'results', 'data-testid': 'results' },
          ...ranked.map((result) =>
            h(
              'li',
              { 'data-title': result.title, 'data-score': result.score.toFixed(4) },
              h(
                'div',
                { class: 'result-head' },
                h('strong', {}, result.title),
                h('span', { class: 'score' }, result.score.toFixed(3)),
              ),
              h(
                'div',
                { class: 'bar' },
                h('span', { style: `width:${Math.max(2, (Math.max(0, result.score) / best) * 100)}%` }),
              ),
              h('p', {}, result.text),
            ),
          ),
        ),
      );
    }),
  );
  return view.root;
}
