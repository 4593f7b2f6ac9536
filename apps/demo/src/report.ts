/** What a running step can do besides returning its one-line result. */
export interface StepTools {
  /** Prints a progress line that names the step, so interleaved output stays readable. */
  progress(text: string): void;
}

/** Runs named steps, prints one line each, and remembers failures so the demo can exit non-zero. */
export class Report {
  readonly #failures: string[] = [];
  #section = '';

  section(title: string): void {
    this.#section = title;
    console.log(`\n${title}`);
  }

  async step(name: string, run: (tools: StepTools) => Promise<string>): Promise<void> {
    const started = performance.now();
    const tools: StepTools = { progress: (text) => console.log(`    ${name} … ${text}`) };
    try {
      const detail = await run(tools);
      console.log(`  ✓ ${name} (${Math.round(performance.now() - started)} ms): ${detail}`);
    } catch (error) {
      this.#failures.push(`${this.#section} / ${name}`);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.log(`  ✗ ${name}: ${message}`);
    }
  }

  get failures(): readonly string[] {
    return this.#failures;
  }
}
