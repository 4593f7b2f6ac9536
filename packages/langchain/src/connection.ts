import {
  CONNECTION_OPTIONS,
  type Connection,
  type ConnectionOptions,
  connect,
  type OpenAIClientSpelling,
  rejectUnknownOptions,
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

/** The option names of `AnyIntClientOptions`. */
const CLIENT_OPTIONS = [...CONNECTION_OPTIONS, 'configuration'];

/**
 * The connection of a LangChain class or tool. Options it does not know (`own` lists its own) throw
 * an `AnyIntValidationError` naming them; TypeScript refuses them at compile time too.
 */
export function langchainConnection(
  options: AnyIntClientOptions,
  adapter: string,
  own: Readonly<Record<string, true>>,
): Connection {
  rejectUnknownOptions(options, [...CLIENT_OPTIONS, ...Object.keys(own)], adapter);
  return connect(options, { adapter, nativeOption: 'configuration' });
}
