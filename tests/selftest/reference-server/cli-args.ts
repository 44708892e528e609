// The reference server's command line: `--break NAME` (repeatable), `--preset NAME` and
// `--reading point=value` (repeatable, applied over the preset), checked against the tables.
import { type BreakName, breakNames } from './breaks.ts';
import { type ReadingPoint, type Readings, readingChoices, readingPoints, readingPresets } from './readings.ts';

/** A command line the server cannot run with; the message says what was expected. */
export class CliArgsError extends Error {
  override name = 'CliArgsError';
}

/** What the command line asks for. */
export interface CliOptions {
  breaks: BreakName[];
  readings: Readings;
}

const usage = 'Usage: cli.ts [--break NAME]... [--preset standard|strict|lenient] [--reading point=value]...';

function readingOf(text: string): [ReadingPoint, Readings[ReadingPoint]] {
  const [point, value, ...rest] = text.split('=');
  if (point === undefined || !readingPoints.includes(point as ReadingPoint) || rest.length > 0)
    throw new CliArgsError(
      `Expected --reading point=value with a point among: ${readingPoints.join(', ')}. Got ${JSON.stringify(text)}.`,
    );
  const choices: readonly string[] = readingChoices[point as ReadingPoint];
  if (value === undefined || !choices.includes(value))
    throw new CliArgsError(
      `Expected --reading ${point}=<${choices.join('|')}>. Got ${JSON.stringify(value ?? '')} in ${JSON.stringify(text)}.`,
    );
  return [point as ReadingPoint, value as Readings[ReadingPoint]];
}

/** Parses the arguments; throws CliArgsError on a wrong flag, name or value. */
export function parseCliArgs(args: readonly string[]): CliOptions {
  const breaks: BreakName[] = [];
  let preset: Readings = readingPresets.standard;
  const overrides: Partial<Record<ReadingPoint, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    i += 1;
    if (flag === '--break') {
      if (value === undefined || !breakNames.includes(value as BreakName))
        throw new CliArgsError(
          `Expected --break <name> with one of: ${breakNames.join(', ')}. Got ${JSON.stringify(value ?? '')}.`,
        );
      breaks.push(value as BreakName);
    } else if (flag === '--preset') {
      if (value === undefined || !Object.hasOwn(readingPresets, value))
        throw new CliArgsError(
          `Expected --preset <${Object.keys(readingPresets).join('|')}>. Got ${JSON.stringify(value ?? '')}.`,
        );
      preset = readingPresets[value as keyof typeof readingPresets];
    } else if (flag === '--reading') {
      const [point, reading] = readingOf(value ?? '');
      overrides[point] = reading;
    } else {
      throw new CliArgsError(`${usage}\nGot ${JSON.stringify(flag)}.`);
    }
  }
  return { breaks, readings: { ...preset, ...overrides } as Readings };
}

/** The readings as one line per point, marking those that differ from the standard ones. */
export function describeReadings(readings: Readings): string {
  return readingPoints
    .map((point) => {
      const standard = readingChoices[point][0];
      return `  ${point}=${readings[point]}${readings[point] === standard ? '' : ` (standard: ${standard})`}`;
    })
    .join('\n');
}
