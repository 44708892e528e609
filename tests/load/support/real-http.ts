// A stub server that sends the stubbed k6/http requests over real HTTP. k6's http calls are
// synchronous, so the request runs on a worker thread (fetch) while this thread waits on a shared
// flag. The stub's virtual clock is held to real time: sleep() in a script advances the virtual
// clock, and the next request waits until real time has caught up, so Retry-After is honoured for
// real against a real limiter.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { StubReply, StubRequest } from '../stubs/state.ts';
import { k6stub } from '../stubs/state.ts';

const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ flag, port, request }) => {
  let reply;
  const started = performance.now();
  try {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? undefined });
    const waiting = performance.now() - started;
    const body = await response.text();
    const headers = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    reply = { status: response.status, headers, body, waiting, duration: performance.now() - started };
  } catch (error) {
    reply = { status: 0, error: String(error && error.cause ? error.cause : error) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

// Real time: scripts run with Date.now() replaced by the virtual clock.
function realNow(): number {
  return performance.timeOrigin + performance.now();
}

function pause(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Installs the real-HTTP server into the stubs; call `close()` when done. */
export function installRealHttp(): { close: () => Promise<number> } {
  const worker = new Worker(WORKER, { eval: true });
  worker.unref();
  k6stub.clock = realNow();
  k6stub.server = (request: StubRequest): StubReply => {
    pause(k6stub.clock - realNow());
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    worker.postMessage(
      {
        flag,
        port: port2,
        request: { url: request.url, method: request.method, headers: request.headers, body: request.body },
      },
      [port2],
    );
    if (Atomics.wait(flag, 0, 0, 30_000) === 'timed-out') return { status: 0, error: 'request timeout' };
    const reply = receiveMessageOnPort(port1)?.message as StubReply | undefined;
    port1.close();
    k6stub.clock = realNow();
    return reply ?? { status: 0, error: 'no reply from the HTTP worker' };
  };
  return { close: () => worker.terminate() };
}
