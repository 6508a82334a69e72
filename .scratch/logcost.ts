import { pino } from 'pino';
import { createLogger } from '../server/logger.ts';
const N = 500000;
const obj = () => ({ correlation_id: '3f1b1c9e-6d7a-4a57-8d33-0c7a0d4c6e21', method: 'GET', path: '/v1/simulations/job_abcdefghijklmnop', status: 200, ms: 0 });
function run(name: string, log: any) {
  for (let i = 0; i < 50000; i++) log.info(obj(), 'request');
  const t0 = performance.now();
  for (let i = 0; i < N; i++) log.info(obj(), 'request');
  console.log(name.padEnd(30), ((performance.now() - t0) * 1000 / N).toFixed(3), 'µs/line');
}
const sink = { write() {} };
for (let r = 0; r < 2; r++) {
run('ours', createLogger('info', sink));
run('plain pino', pino({ base: { service: 'x' } }, sink));
run('pino+redact', pino({ base: { service: 'x' }, redact: { paths: ['token','access_token','refresh_token','githubToken','github_token','encrypted_github_token','authorization','code','code_verifier','client_secret','req.headers.authorization','headers.authorization'], censor: '[REDACTED]' } }, sink));
run('hand JSON', { info(o: any, msg: string) { sink.write(`{"level":30,"time":${Date.now()},"service":"x","correlation_id":${JSON.stringify(o.correlation_id)},"method":${JSON.stringify(o.method)},"path":${JSON.stringify(o.path)},"status":${o.status},"ms":${o.ms},"msg":"${msg}"}\n`); } });
}
