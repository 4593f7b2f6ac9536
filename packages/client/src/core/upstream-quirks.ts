/**
 * What the client learned about an upstream (base URL + model) from its answers: adapting to it is
 * not a retry, and it holds for every later call in the process.
 */
export interface UpstreamQuirks {
  /** The most inputs one embeddings request may carry, once an upstream stated it. */
  maxInputs?: number;
  /** The embeddings encoding the upstream accepts, set when it rejected the other one. */
  encoding?: 'float' | 'base64';
}

const learned = new Map<string, UpstreamQuirks>();

export function upstreamQuirks(baseURL: string, model: string): UpstreamQuirks {
  const key = `${baseURL}\n${model}`;
  let quirks = learned.get(key);
  if (!quirks) {
    quirks = {};
    learned.set(key, quirks);
  }
  return quirks;
}
