/** The Assistants API (assistants, threads, messages, runs) is versioned by this header. */
export const ASSISTANTS_BETA = { 'openai-beta': 'assistants=v2' } as const;
