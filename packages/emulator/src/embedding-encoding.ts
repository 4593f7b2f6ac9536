import { endianness } from 'node:os';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** JSON array text of a vector; float32 values printed as doubles, exactly like OpenAI's responses. */
export function floatArrayJson(vector: Float32Array): string {
  return `[${vector.join(',')}]`;
}

/** OpenAI's base64 format: the little-endian float32 bytes of the vector. */
export function float32Base64(vector: Float32Array): string {
  if (LITTLE_ENDIAN_HOST) {
    return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
  }
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes.toString('base64');
}
