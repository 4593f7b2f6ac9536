import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileFromPath, imageBytes } from '@anyint/client';
import type { DemoContext } from '../context.js';
import { shown } from '../files.js';

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** Every route of @anyint/client once, end to end. */
export async function runClientSection({ client, models, report, outDir }: DemoContext) {
  report.section('@anyint/client');
  const sentence = 'refunds are paid within five days';

  await report.step('embeddings.create', async () => {
    const { data, usage } = await client.embeddings.create({
      model: models.embedding,
      input: ['hello', 'world'],
      dimensions: 256,
    });
    return `${data.length} vectors of ${data[0]?.embedding.length} dims, ${usage?.total_tokens ?? 'no'} tokens`;
  });

  await report.step('embeddings.embedMany + nearest neighbour', async () => {
    const docs = Array.from(
      { length: 2000 },
      (_, i) => `support article ${i} about ${['billing', 'shipping', 'refunds', 'accounts'][i % 4]}`,
    );
    let updates = 0;
    const { embeddings } = await client.embeddings.embedMany(
      { model: models.embedding, input: docs, dimensions: 256 },
      { output: 'float32', onProgress: () => updates++ },
    );
    const query = await client.embeddings.create({
      model: models.embedding,
      input: 'how long do refunds take',
      dimensions: 256,
    });
    const q = query.data[0]?.embedding ?? [];
    let best = 0;
    for (let i = 1; i < embeddings.length; i++) {
      if (cosine(q, embeddings[i] as Float32Array) > cosine(q, embeddings[best] as Float32Array)) best = i;
    }
    return `${embeddings.length} docs in ${updates} requests; nearest to "how long do refunds take": "${docs[best]}"`;
  });

  await report.step('images.generate + imageBytes', async () => {
    const { data } = await client.images.generate({
      model: models.image,
      prompt: 'a red fox in snow',
      size: '1024x1024',
      response_format: 'b64_json',
    });
    const bytes = await imageBytes(data[0] ?? {});
    const path = join(outDir, 'fox.png');
    await writeFile(path, bytes);
    return `${bytes.byteLength} bytes -> ${shown(path)}`;
  });

  const speechPath = join(outDir, 'speech.wav');
  await report.step('audio.speech.create -> writeToFile', async () => {
    const speech = await client.audio.speech.create({
      model: models.speech,
      input: sentence,
      voice: 'alloy',
      response_format: 'wav',
    });
    await speech.writeToFile(speechPath);
    return `${(await readFile(speechPath)).byteLength} bytes of ${speech.contentType} -> ${shown(speechPath)}`;
  });

  await report.step('audio.transcriptions.create (verbose_json)', async () => {
    const result = await client.audio.transcriptions.create({
      file: await fileFromPath(speechPath),
      model: models.transcription,
      response_format: 'verbose_json',
    });
    return `"${result.text}" (${result.duration.toFixed(2)} s, ${result.segments?.length ?? 0} segments)`;
  });

  await report.step('audio.translations.create (srt)', async () => {
    const srt = await client.audio.translations.create({
      file: await fileFromPath(speechPath),
      model: models.transcription,
      response_format: 'srt',
    });
    return JSON.stringify(srt.split('\n').slice(0, 3).join(' | '));
  });

  await report.step('moderations.create', async () => {
    const { results } = await client.moderations.create({
      model: models.moderation,
      input: ['have a lovely day', 'I will hurt you'],
    });
    return results.map((r) => (r.flagged ? 'flagged' : 'clean')).join(', ');
  });
}
