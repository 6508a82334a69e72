import { pino } from 'pino';
import { createLogger } from '../server/logger.ts';
import { openSync, writeSync, write } from 'node:fs';
import { spawn } from 'node:child_process';
const TICKS = 4000, PER = 50, N = TICKS * PER;
async function run(name: string, dest: any) {
  const log = createLogger('info', dest);
  const t0 = process.cpuUsage(); const w0 = performance.now();
  for (let t = 0; t < TICKS; t++) {
    for (let i = 0; i < PER; i++) log.info({ correlation_id: '3f1b1c9e-6d7a-4a57-8d33-0c7a0d4c6e21', method: 'GET', path: '/v1/simulations/job_abcdefghijklmnop', status: 200, ms: 0 }, 'request');
    await new Promise((r) => setImmediate(r));
  }
  const u = process.cpuUsage(t0);
  console.log(name.padEnd(30), ((u.user + u.system) / N).toFixed(2), 'µs cpu/line', ((performance.now()-w0)*1000/N).toFixed(2), 'wall');
}
const sink = spawn('sh', ['-c', 'cat > /dev/null'], { stdio: ['pipe', 'inherit', 'inherit'] });
const pipeFd = (sink.stdin as any)._handle.fd;
for (const [label, fdOf] of [['/dev/null', () => openSync('/dev/null', 'w')], ['pipe', () => pipeFd]] as const) {
  const fd = fdOf();
  await run(`sync ${label}`, pino.destination({ dest: fd, sync: true }));
  await run(`async ${label}`, pino.destination({ dest: fd, sync: false }));
  await run(`async minLength 4096 ${label}`, pino.destination({ dest: fd, sync: false, minLength: 4096 }));
  let buf: string[] = [];
  await run(`batch per turn ${label}`, { write(s: string) { if (buf.push(s) === 1) setImmediate(() => { const b = buf.join(''); buf = []; writeSync(fd, b); }); } });
}
await run('noop', { write() {} });
sink.kill();
