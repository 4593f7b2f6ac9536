import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deltaText, fileFromPath } from '@anyint/client';
import type { DemoContext } from '../context.js';
import { shown } from '../files.js';

/** Files, batches, an assistant run streamed to the terminal, a video, and embedBulk over the Batch API. */
export async function runStatefulSection({ client, models, report, outDir }: DemoContext) {
  report.section('@anyint/client: files, batches, assistants, videos');

  await report.step('files.create + batches.create + batches.poll', async () => {
    const path = join(outDir, 'batch-input.jsonl');
    const lines = ['billing', 'shipping', 'refunds'].map((topic, i) =>
      JSON.stringify({
        custom_id: `doc-${i}`,
        method: 'POST',
        url: '/v1/embeddings',
        body: { model: models.embedding, input: topic },
      }),
    );
    await writeFile(path, `${lines.join('\n')}\n`);
    const file = await client.files.create({ file: await fileFromPath(path), purpose: 'batch' });
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/embeddings',
      completion_window: '24h',
    });
    const done = await client.batches.poll(batch.id, { intervalMs: 100 });
    const output = await (await client.files.content(done.output_file_id as string)).text();
    for (const id of [file.id, done.output_file_id]) if (id) await client.files.delete(id);
    return `${batch.id}: ${done.status}, ${done.request_counts?.completed}/${done.request_counts?.total} lines, ${output.trim().split('\n').length} results`;
  });

  await report.step('assistants + threads + runs.stream', async () => {
    const assistant = await client.assistants.create({
      model: 'gpt-4o-mini',
      name: 'Demo',
      instructions: 'Answer briefly.',
    });
    const thread = await client.threads.create({
      messages: [{ role: 'user', content: 'When will my refund arrive?' }],
    });
    const stream = client.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    let text = '';
    let events = 0;
    for await (const event of stream) {
      events++;
      if (event.event === 'thread.message.delta') text += deltaText(event.data);
    }
    const run = await stream.finalRun();
    await client.threads.delete(thread.id);
    await client.assistants.delete(assistant.id);
    return `${events} events, run ${run.status}: "${text}"`;
  });

  await report.step('videos.create + poll + content', async ({ progress: show }) => {
    const video = await client.videos.create({
      model: models.video,
      prompt: 'a red fox in snow',
      seconds: '5',
      size: '1280x720',
    });
    let last = -1;
    const done = await client.videos.poll(video.id, {
      intervalMs: 200,
      onProgress: ({ progress }) => {
        if (progress !== undefined && progress >= last + 25) {
          last = progress;
          show(`${progress}%`);
        }
      },
    });
    const path = join(outDir, 'fox.mp4');
    await (await client.videos.content(done.id)).writeToFile(path);
    return `${done.id} ${done.status} -> ${shown(path)}`;
  });

  await report.step('embeddings.embedBulk over the Batch API', async ({ progress }) => {
    const docs = Array.from(
      { length: 3000 },
      (_, i) => `archived ticket ${i} about ${['billing', 'shipping', 'refunds'][i % 3]}`,
    );
    let count = 0;
    let shown = 0;
    for await (const { index } of client.embeddings.embedBulk(
      { model: models.embedding, input: docs, dimensions: 64 },
      {
        shardSize: 1000,
        pollIntervalMs: 100,
        onProgress: ({ completed, total }) => {
          if (total && completed - shown >= 1000) {
            shown = completed;
            progress(
              `[${'#'.repeat(Math.round((20 * completed) / total)).padEnd(20)}] ${completed}/${total}`,
            );
          }
        },
      },
    )) {
      if (index !== count) throw new Error(`result ${index} arrived out of order`);
      count++;
    }
    return `${count} documents embedded in input order through ${Math.ceil(docs.length / 1000)} batch jobs`;
  });
}
