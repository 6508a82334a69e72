import { pino } from 'pino';
import { createLogger } from '/work/main/server/logger.ts';
import { openSync, writeSync } from 'node:fs';
const N = 200000;
function run(name: string, dest: any) {
  const log = createLogger('info', dest);
  const t0 = process.cpuUsage(); const w0 = performance.now();
  for (let i = 0; i < N; i++) {
    log.info({ correlation_id: '3f1b1c9e-6d7a-4a57-8d33-0c7a0d4c6e21', method: 'GET', path: '/v1/simulations/job_abcdefghijklmnop', status: 200, ms: 0 }, 'request');
  }
  const u = process.cpuUsage(t0);
  console.log(name.padEnd(30), ((u.user + u.system) / N).toFixed(2), 'µs cpu/line', ((performance.now()-w0)*1000/N).toFixed(2), 'wall');
}
const fd = openSync('/dev/null', 'w');
run('sync /dev/null', pino.destination({ dest: '/dev/null', sync: true }));
run('async /dev/null', pino.destination({ dest: '/dev/null', sync: false }));
run('async minLength 4096', pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }));
let buf: string[] = [];
const batch = { write(s: string) { if (buf.push(s) === 1) setImmediate(() => { writeSync(fd, buf.join('')); buf = []; }); } };
run('batch per tick', batch);
run('noop', { write() {} });
