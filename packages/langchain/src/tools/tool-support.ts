import { parseToolInput, type ToolSpec } from '@anyint/client/adapter-kit';
import type { RunnableConfig } from '@langchain/core/runnables';
import { type DynamicStructuredTool, tool } from '@langchain/core/tools';

/**
 * A LangChain tool from one of the kit's tool specs (the names, argument schemas and descriptions
 * every adapter shares), returning content for the model and an artifact for the application. The
 * arguments reach `run` checked and trimmed; a wrong one throws an `AnyIntValidationError` naming it.
 */
export function defineTool<Input, Artifact>(
  spec: ToolSpec,
  name: string | undefined,
  run: (input: Input, config: RunnableConfig | undefined) => Promise<[string, Artifact]>,
): DynamicStructuredTool {
  return tool(
    async (input: unknown, config?: RunnableConfig) => run(parseToolInput<Input>(spec, input), config),
    {
      name: name ?? spec.name,
      description: spec.description,
      schema: spec.schema as never,
      responseFormat: 'content_and_artifact',
    },
  ) as unknown as DynamicStructuredTool;
}
