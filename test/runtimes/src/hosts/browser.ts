/** Host for a web page: the runner calls `runConformance(env)` through the page. */
import { runConformance } from '../conformance.js';

(globalThis as { runConformance?: typeof runConformance }).runConformance = runConformance;
