import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AnyIntAudioReader, AnyIntEmbedding, createAnyIntTools } from '@anyint/llamaindex';
import { Document, MetadataMode, Settings, VectorStoreIndex } from 'llamaindex';
import type { DemoContext } from '../context.js';
import { saveImage, shown } from '../files.js';

/** @anyint/llamaindex end to end: audio reader, embedding with VectorStoreIndex, and every tool once (video included). */
export async function runLlamaIndexSection({ client, models, report, outDir }: DemoContext) {
  report.section('@anyint/llamaindex');
  const callPath = join(outDir, 'llamaindex-call.wav');
  let transcripts: Document[] = [];

  await report.step('AnyIntAudioReader: generated speech -> one document per segment', async () => {
    const speech = await client.audio.speech.create({
      model: models.speech,
      input: 'Your parcel left our warehouse today. Refunds are paid within five days.',
      voice: 'alloy',
      response_format: 'wav',
    });
    await writeFile(callPath, await speech.bytes());
    const reader = new AnyIntAudioReader({ client, model: models.transcription, splitSegments: true });
    transcripts = await reader.loadData(callPath);
    return transcripts
      .map((d) => `[${d.metadata.start}-${d.metadata.end} s] "${d.getContent(MetadataMode.NONE)}"`)
      .join(', ');
  });

  await report.step('AnyIntAudioReader (translate: true) -> /audio/translations', async () => {
    const reader = new AnyIntAudioReader({ client, model: models.transcription, translate: true });
    const [doc] = await reader.loadData(callPath);
    return `"${doc?.getContent(MetadataMode.NONE)}" (${doc?.metadata.language ?? 'language unknown'})`;
  });

  await report.step('AnyIntEmbedding + VectorStoreIndex + retriever', async () => {
    const embedModel = new AnyIntEmbedding({ client, model: models.embedding, dimensions: 256 });
    const articles = [
      'Shipping to Europe takes two weeks by sea freight.',
      'Reset your account password from the login page.',
      'Our office cat is called Biscuit.',
    ];
    const documents = [...articles.map((text) => new Document({ text })), ...transcripts];
    // Scoped, so the demo leaves LlamaIndex's global Settings as it found them.
    return Settings.withEmbedModel(embedModel, async () => {
      const index = await VectorStoreIndex.fromDocuments(documents);
      const query = 'when are refunds paid';
      const [best] = await index.asRetriever({ similarityTopK: 1 }).retrieve({ query });
      const text = best?.node.getContent(MetadataMode.NONE) ?? '';
      if (!/refund/i.test(text)) throw new Error(`"${query}" retrieved "${text}"`);
      const source = best?.node.metadata.file_name ? ` from ${best.node.metadata.file_name}` : '';
      return `${documents.length} documents; "${query}" -> "${text}"${source} (score ${best?.score?.toFixed(3)}); ${embedModel.embedInfo?.dimensions} dims`;
    });
  });

  const tools = createAnyIntTools({
    client,
    outputDir: outDir,
    inputDir: outDir,
    imageModel: models.image,
    imageSize: '1024x1024',
    speechModel: models.speech,
    speechFormat: 'wav',
    transcriptionModel: models.transcription,
    translationModel: models.transcription,
    moderationModel: models.moderation,
    videoModel: models.video,
    videoSeconds: '5',
  });
  const byName = new Map(tools.map((tool) => [tool.metadata.name, tool]));
  const inputs: Record<string, unknown> = {
    generate_image: { prompt: 'a lighthouse at dusk' },
    text_to_speech: { text: 'Thank you for calling.' },
    transcribe_audio: { file_path: callPath, language: 'en' },
    translate_audio_to_english: { file_path: callPath },
    moderate_text: { text: 'I will hurt you' },
    generate_video: { prompt: 'waves rolling onto a beach at dusk' },
  };
  for (const [name, input] of Object.entries(inputs)) {
    await report.step(`tool ${name}`, async () => {
      const tool = byName.get(name);
      if (!tool) throw new Error(`no ${name} tool`);
      const result = await tool.call(input as never);
      // The tool answers with the image URLs; those end with the emulator (or expire upstream).
      const images = (result as { images?: { url?: string; b64_json?: string }[] }).images ?? [];
      const saved = await Promise.all(
        images.map((image, i) =>
          saveImage(outDir, `llamaindex-tool-image-${i}.png`, { url: image.url, data: image.b64_json }),
        ),
      );
      return `${JSON.stringify(result)}${saved.length ? ` -> ${saved.map(shown).join(', ')}` : ''}`;
    });
  }

  await report.step('tool input validation (generate_image without a prompt)', async () => {
    const error = await byName
      .get('generate_image')
      ?.call({ size: '1024x1024' } as never)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    if (!(error instanceof Error)) throw new Error('an invalid call was accepted');
    return `${error.name} (field ${(error as { field?: string }).field}): ${error.message}`;
  });
}
