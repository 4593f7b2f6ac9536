import type { AnyInt, RequestOptions } from '@anyint/client';
import {
  INPUT_FILE_OPTIONS,
  type InputFileOptions,
  OUTPUT_FILE_OPTIONS,
  type OutputFileOptions,
  type OutputFolder,
  outputFolder,
  parseToolInput,
  type ToolSpec,
} from '@anyint/client/adapter-kit';
import { FunctionTool, type JSONValue } from 'llamaindex';
import { type AnyIntClientOptions, llamaindexConnection } from '../connection.js';

/**
 * Options every AnyInt tool takes, besides its model: the connection, where input files may be read
 * from (`inputDir`, `allowInputUrls`) and where created files are saved (`outputDir`). The same names
 * and defaults as `@anyint/langchain`'s tools.
 */
export interface AnyIntToolOptions extends AnyIntClientOptions, InputFileOptions, OutputFileOptions {}

/** What one tool needs at run time; shared by the tools of one `createAnyIntTools` call. */
export interface ToolRuntime {
  client: AnyInt;
  /** Options of each request: the adapter's per-request settings. */
  requestOptions: RequestOptions;
  input: InputFileOptions;
  output: OutputFolder;
}

/** The runtime of a tool or tool set, after refusing any option it does not know (`own` lists its own). */
export function toolRuntime(
  options: AnyIntToolOptions,
  adapter: string,
  own: Record<string, true>,
): ToolRuntime {
  const known = {
    ...own,
    ...Object.fromEntries(
      [...INPUT_FILE_OPTIONS, ...OUTPUT_FILE_OPTIONS].map((name) => [name, true] as const),
    ),
  };
  const { client, requestOptions } = llamaindexConnection(options, adapter, known);
  return {
    client,
    requestOptions: requestOptions(),
    input: { inputDir: options.inputDir, allowInputUrls: options.allowInputUrls },
    output: outputFolder(options),
  };
}

type ToolLogger = NonNullable<ConstructorParameters<typeof FunctionTool>[4]>;
const noop = () => undefined;
// FunctionTool's logger only reports schema mismatches, which `execute` turns into a clearer error.
const quietLogger: ToolLogger = { log: noop, warn: noop, error: noop };

/**
 * A LlamaIndex `FunctionTool` from one of the kit's tool specs (the names, argument schemas and
 * descriptions every adapter shares). LlamaIndex only logs a schema mismatch and calls the tool
 * anyway, so `execute` receives input checked by the kit, and an invalid call rejects with an
 * `AnyIntValidationError` naming the field (an agent shows its message to the model, which can then
 * correct the call).
 */
export function defineTool<Input, R extends JSONValue>(
  spec: ToolSpec,
  execute: (input: Input) => Promise<R>,
): FunctionTool<Record<string, unknown>, Promise<R>> {
  // Async, so invalid input rejects the promise `call` returns rather than throwing synchronously.
  const run = async (raw: Record<string, unknown>) => execute(parseToolInput<Input>(spec, raw));
  const metadata = { name: spec.name, description: spec.description, parameters: spec.schema };
  return new FunctionTool(run, metadata as never, undefined, undefined, quietLogger);
}
