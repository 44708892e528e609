// Test time by Playwright project, from the junit.xml a run writes (each <testsuite> names its
// project in `hostname`; each <testcase> has its seconds).

/** Tests and summed test seconds of one project. */
export interface ProjectTime {
  project: string;
  tests: number;
  seconds: number;
}

/** Per project: how many tests ran and their summed seconds (over all workers, so more than the wall time). */
export function projectTimes(xml: string): ProjectTime[] {
  const byProject = new Map<string, ProjectTime>();
  for (const suite of xml.split(/<testsuite(?=\s)/).slice(1)) {
    const project = /\bhostname="([^"]*)"/.exec(suite)?.[1] ?? '?';
    const entry = byProject.get(project) ?? { project, tests: 0, seconds: 0 };
    for (const [, time] of suite.matchAll(/<testcase\b[^>]*\btime="([\d.]+)"/g)) {
      entry.tests += 1;
      entry.seconds += Number(time);
    }
    byProject.set(project, entry);
  }
  return [...byProject.values()];
}

/** The seconds of the test whose name contains `title`, or undefined when it did not run. */
export function testSeconds(xml: string, title: string): number | undefined {
  for (const [, attributes] of xml.matchAll(/<testcase\b([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(attributes ?? '')?.[1] ?? '';
    if (name.includes(title)) return Number(/\btime="([\d.]+)"/.exec(attributes ?? '')?.[1]);
  }
  return undefined;
}
