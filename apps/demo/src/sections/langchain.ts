import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AnyIntAudioTranscriptLoader,
  AnyIntEmbeddings,
  createAnyIntTools,
  type ImageGenerationArtifact,
  type SpeechArtifact,
  type VideoGenerationArtifact,
} from '@anyint/langchain';
import { anyintModerationMiddleware } from '@anyint/langchain/middleware';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import type { Document } from '@langchain/core/documents';
import { HumanMessage, type ToolMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { createAgent, FakeToolCallingModel } from 'langchain';
import type { DemoContext } from '../context.js';
import { saveImage, shown } from '../files.js';

const talks = {
  'refunds.wav': 'Refunds are paid back to your card within five business days.',
  'shipping.wav': 'We ship parcels worldwide with tracked couriers.',
  'passwords.wav': 'You can reset your password from the account settings page.',
};

function short(text: unknown, length = 90): string {
  const value = String(text).replace(/\s+/g, ' ');
  return value.length > length ? `${value.slice(0, length)}…` : value;
}

/** LangChain.js through @anyint/langchain: loader, embeddings in a vector store, every tool, the middleware. */
export async function runLangChainSection({ client, models, report, outDir }: DemoContext) {
  report.section('@anyint/langchain');

  let docs: Document[] = [];
  await report.step('AnyIntAudioTranscriptLoader on generated speech', async () => {
    const paths: string[] = [];
    for (const [name, text] of Object.entries(talks)) {
      const speech = await client.audio.speech.create({
        model: models.speech,
        input: text,
        voice: 'alloy',
        response_format: 'wav',
      });
      const path = join(outDir, name);
      await speech.writeToFile(path);
      paths.push(path);
    }
    const loader = new AnyIntAudioTranscriptLoader(paths, {
      model: models.transcription,
      responseFormat: 'verbose_json',
      client,
    });
    docs = await loader.load();
    const first = docs[0];
    return `${docs.length} documents; first: "${short(first?.pageContent, 60)}" (${Number(first?.metadata.duration).toFixed(1)} s, ${first?.metadata.language})`;
  });

  await report.step('AnyIntEmbeddings + MemoryVectorStore similarity search', async () => {
    const embeddings = new AnyIntEmbeddings({ model: models.embedding, dimensions: 1024, client });
    const store = await MemoryVectorStore.fromDocuments(docs, embeddings);
    const query = 'how long until my refund is paid back?';
    const [[best, score] = []] = await store.similaritySearchWithScore(query, 1);
    return `"${query}" -> "${short(best?.pageContent, 60)}" (score ${score?.toFixed(3)})`;
  });

  const tools = createAnyIntTools({
    client,
    imageModel: models.image,
    speechModel: models.speech,
    transcriptionModel: models.transcription,
    translationModel: models.transcription,
    moderationModel: models.moderation,
    videoModel: models.video,
    imageSize: '1024x1024',
    speechFormat: 'wav',
    videoSeconds: '5',
    outputDir: outDir,
    inputDir: outDir,
  });
  const byName = new Map(tools.map((t) => [t.name, t]));
  const invoke = async (
    name: string,
    args: Record<string, unknown>,
    config?: RunnableConfig,
  ): Promise<ToolMessage> => {
    const tool = byName.get(name) as StructuredToolInterface;
    return (await tool.invoke({ id: `demo-${name}`, name, args, type: 'tool_call' }, config)) as ToolMessage;
  };

  await report.step('tool generate_image', async () => {
    const message = await invoke('generate_image', { prompt: 'a red fox in snow' });
    const { images } = message.artifact as ImageGenerationArtifact;
    const image = images[0];
    if (!image) throw new Error('the artifact has no image');
    const kind = image.url ? 'url' : `${image.mimeType} data`;
    const path = await saveImage(outDir, 'langchain-tool-image.png', image);
    return `content "${short(message.content)}"; artifact: ${images.length} image block(s) (${kind}) -> ${shown(path)}`;
  });

  await report.step('tool text_to_speech', async () => {
    const message = await invoke('text_to_speech', { text: 'Hello from the LangChain tool.' });
    const { audio, size } = message.artifact as SpeechArtifact;
    const path = join(outDir, 'langchain-tool-speech.wav');
    await writeFile(path, Buffer.from(String(audio.data), 'base64'));
    return `content "${short(message.content)}"; artifact ${audio.mimeType}, ${size} bytes -> ${shown(path)}`;
  });

  for (const name of ['transcribe_audio', 'translate_audio_to_english']) {
    await report.step(`tool ${name}`, async () => {
      const message = await invoke(name, { file_path: 'shipping.wav' });
      return `content "${short(message.content)}"; artifact source ${message.artifact.source}`;
    });
  }

  await report.step('tool moderate_text', async () => {
    const message = await invoke('moderate_text', { text: 'I will hurt you' });
    return `content "${short(message.content)}"; artifact flagged=${message.artifact.flagged}`;
  });

  await report.step('tool generate_video (progress as custom callback events)', async () => {
    let events = 0;
    const message = await invoke(
      'generate_video',
      { prompt: 'a red fox running through snow' },
      { callbacks: [{ handleCustomEvent: () => void events++ }] },
    );
    const { path, thumbnail } = message.artifact as VideoGenerationArtifact;
    const thumbnailPath =
      thumbnail && (await saveImage(outDir, 'langchain-tool-video-thumbnail.png', thumbnail));
    const files = [path, thumbnailPath].filter((file) => file !== undefined).map(shown);
    return `${events} progress events -> ${files.join(', ')}`;
  });

  // A fake chat model that echoes its input stands in for a real one: the middleware is what is shown.
  for (const [label, text] of [
    ['flagged', 'I will hurt you'],
    ['clean', 'what is the refund policy?'],
  ] as const) {
    await report.step(`anyintModerationMiddleware on ${label} input`, async () => {
      const agent = createAgent({
        model: new FakeToolCallingModel(),
        middleware: [anyintModerationMiddleware({ client, model: models.moderation })],
      });
      const { messages } = await agent.invoke({ messages: [new HumanMessage(text)] });
      return `"${text}" -> ${messages.length} messages, last: "${short(messages.at(-1)?.text)}"`;
    });
  }
}
