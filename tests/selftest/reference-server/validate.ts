// Hand-written request validation (the documented request shapes), answering FastAPI-style issues.
import { invalid, type ValidationIssue } from './http-io.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A plain JSON object. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** Checks a uuid path parameter; the issue names `["path", name]`. */
export function uuidParam(name: string, value: string): ValidationIssue[] {
  return isUuid(value) ? [] : [{ loc: ['path', name], message: 'Input should be a valid UUID', type: 'uuid_parsing' }];
}

/**
 * Parses a JSON body. An empty body is `undefined` (allowed only where the body is optional);
 * invalid JSON is a validation_error.
 */
export function parseBody(text: string, required: boolean): unknown {
  if (text.trim() === '') {
    if (required) invalid([{ loc: ['body'], message: 'Field required', type: 'missing' }]);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return invalid([
      { loc: ['body'], message: `JSON decode error: ${(error as Error).message}`, type: 'json_invalid' },
    ]);
  }
}

/** Collects issues for one object; each method checks one field. */
export class FieldChecker {
  readonly issues: ValidationIssue[] = [];
  private readonly value: Json;
  private readonly loc: Array<string | number>;
  constructor(value: Json, loc: Array<string | number>) {
    this.value = value;
    this.loc = loc;
  }

  private at(field: string): Array<string | number> {
    return [...this.loc, field];
  }

  private present(field: string, required: boolean): boolean {
    if (this.value[field] !== undefined) return true;
    if (required) this.issues.push({ loc: this.at(field), message: 'Field required', type: 'missing' });
    return false;
  }

  string(field: string, options: { required?: boolean; nullable?: boolean; minLength?: number } = {}): this {
    if (!this.present(field, options.required ?? false)) return this;
    const v = this.value[field];
    if (v === null && options.nullable) return this;
    if (typeof v !== 'string')
      this.issues.push({ loc: this.at(field), message: 'Input should be a valid string', type: 'string_type' });
    else if (options.minLength !== undefined && v.length < options.minLength)
      this.issues.push({
        loc: this.at(field),
        message: `String should have at least ${options.minLength} character`,
        type: 'string_too_short',
      });
    return this;
  }

  uuid(field: string, options: { required?: boolean } = {}): this {
    if (!this.present(field, options.required ?? false)) return this;
    const v = this.value[field];
    if (typeof v !== 'string')
      this.issues.push({ loc: this.at(field), message: 'Input should be a valid string', type: 'string_type' });
    else if (!isUuid(v))
      this.issues.push({ loc: this.at(field), message: 'Input should be a valid UUID', type: 'uuid_parsing' });
    return this;
  }

  oneOf(field: string, allowed: readonly string[], options: { required?: boolean } = {}): this {
    if (!this.present(field, options.required ?? false)) return this;
    const v = this.value[field];
    if (typeof v !== 'string' || !allowed.includes(v))
      this.issues.push({
        loc: this.at(field),
        message: `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`,
        type: 'enum',
      });
    return this;
  }

  /** An object field, checked further by `inner`. */
  object(field: string, inner?: (checker: FieldChecker) => void, options: { required?: boolean } = {}): this {
    if (!this.present(field, options.required ?? false)) return this;
    const v = this.value[field];
    if (!isObject(v))
      this.issues.push({ loc: this.at(field), message: 'Input should be a valid dictionary', type: 'dict_type' });
    else if (inner) {
      const checker = new FieldChecker(v, this.at(field));
      inner(checker);
      this.issues.push(...checker.issues);
    }
    return this;
  }

  /** An optional array of objects, each checked by `item`. */
  arrayOf(field: string, item: (checker: FieldChecker) => void): this {
    if (!this.present(field, false)) return this;
    const v = this.value[field];
    if (!Array.isArray(v)) {
      this.issues.push({ loc: this.at(field), message: 'Input should be a valid list', type: 'list_type' });
      return this;
    }
    v.forEach((element: unknown, index) => {
      const loc = [...this.at(field), index];
      if (!isObject(element)) {
        this.issues.push({ loc, message: 'Input should be a valid dictionary', type: 'dict_type' });
        return;
      }
      const checker = new FieldChecker(element, loc);
      item(checker);
      this.issues.push(...checker.issues);
    });
    return this;
  }

  /** A field with a check of its own; `check` answers an issue message, or undefined when valid. */
  custom(field: string, check: (value: unknown) => string | undefined, options: { required?: boolean } = {}): this {
    if (!this.present(field, options.required ?? false)) return this;
    const message = check(this.value[field]);
    if (message) this.issues.push({ loc: this.at(field), message, type: 'value_error' });
    return this;
  }
}

/**
 * The body must be a JSON object; answers the checked object or throws validation_error with the
 * schema's issues and those `more` finds (the readings' refusals), all in one list.
 */
export function checkObjectBody(
  body: unknown,
  fields: (checker: FieldChecker) => void,
  more: (body: Json) => ValidationIssue[] = () => [],
): Json {
  if (!isObject(body))
    return invalid([{ loc: ['body'], message: 'Input should be a valid dictionary', type: 'dict_type' }]);
  const checker = new FieldChecker(body, ['body']);
  fields(checker);
  const issues = [...checker.issues, ...more(body)];
  if (issues.length > 0) invalid(issues);
  return body;
}

/** Checks a tool call in the Chat Completions shape. */
export function toolCallFields(checker: FieldChecker): void {
  checker
    .string('id', { required: true, minLength: 1 })
    .oneOf('type', ['function'], { required: true })
    .custom(
      'function',
      (fn) => {
        if (!isObject(fn)) return 'Input should be a valid dictionary';
        if (typeof fn.name !== 'string' || fn.name === '') return 'function.name should be a non-empty string';
        if (typeof fn.arguments !== 'string') return 'function.arguments should be a string';
        return undefined;
      },
      { required: true },
    );
}
