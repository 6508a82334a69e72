// A tiny app for the launcher tests. PORT (env) is where it listens; DELAY_MS delays listening
// (a slow boot); IGNORE_SIGTERM=1 makes it ignore SIGTERM (a stubborn app). GET /env answers
// with the environment it was given.
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const delay = Number(process.env.DELAY_MS ?? 0);

process.on('SIGTERM', () => {
  console.log('server: got SIGTERM');
  if (process.env.IGNORE_SIGTERM !== '1') process.exit(0);
});

const server = createServer((req, res) => {
  if (req.url === '/env') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(process.env));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<h1>hello</h1>');
});

console.log('server: booting');
console.error('server: a warning on stderr');
setTimeout(() => {
  server.listen(port, '127.0.0.1', () => console.log(`server: listening on ${port}`));
}, delay);
