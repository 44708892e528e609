// npm run contract:rate-limit -- [flags]   (npm run contract:rate-limit -- --help)
// The rate-limit contract: against the embedded mock by default, live with BASE_URL and API_KEY.

import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { main } from '../contracts/rate-limit/rate-limit-command.ts';

export { main };

runWhenStarted(import.meta.url, main);
