// A small evaluator of GitHub Actions expressions (`${{ ... }}`), enough for the workflow tests to
// play a workflow's env through with and without secrets: contexts (`vars.X`, `secrets.X`, `env.X`,
// `inputs.X`), string literals, `==`, `!=`, `!`, `&&`, `||` and parentheses, with GitHub's
// semantics (`&&`/`||` return an operand; '' and null are falsy; a missing property is null).
type Value = string | boolean | null;
export type Contexts = Record<string, Record<string, string | undefined>>;

const TOKEN = /\s*(\$\{\{|\}\}|'(?:[^']|'')*'|==|!=|&&|\|\||!|\(|\)|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*|\d+)/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (text.slice(at).trim() !== '') {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (match === null) throw new Error(`Cannot read the expression at "${text.slice(at)}"`);
    out.push(match[1] ?? '');
    at = TOKEN.lastIndex;
  }
  return out;
}

const truthy = (value: Value): boolean => value !== null && value !== '' && value !== false;

/** Evaluates a value that is one `${{ expression }}` against the contexts; any other string is itself. */
export function evaluate(text: string, contexts: Contexts): Value {
  if (!/^\s*\$\{\{[\s\S]*\}\}\s*$/.test(text)) return text;
  const tokens = tokenize(
    text
      .trim()
      .replace(/^\$\{\{/, '')
      .replace(/\}\}$/, ''),
  );
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (): string => tokens[at++] ?? '';
  const primary = (): Value => {
    const token = take();
    if (token === '!') return !truthy(primary());
    if (token === '(') {
      const value = or();
      if (take() !== ')') throw new Error(`Expected ) in ${text}`);
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === 'true' || token === 'false') return token === 'true';
    const [context, name] = token.split('.');
    return contexts[context ?? '']?.[name ?? ''] ?? null;
  };
  const comparison = (): Value => {
    let left = primary();
    while (peek() === '==' || peek() === '!=') {
      const op = take();
      const right = primary();
      const equal = (left ?? '') === (right ?? '');
      left = op === '==' ? equal : !equal;
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (peek() === '&&') {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (peek() === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`Unexpected ${tokens[at]} in ${text}`);
  return value;
}
