import type { Assumption, ResponseSpec } from '../operation-spec.ts';

/** The property names along a JSON pointer (`/3/meta_data/legal_advice` -> meta_data, legal_advice). */
function fieldsOf(pointer: string): string[] {
  return pointer.split('/').filter((segment) => segment !== '' && !/^\d+$/.test(segment));
}

/**
 * The `x-assumed` statements behind one promise of a response: those about the status, plus
 * those about the place that broke (a field along the pointer, the body, or one header).
 */
export function assumptionsAt(
  spec: ResponseSpec,
  place: { pointer?: string; header?: string; body?: boolean },
): Assumption[] {
  const scopes = new Set(['status']);
  if (place.body || place.pointer !== undefined) scopes.add('body');
  for (const field of fieldsOf(place.pointer ?? '')) scopes.add(`field:${field}`);
  if (place.header) scopes.add(`header:${place.header.toLowerCase()}`);
  // A field statement is about one place: a field of the same name elsewhere (the answer's
  // meta_data, a source's meta_data) is another statement's.
  const fields = fieldsOf(place.pointer ?? '');
  const at = (a: Assumption) => {
    if (a.at === undefined || place.pointer === undefined) return true;
    const want = fieldsOf(a.at.replace(/\*/g, '0'));
    return want.every((field, i) => fields[i] === field);
  };
  return spec.assumptions.filter((a) => scopes.has(a.scope) && at(a));
}
