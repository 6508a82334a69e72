/**
 * Server configuration: zod over the environment. Every missing or bad variable is named in one
 * error at start-up, so an operator fixes them all in one go instead of one per restart.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { DEFAULT_WORKFLOW_FILE } from '../src/contract/index.js';

/** Decodes a 32-byte key given as base64 or 64 hex digits; returns null when it is neither. */
export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const buf = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (buf.length === 32) return buf;
  }
  return null;
}

const url = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL`)
    .transform((v) => v.replace(/\/+$/, ''));

const optionalInt = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a non-negative integer` });
        return z.NEVER;
      }
      return n;
    });

/** A comma-separated variable as its trimmed, non-empty items (none when unset). */
const commaList = () =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

const EnvSchema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 8787;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: 'PORT must be an integer from 0 to 65535' });
        return z.NEVER;
      }
      return n;
    }),
  PUBLIC_URL: url('PUBLIC_URL'),
  GITHUB_CLIENT_ID: z
    .string({ error: 'GITHUB_CLIENT_ID is required' })
    .min(1, 'GITHUB_CLIENT_ID is required'),
  GITHUB_CLIENT_SECRET: z
    .string({ error: 'GITHUB_CLIENT_SECRET is required' })
    .min(1, 'GITHUB_CLIENT_SECRET is required'),
  GITHUB_API_URL: url('GITHUB_API_URL').default('https://api.github.com'),
  GITHUB_WEB_URL: url('GITHUB_WEB_URL').default('https://github.com'),
  ENCRYPTION_KEY: z
    .string({ error: 'ENCRYPTION_KEY is required (32 bytes, base64 or hex)' })
    .transform((v, ctx) => {
      const key = decodeKey(v);
      if (!key) {
        ctx.addIssue({
          code: 'custom',
          message: 'ENCRYPTION_KEY must be 32 bytes, as base64 or 64 hex digits',
        });
        return z.NEVER;
      }
      return key;
    }),
  SIGNING_KEY: z
    .string({ error: 'SIGNING_KEY is required (at least 32 characters)' })
    .min(32, 'SIGNING_KEY must be at least 32 characters'),
  UPSTASH_REDIS_REST_URL: z.string().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
  WORKFLOW_FILE: z
    .string()
    .regex(/^[A-Za-z0-9._-]+\.ya?ml$/, 'WORKFLOW_FILE must be a file name ending in .yml or .yaml')
    .default(DEFAULT_WORKFLOW_FILE),
  ALLOWED_PR_HOST: z
    .string()
    .regex(/^[a-z0-9.-]+(:[0-9]+)?$/i, 'ALLOWED_PR_HOST must be a host name, e.g. github.com')
    .default('github.com'),
  ALLOW_FORK_PRS: z
    .enum(['true', 'false'], { error: 'ALLOW_FORK_PRS must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  AUTH_RATE_LIMIT_PER_IP: optionalInt('AUTH_RATE_LIMIT_PER_IP', 60),
  API_RATE_LIMIT_PER_USER: optionalInt('API_RATE_LIMIT_PER_USER', 120),
  RATE_LIMIT_WINDOW_SECONDS: optionalInt('RATE_LIMIT_WINDOW_SECONDS', 60),
  ACCESS_TOKEN_TTL_SECONDS: optionalInt('ACCESS_TOKEN_TTL_SECONDS', 3600),
  REFRESH_TOKEN_TTL_SECONDS: optionalInt('REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600),
  SESSION_TTL_SECONDS: optionalInt('SESSION_TTL_SECONDS', 12 * 3600),
  /** A run that has not appeared after this long fails (the workflow is missing or disabled). */
  RUN_APPEAR_TIMEOUT_SECONDS: optionalInt('RUN_APPEAR_TIMEOUT_SECONDS', 600),
  GITHUB_TIMEOUT_MS: optionalInt('GITHUB_TIMEOUT_MS', 15000),
  /** Browser origins allowed to call `/mcp` besides our own; requests without Origin pass. */
  MCP_ALLOWED_ORIGINS: commaList().transform((list, ctx) => {
    const origins: string[] = [];
    for (const item of list) {
      let origin = '';
      try {
        origin = new URL(item).origin;
      } catch {
        // reported below
      }
      if (!origin || origin === 'null' || origin !== item.replace(/\/+$/, '')) {
        ctx.addIssue({
          code: 'custom',
          message: `MCP_ALLOWED_ORIGINS: ${item} is not an origin (scheme://host[:port])`,
        });
        return z.NEVER;
      }
      origins.push(origin);
    }
    return origins;
  }),
  /** Local development only: client metadata documents on loopback/private addresses, over http. */
  CLIENT_METADATA_ALLOW_LOCAL: z
    .enum(['true', 'false'], { error: 'CLIENT_METADATA_ALLOW_LOCAL must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** How long a verified access token or a user is trusted from memory: the revocation bound. */
  AUTH_CACHE_SECONDS: optionalInt('AUTH_CACHE_SECONDS', 30).refine(
    (n) => n <= 60,
    'AUTH_CACHE_SECONDS must be at most 60 (a revoked token must stop working within a minute)',
  ),
  /** The header a trusted proxy (or the host's edge) sets to the client's address. */
  TRUSTED_PROXY_HEADER: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]*$/, 'TRUSTED_PROXY_HEADER must be a header name, e.g. X-Forwarded-For')
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null)),
  /** Addresses or CIDR ranges of the proxies in front of this server, comma-separated. */
  TRUSTED_PROXIES: commaList().transform((list, ctx) => {
    const bad = list.filter((s) => !ipaddr.isValid(s) && !ipaddr.isValidCIDR(s));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `TRUSTED_PROXIES must list IP addresses or CIDR ranges; not one: ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return list;
  }),
});

/** The parsed configuration the app runs with. */
export interface Config {
  port: number;
  publicUrl: string;
  github: {
    clientId: string;
    clientSecret: string;
    apiUrl: string;
    webUrl: string;
    timeoutMs: number;
  };
  encryptionKey: Buffer;
  signingKey: string;
  upstash: { url: string; token: string } | null;
  workflowFile: string;
  allowedPrHost: string;
  allowForkPrs: boolean;
  logLevel: string;
  rateLimits: { authPerIp: number; apiPerUser: number; windowSeconds: number };
  ttl: { accessToken: number; refreshToken: number; session: number };
  runAppearTimeoutSeconds: number;
  /** Browser origins `/mcp` accepts besides PUBLIC_URL's (an absent Origin is accepted). */
  mcpAllowedOrigins: string[];
  clientMetadata: { allowLocal: boolean };
  /** Seconds a verified access token or a user record is served from memory (0: never). */
  authCacheSeconds: number;
  /** Where client addresses for per-IP limits come from besides the connection. */
  clientAddress: { header: string | null; trustedProxies: string[] };
}

/** Thrown when the environment is invalid; `problems` names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid server configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment, throwing one ConfigError that lists every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      });
  // Checked here rather than in the schema so it is reported together with every other problem.
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    problems.push(
      `${env.UPSTASH_REDIS_REST_URL ? 'UPSTASH_REDIS_REST_TOKEN' : 'UPSTASH_REDIS_REST_URL'} is missing: UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together`,
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const e = parsed.data;
  return {
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    github: {
      clientId: e.GITHUB_CLIENT_ID,
      clientSecret: e.GITHUB_CLIENT_SECRET,
      apiUrl: e.GITHUB_API_URL,
      webUrl: e.GITHUB_WEB_URL,
      timeoutMs: e.GITHUB_TIMEOUT_MS,
    },
    encryptionKey: e.ENCRYPTION_KEY,
    signingKey: e.SIGNING_KEY,
    upstash:
      e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN
        ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN }
        : null,
    workflowFile: e.WORKFLOW_FILE,
    allowedPrHost: e.ALLOWED_PR_HOST.toLowerCase(),
    allowForkPrs: e.ALLOW_FORK_PRS,
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      authPerIp: e.AUTH_RATE_LIMIT_PER_IP,
      apiPerUser: e.API_RATE_LIMIT_PER_USER,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    ttl: {
      accessToken: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: e.REFRESH_TOKEN_TTL_SECONDS,
      session: e.SESSION_TTL_SECONDS,
    },
    runAppearTimeoutSeconds: e.RUN_APPEAR_TIMEOUT_SECONDS,
    mcpAllowedOrigins: e.MCP_ALLOWED_ORIGINS,
    clientMetadata: { allowLocal: e.CLIENT_METADATA_ALLOW_LOCAL },
    authCacheSeconds: e.AUTH_CACHE_SECONDS,
    clientAddress: { header: e.TRUSTED_PROXY_HEADER, trustedProxies: e.TRUSTED_PROXIES },
  };
}
