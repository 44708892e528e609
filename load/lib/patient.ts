// Calls made by setup() and teardown() honour Retry-After instead of failing: creating a pool of
// threads may pass the 60 RPS budget of thread and message calls, and that is not an error.
import { sleep } from 'k6';
import http from 'k6/http';
import type { ApiResponse, Call, Client } from './client.ts';
import { headerValue, retryAfterSeconds } from './headers.ts';

/** Sends a call, waiting out each 429 for its Retry-After (1 s when absent), at most `attempts` times. */
export function sendPatiently(client: Client, call: Call, attempts = 6): ApiResponse {
  const callback = http.expectedStatuses({ min: 200, max: 299 }, 429);
  let res = client.send({ ...call, responseCallback: callback });
  for (let attempt = 1; attempt < attempts && res.status === 429; attempt += 1) {
    sleep(retryAfterSeconds(headerValue(res.headers, 'retry-after'), Date.now()) ?? 1);
    res = client.send({ ...call, responseCallback: callback });
  }
  return res;
}
