// Starts a mock on a free port of 127.0.0.1 for one test file, and stops it. Tests that need a
// server use this rather than a shared one, so that their state and limits are their own.
import type { AddressInfo } from 'node:net';
import { build, type MockOptions } from '../../../contracts/mock/build.ts';

/** A listening mock. */
export interface RunningMock {
  url: string;
  close(): Promise<void>;
}

/** Builds a mock with these options and listens on port 0. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const server = build(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
