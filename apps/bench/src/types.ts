import type { BundleResult } from './bundle-size.js';
import type { MachineInfo } from './machine.js';
import type { Measurement } from './scenarios/measure.js';
import type { Stat } from './stats.js';

export interface Run {
  scenario: string;
  latencyMs: number;
  contender: string;
  rep: number;
  measurement: Measurement;
}

/** One contender in one scenario at one latency, over its repetitions. */
export interface Summary {
  scenario: string;
  latencyMs: number;
  contender: string;
  runs: number;
  /** Items per run (docs, requests, bytes). */
  items: number;
  wallMs: Stat;
  cpuMs: Stat;
  maxRssMiB: Stat;
  /** Items per second. */
  rate: Stat;
  /** CPU ms per item. */
  cpuPerItem: Stat;
  /** maxRSS minus RSS before the measured section, MiB. */
  rssGrowthMiB: Stat;
}

export interface ImportSummary {
  name: string;
  specifiers: string[];
  wallMs: Stat;
  cpuMs: Stat;
  maxRssMiB: Stat;
}

/** Everything one run of the bench produced; written as results/latest.json. */
export type Report = {
  startedAt: string;
  finishedAt: string;
  config: { mode: string; reps: number; docs: number; dimensions: number; fileBytes: number } & Record<
    string,
    unknown
  >;
  machine: MachineInfo;
  summaries: Summary[];
  imports: ImportSummary[];
  bundles: BundleResult[];
  failures: string[];
  runs: Run[];
};
