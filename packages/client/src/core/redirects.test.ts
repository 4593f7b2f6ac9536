import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyInt } from '../index.js';

// Two loopback servers: the API, which redirects downloads, and a storage host on another origin.
const seen: { host: 'api' | 'storage'; headers: IncomingHttpHeaders }[] = [];
let api: Server;
let storage: Server;
let apiURL: string;
let storageURL: string;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

beforeAll(async () => {
  storage = createServer((request, response) => {
    seen.push({ host: 'storage', headers: request.headers });
    response.writeHead(200, { 'content-type': 'video/mp4' }).end('movie-bytes');
  });
  api = createServer((request, response) => {
    seen.push({ host: 'api', headers: request.headers });
    if (request.url?.endsWith('/same/content'))
      response.writeHead(302, { location: '/openai/v1/files/other/content' }).end();
    else if (request.url?.endsWith('/other/content')) response.writeHead(200).end('same-origin-bytes');
    else response.writeHead(307, { location: `${storageURL}/signed/video.mp4?sig=abc` }).end();
  });
  storageURL = await listen(storage);
  apiURL = await listen(api);
});
afterAll(() => {
  api.close();
  storage.close();
});

const SECRETS = {
  'api-key': 'sk-redirect-secret',
  'x-api-key': 'sk-redirect-secret',
  cookie: 'session=secret',
  'proxy-authorization': 'Basic c2VjcmV0',
};

// The same policy whichever transport sends: undici by default, or a fetch, which must not follow
// redirects by itself (the runtime would keep the headers the client drops).
describe.each([
  ['undici', undefined],
  ['fetch', globalThis.fetch],
] as const)('downloads over %s', (_name, fetch) => {
  const client = () =>
    new AnyInt({
      apiKey: 'sk-redirect-secret',
      baseURL: `${apiURL}/openai/v1`,
      defaultHeaders: SECRETS,
      ...(fetch ? { fetch } : {}),
    });

  it('follow a redirect to a storage host without any credential header', async () => {
    seen.length = 0;
    const content = await client().videos.content('video_1');
    expect(await content.text()).toBe('movie-bytes');
    expect(seen.map((s) => s.host)).toEqual(['api', 'storage']);
    expect(seen[0]?.headers.authorization).toBe('Bearer sk-redirect-secret');
    for (const name of Object.keys(SECRETS)) expect(seen[0]?.headers[name]).toBeDefined();
    const sent = seen[1]?.headers ?? {};
    for (const name of ['authorization', ...Object.keys(SECRETS)]) expect(sent[name]).toBeUndefined();
  });

  it('keep the key on a redirect within the same origin', async () => {
    seen.length = 0;
    expect(await (await client().files.content('same')).text()).toBe('same-origin-bytes');
    expect(seen.map((s) => s.headers.authorization)).toEqual([
      'Bearer sk-redirect-secret',
      'Bearer sk-redirect-secret',
    ]);
    expect(seen[1]?.headers['x-api-key']).toBe('sk-redirect-secret');
  });
});
