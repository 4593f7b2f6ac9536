import type { AnyInt } from '../client.js';

export abstract class APIResource {
  protected readonly client: AnyInt;

  constructor(client: AnyInt) {
    this.client = client;
  }
}
