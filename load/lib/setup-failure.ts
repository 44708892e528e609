// setup() fails fast: it stops the whole test with a message that says what to do, before any load.
import exec from 'k6/execution';

/** Stops the test from setup() with a message that ends in the fix. */
export function failSetup(message: string): never {
  exec.test.abort(`setup: ${message}`);
  // abort() interrupts the VU; the throw only tells the type checker that nothing follows.
  throw new Error(`setup: ${message}`);
}
