import { type FlexibleSchema, parseProviderOptions } from '@ai-sdk/provider-utils';
import type { Connection } from '@anyint/client/adapter-kit';
import type { AnyIntModelConfig } from './anyint-config.js';

/**
 * What every model of the provider has: the V3 fields, the provider name from its config, the call's
 * `providerOptions.anyint` and the start of a call (the response clock, then the connection).
 */
export abstract class AnyIntModel<Id extends string, Config extends AnyIntModelConfig = AnyIntModelConfig> {
  readonly specificationVersion = 'v3';
  readonly modelId: Id;
  // A plain property, not `#config`: ai@7 calls V3 models through a Proxy, which cannot reach `#` fields.
  protected readonly config: Config;

  constructor(modelId: Id, config: Config) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  /** The call's `providerOptions.anyint`, checked against the model's schema; `{}` when not given. */
  protected async anyintOptions<T>(
    providerOptions: Record<string, unknown> | undefined,
    schema: FlexibleSchema<T>,
  ): Promise<Partial<T>> {
    return (await parseProviderOptions({ provider: 'anyint', providerOptions, schema })) ?? {};
  }

  /** The time for `response.timestamp`, taken before the request, and the provider's connection. */
  protected async startCall(): Promise<{ timestamp: Date; connection: Connection }> {
    const timestamp = this.config.currentDate?.() ?? new Date();
    return { timestamp, connection: await this.config.connection() };
  }
}
