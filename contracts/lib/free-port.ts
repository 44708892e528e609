import { spawnSync } from 'node:child_process';

/**
 * A port that is free now, found synchronously (Playwright reads its config synchronously): a
 * child process binds port 0 and prints what it got. The suite's mock then never collides with
 * an `npm run mock` the user keeps running on 4010.
 */
export function freePort(): number {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const port = Number(result.stdout);
  if (!Number.isInteger(port) || port <= 0)
    throw new Error(
      `Could not find a free port for the mock (${result.stderr.trim() || 'no output'}). Set MOCK_PORT to a free port.`,
    );
  return port;
}
