// Tool configuration of a run or chat completion. The docs only say a run "Accepts optional
// tool configuration" and speak of tool_calls / tool_call_id, i.e. the Chat Completions
// shape, so that shape and its rules are enforced here.
import { arr, bool, type Issue, type Loc, nullable, obj, opt, req, type Schema, str } from './schema.ts';

export interface ToolDef {
  type: 'function';
  function: {
    name: string;
    description?: string | null;
    parameters?: Record<string, unknown> | null;
    strict?: boolean | null;
  };
}
export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export const toolName = str({ pattern: /^[a-zA-Z0-9_-]{1,64}$/ });
const functionType = str({ oneOf: ['function'] });

export const toolsSchema: Schema = arr(
  obj({
    type: req(functionType),
    function: req(
      obj({
        name: req(toolName),
        description: opt(nullable(str())),
        parameters: opt(nullable({ kind: 'json-object' })),
        strict: opt(nullable(bool)),
      }),
    ),
  }),
  undefined,
  128,
);

export const toolChoiceSchema: Schema = {
  kind: 'either',
  ifString: str({ oneOf: ['none', 'auto', 'required'] }),
  otherwise: obj({ type: req(functionType), function: req(obj({ name: req(toolName) })) }),
};

/** Cross-field rules the schema cannot express (Chat Completions semantics). */
export function toolConfigIssues(
  tools: ToolDef[] | null | undefined,
  choice: ToolChoice | null | undefined,
  at: Loc,
): Issue[] {
  const issues: Issue[] = [];
  const names = new Set<string>();
  (tools ?? []).forEach((tool, i) => {
    if (names.has(tool.function.name))
      issues.push({
        loc: [...at, 'tools', i, 'function', 'name'],
        message: 'Tool names must be unique',
        type: 'value_error',
      });
    names.add(tool.function.name);
  });
  if (choice !== undefined && choice !== null) {
    if (!tools || tools.length === 0) {
      issues.push({
        loc: [...at, 'tool_choice'],
        message: 'tool_choice is only allowed when tools are specified',
        type: 'value_error',
      });
    } else if (typeof choice === 'object' && !names.has(choice.function.name)) {
      issues.push({
        loc: [...at, 'tool_choice', 'function', 'name'],
        message: 'tool_choice names a function that is not in tools',
        type: 'value_error',
      });
    }
  }
  return issues;
}

/** Which tool, if any, the deterministic engine calls for a stack that ends on a user message:
 *  "required" or a named choice always call; "auto" (the default once tools are given) calls
 *  the first tool whose name occurs in the last user message; "none" never calls. */
export function toolToCall(
  tools: ToolDef[] | null | undefined,
  choice: ToolChoice | null | undefined,
  lastUserText: string,
): ToolDef | undefined {
  if (!tools || tools.length === 0 || choice === 'none') return undefined;
  if (typeof choice === 'object' && choice !== null) return tools.find((t) => t.function.name === choice.function.name);
  if (choice === 'required') return tools[0];
  const text = lastUserText.toLowerCase();
  return tools.find((t) => text.includes(t.function.name.toLowerCase()));
}
