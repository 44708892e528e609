// k6 stamps each point with an RFC 3339 time with up to nine fraction digits and a zone
// ("2025-01-15T10:00:01.123456789+01:00"). Date.parse drops the digits past milliseconds and is
// slow at a million calls, so the whole-second part is parsed once per second and the fraction added.

/** A parser that returns epoch milliseconds (with the sub-millisecond part) for k6 timestamps. */
export function createTimestampParser(): (text: string) => number {
  let lastKey = '';
  let lastBase = 0;
  return (text) => {
    let index = 19;
    let fraction = 0;
    if (text.charCodeAt(index) === 46) {
      index += 1;
      let scale = 100;
      for (let code = text.charCodeAt(index); code >= 48 && code <= 57; code = text.charCodeAt(++index)) {
        fraction += (code - 48) * scale;
        scale /= 10;
      }
    }
    const key = text.slice(0, 19) + text.slice(index);
    if (key !== lastKey) {
      lastBase = Date.parse(key);
      if (Number.isNaN(lastBase)) throw new Error(`"${text}" is not an RFC 3339 time as k6 writes it.`);
      lastKey = key;
    }
    return lastBase + fraction;
  };
}
