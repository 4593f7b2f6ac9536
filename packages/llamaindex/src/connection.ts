import {
  type Connection,
  type ConnectionOptions,
  connectAdapter,
  type OpenAIClientSpelling,
} from '@anyint/client/adapter-kit';

/**
 * How an adapter reaches AnyInt: an existing `client`, or the settings to build one (else
 * `ANYINT_API_KEY` and `ANYINT_BASE_URL`). With `client`, `timeout`, `maxRetries` and `headers` apply
 * to each request; `apiKey`, `baseURL` and `fetch` are refused, the client has its own. Retries are
 * the client's (LlamaIndex has no retry layer of its own).
 */
export interface AnyIntClientOptions extends ConnectionOptions {
  /**
   * The OpenAI client options as LlamaIndex's `OpenAIEmbedding` takes them: `baseURL`,
   * `defaultHeaders`, `fetch`, `apiKey`, `timeout` and `maxRetries` are used; any other key is
   * refused (`AnyIntValidationError`).
   */
  additionalSessionOptions?: OpenAIClientSpelling | undefined;
}

/** The connection of a LlamaIndex class or tool, whose own option names are the keys of `own`. */
export function llamaindexConnection(options: AnyIntClientOptions, adapter: string, own: object): Connection {
  return connectAdapter(options, { adapter, nativeOption: 'additionalSessionOptions' }, Object.keys(own));
}
