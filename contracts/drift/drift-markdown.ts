// drift.md: the summary, the divergences by kind (one entry each, with a count and examples), the
// kinds where the docs allow both answers in a section of their own, then the scenarios, and what
// the API's own OpenAPI document says otherwise than ours.
import { servedMarkdown } from '../openapi-diff/served-report.ts';
import {
  answerLine,
  assumptionsLabel,
  BOTH_ALLOWED_INTRO,
  DIVERGENCES_INTRO,
  type DivergenceKind,
  divergenceKinds,
  kindTitle,
  NO_ASSUMPTION,
  operationsText,
  otherSteps,
  sectionTitle,
  shortCurl,
  stepCount,
} from './divergence-kinds.ts';
import type { DriftReport } from './drift-report.ts';
import { comparedLine, driftCounts, driftSummaryLine } from './drift-summary.ts';

function kindMarkdown(kind: DivergenceKind, index: number): string[] {
  const lines = [`### ${index + 1}. ${kindTitle(kind)}: ${stepCount(kind.count)}`, ''];
  lines.push(`Seen on ${operationsText(kind)}.`, '');
  if (kind.bothAllowed) for (const why of kind.allowedBecause) lines.push(`- ${why[0]?.toUpperCase()}${why.slice(1)}.`);
  if (kind.bothAllowed) lines.push('');
  if (kind.assumptions.length)
    lines.push(`${assumptionsLabel(kind)}: ${kind.assumptions.map((a) => `\`${a.id}\` (${a.reason})`).join('; ')}`, '');
  else if (!kind.bothAllowed) lines.push(NO_ASSUMPTION, '');
  lines.push(kind.count > kind.examples.length ? `First ${kind.examples.length} of ${kind.count}:` : 'Steps:', '');
  for (const e of kind.examples)
    lines.push(
      `- ${e.scenario}, step ${e.step} (${e.operationId}). Target: ${answerLine(e.target)}. Mock: ${answerLine(e.mock)}.`,
      '',
      '  ```sh',
      `  ${shortCurl(e.curl, e.entry)}`,
      '  ```',
      '',
    );
  const rest = otherSteps(kind);
  if (rest) lines.push(rest, '');
  return lines;
}

/** The report as Markdown. */
export function driftMarkdown(report: DriftReport): string {
  const kinds = divergenceKinds(report.divergences);
  const { divergent, allowed } = driftCounts(report);
  const lines = [
    '# Drift between the API and the mock',
    '',
    `**${driftSummaryLine(report)}**`,
    '',
    comparedLine(report),
    '',
  ];
  if (divergent.steps > 0)
    lines.push(
      `## ${sectionTitle(false, divergent)}`,
      '',
      DIVERGENCES_INTRO,
      '',
      ...kinds.filter((k) => !k.bothAllowed).flatMap(kindMarkdown),
    );
  if (allowed.steps > 0)
    lines.push(
      `## ${sectionTitle(true, allowed)}`,
      '',
      BOTH_ALLOWED_INTRO,
      '',
      ...kinds.filter((k) => k.bothAllowed).flatMap(kindMarkdown),
    );
  lines.push('## Scenarios', '', '| scenario | source | steps | divergent steps |', '|---|---|---|---|');
  for (const s of report.scenarios)
    lines.push(`| ${s.name} | ${s.source} | ${s.steps} | ${s.skipped ? `skipped: ${s.skipped}` : s.divergences} |`);
  lines.push('');
  if (report.notes.length) lines.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  if (report.served) lines.push(...servedMarkdown(report.served, 'drift.md'));
  return `${lines.join('\n')}\n`;
}
