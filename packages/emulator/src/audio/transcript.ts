export interface Transcript {
  text: string;
  language: string;
  durationSeconds: number;
  segments: { id: number; start: number; end: number; text: string }[];
  words: { word: string; start: number; end: number }[];
}
