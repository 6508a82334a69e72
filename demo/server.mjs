// Notebook: the demo app of myfav-coworker's quick start. A plain Node HTTP server with no
// dependencies, so `node server.mjs` is all it takes to run it (and all a CI job needs).
import { createServer } from 'node:http';
import { handle } from './app/router.mjs';

/** `--port N` wins over PORT so a start command can carry its port without a shell. */
function readPort(argv, env) {
  const flag = argv.indexOf('--port');
  const raw = flag >= 0 ? argv[flag + 1] : env.PORT;
  const port = Number(raw || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port: ${raw}`);
    process.exit(2);
  }
  return port;
}

const port = readPort(process.argv, process.env);
const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Internal Server Error');
  });
});

server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`Notebook demo listening on http://127.0.0.1:${actual}`);
});

// Exit promptly when the runner stops us; open keep-alive sockets must not hold the process.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
  });
}
