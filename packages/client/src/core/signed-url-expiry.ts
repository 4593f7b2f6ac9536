/**
 * When a signed storage URL stops working, in Unix seconds, read from its query string; undefined
 * when it carries no expiry. Upstreams hand out image and video URLs from buckets whose signatures
 * expire (often within an hour), so callers need to know how long they have to fetch them.
 *
 * Read forms: AWS SigV4, GCS V4 and Alibaba OSS V4 (`X-Amz-Date` + `X-Amz-Expires` and their
 * `X-Goog-`/`x-oss-` twins: a start and a lifetime), `Expires` (an absolute Unix time: S3 SigV2,
 * OSS V1, CloudFront, GCS V2), Azure SAS `se` (an ISO date) and Tencent COS `q-sign-time`
 * (`start;end`).
 */
export function signedURLExpiry(url: string): number | undefined {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  // Parameter names are case-insensitive in practice (OSS writes `x-oss-expires`, S3 `X-Amz-Expires`).
  const query = new Map<string, string>();
  for (const [name, value] of params) query.set(name.toLowerCase(), value);

  for (const prefix of ['x-amz-', 'x-goog-', 'x-oss-']) {
    const start = compactDate(query.get(`${prefix}date`));
    const lifetime = wholeNumber(query.get(`${prefix}expires`));
    if (start !== undefined && lifetime !== undefined) return start + lifetime;
  }
  const expires = wholeNumber(query.get('expires'));
  if (expires !== undefined && expires > 1e9) return expires;
  const sasEnd = Date.parse(query.get('se') ?? '');
  if (query.has('sig') && !Number.isNaN(sasEnd)) return Math.floor(sasEnd / 1000);
  const cosEnd = wholeNumber(query.get('q-sign-time')?.split(';')[1]);
  if (cosEnd !== undefined) return cosEnd;
  return undefined;
}

function wholeNumber(value: string | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** `20250102T030405Z` (the signing date of SigV4 and its twins) as Unix seconds. */
function compactDate(value: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
}
