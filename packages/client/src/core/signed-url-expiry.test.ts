import { describe, expect, it } from 'vitest';
import { signedURLExpiry } from './signed-url-expiry.js';

const JAN_2_2025 = Date.UTC(2025, 0, 2, 3, 4, 5) / 1000;

describe('signedURLExpiry', () => {
  it.each([
    [
      'AWS SigV4',
      'https://b.s3.amazonaws.com/i.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250102T030405Z&X-Amz-Expires=3600&X-Amz-Signature=ab',
      JAN_2_2025 + 3600,
    ],
    [
      'GCS V4',
      'https://storage.googleapis.com/b/i.png?X-Goog-Date=20250102T030405Z&X-Goog-Expires=900&X-Goog-Signature=ab',
      JAN_2_2025 + 900,
    ],
    [
      'OSS V4, lower case',
      'https://b.oss-cn-beijing.aliyuncs.com/i.png?x-oss-date=20250102T030405Z&x-oss-expires=86400&x-oss-signature=ab',
      JAN_2_2025 + 86400,
    ],
    [
      'Expires (S3 SigV2, OSS V1, CloudFront)',
      'https://b.oss-cn-beijing.aliyuncs.com/i.png?OSSAccessKeyId=k&Expires=1735787045&Signature=ab',
      1735787045,
    ],
    [
      'Azure SAS',
      'https://a.blob.core.windows.net/c/i.png?sv=2022-11-02&se=2025-01-02T03%3A04%3A05Z&sp=r&sig=ab',
      JAN_2_2025,
    ],
    [
      'Tencent COS',
      'https://b.cos.ap-guangzhou.myqcloud.com/i.png?q-sign-algorithm=sha1&q-sign-time=1735787045%3B1735790645&q-signature=ab',
      1735790645,
    ],
  ])('reads %s', (_, url, expected) => {
    expect(signedURLExpiry(url)).toBe(expected);
  });

  it.each([
    'https://cdn.example.com/i.png',
    'https://cdn.example.com/i.png?X-Amz-Expires=3600',
    'https://cdn.example.com/i.png?expires=soon',
    'https://cdn.example.com/i.png?se=2025-01-02',
    'not a url',
  ])('finds nothing in %s', (url) => {
    expect(signedURLExpiry(url)).toBeUndefined();
  });
});
