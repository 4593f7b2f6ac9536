import type { FunctionCall, Json, RunRecord } from '../assistants-store.js';
import { expiresAt } from '../assistants-store.js';
import { parsePageQuery } from '../cursor-page.js';
import { invalidRequest } from '../errors.js';
import type { RouteContext, RouteResult, RouteSpec } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';
import { notFound, param, requireAssistantsBeta } from './assistants.js';
import { addRequestedMessage, lastUserText, threadOf } from './messages.js';

interface FunctionTool {
  type: 'function';
  function: { name: string; parameters?: { properties?: Record<string, Json> } };
}

function runOf(context: RouteContext, threadId: string): RunRecord {
  const id = param(context, 'run_id');
  const record = context.state.assistants.runs.get(id);
  if (!record || record.run.thread_id !== threadId) throw notFound('run', id);
  return record;
}

function streamed(record: RunRecord, context: RouteContext, from: number): RouteResult {
  return {
    status: 200,
    contentType: 'text/event-stream; charset=utf-8',
    body: '',
    stream: context.state.assistants.follow(record, from),
  };
}

/** A JSON value for one declared parameter, derived from the user's words (see `functionCalls`). */
function argumentValue(schema: Json, text: string): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'integer': {
      const number = /-?\d+(\.\d+)?/.exec(text);
      return number ? Number(type === 'integer' ? Number.parseInt(number[0], 10) : number[0]) : 0;
    }
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return null;
  }
}

/**
 * The emulator's tool rule: with `tool_choice` 'auto' (default) the run calls every function tool
 * whose name appears in the last user message (case-insensitive; only the first one when
 * `parallel_tool_calls` is false); 'required' calls the mentioned ones or else the first function;
 * `{ type: 'function', function: { name } }` calls that one; 'none' calls nothing. String
 * arguments get the words after the function's name (the whole message when nothing follows it),
 * numbers the first number in the message, booleans true, enums their first value.
 */
function functionCalls(context: RouteContext, run: Json, text: string): FunctionCall[] {
  const functions = ((run.tools as Json[]) ?? []).filter(
    (tool): tool is Json & FunctionTool => tool.type === 'function',
  );
  if (functions.length === 0) return [];
  const choice = run.tool_choice as string | { type?: string; function?: { name?: string } } | null;
  if (choice === 'none') return [];
  const lower = text.toLowerCase();
  let chosen = functions.filter((tool) => lower.includes(tool.function.name.toLowerCase()));
  if (typeof choice === 'object' && choice !== null) {
    chosen =
      choice.type === 'function'
        ? functions.filter((tool) => tool.function.name === choice.function?.name)
        : [];
  } else if (choice === 'required' && chosen.length === 0) {
    chosen = functions.slice(0, 1);
  }
  if (run.parallel_tool_calls === false) chosen = chosen.slice(0, 1);
  return chosen.map((tool) => {
    const name = tool.function.name;
    const at = lower.indexOf(name.toLowerCase());
    const after =
      at === -1
        ? ''
        : text
            .slice(at + name.length)
            .replace(/^[\s:,.;-]+/, '')
            .trim();
    const args: Json = {};
    for (const [key, schema] of Object.entries(tool.function.parameters?.properties ?? {})) {
      args[key] = argumentValue(schema ?? {}, after || text);
    }
    return { id: context.state.nextId('call'), name, arguments: JSON.stringify(args) };
  });
}

function createRun(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const thread = threadOf(context);
  const { body, state } = context;
  validateRequest('CreateRunRequest', body);
  const store = state.assistants;
  const assistantId = String(body.assistant_id);
  const assistant = store.assistants.get(assistantId);
  if (!assistant) throw notFound('assistant', assistantId);
  const active = store.activeRun(thread.id);
  if (active) throw invalidRequest(`Thread ${thread.id} already has an active run ${active.id}.`);
  for (const message of (body.additional_messages as Json[] | null | undefined) ?? []) {
    addRequestedMessage(context, thread.id, message);
  }
  const baseInstructions = (body.instructions ?? assistant.instructions ?? '') as string;
  const instructions = body.additional_instructions
    ? `${baseInstructions}${baseInstructions ? '\n' : ''}${body.additional_instructions as string}`
    : baseInstructions;
  const run: Json = {
    id: state.nextId('run'),
    object: 'thread.run',
    created_at: Math.floor(Date.now() / 1000),
    assistant_id: assistant.id,
    thread_id: thread.id,
    status: 'queued',
    started_at: null,
    expires_at: expiresAt(),
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    required_action: null,
    last_error: null,
    model: body.model ?? assistant.model,
    instructions,
    tools: body.tools ?? assistant.tools ?? [],
    tool_resources: {},
    metadata: body.metadata ?? {},
    temperature: body.temperature ?? assistant.temperature ?? 1,
    top_p: body.top_p ?? assistant.top_p ?? 1,
    max_completion_tokens: body.max_completion_tokens ?? null,
    max_prompt_tokens: body.max_prompt_tokens ?? null,
    truncation_strategy: body.truncation_strategy ?? { type: 'auto', last_messages: null },
    incomplete_details: null,
    usage: null,
    response_format: body.response_format ?? assistant.response_format ?? 'auto',
    tool_choice: body.tool_choice ?? 'auto',
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    reasoning_effort: body.reasoning_effort ?? assistant.reasoning_effort ?? null,
  };
  const text = lastUserText(context, thread.id);
  const record = store.createRun(run, text, functionCalls(context, run, text));
  if (body.stream === true) return streamed(record, context, 0);
  return jsonResult(run);
}

function listRuns(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const thread = threadOf(context);
  const page = context.state.assistants.runs.page(
    parsePageQuery(context.query),
    (record) => record.run.thread_id === thread.id,
  );
  return jsonResult({ ...page, data: page.data.map((record) => record.run) });
}

function retrieveRun(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  return jsonResult(runOf(context, threadOf(context).id).run);
}

function modifyRun(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const { run } = runOf(context, threadOf(context).id);
  validateRequest('ModifyRunRequest', context.body);
  if (context.body.metadata !== undefined) run.metadata = context.body.metadata;
  return jsonResult(run);
}

function cancelRun(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const record = runOf(context, threadOf(context).id);
  const status = String(record.run.status);
  if (!['queued', 'in_progress', 'requires_action'].includes(status)) {
    throw invalidRequest(`Cannot cancel run with status '${status}'.`);
  }
  context.state.assistants.cancelRun(record);
  return jsonResult(record.run);
}

function submitToolOutputs(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const thread = threadOf(context);
  const record = runOf(context, thread.id);
  validateRequest('SubmitToolOutputsRunRequest', context.body);
  const status = String(record.run.status);
  if (status !== 'requires_action') {
    throw invalidRequest(`Runs in status "${status}" do not accept tool outputs.`);
  }
  const outputs = (context.body.tool_outputs as { tool_call_id?: string; output?: string }[]).map(
    (output) => ({ tool_call_id: output.tool_call_id ?? '', output: output.output ?? '' }),
  );
  const expected = record.toolCalls.map((call) => call.id);
  const given = outputs.map((output) => output.tool_call_id);
  const matches =
    given.length === expected.length &&
    new Set(given).size === given.length &&
    given.every((id) => expected.includes(id));
  if (!matches) {
    const list = (ids: string[]) => `[${ids.map((id) => `'${id}'`).join(', ')}]`;
    throw invalidRequest(
      `Expected tool outputs for call_ids ${list(expected)}, got ${list(given)}`,
      'tool_outputs',
      'invalid_value',
    );
  }
  const from = record.log.length;
  context.state.assistants.submitToolOutputs(record, outputs, lastUserText(context, thread.id));
  if (context.body.stream === true) return streamed(record, context, from);
  return jsonResult(record.run);
}

function listSteps(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const record = runOf(context, threadOf(context).id);
  return jsonResult(
    context.state.assistants.steps.page(parsePageQuery(context.query), (step) => step.run_id === record.id),
  );
}

function retrieveStep(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const record = runOf(context, threadOf(context).id);
  const id = param(context, 'step_id');
  const step = context.state.assistants.steps.get(id);
  if (!step || step.run_id !== record.id) throw notFound('run step', id);
  return jsonResult(step);
}

const RUNS = '/threads/:thread_id/runs';
const RUN = `${RUNS}/:run_id`;

export const RUN_ROUTES: RouteSpec[] = [
  { name: 'threads', path: RUNS, body: 'json', handler: createRun },
  { name: 'threads', method: 'GET', path: RUNS, body: 'none', handler: listRuns },
  { name: 'threads', method: 'GET', path: RUN, body: 'none', handler: retrieveRun },
  { name: 'threads', path: RUN, body: 'json', handler: modifyRun },
  { name: 'threads', path: `${RUN}/cancel`, body: 'none', handler: cancelRun },
  { name: 'threads', path: `${RUN}/submit_tool_outputs`, body: 'json', handler: submitToolOutputs },
  { name: 'threads', method: 'GET', path: `${RUN}/steps`, body: 'none', handler: listSteps },
  { name: 'threads', method: 'GET', path: `${RUN}/steps/:step_id`, body: 'none', handler: retrieveStep },
];
