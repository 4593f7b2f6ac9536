/**
 * E3: upload (`--direction upload --file PATH`) or download (`--direction download --file-id ID
 * --out PATH`) one large file with one contender: throughput and RSS growth over the transfer.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { API_KEY, measure, scenarioArgs } from './measure.js';

const { contender, url, values } = scenarioArgs();
const direction = values.direction;
const PURPOSE = 'assistants';

type Transfer = () => Promise<number>;

async function rawUndici(): Promise<Transfer> {
  const { Agent, FormData, request } = await import('undici');
  const dispatcher = new Agent();
  const headers = { authorization: `Bearer ${API_KEY}` };
  // One small request first, as for the client: the connection and its buffers exist before measuring.
  await (await request(`${url}/files?limit=1`, { dispatcher, headers })).body.dump();
  if (direction === 'upload') {
    const path = required('file');
    return async () => {
      // A file-backed Blob: undici streams it from disk as it sends the multipart body.
      const form = new FormData();
      form.append('purpose', PURPOSE);
      form.append('file', await openAsBlob(path, { type: 'application/octet-stream' }), 'bench-upload.bin');
      const { statusCode, body } = await request(`${url}/files`, {
        method: 'POST',
        dispatcher,
        headers,
        body: form,
      });
      const json = (await body.json()) as { bytes: number };
      if (statusCode !== 200) throw new Error(`HTTP ${statusCode}: ${JSON.stringify(json)}`);
      return json.bytes;
    };
  }
  const id = required('file-id');
  const out = required('out');
  return async () => {
    const { statusCode, body } = await request(`${url}/files/${id}/content`, { dispatcher, headers });
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
    await pipeline(body, createWriteStream(out));
    return (await stat(out)).size;
  };
}

async function anyintClient(): Promise<Transfer> {
  const { AnyInt, fileFromPath } = await import('@anyint/client');
  const client = new AnyInt({ apiKey: API_KEY, baseURL: url });
  // The client loads undici at its first request: make that happen before measuring, as the raw
  // loop's import does, so the transfer's RSS growth and CPU are the transfer's own.
  await client.files.list({ limit: 1 });
  if (direction === 'upload') {
    const path = required('file');
    return async () =>
      (await client.files.create({ file: await fileFromPath(path), purpose: PURPOSE })).bytes;
  }
  const id = required('file-id');
  const out = required('out');
  return async () => {
    await (await client.files.content(id)).writeToFile(out);
    return (await stat(out)).size;
  };
}

function required(name: string): string {
  const value = values[name];
  if (!value) throw new Error(`--${name} is required for ${direction}`);
  return value;
}

const CONTENDERS: Record<string, () => Promise<Transfer>> = {
  undici: rawUndici,
  'anyint-client': anyintClient,
};
const setup = CONTENDERS[contender];
if (!setup) throw new Error(`unknown E3 contender '${contender}'`);
if (direction !== 'upload' && direction !== 'download') throw new Error('--direction upload|download');
const transfer = await setup();

try {
  await measure(async () => ({ bytes: await transfer() }));
} finally {
  if (direction === 'download') await unlink(required('out')).catch(() => {});
}
