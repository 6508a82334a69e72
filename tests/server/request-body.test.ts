/**
 * Bodies a client cuts short or garbles are the client's 400, logged at warn (an error line
 * would be an alert anyone can raise), and a 413 that announces `Connection: close` closes the
 * connection. Driven over raw sockets, the way such clients send.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { startGitHub, startServer, type RunningServer } from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({ github, store: new MemoryStore() });
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

interface Line {
  level: number;
  msg: string;
  status?: number;
  correlation_id?: string;
}

/** The log lines of one request, once its access line is out. */
async function linesOf(id: string): Promise<Line[]> {
  for (let i = 0; i < 200; i += 1) {
    const lines = server.logs.lines
      .map((l) => JSON.parse(l) as Line)
      .filter((l) => l.correlation_id === id);
    if (lines.some((l) => l.msg === 'request')) return lines;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no access line for ${id}`);
}

/** A raw connection to the server, with everything it receives. */
async function rawSocket(): Promise<{
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}> {
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => data, closed };
}

const head = (id: string, extra: string) =>
  `POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Correlation-Id: ${id}\r\n${extra}\r\n`;

describe('request bodies', () => {
  it('a body cut short by the client is a 400 logged at warn', async () => {
    const id = 'body-cut-short-0001';
    const { socket } = await rawSocket();
    socket.write(`${head(id, 'Content-Length: 100\r\n')}grant_type=auth`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    const lines = await linesOf(id);
    expect(lines.find((l) => l.msg === 'request')?.status).toBe(400);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.some((l) => l.level === 40 && l.msg === 'request body unreadable')).toBe(true);
  });

  it('a chunked body with broken framing is a 400 logged at warn', async () => {
    const id = 'body-bad-chunks-0001';
    const { socket, closed } = await rawSocket();
    socket.write(`${head(id, 'Transfer-Encoding: chunked\r\n')}5\r\ngrant\r\nzz-not-a-size\r\n`);
    const lines = await linesOf(id);
    expect(lines.find((l) => l.msg === 'request')?.status).toBe(400);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.some((l) => l.level === 40 && l.msg === 'request body unreadable')).toBe(true);
    socket.destroy();
    await closed;
  });

  it('a 413 says Connection: close, and closes the connection', async () => {
    const id = 'body-too-large-0001';
    const { socket, received, closed } = await rawSocket();
    socket.write(head(id, 'Transfer-Encoding: chunked\r\n'));
    const chunk = 'a'.repeat(16 * 1024);
    // 80 KB in 16 KB chunks, over the 64 KB of login routes; the end never comes.
    for (let i = 0; i < 5; i += 1) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await closed;
    const response = received();
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(response).not.toMatch(/\r\nconnection: keep-alive\r\n/i);
    expect(response).toContain('"error":"payload_too_large"');
  });
});
