// Where the suite's reports go: REPORT_DIR, else this folder under the current one.

/** The report folder when REPORT_DIR is not set. */
export const REPORT_DIR_DEFAULT = 'reports';

/** The report folder of `env`. */
export function reportDir(env: NodeJS.ProcessEnv): string {
  return env.REPORT_DIR ?? REPORT_DIR_DEFAULT;
}
