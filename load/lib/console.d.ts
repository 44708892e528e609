// k6 provides console in every context, but @types/k6 does not declare it and the DOM lib is off.
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
