import * as client from '@anyint/client';
import {
  imageToolSpec,
  moderationToolSpec,
  speechToolSpec,
  TOOL_NAMES,
  transcriptionToolSpec,
  translationToolSpec,
  videoToolSpec,
} from '@anyint/client/adapter-kit';
import * as clientErrors from '@anyint/client/errors';
import { describe, expect, it } from 'vitest';
import * as root from './index.js';
import { AnyIntEmbeddings, createAnyIntTools, createModerationTool } from './index.js';
import { anyintModerationMiddleware } from './middleware.js';
import { useEmulator } from './test-support.js';

const ctx = useEmulator();
const model = 'text-embedding-3-small';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the same connection options as every adapter', () => {
  it('uses configuration.baseURL and apiKey as OpenAIEmbeddings users pass them, instead of dropping them', async () => {
    const embeddings = new AnyIntEmbeddings({
      model,
      configuration: { baseURL: ctx.emulator.url, apiKey: ctx.apiKey },
    });
    expect(await embeddings.embedQuery('hello')).toHaveLength(1536);
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
  });

  it('refuses a configuration key with no AnyInt meaning', () => {
    const error = thrown(
      () => new AnyIntEmbeddings({ model, apiKey: 'k', configuration: { organization: 'org' } as never }),
    );
    expect(error).toMatchObject({ name: 'AnyIntValidationError', field: 'configuration.organization' });
  });

  it('refuses an option it does not know, naming it, in every class and tool', () => {
    const cases: [string, () => unknown][] = [
      ['AnyIntEmbeddings', () => new AnyIntEmbeddings({ model, apiKey: 'k', baseUrl: 'x' } as never)],
      [
        'createAnyIntTools',
        () => createAnyIntTools({ imageModel: 'x', apiKey: 'k', audioDir: '.' } as never),
      ],
      [
        'createModerationTool',
        () => createModerationTool({ model: 'x', apiKey: 'k', modelName: 'y' } as never),
      ],
      [
        'anyintModerationMiddleware',
        () => anyintModerationMiddleware({ apiKey: 'k', exitBehaviour: 'end' } as never),
      ],
    ];
    for (const [adapter, run] of cases) {
      const error = thrown(run);
      expect(client.AnyIntValidationError.isInstance(error), adapter).toBe(true);
      expect((error as Error).message, adapter).toContain(`${adapter}: unknown option`);
    }
  });

  it('takes timeout (a client setting) and concurrency, with maxConcurrency as its LangChain alias', async () => {
    const built = new AnyIntEmbeddings({
      model,
      apiKey: ctx.apiKey,
      baseURL: ctx.emulator.url,
      timeout: 1234,
    });
    expect(built.client.timeout).toBe(1234);
    expect(new AnyIntEmbeddings({ model, client: ctx.client(), concurrency: 3 }).concurrency).toBe(3);
    expect(new AnyIntEmbeddings({ model, client: ctx.client(), maxConcurrency: 2 }).concurrency).toBe(2);
    const clash = thrown(
      () => new AnyIntEmbeddings({ model, client: ctx.client(), concurrency: 1, maxConcurrency: 2 }),
    );
    expect(clash).toMatchObject({ field: 'maxConcurrency' });
  });

  it('refuses client together with apiKey, in tools too', () => {
    expect(
      thrown(() => createModerationTool({ model: 'm', client: ctx.client(), apiKey: 'k' })),
    ).toMatchObject({
      field: 'client',
    });
  });
});

describe('the same tools as @anyint/llamaindex', () => {
  it('names the tools and their arguments as the kit does', () => {
    const tools = createAnyIntTools({
      client: ctx.client(),
      imageModel: 'kling-v3-omni',
      speechModel: 'tts-1',
      transcriptionModel: 'whisper-1',
      translationModel: 'whisper-1',
      moderationModel: 'omni-moderation-latest',
      videoModel: 'kling-v3',
    });
    expect(tools.map((tool) => tool.name)).toEqual(Object.values(TOOL_NAMES));
    const specs = [
      imageToolSpec('kling-v3-omni'),
      speechToolSpec(),
      transcriptionToolSpec({}),
      translationToolSpec({}),
      moderationToolSpec(),
      videoToolSpec('kling-v3'),
    ];
    expect(tools.map((tool) => tool.schema)).toEqual(specs.map((spec) => spec.schema));
  });

  // Against the client's errors entry as a namespace: a class added to the client is checked here
  // without an edit (the client's own test holds that entry to every class it has).
  it('re-exports every error class of the client, the same objects', () => {
    const classes = Object.entries(clientErrors);
    expect(classes.length).toBeGreaterThan(20);
    for (const [name, value] of classes) {
      expect((root as Record<string, unknown>)[name], name).toBe(value);
    }
  });
});
