import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupState } from '../../../src/simulation/launcher/exit-cleanup.js';
import {
  AppStartError,
  startApp,
  type RunningApp,
} from '../../../src/simulation/launcher/index.js';
import { SERVER_APP, freePort, q, runningInGroup, tempDir, waitFor } from './helpers.js';

const started: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.stop()));
});

async function start(options: Parameters<typeof startApp>[0]): Promise<RunningApp> {
  const app = await startApp(options);
  started.push(app);
  return app;
}

/** Runs startApp and returns the AppStartError it must throw. */
async function startError(options: Parameters<typeof startApp>[0]): Promise<AppStartError> {
  try {
    started.push(await startApp(options));
  } catch (error) {
    expect(error).toBeInstanceOf(AppStartError);
    return error as AppStartError;
  }
  throw new Error('startApp resolved, but it should have failed');
}

describe('startApp with a start command', () => {
  it('starts the app, waits until its URL answers, and writes its output to the log', async () => {
    const port = await freePort();
    const dir = tempDir();
    const logPath = join(dir, 'logs', 'app.log');
    const url = `http://127.0.0.1:${port}/`;
    const app = await start({
      command: `DELAY_MS=300 node ${q(SERVER_APP)}`,
      url,
      cwd: dir,
      readyTimeoutMs: 30_000,
      logPath,
      extraEnv: { PORT: String(port) },
    });

    expect(app.url).toBe(url);
    expect(app.pid).toBeGreaterThan(0);
    expect(app.exitInfo()).toBeNull();
    const page = await fetch(url);
    expect(await page.text()).toContain('hello');

    await waitFor(() => app.logTail().includes('listening'));
    expect(app.logTail()).toContain(`server: listening on ${port}`);
    expect(app.logTail()).toContain('server: a warning on stderr');
    expect(app.logTail(1)).toBe(`server: listening on ${port}`);

    await app.stop();
    const file = readFileSync(logPath, 'utf8');
    expect(file).toContain('server: booting');
    expect(file).toContain('server: a warning on stderr');
    // The app was asked to stop (SIGTERM) before anything harder, and its last words were kept.
    expect(file).toContain('server: got SIGTERM');
    expect(app.exitInfo()).not.toBeNull();
  });

  it('fails with reason "timeout" when the URL never answers, with the log tail, and stops the app', async () => {
    const port = await freePort();
    const dir = tempDir();
    const error = await startError({
      command: `echo 'still booting, please wait'; exec sleep 300`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 1_500,
      logPath: join(dir, 'app.log'),
    });

    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(
      `The app at http://127.0.0.1:${port} did not answer within 1.5 s (last attempt: connection refused): still booting, please wait`,
    );
    expect(error.logTail).toContain('still booting, please wait');
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toContain('still booting');
    expect(error.exit?.signal).toBe('SIGTERM');
    expect(cleanupState().liveApps).toBe(0);
  });

  it('fails at once, long before the timeout, when the command exits early', async () => {
    const port = await freePort();
    const dir = tempDir();
    // The ready timeout is far longer than the test's own timeout: only an early failure passes.
    const error = await startError({
      command: `echo 'Error: Cannot find module ./server' >&2; exit 3`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 600_000,
      logPath: join(dir, 'app.log'),
    });

    expect(error.reason).toBe('exited');
    expect(error.exit).toEqual({ code: 3, signal: null });
    expect(error.message).toBe(
      `The app exited with code 3 before http://127.0.0.1:${port} answered: Error: Cannot find module ./server`,
    );
    expect(error.logTail).toContain('Cannot find module');
  });

  it("quotes npm's cause for a typo'd script, not its closing pointer to a log file", async () => {
    const port = await freePort();
    const dir = tempDir();
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'typo-app', version: '1.0.0', scripts: { start: 'node server.js' } }),
    );
    const error = await startError({
      command: 'npm run strat',
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 600_000,
      logPath: join(dir, 'app.log'),
    });
    expect(error.reason).toBe('exited');
    expect(error.exit?.code).toBe(1);
    // npm's own words, as it prints them.
    expect(error.message).toBe(
      `The app exited with code 1 before http://127.0.0.1:${port} answered: npm error Missing script: "strat"`,
    );
  });

  it('reports a start command that exits 0 with nothing answering at once, not after the ready timeout', async () => {
    const port = await freePort();
    const dir = tempDir();
    // Ten minutes of ready timeout: the test's own budget (30 s) would run out long before.
    const error = await startError({
      command: 'echo starting; exit 0',
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 600_000,
      logPath: join(dir, 'app.log'),
    });
    expect(error.reason).toBe('exited');
    expect(error.exit).toEqual({ code: 0, signal: null });
    expect(error.message).toBe(
      `The start command exited with code 0 and nothing answered at http://127.0.0.1:${port} within 5.0 s (the command must keep the app running, or wait until it answers): starting`,
    );
  }, 30_000);

  it('says the command was not found when its binary is missing', async () => {
    const port = await freePort();
    const dir = tempDir();
    const error = await startError({
      command: 'nosuchbinary-for-launcher-test --port 4000',
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 600_000,
      logPath: join(dir, 'app.log'),
    });

    expect(error.reason).toBe('exited');
    expect(error.exit?.code).toBe(127);
    expect(error.message).toMatch(
      new RegExp(
        `^The app exited with code 127 \\(command not found\\) before http://127\\.0\\.0\\.1:${port} answered: .*nosuchbinary-for-launcher-test: not found$`,
      ),
    );
  });

  it('says so when the command is killed by a signal before the URL answers', async () => {
    const port = await freePort();
    const dir = tempDir();
    const error = await startError({
      command: `echo 'out of memory'; kill -KILL $$`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 600_000,
      logPath: join(dir, 'app.log'),
    });
    expect(error.reason).toBe('exited');
    expect(error.message).toBe(
      `The app was killed by SIGKILL before http://127.0.0.1:${port} answered: out of memory`,
    );
  });

  it('refuses to start when something else already answers at the URL', async () => {
    const other = createServer((_req, res) => res.end('an old dev server'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dir = tempDir();
    try {
      const error = await startError({
        command: `node ${q(SERVER_APP)}`,
        url: `http://127.0.0.1:${port}`,
        cwd: dir,
        readyTimeoutMs: 30_000,
        logPath: join(dir, 'app.log'),
        extraEnv: { PORT: String(port) },
      });
      expect(error.reason).toBe('spawn');
      expect(error.message).toContain(
        `Something already answers at http://127.0.0.1:${port} (HTTP 200) before the app was started`,
      );
      expect(cleanupState().liveApps).toBe(0);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('fails with reason "spawn" when the working directory does not exist', async () => {
    const dir = tempDir();
    const error = await startError({
      command: 'true',
      url: 'http://127.0.0.1:9',
      cwd: join(dir, 'missing'),
      readyTimeoutMs: 600_000,
      logPath: join(dir, 'app.log'),
    });
    expect(error.reason).toBe('spawn');
    expect(error.message).toContain(`${join(dir, 'missing')} does not exist`);
  });

  it('keeps waiting after a command that exits 0 (it may have started the app in the background)', async () => {
    const port = await freePort();
    const dir = tempDir();
    // Like `docker compose up -d`: the command returns at once, the server comes up later.
    const app = await start({
      command: `PORT=${port} DELAY_MS=500 node ${q(SERVER_APP)} & exit 0`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 30_000,
      logPath: join(dir, 'app.log'),
    });
    expect(app.exitInfo()).toEqual({ code: 0, signal: null });
    const pgid = app.pid!;
    expect(runningInGroup(pgid)).not.toEqual([]);
    await app.stop();
    expect(runningInGroup(pgid)).toEqual([]);
  });

  it('stops the whole process group, children included', async () => {
    const port = await freePort();
    const dir = tempDir();
    const app = await start({
      command: `sleep 300 & node ${q(SERVER_APP)}`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 30_000,
      logPath: join(dir, 'app.log'),
      extraEnv: { PORT: String(port) },
    });
    const pgid = app.pid!;
    // The shell, sleep and node: more than one process shares the group.
    expect(runningInGroup(pgid).length).toBeGreaterThanOrEqual(2);

    await app.stop();
    expect(runningInGroup(pgid)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}`)).rejects.toThrow();
    await app.stop(); // idempotent
    expect(cleanupState()).toEqual({ liveApps: 0, listenersInstalled: false });
  });

  it('kills an app that ignores SIGTERM once the grace period is over', async () => {
    const port = await freePort();
    const dir = tempDir();
    const app = await start({
      command: `exec node ${q(SERVER_APP)}`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 30_000,
      logPath: join(dir, 'app.log'),
      extraEnv: { PORT: String(port), IGNORE_SIGTERM: '1' },
      stopGraceMs: 500,
    });
    const pgid = app.pid!;
    await app.stop();
    expect(runningInGroup(pgid)).toEqual([]);
    expect(app.logTail()).toContain('server: got SIGTERM');
    expect(app.exitInfo()?.signal).toBe('SIGKILL');
  });

  it('installs its exit and signal listeners only while an app runs', async () => {
    const before = process.listenerCount('SIGINT');
    const port = await freePort();
    const dir = tempDir();
    const app = await start({
      command: `exec node ${q(SERVER_APP)}`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 30_000,
      logPath: join(dir, 'app.log'),
      extraEnv: { PORT: String(port) },
    });
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(cleanupState()).toEqual({ liveApps: 1, listenersInstalled: true });
    await app.stop();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('gives the app a scrubbed environment', async () => {
    const port = await freePort();
    const dir = tempDir();
    const modelKey = 'sk-ant-api03-secret-value-123';
    const app = await start({
      command: `node ${q(SERVER_APP)}`,
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 30_000,
      logPath: join(dir, 'app.log'),
      env: {
        ...process.env,
        ANTHROPIC_API_KEY: modelKey,
        GITHUB_TOKEN: 'ghs_0123456789abcdef',
        ACTIONS_RUNTIME_TOKEN: 'eyJhbGciOi.runtime',
        INPUT_X: 'an action input',
        'INPUT_ANTHROPIC-API-KEY': modelKey,
        SHOP_DB_URL: 'postgres://user:hunter2@db/shop',
        MODEL_KEY_COPY: modelKey,
        PLAIN_SETTING: 'kept',
      },
      secretNames: ['shop_db_url'],
      extraEnv: { PORT: String(port) },
    });
    const env = (await (await fetch(`http://127.0.0.1:${port}/env`)).json()) as Record<
      string,
      string
    >;
    for (const name of [
      'ANTHROPIC_API_KEY',
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'INPUT_X',
      'INPUT_ANTHROPIC-API-KEY',
      'SHOP_DB_URL',
      'MODEL_KEY_COPY',
    ]) {
      expect(env, name).not.toHaveProperty(name);
    }
    expect(JSON.stringify(env)).not.toContain(modelKey);
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.PLAIN_SETTING).toBe('kept');
    expect(env.PORT).toBe(String(port));
    expect(env.BROWSER).toBe('none');
    await app.stop();
  });
});

describe('startApp without a start command', () => {
  let server: Server | null = null;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  it('waits for an app that is already running; stop() leaves it alone', async () => {
    server = createServer((_req, res) => {
      res.writeHead(404);
      res.end('not here');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dir = tempDir();
    const app = await start({
      url: `http://127.0.0.1:${port}/missing`,
      cwd: dir,
      readyTimeoutMs: 30_000,
      logPath: join(dir, 'app.log'),
    });
    expect(app.pid).toBeNull();
    expect(app.logTail()).toBe('');
    await app.stop();
    expect(app.exitInfo()).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    expect(existsSync(join(dir, 'app.log'))).toBe(false);
  });

  it('says the app must already be running when nothing answers', async () => {
    const port = await freePort();
    const dir = tempDir();
    const error = await startError({
      command: '  ',
      url: `http://127.0.0.1:${port}`,
      cwd: dir,
      readyTimeoutMs: 800,
      logPath: join(dir, 'app.log'),
    });
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(
      `The app at http://127.0.0.1:${port} did not answer within 800 ms (last attempt: connection refused); no start command was given, so the app must already be running there`,
    );
  });

  it('rejects a URL that is not http(s)', async () => {
    await expect(
      startApp({ url: 'ftp://example.test', cwd: '.', readyTimeoutMs: 1, logPath: 'x.log' }),
    ).rejects.toThrow('must be http or https');
  });
});
