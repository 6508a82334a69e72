import { describe, expect, it } from 'vitest';
import { createRedactor, redactDeep, REDACTED } from '../../src/report/index.js';
import { sampleReport, sampleStep } from '../../fixtures/sample-report.js';

const TOKEN = 'sk-live_9f8e7d6c5b4a';
const PASSWORD = 'p@ss word/+=&é';

describe('createRedactor', () => {
  const redact = createRedactor([TOKEN, PASSWORD]);

  it('masks a secret in plain text, every occurrence', () => {
    expect(redact(`key=${TOKEN}; again ${TOKEN}.`)).toBe(`key=${REDACTED}; again ${REDACTED}.`);
  });

  it('masks the URL-encoded form (query strings, form bodies)', () => {
    const encoded = encodeURIComponent(PASSWORD);
    expect(encoded).not.toBe(PASSWORD);
    expect(redact(`GET /login?pw=${encoded}&x=1`)).toBe(`GET /login?pw=${REDACTED}&x=1`);
    const form = encoded.replace(/%20/g, '+');
    expect(redact(`pw=${form}`)).toBe(`pw=${REDACTED}`);
  });

  it('masks the base64 form, alone and inside a Basic auth header', () => {
    const b64 = Buffer.from(TOKEN).toString('base64');
    expect(redact(`token: ${b64}`)).toBe(`token: ${REDACTED}`);
    for (const user of ['u', 'us', 'use', 'user:']) {
      const header = `Authorization: Basic ${Buffer.from(`${user}:${TOKEN}`).toString('base64')}`;
      const out = redact(header);
      expect(out).toContain(REDACTED);
      // What is left cannot be decoded back to the token.
      expect(
        Buffer.from(out.split(' ').pop()!.replace(REDACTED, ''), 'base64').toString(),
      ).not.toContain(TOKEN.slice(3));
    }
  });

  it('masks JSON- and HTML-escaped forms', () => {
    const secret = 'a"b<c>d\\e';
    const r = createRedactor([secret]);
    expect(r(JSON.stringify({ value: secret }))).toBe(`{"value":"${REDACTED}"}`);
    expect(r('<td>a&quot;b&lt;c&gt;d\\e</td>')).toBe(`<td>${REDACTED}</td>`);
  });

  it('masks the longest secret first, so a secret containing another is masked whole', () => {
    const r = createRedactor(['abcd', 'abcdefgh']);
    expect(r('x abcdefgh y abcd')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('ignores values shorter than 4 characters, which would shred ordinary text', () => {
    const r = createRedactor(['1', 'yes', '', 'dev']);
    const text = 'step 1: say yes in dev mode';
    expect(r(text)).toBe(text);
  });

  it('leaves text without secrets unchanged, and regex characters in secrets are literal', () => {
    const r = createRedactor(['a.b*c(d)']);
    expect(r('axbbbc(d)')).toBe('axbbbc(d)');
    expect(r('see a.b*c(d) here')).toBe(`see ${REDACTED} here`);
    expect(createRedactor([])('anything')).toBe('anything');
  });
});

describe('redactDeep', () => {
  it('masks every string in a report and keeps its shape and other values', () => {
    const report = sampleReport({
      steps: [
        sampleStep(1, {
          description: `Fill "password" with ${TOKEN}`,
          url: `http://x/?t=${TOKEN}`,
        }),
      ],
      appLogTail: `token=${TOKEN}`,
    });
    const clean = redactDeep(report, createRedactor([TOKEN]));
    expect(JSON.stringify(clean)).not.toContain(TOKEN);
    expect(clean.steps[0]!.description).toBe(`Fill "password" with ${REDACTED}`);
    expect(clean.steps[0]!.durationMs).toBe(report.steps[0]!.durationMs);
    expect(clean.usage.costUsd).toBe(report.usage.costUsd);
    expect(clean.environment.ci).toEqual(report.environment.ci);
    expect(report.appLogTail).toContain(TOKEN); // the input is not mutated
  });
});
