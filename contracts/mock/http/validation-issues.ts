// AJV's errors, rewritten as the documented validation_error items: `loc` is where (["body",
// "meta_data", "user_data"], ["path", "thread_id"]), `type` a stable name in the FastAPI manner.
import type { components } from '../../generated/api.ts';
import type { Validator } from '../../operation-spec.ts';

type ValidationIssue = components['schemas']['ValidationIssue'];
type AjvError = NonNullable<Validator['errors']>[number];

/** Where a value came from. */
export type Place = 'path' | 'query' | 'header' | 'body';

// A hostile body can fail thousands of times; the first ones are what a person reads.
const MAX_ISSUES = 20;

const TYPE_NAMES: Record<string, string> = {
  string: 'string_type',
  integer: 'int_type',
  number: 'float_type',
  boolean: 'bool_type',
  object: 'dict_type',
  array: 'list_type',
  null: 'none_type',
};

function typeName(error: AjvError): string {
  switch (error.keyword) {
    case 'required':
      return 'missing';
    case 'type':
      return TYPE_NAMES[String(error.params.type)] ?? 'type_error';
    case 'format':
      return error.params.format === 'uuid' ? 'uuid_parsing' : 'value_error';
    case 'enum':
    case 'const':
      return 'enum';
    case 'minLength':
      return 'string_too_short';
    case 'minItems':
      return 'too_short';
    case 'minimum':
      return 'greater_than_equal';
    case 'maximum':
      return 'less_than_equal';
    case 'pattern':
      return 'string_pattern_mismatch';
    case 'additionalProperties':
      return 'extra_forbidden';
    default:
      return 'value_error';
  }
}

function locOf(place: Place, error: AjvError): Array<string | number> {
  const loc: Array<string | number> = [place];
  for (const part of error.instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    loc.push(/^(0|[1-9]\d{0,8})$/.test(key) ? Number(key) : key);
  }
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string')
    loc.push(error.params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string')
    loc.push(error.params.additionalProperty);
  return loc;
}

/** The issues of a failed validator call, at most MAX_ISSUES. */
export function issuesOf(place: Place, errors: Validator['errors']): ValidationIssue[] {
  const list = (errors ?? [])
    .slice(0, MAX_ISSUES)
    .map((error) => ({ loc: locOf(place, error), message: error.message ?? 'is invalid', type: typeName(error) }));
  return list.length > 0 ? list : [{ loc: [place], message: 'is invalid', type: 'value_error' }];
}

/** One issue at a place. */
export function issue(loc: Array<string | number>, message: string, type: string): ValidationIssue {
  return { loc, message, type };
}
