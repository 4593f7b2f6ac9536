import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAnyInt } from '@anyint/ai-sdk-provider';
import {
  cosineSimilarity,
  embedMany,
  generateImage,
  experimental_generateSpeech as generateSpeech,
  experimental_generateVideo as generateVideo,
  experimental_transcribe as transcribe,
} from 'ai';
import type { DemoContext } from '../context.js';
import { shown } from '../files.js';

/**
 * The AI SDK provider through the `ai` package's own functions. The provider makes its own client, so
 * it takes the key and base URL the demo's client was made with.
 */
export async function runAiSdkSection(
  { models, report, outDir }: DemoContext,
  provider: { apiKey: string; baseURL: string },
) {
  report.section('@anyint/ai-sdk-provider (Vercel AI SDK)');
  const anyint = createAnyInt(provider);
  const sentence = 'refunds are paid within five days';

  await report.step('embedMany + cosineSimilarity ranking', async () => {
    const docs = [
      'refunds are paid back within five working days',
      'shipping to europe takes two weeks',
      'reset your password from the account page',
      'invoices are emailed at the start of each month',
    ];
    const query = 'how many days until refunds are paid';
    const { embeddings, usage } = await embedMany({
      model: anyint.embedding(models.embedding),
      values: [query, ...docs],
      providerOptions: { anyint: { dimensions: 256 } },
    });
    const [queryVector = [], ...docVectors] = embeddings;
    const ranked = docs
      .map((doc, i) => ({ doc, score: cosineSimilarity(queryVector, docVectors[i] ?? []) }))
      .sort((a, b) => b.score - a.score);
    return `best match for "${query}": "${ranked[0]?.doc}" (${ranked[0]?.score.toFixed(3)}), ${usage.tokens} tokens`;
  });

  await report.step('generateImage -> file', async () => {
    const { image, warnings } = await generateImage({
      model: anyint.image(models.image),
      prompt: 'a paper boat on a calm lake',
      size: '1024x1024',
    });
    const path = join(outDir, 'ai-sdk-boat.png');
    await writeFile(path, image.uint8Array);
    return `${image.uint8Array.byteLength} bytes of ${image.mediaType} -> ${shown(path)}${warnings.length ? ` (${warnings.length} warnings)` : ''}`;
  });

  let speech: Uint8Array | undefined;
  await report.step('experimental_generateSpeech (wav)', async () => {
    const { audio } = await generateSpeech({
      model: anyint.speech(models.speech),
      text: sentence,
      voice: 'alloy',
      outputFormat: 'wav',
    });
    speech = audio.uint8Array;
    const path = join(outDir, 'ai-sdk-speech.wav');
    await writeFile(path, speech);
    return `${speech.byteLength} bytes of ${audio.mediaType} -> ${shown(path)}`;
  });

  await report.step('experimental_transcribe (round trip with segments)', async () => {
    if (!speech) throw new Error('no speech from the previous step');
    const { text, segments, language, durationInSeconds } = await transcribe({
      model: anyint.transcription(models.transcription),
      audio: speech,
    });
    const roundTrip = text.toLowerCase().includes(sentence) ? 'matches' : 'differs from';
    return `"${text.trim()}" ${roundTrip} the spoken text; ${segments.length} segments, ${language ?? '?'}, ${durationInSeconds?.toFixed(2) ?? '?'} s`;
  });

  await report.step('experimental_transcribe with anyint.translation (/audio/translations)', async () => {
    if (!speech) throw new Error('no speech from the previous step');
    const { text, language } = await transcribe({
      model: anyint.translation(models.transcription),
      audio: speech,
    });
    return `"${text.trim()}" (${language})`;
  });

  await report.step('experimental_generateVideo (duration 5) -> file', async ({ progress: show }) => {
    let last = -100;
    const { video, providerMetadata } = await generateVideo({
      model: anyint.video(models.video, {
        onProgress: ({ progress = 0 }) => {
          if (progress >= last + 50) {
            last = progress;
            show(`${progress}%`);
          }
        },
      }),
      prompt: 'a paper boat drifting on a calm lake',
      duration: 5,
    });
    const path = join(outDir, 'ai-sdk-boat.mp4');
    await writeFile(path, video.uint8Array);
    const [meta] = (providerMetadata.anyint?.videos ?? []) as { id?: string; size?: string }[];
    return `${meta?.id} (${meta?.size}): ${video.uint8Array.byteLength} bytes of ${video.mediaType} -> ${shown(path)}`;
  });
}
