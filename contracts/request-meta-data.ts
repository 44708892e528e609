// An assistant's `request_required_fields` names what a run request's meta_data must carry:
// `{"__root__": ["user_data"], "user_data": ["licence"]}` asks for meta_data.user_data.licence.
// One reading for every layer (the mock, the contract tests, the generated tests' model, k6):
// no Node imports, ES2020.

/** `request_required_fields` of an assistant: per owner (`__root__` is meta_data itself), field names. */
export type RequiredFields = Readonly<Record<string, readonly string[] | undefined>>;

/** How a required field is missing: not there (or null), the empty string, only whitespace, or not text. */
export interface FieldGap {
  /** Dotted path below meta_data: `user_data.licence`, or `user_data` for a root field. */
  path: string;
  /**
   * The docs do not say whether `empty` (""), `blank` (only whitespace) or `not-text` (a number,
   * a boolean or a list: the docs give no field a type) counts as missing. An object is never
   * `not-text`: a root field such as user_data holds the nested ones.
   */
  how: 'absent' | 'empty' | 'blank' | 'not-text';
}

function gapOf(value: unknown): FieldGap['how'] | undefined {
  if (value === undefined || value === null) return 'absent';
  if (value === '') return 'empty';
  if (typeof value === 'string') return value.trim() === '' ? 'blank' : undefined;
  return typeof value === 'object' && !Array.isArray(value) ? undefined : 'not-text';
}

/** Every required field the metadata lacks or leaves empty or blank, root fields first, in the assistant's order. */
export function requiredFieldGaps(required: RequiredFields, metaData: unknown): FieldGap[] {
  const root = (typeof metaData === 'object' && metaData !== null ? metaData : {}) as Record<string, unknown>;
  const gaps: FieldGap[] = [];
  for (const name of required.__root__ ?? []) {
    const how = gapOf(root[name]);
    if (how) gaps.push({ path: name, how });
  }
  for (const owner of Object.keys(required)) {
    if (owner === '__root__') continue;
    const nested = root[owner];
    const holder = (typeof nested === 'object' && nested !== null ? nested : {}) as Record<string, unknown>;
    for (const name of required[owner] ?? []) {
      const how = gapOf(holder[name]);
      if (how) gaps.push({ path: `${owner}.${name}`, how });
    }
  }
  return gaps;
}

/**
 * The dotted paths of the required fields the metadata lacks, counting "" (not whitespace, not a
 * value of another type, which its schema refuses first) as missing: the mock's reading.
 */
export function missingRequiredFields(required: RequiredFields, metaData: unknown): string[] {
  return requiredFieldGaps(required, metaData)
    .filter((gap) => gap.how === 'absent' || gap.how === 'empty')
    .map((gap) => gap.path);
}

function isGap(value: unknown): boolean {
  const how = gapOf(value);
  return how === 'absent' || how === 'empty';
}

/** Whether the assistant asks for `<owner>.<field>` in the request metadata. */
export function requiresField(required: RequiredFields, owner: string, field: string): boolean {
  return (required.__root__ ?? []).includes(owner) && (required[owner] ?? []).includes(field);
}

/**
 * Metadata that satisfies the required fields, each missing one set to `value`, merged over
 * `base` (fields `base` already fills are kept): `{user_data: {licence: value}}`. Undefined when
 * the assistant requires nothing and there is no base.
 */
export function satisfyingMetaData(
  required: RequiredFields,
  value: string,
  base?: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const owners = Object.keys(required).filter((owner) => owner !== '__root__' && (required[owner] ?? []).length > 0);
  const root = (required.__root__ ?? []).filter((name) => !owners.includes(name));
  if (root.length === 0 && owners.length === 0 && base === undefined) return undefined;
  const out: Record<string, unknown> = { ...(base ?? {}) };
  for (const name of root) if (isGap(out[name])) out[name] = value;
  for (const owner of owners) {
    const current = out[owner];
    const holder: Record<string, unknown> =
      typeof current === 'object' && current !== null && !Array.isArray(current)
        ? { ...(current as Record<string, unknown>) }
        : {};
    for (const field of required[owner] ?? []) if (isGap(holder[field])) holder[field] = value;
    out[owner] = holder;
  }
  return out;
}
