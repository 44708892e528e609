// Strings as a schema that allows any string allows them: not only the words someone would type,
// but astral characters, combining marks, control characters, whitespace-only, long text and
// broken Unicode (a lone surrogate); and plain text, which every reading of every rule takes as
// the content of a message.
import fc from 'fast-check';
import { blankness, hasBrokenUnicode, MAX_CONTENT_CHARACTERS } from '../rules/message-content.ts';

const COMBINING = ['\u0301', '\u0308', '\u0327', '\u20DD', '\u0489'];
const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const ASTRAL = fc.constantFrom('😀', '𝄞', '𠜎', '🇩🇪', '👩‍⚖️', '\u{10FFFD}');

const word = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzäöüß §0123456789'.split('')),
  minLength: 1,
  maxLength: 24,
});
const combined = fc
  .array(fc.tuple(fc.constantFrom(...'aeiouAEIOU'.split('')), fc.constantFrom(...COMBINING)), {
    minLength: 1,
    maxLength: 6,
  })
  .map((pairs) => pairs.flat().join(''));
const mixed = fc
  .array(fc.oneof(word, CONTROL, ASTRAL, combined), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));
const whitespace = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003'), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));

/** The kinds of text, each reachable. */
export const textKinds = {
  word,
  unicode: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }),
  astral: fc.array(ASTRAL, { minLength: 1, maxLength: 3 }).map((parts) => `Frage ${parts.join('')}`),
  combining: combined,
  // With and without U+0000: an API may refuse NUL alone (catalog: nul-character), not control characters.
  control: fc
    .tuple(mixed, fc.constantFrom('\u001b\u007f', '\u0000\u001b\u007f'))
    .map(([text, tail]) => `${text}${tail}`),
  whitespace,
  long: fc
    .tuple(word, fc.integer({ min: 200, max: 3_000 }))
    .map(([text, length]) => text.repeat(Math.ceil(length / text.length)).slice(0, length)),
  // A surrogate half alone: no UTF-8 encoder can write it (JSON carries it as an escape).
  broken: fc.tuple(word, fc.constantFrom('\ud800', '\udfff', '\udbff\u0041')).map(([text, half]) => `${text}${half}`),
} as const;

/** Any string of at least `minLength` characters (code points), mostly words so that requests read well. */
export function anyText(minLength = 0, maxLength = Number.POSITIVE_INFINITY): fc.Arbitrary<string> {
  const kinds: Array<fc.WeightedArbitrary<string>> = [
    { weight: 6, arbitrary: textKinds.word },
    { weight: 2, arbitrary: textKinds.unicode },
    { weight: 2, arbitrary: textKinds.astral },
    { weight: 1, arbitrary: textKinds.combining },
    { weight: 1, arbitrary: textKinds.control },
    { weight: 1, arbitrary: textKinds.whitespace },
    { weight: 1, arbitrary: textKinds.long },
    { weight: 1, arbitrary: textKinds.broken },
  ];
  if (minLength === 0) kinds.push({ weight: 1, arbitrary: fc.constant('') });
  return fc.oneof(...kinds).filter((text) => {
    const length = [...text].length;
    return length >= minLength && length <= maxLength;
  });
}

/**
 * Text every correct API takes as a message's content: not blank to any reading of whitespace,
 * well-formed Unicode, no U+0000, within the Message Validation page's 30,000 characters.
 */
export function plainText(): fc.Arbitrary<string> {
  return anyText(1).filter(
    (text) =>
      blankness(text) === 'text' &&
      !hasBrokenUnicode(text) &&
      !text.includes('\u0000') &&
      text.length <= MAX_CONTENT_CHARACTERS,
  );
}

/** Plain words of exactly `length` characters (code points and UTF-16 units alike): a content at or past the limit. */
export function textOfLength(length: number): fc.Arbitrary<string> {
  return word
    .filter((text) => text.trim() !== '')
    .map((text) => text.repeat(Math.ceil(length / text.length)).slice(0, length));
}
