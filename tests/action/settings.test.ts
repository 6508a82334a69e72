/**
 * The action's settings: a pure function from inputs and the PR's event to what the run does.
 * The event is a hand-written pull_request payload with GitHub's field names.
 */
import { describe, expect, it } from 'vitest';
import { parseInputs, type InputName } from '../../src/action/inputs.js';
import { actionSettings } from '../../src/action/settings.js';
import { decideForkSafety } from '../../src/github/fork-safety.js';
import { loadPrContext } from '../../src/github/pr-context.js';

const PAYLOAD = {
  action: 'opened',
  number: 7,
  pull_request: {
    number: 7,
    title: 'Rename the home heading',
    html_url: 'https://github.com/acme/notes/pull/7',
    body: 'Small copy change.',
    head: { ref: 'copy', sha: 'a'.repeat(40), repo: { full_name: 'acme/notes' } },
    base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: 'acme/notes' } },
  },
};

const ENV = {
  GITHUB_WORKSPACE: '/work/repo',
  GITHUB_REPOSITORY: 'acme/notes',
  GITHUB_RUN_ID: '99',
};

async function settingsFor(values: Partial<Record<InputName, string>>, eventName = 'pull_request') {
  const inputs = parseInputs((name) => ({ url: 'http://localhost:3000', ...values })[name] ?? '');
  const context = await loadPrContext({
    eventName,
    payload: eventName === 'pull_request' ? PAYLOAD : {},
    repository: 'acme/notes',
    prNumber: undefined,
    octokit: null,
  });
  const fork = decideForkSafety({
    isFork: context.isFork,
    headRepo: context.headRepo,
    hasSecrets: false,
    allowForkCode: false,
  });
  return actionSettings(inputs, context, ENV, fork, 1234);
}

describe('actionSettings', () => {
  it('compares a pull_request run with its base branch by default', async () => {
    const settings = await settingsFor({ 'base-setup': 'npm ci' });
    expect(settings.compare).toEqual({ baseRef: 'main', baseSetup: 'npm ci' });
    expect(settings.config).toMatchObject({
      url: 'http://localhost:3000',
      cwd: '/work/repo',
      failOnPreexisting: false,
      pr: { number: 7, baseRef: 'main' },
    });
    expect(settings.ci.runUrl).toBe('https://github.com/acme/notes/actions/runs/99');
  });

  it('does not compare when asked not to, or when there is no PR, and says so when it was insisted on', async () => {
    expect((await settingsFor({ 'compare-base': 'false' })).compare).toBeNull();
    const push = await settingsFor({}, 'push');
    expect(push.compare).toBeNull();
    expect(push.compareNote).toBeNull();
    const insisted = await settingsFor(
      { 'compare-base': 'true', 'start-command': 'npm start' },
      'push',
    );
    expect(insisted.compare).toBeNull();
    expect(insisted.compareNote).toMatch(
      /no pull request base to compare with; every error counts/,
    );
  });

  it('does not compare without a start command: auto says why, true is an input error', async () => {
    const auto = await settingsFor({});
    expect(auto.config.startCommand).toBeUndefined();
    expect(auto.compareNote).toBe(
      "compare-base: not compared, because there is no start-command to start the base with (the app already running is the PR's); every error counts.",
    );
    expect(() =>
      parseInputs(
        (name) => ({ url: 'http://localhost:3000', 'compare-base': 'true' })[name as string] ?? '',
      ),
    ).toThrow(
      "compare-base: true needs start-command: the base's code must be started on its own, and an app already running is the PR's",
    );
    const started = await settingsFor({ 'start-command': 'npm start' });
    expect(started.compareNote).toBeNull();
  });

  it('passes fail-on-preexisting to the verdict', async () => {
    expect((await settingsFor({ 'fail-on-preexisting': 'true' })).config.failOnPreexisting).toBe(
      true,
    );
  });

  it('names a bad compare-base value', () => {
    expect(() =>
      parseInputs(
        (name) => ({ url: 'http://localhost:3000', 'compare-base': 'maybe' })[name as string] ?? '',
      ),
    ).toThrow(/compare-base must be auto, true or false/);
  });
});
