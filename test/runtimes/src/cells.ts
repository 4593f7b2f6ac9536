/** What the runner and the conformance script share: the environment, the capabilities, a result. */

/** What the runner passes in: where the emulator is and what it was set up with. */
export interface ConformanceEnv {
  runtime: string;
  baseURL: string;
  apiKey: string;
  /** A model the emulator answers only after `slowMs`. */
  slowModel: string;
  slowMs: number;
  /** A model whose first embeddings request the emulator answers with a 429. */
  rateLimitedModel: string;
  /** The float vector of `reference.input` at `reference.dimensions`, fetched by the runner with plain HTTP. */
  reference: { input: string; dimensions: number; vector: number[] };
}

export interface Cell {
  capability: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

/** The capabilities, in table order. */
export const CAPABILITIES = [
  'browser opt-in',
  'embeddings float',
  'embeddings base64',
  'core client',
  'image bytes',
  'speech bytes',
  'transcribe File/Blob',
  'stream upload',
  'file round trip',
  'run stream',
  'abort',
  'timeout',
  'retried 429',
  'ai-sdk embedMany',
  'ai-sdk generateImage',
] as const;
