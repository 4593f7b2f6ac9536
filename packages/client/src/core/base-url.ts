/** The AnyInt gateway's OpenAI-compatible API root. */
export const DEFAULT_BASE_URL = 'https://gateway.api.anyint.ai/openai/v1';

const API_PREFIX = '/openai/v1';

/**
 * What is wrong with a base URL that answered 404, naming the base URL to use instead; undefined
 * when it looks right. A base URL without the gateway's `/openai/v1` prefix (or with `/v1` twice)
 * explains a 404 whatever its body says (an HTML page, or the JSON of a server that does not know
 * the path), so this is the sentence the user needs, the one place that words it.
 *
 * @example
 * baseURLProblem('https://api.anyint.ai');
 * // 'The base URL "https://api.anyint.ai" lacks the /openai/v1 prefix: use https://gateway.api.anyint.ai/openai/v1'
 */
export function baseURLProblem(baseURL: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, '');
  const given = `The base URL "${baseURL}"`;
  if (/\/v1\/v1$/.test(path)) return `${given} repeats /v1: use ${url.origin}${path.slice(0, -3)}`;
  // The gateway's own host has one right path; elsewhere (a proxy, the emulator) only the prefix is known.
  if (/(^|\.)anyint\.ai$/i.test(url.hostname)) {
    return path === API_PREFIX
      ? undefined
      : `${given} lacks the ${API_PREFIX} prefix: use ${DEFAULT_BASE_URL}`;
  }
  if (/\/v1$/.test(path)) return undefined;
  const missing = path.endsWith('/openai') ? '/v1' : API_PREFIX;
  return `${given} lacks the ${missing} prefix: use ${url.origin}${path}${missing}`;
}
