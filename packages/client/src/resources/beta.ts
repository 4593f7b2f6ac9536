import type { AnyIntCore } from '../client.js';
import { Assistants } from './assistants.js';
import { Threads } from './threads/threads.js';

/** The Assistants API under `beta`, where `openai@6` has it. */
export class Beta {
  readonly assistants: Assistants;
  readonly threads: Threads;

  constructor(client: AnyIntCore) {
    this.assistants = new Assistants(client);
    this.threads = new Threads(client);
  }
}
