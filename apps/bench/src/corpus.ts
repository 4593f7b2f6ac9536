const WORDS = (
  'refund shipping invoice account password order delivery return warranty battery screen laptop phone ' +
  'garden kitchen recipe travel flight hotel booking river mountain forest ocean weather storm sunny ' +
  'music guitar concert ticket museum history science planet galaxy engine tire brake insurance policy ' +
  'doctor clinic fever vaccine student lesson exam library novel poem painter canvas market stock bond ' +
  'coffee bakery bread cheese wine harvest farmer tractor river bridge train station ticket subway taxi'
).split(' ');

/** `count` distinct documents of about 12 words each, the same on every run (a seeded generator). */
export function corpus(count: number): string[] {
  let state = 0x9e3779b9;
  const random = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 10 + Math.floor(random() * 5);
    const words: string[] = [];
    for (let w = 0; w < length; w++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
    docs.push(`${i} ${words.join(' ')}`);
  }
  return docs;
}
