/**
 * A process that logs through the Node server's stdout destination: `turns` event-loop turns of
 * `perTurn` lines each (every line numbered), then says `logged` on stderr and ends by itself.
 * Run by log-destination.test.ts, which holds its stdout unread meanwhile.
 */
import { batchedDestination } from '../../server/log-destination.js';
import { createLogger } from '../../server/logger.js';

const [turns = 1, perTurn = 1] = process.argv.slice(2).map(Number);
const log = createLogger('info', batchedDestination());
for (let t = 0; t < turns; t += 1) {
  for (let i = 0; i < perTurn; i += 1)
    log.info({ n: t * perTurn + i, pad: 'x'.repeat(100) }, 'line');
  await new Promise((resolve) => setImmediate(resolve));
}
process.stderr.write('logged\n');
