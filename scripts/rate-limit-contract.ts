// npm run contract:rate-limit -- [flags]   (npm run contract:rate-limit -- --help)
// The rate-limit contract: against the embedded mock by default, live with BASE_URL and API_KEY.
import { main } from '../contracts/rate-limit/rate-limit-command.ts';
import { runWhenStarted } from './cli-entry.ts';

runWhenStarted(import.meta.url, (argv) => main(argv));
