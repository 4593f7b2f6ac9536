/**
 * E6, the limit-bound bench: every contender embeds the same corpus against an emulator that limits
 * the key to 300 requests and 1,200,000 tokens a minute with a 2-second burst, with its defaults.
 * Each run gets a fresh emulator (full buckets), in this process so its request log gives the 429s
 * and the tokens admitted; the contender runs in a fresh Node process as in E1.
 *
 * Run by `pnpm bench --only E6` (main.ts).
 */
import { type Emulator, startEmulator } from '@anyint/emulator';
import { runScenario } from './child.js';
import { API_KEY, type Measurement } from './scenarios/measure.js';

export const E6_LIMITS = { rpm: 300, tpm: 1_200_000, burstSeconds: 2 } as const;
export const E6_CONTENDERS = [
  'anyint-client',
  'anyint-langchain',
  'anyint-ai-sdk',
  'anyint-llamaindex',
  'openai',
  'langchain-openai',
  'ai-sdk-openai',
  'llamaindex-openai',
] as const;
/** A contender still running after this is stopped and reported as not finished. */
const TIMEOUT_MS = 150_000;

export interface LimitRun {
  contender: string;
  processes: number;
  finished: boolean;
  /** Wall time from the first request the emulator saw to the end of the last answer, ms. */
  elapsedMs: number;
  requests: number;
  refused: number;
  tokens: number;
  /** Tokens admitted over what the limit allowed in that time (the burst plus the rate). */
  utilisation: number;
  wrongVectors: number;
  note: string;
}

/** The emulator's count: a token per 4 characters of each input, at least one. */
function tokensOf(body: unknown): number {
  const input = (body as { input?: unknown } | undefined)?.input;
  const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [];
  return texts.reduce((sum: number, text) => sum + Math.max(1, Math.ceil(String(text).length / 4)), 0);
}

function summarise(
  emulator: Emulator,
): Pick<LimitRun, 'elapsedMs' | 'requests' | 'refused' | 'tokens' | 'utilisation'> {
  const log = emulator.requests.filter((r) => r.path.endsWith('/embeddings'));
  if (log.length === 0) return { elapsedMs: 0, requests: 0, refused: 0, tokens: 0, utilisation: 0 };
  const first = Math.min(...log.map((r) => r.startedAt));
  const last = Math.max(...log.map((r) => r.startedAt + r.durationMs));
  const admitted = log.filter((r) => r.status === 200 && !r.rateLimited);
  const tokens = admitted.reduce((sum, r) => sum + tokensOf(r.body), 0);
  const elapsedMs = last - first;
  const allowed = (E6_LIMITS.tpm / 60) * E6_LIMITS.burstSeconds + (E6_LIMITS.tpm / 60_000) * elapsedMs;
  return {
    elapsedMs,
    requests: log.length,
    refused: log.filter((r) => r.status === 429 || r.rateLimited).length,
    tokens,
    utilisation: tokens / allowed,
  };
}

async function runOnce(
  contender: string,
  docs: number,
  processes: number,
  checkUrl: string,
): Promise<LimitRun> {
  const emulator = await startEmulator({ apiKey: API_KEY, rateLimits: E6_LIMITS });
  const share = Math.ceil(docs / processes);
  const notes: string[] = [];
  try {
    const children = Array.from({ length: processes }, (_, p) =>
      runScenario(
        'e6-rate-limit.ts',
        [
          '--contender',
          contender,
          '--url',
          emulator.url,
          '--docs',
          String(docs),
          '--first-doc',
          String(p * share),
          '--count',
          String(Math.min(share, docs - p * share)),
          '--check-url',
          checkUrl,
        ],
        { timeoutMs: TIMEOUT_MS },
      ).catch((error: unknown): Measurement | undefined => {
        notes.push(
          String(error).includes('exit null')
            ? `stopped after ${TIMEOUT_MS / 1000} s`
            : String(error).slice(0, 200),
        );
        return undefined;
      }),
    );
    const results = await Promise.all(children);
    const finished = results.every((m) => m?.extra.finished === 1);
    const wrong = results.reduce((sum, m) => sum + Math.max(0, m?.extra.wrong ?? 0), 0);
    return {
      contender,
      processes,
      finished,
      wrongVectors: wrong,
      note: notes.join('; '),
      ...summarise(emulator),
    };
  } finally {
    await emulator.close();
  }
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export function renderLimitTable(runs: LimitRun[], docs: number): string {
  const lines = [
    `E6: ${docs} docs of ~50 tokens, limits ${E6_LIMITS.rpm} requests and ${E6_LIMITS.tpm.toLocaleString('en')} tokens a minute, ${E6_LIMITS.burstSeconds}-s burst, each contender with its defaults.`,
    '',
    '| contender | processes | finished | time | requests | 429s | 429 share | token limit used | wrong vectors (sampled) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const run of runs) {
    lines.push(
      `| ${run.contender} | ${run.processes} | ${run.finished ? 'yes' : `no${run.note ? ` (${run.note})` : ''}`} | ${(run.elapsedMs / 1000).toFixed(1)} s | ${run.requests} | ${run.refused} | ${percent(run.refused / Math.max(1, run.requests))} | ${percent(run.utilisation)} | ${run.finished ? run.wrongVectors : '-'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs E6 for the wanted contenders (all by default), then ours twice at once on one key, and
 * returns the runs and their table.
 */
export async function runE6(
  docs: number,
  wanted: (contender: string) => boolean,
): Promise<{ runs: LimitRun[]; markdown: string }> {
  const check = await startEmulator({ apiKey: API_KEY });
  const runs: LimitRun[] = [];
  try {
    const plan: [string, number][] = [
      ...E6_CONTENDERS.map((c): [string, number] => [c, 1]),
      ['anyint-client', 2],
    ];
    for (const [contender, processes] of plan) {
      if (!wanted(contender)) continue;
      console.error(`E6 ${contender}${processes > 1 ? `, ${processes} processes on one key` : ''}`);
      const run = await runOnce(contender, docs, processes, check.url);
      console.error(
        `  ${run.finished ? 'finished' : 'did not finish'} in ${(run.elapsedMs / 1000).toFixed(1)} s, ` +
          `${run.refused}/${run.requests} refused, ${percent(run.utilisation)} of the token limit`,
      );
      runs.push(run);
    }
  } finally {
    await check.close();
  }
  return { runs, markdown: renderLimitTable(runs, docs) };
}
