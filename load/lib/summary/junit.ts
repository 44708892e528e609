// JUnit XML for CI: one test case per threshold and per check, so a failing SLO or check shows up
// in the CI test view under its own name.

import type { SummaryData } from './data.ts';
import { checkResults, thresholdResults, unjudgedReason } from './data.ts';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  name: string;
  failure: string | null;
  /** A case that could not be judged: CI shows it as skipped, never as passed. */
  skipped?: string;
}

function suite(name: string, cases: Case[], seconds: number): string {
  const failures = cases.filter((entry) => entry.failure !== null).length;
  const skipped = cases.filter((entry) => entry.skipped !== undefined).length;
  const body = cases
    .map((entry) => {
      const open = `    <testcase classname="${xml(name)}" name="${xml(entry.name)}" time="0"`;
      if (entry.skipped !== undefined)
        return `${open}>\n      <skipped message="${xml(entry.skipped)}"/>\n    </testcase>`;
      return entry.failure === null
        ? `${open}/>`
        : `${open}>\n      <failure message="${xml(entry.failure)}" type="${xml(name)}"/>\n    </testcase>`;
    })
    .join('\n');
  return `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}">\n${body}\n  </testsuite>`;
}

/** JUnit XML of a run's thresholds and checks. */
export function junitSummary(script: string, data: SummaryData): string {
  const seconds = Math.round(data.state?.testRunDurationMs ?? 0) / 1000;
  const thresholds: Case[] = thresholdResults(data).map((result) => ({
    name: `${result.metric}: ${result.threshold}`,
    failure: result.ok
      ? null
      : `threshold ${result.threshold} on ${result.metric} failed${result.observed === null ? '' : ` (${result.observed})`}`,
  }));
  const reason = unjudgedReason(data);
  if (reason !== null) thresholds.push({ name: 'thresholds', failure: null, skipped: reason });
  const checks: Case[] = checkResults(data).map((check) => ({
    name: check.group === '' ? check.name : `${check.group} ${check.name}`,
    failure: check.fails === 0 ? null : `${check.fails} of ${check.passes + check.fails} failed`,
  }));
  const tests = thresholds.length + checks.length;
  const failures = [...thresholds, ...checks].filter((entry) => entry.failure !== null).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="k6 ${xml(script)}" tests="${tests}" failures="${failures}" errors="0" time="${seconds}">`,
    suite(`k6.${script}.thresholds`, thresholds, seconds),
    suite(`k6.${script}.checks`, checks, seconds),
    '</testsuites>',
    '',
  ].join('\n');
}
