import {
  type Connection,
  type ConnectionOptions,
  connectAdapter,
  type OpenAIClientSpelling,
} from '@anyint/client/adapter-kit';

/**
 * How an adapter reaches AnyInt: an existing `client`, or the settings to build one (else
 * `ANYINT_API_KEY` and `ANYINT_BASE_URL`). With `client`, `timeout`, `maxRetries` and `headers` apply
 * to each request; `apiKey`, `baseURL` and `fetch` are refused, the client has its own.
 */
export interface AnyIntClientOptions extends ConnectionOptions {
  /**
   * The OpenAI client options as `OpenAIEmbeddings` takes them: `baseURL`, `apiKey`, `defaultHeaders`,
   * `fetch`, `timeout` and `maxRetries` are used; any other key is refused (`AnyIntValidationError`).
   */
  configuration?: OpenAIClientSpelling | undefined;
}

/** The connection of a LangChain class or tool, whose own option names are the keys of `own`. */
export function langchainConnection(options: AnyIntClientOptions, adapter: string, own: object): Connection {
  return connectAdapter(options, { adapter, nativeOption: 'configuration' }, Object.keys(own));
}
