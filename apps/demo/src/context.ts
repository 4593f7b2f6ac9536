import type { AnyInt } from '@anyint/client';
import type { DemoModels } from './models.js';
import type { Report } from './report.js';

/** What every demo section gets: a ready client, the models to use, the report and a folder for files. */
export interface DemoContext {
  client: AnyInt;
  models: DemoModels;
  report: Report;
  outDir: string;
}
