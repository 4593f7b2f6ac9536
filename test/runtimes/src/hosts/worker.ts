/** Host for workerd: a POST with the environment as JSON answers the cells as JSON. */
import { type ConformanceEnv, runConformance } from '../conformance.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const env = (await request.json()) as ConformanceEnv;
    return Response.json(await runConformance(env));
  },
};
