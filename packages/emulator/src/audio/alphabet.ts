/**
 * Text <-> symbol mapping. 64 symbols fit one dual tone (8 low x 8 high frequencies). Case and any
 * Unicode character survive through SHIFT and ESC prefixes, so the round trip is exact after whitespace
 * normalisation (a transcript never carries newlines or runs of spaces).
 */
const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789 .,?!\'"-:;()/&%+=@#$*_';
export const SYMBOL_COUNT = 64;
const SHIFT = CHARS.length;
const ESC = SHIFT + 1;
const ESC_DIGITS = 4; // 64^4 > 0x10FFFF

const INDEX = new Map<string, number>([...CHARS].map((c, i) => [c, i]));

export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Symbols for each character, in order; `charOf[i]` is the index in the normalised text of symbol i. */
export function textToSymbols(text: string): { symbols: number[]; charOf: number[] } {
  const symbols: number[] = [];
  const charOf: number[] = [];
  let index = 0;
  for (const ch of normaliseText(text)) {
    const lower = ch.toLowerCase();
    const direct = INDEX.get(ch);
    if (direct !== undefined) {
      symbols.push(direct);
      charOf.push(index);
    } else if (lower !== ch && lower.length === 1 && INDEX.get(lower) !== undefined && /[a-z]/.test(lower)) {
      symbols.push(SHIFT, INDEX.get(lower)!);
      charOf.push(index, index);
    } else {
      let cp = ch.codePointAt(0)!;
      const digits: number[] = [];
      for (let d = 0; d < ESC_DIGITS; d++) {
        digits.unshift(cp % SYMBOL_COUNT);
        cp = Math.floor(cp / SYMBOL_COUNT);
      }
      symbols.push(ESC, ...digits);
      for (let d = 0; d <= ESC_DIGITS; d++) charOf.push(index);
    }
    index += ch.length;
  }
  return { symbols, charOf };
}

/** Decoded text plus, for each UTF-16 unit of it, the range of symbols that produced it. */
export function symbolsToText(symbols: readonly number[]): {
  text: string;
  firstSymbol: number[];
  lastSymbol: number[];
} {
  let text = '';
  const firstSymbol: number[] = [];
  const lastSymbol: number[] = [];
  const emit = (s: string, first: number, last: number): void => {
    text += s;
    for (let k = 0; k < s.length; k++) {
      firstSymbol.push(first);
      lastSymbol.push(last);
    }
  };
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i]!;
    if (s < CHARS.length) {
      emit(CHARS[s]!, i, i);
    } else if (s === SHIFT) {
      const next = symbols[i + 1];
      if (next !== undefined && next < 26) {
        emit(CHARS[next]!.toUpperCase(), i, i + 1);
        i++;
      }
    } else if (s === ESC && i + ESC_DIGITS < symbols.length) {
      let cp = 0;
      for (let d = 1; d <= ESC_DIGITS; d++) cp = cp * SYMBOL_COUNT + symbols[i + d]!;
      // A damaged escape must not throw on an impossible code point; show what a recogniser shows.
      emit(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', i, i + ESC_DIGITS);
      i += ESC_DIGITS;
    }
  }
  return { text, firstSymbol, lastSymbol };
}

/** 12-bit check over the symbols, sent as two trailing symbols so the decoder can tell a clean read. */
export function checksum(symbols: readonly number[]): [number, number] {
  let h = 0x811c9dc5;
  for (const s of symbols) h = Math.imul(h ^ (s + 1), 0x01000193) >>> 0;
  const folded = (h ^ (h >>> 12) ^ (h >>> 24)) & 0xfff;
  return [folded >>> 6, folded & 63];
}
