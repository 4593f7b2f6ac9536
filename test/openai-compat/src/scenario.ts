/**
 * One script written against `openai@6`, for every route both SDKs have. It takes the SDK as a
 * module (`import * as sdk from 'openai'` or `from '@anyint/client'`), so the only difference
 * between the two runs is the import. It returns what a user would look at, with the values that
 * differ on every run (ids, timestamps) replaced by their pattern, so two runs compare equal.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type * as OpenAISDK from 'openai';

export type SDK = Pick<typeof OpenAISDK, 'default' | 'toFile'>;

export interface Target {
  baseURL: string;
  apiKey: string;
}

type Record = { [key: string]: unknown };

const ID = /^(?<prefix>[a-z]+[_-])[A-Za-z0-9_-]{6,}$/;
const TIME_FIELDS =
  /^(created|created_at|completed_at|expires_at|started_at|cancelled_at|failed_at|in_progress_at|finalizing_at|expired_at|cancelling_at|incomplete_at)$/;

/** The value with ids replaced by `<prefix>*` and timestamps by their type, recursively. */
export function shape(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => shape(item));
  if (value && typeof value === 'object') {
    const out: Record = {};
    for (const name of Object.keys(value).sort()) out[name] = shape((value as Record)[name], name);
    return out;
  }
  if (typeof value === 'number' && TIME_FIELDS.test(key)) return 'timestamp';
  if (typeof value === 'string') {
    const match = ID.exec(value);
    if (match && (key === 'id' || key.endsWith('_id') || key === 'after' || key === '')) {
      return `${match.groups?.prefix}*`;
    }
  }
  return value;
}

function digest(bytes: ArrayBuffer | Uint8Array): string {
  return `${bytes.byteLength} bytes, sha256 ${createHash('sha256').update(new Uint8Array(bytes)).digest('hex').slice(0, 16)}`;
}

interface WithResponse {
  withResponse(): Promise<{ data: unknown; response: Response; request_id: string | null }>;
}

/** What `withResponse()` and `_request_id` tell about one call. */
async function responseOf(call: WithResponse): Promise<Record> {
  const { data, response, request_id } = await call.withResponse();
  return {
    status: response.status,
    requestIdFromHeaders: request_id !== null && request_id === response.headers.get('x-request-id'),
    hiddenRequestId: (data as { _request_id?: unknown })._request_id === request_id,
    enumerableRequestId: Object.keys(data as object).includes('_request_id'),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs every shared route once and returns the results by step name. */
export async function scenario(sdk: SDK, target: Target): Promise<Record> {
  const OpenAI = sdk.default;
  const client = new OpenAI({ apiKey: target.apiKey, baseURL: target.baseURL, maxRetries: 0 });
  const out: Record = {};
  const step = (name: string, value: unknown) => {
    out[name] = shape(value);
  };

  // Embeddings: openai@6 asks for base64 and decodes it; vectors compared to 6 decimals.
  const embedded = await client.embeddings.create({
    model: 'text-embedding-3-small',
    input: ['a red fox', 'a blue whale'],
    dimensions: 8,
  });
  step('embeddings', {
    ...embedded,
    data: embedded.data.map((item) => ({ ...item, embedding: item.embedding.map((x) => x.toFixed(6)) })),
  });
  const {
    data: withResponse,
    response,
    request_id,
  } = await client.embeddings
    .create({ model: 'text-embedding-3-small', input: 'x', dimensions: 4 })
    .withResponse();
  step('embeddings.withResponse', {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestIdMatches: request_id === response.headers.get('x-request-id'),
    hiddenRequestId: (withResponse as { _request_id?: string })._request_id === request_id,
    keys: Object.keys(withResponse).sort(),
  });

  // Images.
  const images = await client.images.generate({
    model: 'dall-e-2',
    prompt: 'a red fox',
    size: '256x256',
    response_format: 'b64_json',
  });
  step('images.generate', {
    ...images,
    data: images.data?.map((item) => ({
      ...item,
      b64_json: item.b64_json ? digest(Buffer.from(item.b64_json, 'base64')) : undefined,
    })),
  });

  // Audio.
  const speech = await client.audio.speech.create({
    model: 'tts-1',
    input: 'the quick brown fox',
    voice: 'alloy',
    response_format: 'wav',
  });
  const wav = new Uint8Array(await speech.arrayBuffer());
  step('audio.speech.create', {
    isResponse: speech instanceof Response,
    status: speech.status,
    contentType: speech.headers.get('content-type'),
    bytes: digest(wav),
  });
  const transcription = await client.audio.transcriptions.create({
    file: await sdk.toFile(wav, 'fox.wav', { type: 'audio/wav' }),
    model: 'whisper-1',
  });
  step('audio.transcriptions.create', transcription);
  const verbose = await client.audio.transcriptions.create({
    file: await sdk.toFile(Buffer.from(wav), 'fox.wav'),
    model: 'whisper-1',
    response_format: 'verbose_json',
  });
  step('audio.transcriptions.create verbose_json', verbose);
  const text = await client.audio.transcriptions.create({
    file: await sdk.toFile(new Blob([wav], { type: 'audio/wav' }), 'fox.wav'),
    model: 'whisper-1',
    response_format: 'text',
  });
  step('audio.transcriptions.create text', text);
  const translation = await client.audio.translations.create({
    file: await sdk.toFile(wav.buffer, 'fox.wav'),
    model: 'whisper-1',
  });
  step('audio.translations.create', translation);
  const fromResponse = await client.audio.transcriptions.create({
    file: await sdk.toFile(new Response(wav), 'fox.wav'),
    model: 'whisper-1',
  });
  step('toFile(Response)', fromResponse);
  const fromStream = await client.audio.transcriptions.create({
    file: await sdk.toFile(Readable.from([Buffer.from(wav)]), 'fox.wav'),
    model: 'whisper-1',
  });
  step('toFile(stream)', fromStream);
  step(
    'audio.transcriptions.create withResponse',
    await responseOf(
      client.audio.transcriptions.create({ file: await sdk.toFile(wav, 'fox.wav'), model: 'whisper-1' }),
    ),
  );
  step(
    'images.generate withResponse',
    await responseOf(client.images.generate({ model: 'dall-e-2', prompt: 'a fox', size: '256x256' })),
  );
  step('moderations.create withResponse', await responseOf(client.moderations.create({ input: 'hello' })));

  // Moderations.
  step(
    'moderations.create',
    await client.moderations.create({ model: 'omni-moderation-latest', input: ['hello', 'I will kill you'] }),
  );

  // Files.
  const lines = ['a', 'b', 'c'].map((input, i) =>
    JSON.stringify({
      custom_id: `line-${i}`,
      method: 'POST',
      url: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input, dimensions: 4 },
    }),
  );
  const jsonl = `${lines.join('\n')}\n`;
  const file = await client.files.create({
    file: await sdk.toFile(Buffer.from(jsonl), 'batch.jsonl'),
    purpose: 'batch',
  });
  step('files.create', file);
  step('files.retrieve', await client.files.retrieve(file.id));
  step('files.retrieve withResponse', await responseOf(client.files.retrieve(file.id)));
  const page = await client.files.list();
  step('files.list', {
    ids: page.data.map((f) => f.id),
    hasNextPage: page.hasNextPage(),
  });
  const first = await client.files.list({ limit: 1 });
  const next = first.hasNextPage() ? await first.getNextPage() : undefined;
  step('files.list getNextPage', { first: first.data.length, next: next?.data.map((f) => f.filename) });
  const listed: string[] = [];
  for await (const f of client.files.list({ limit: 1 })) listed.push(f.id);
  step('files.list for await', listed);
  const content = await client.files.content(file.id);
  step('files.content', { isResponse: content instanceof Response, text: await content.text() });

  // Batches.
  const batch = await client.batches.create({
    input_file_id: file.id,
    endpoint: '/v1/embeddings',
    completion_window: '24h',
  });
  step('batches.create', batch);
  let finished = await client.batches.retrieve(batch.id);
  for (
    let i = 0;
    i < 500 && !['completed', 'failed', 'expired', 'cancelled'].includes(finished.status);
    i++
  ) {
    await sleep(20);
    finished = await client.batches.retrieve(batch.id);
  }
  step('batches.retrieve', finished);
  step('batches.retrieve withResponse', await responseOf(client.batches.retrieve(batch.id)));
  step(
    'batches.list',
    (await client.batches.list()).data.map((b) => b.id),
  );
  if (finished.output_file_id) {
    const output = await (await client.files.content(finished.output_file_id)).text();
    step(
      'batch output',
      output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record)
        .map((line) => ({ custom_id: line.custom_id, status: (line.response as Record)?.status_code }))
        .sort((a, b) => String(a.custom_id).localeCompare(String(b.custom_id))),
    );
  }

  // Assistants.
  const assistant = await client.beta.assistants.create({
    model: 'gpt-4o',
    name: 'weather',
    instructions: 'Answer briefly.',
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ],
  });
  step('beta.assistants.create', assistant);
  step('beta.assistants.retrieve', await client.beta.assistants.retrieve(assistant.id));
  step(
    'beta.assistants.retrieve withResponse',
    await responseOf(client.beta.assistants.retrieve(assistant.id)),
  );
  step(
    'beta.assistants.update',
    await client.beta.assistants.update(assistant.id, { name: 'weather 2', metadata: { team: 'a' } }),
  );
  step('beta.assistants.list', (await client.beta.assistants.list({ limit: 5 })).data.length);

  // Threads and messages.
  const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'hello' }] });
  step('beta.threads.create', thread);
  step('beta.threads.retrieve', await client.beta.threads.retrieve(thread.id));
  step(
    'beta.threads.update',
    await client.beta.threads.update(thread.id, { metadata: { topic: 'weather' } }),
  );
  const message = await client.beta.threads.messages.create(thread.id, {
    role: 'user',
    content: 'call get_weather for Paris',
  });
  step('beta.threads.messages.create', message);
  step(
    'beta.threads.messages.retrieve',
    await client.beta.threads.messages.retrieve(message.id, { thread_id: thread.id }),
  );
  step(
    'beta.threads.messages.list',
    (await client.beta.threads.messages.list(thread.id, { order: 'asc' })).data.map((m) => m.content),
  );

  // Runs: a tool call, its output, the answer.
  const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
  step('beta.threads.runs.createAndPoll', run);
  const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
  const submitted = await client.beta.threads.runs.submitToolOutputs(run.id, {
    thread_id: thread.id,
    tool_outputs: calls.map((call) => ({ tool_call_id: call.id, output: '{"celsius": 21}' })),
  });
  step('beta.threads.runs.submitToolOutputs', submitted);
  const done = await client.beta.threads.runs.poll(run.id, { thread_id: thread.id });
  step('beta.threads.runs.poll', done);
  step(
    'beta.threads.runs.retrieve',
    await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id }),
  );
  step(
    'beta.threads.runs.retrieve withResponse',
    await responseOf(client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })),
  );
  step(
    'beta.threads.messages.retrieve withResponse',
    await responseOf(client.beta.threads.messages.retrieve(message.id, { thread_id: thread.id })),
  );
  step(
    'beta.threads.runs.list',
    (await client.beta.threads.runs.list(thread.id)).data.map((r) => r.status),
  );

  // Streaming, on a thread whose messages name no tool: the events by name, then the final run and
  // messages.
  const chat = await client.beta.threads.create({ messages: [{ role: 'user', content: 'tell me a story' }] });
  const stream = client.beta.threads.runs.stream(chat.id, { assistant_id: assistant.id });
  const events: string[] = [];
  for await (const event of stream) events.push(event.event);
  step('beta.threads.runs.stream events', events);
  step('beta.threads.runs.stream finalRun', await stream.finalRun());
  step(
    'beta.threads.runs.stream finalMessages',
    (await stream.finalMessages()).map((m) => m.content),
  );
  const helperEvents: string[] = [];
  const second = client.beta.threads.runs
    .stream(chat.id, { assistant_id: assistant.id })
    .on('textCreated', () => helperEvents.push('textCreated'))
    .on('textDone', () => helperEvents.push('textDone'))
    .on('messageDone', () => helperEvents.push('messageDone'));
  step('beta.threads.runs.stream helpers finalRun', await second.finalRun());
  step('beta.threads.runs.stream helper events', helperEvents);

  // Videos.
  const video = await client.videos.create({ model: 'sora-2', prompt: 'a red fox in snow', seconds: '4' });
  step('videos.create', video);
  let rendered = await client.videos.retrieve(video.id);
  for (let i = 0; i < 500 && (rendered.status === 'queued' || rendered.status === 'in_progress'); i++) {
    await sleep(20);
    rendered = await client.videos.retrieve(video.id);
  }
  step('videos.retrieve', rendered);
  step('videos.retrieve withResponse', await responseOf(client.videos.retrieve(video.id)));
  const mp4 = await client.videos.downloadContent(video.id);
  step('videos.downloadContent', {
    isResponse: mp4 instanceof Response,
    contentType: mp4.headers.get('content-type'),
    bytes: digest(await mp4.arrayBuffer()),
  });
  step(
    'videos.list',
    (await client.videos.list()).data.map((v) => v.id),
  );
  step('videos.delete', await client.videos.delete(video.id));

  // Deletes.
  step('beta.threads.delete', await client.beta.threads.delete(thread.id));
  step('beta.assistants.delete', await client.beta.assistants.delete(assistant.id));
  step('files.delete', await client.files.delete(file.id));

  // Errors: the class, as a static of the default export, and the request id.
  const error = await client.files.retrieve('file-doesnotexist').catch((e: unknown) => e);
  step('error', {
    isNotFound: error instanceof OpenAI.NotFoundError,
    isAPIError: error instanceof OpenAI.APIError,
    status: (error as { status?: number }).status,
    hasRequestID: typeof (error as { requestID?: unknown }).requestID === 'string',
  });
  return out;
}
