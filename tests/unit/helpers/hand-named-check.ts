// Checks named by hand, for tests/unit/check-registry.spec.ts to find: it reads this file as text.
// Nothing imports it.
export const handNamed = {
  title: 'Response violates schema',
  finding: { check: 'server-error', message: 'named by hand' },
  unregistered: { check: 'response-too-slow', message: 'named by hand' },
};
