// Limits on the login endpoints, counted in Redis (@fastify/rate-limit's Redis store) so every web
// process shares them:
// - per client address: LOGIN_LIMIT_PER_IP requests for a code in 15 minutes, 3× that for typed
//   codes (a code has 5 tries);
// - for everyone together: LOGIN_LIMIT_GLOBAL requests for a code a minute, 3× that for codes,
//   which bounds a guesser with many addresses;
// - per member and client address: CODES_PER_CLIENT codes an hour, so one visitor cannot use up
//   the member's hourly codes (LOGIN_CODES_PER_HOUR) and lock the member out.
// - per client address: invalid chat login links (LOGIN_LIMIT_PER_IP×3 in 15 minutes); a valid link
//   is never limited, so nobody can block the member's way in through the chat.
// Beyond a limit the answer is 429 with a Vietnamese page; the limits do not depend on the name
// typed, so they tell nothing about who may log in.
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { DashboardDeps } from "./context.ts";

const LOGIN_WINDOW_MS = 15 * 60_000;
const GLOBAL_WINDOW_MS = 60_000;
/** Codes sent to one member on the request of one client address in an hour. */
export const CODES_PER_CLIENT = 3;
/**
 * POST /login answers no sooner than this after it arrives, whatever happened (a code sent, a
 * decoy, too soon, too many), so the time taken does not tell them apart.
 */
export const LOGIN_ANSWER_FLOOR_MS = 250;

export type LimitCheck = (request: FastifyRequest) => Promise<{ limited: false } | { limited: true; retryAfterSeconds: number }>;

export interface LoginLimits {
  /** POST /login: per address, then for everyone. */
  login: LimitCheck;
  /** POST /login/code: per address, then for everyone. */
  code: LimitCheck;
  /** A chat login link that is not (or no longer) valid: per address only. */
  link: LimitCheck;
  /** False when this client address has had its share of codes for the member this hour. */
  clientMayAsk(memberId: string, request: FastifyRequest): Promise<boolean>;
  /** Counts a code sent to the member on this client's request. */
  countClientCode(memberId: string, request: FastifyRequest): Promise<void>;
  /** The member logged in from this address: it was the member asking, so the share starts afresh. */
  clearClientCodes(memberId: string, request: FastifyRequest): Promise<void>;
}

export async function registerLoginLimits(app: FastifyInstance, deps: DashboardDeps): Promise<LoginLimits> {
  await app.register(rateLimit, { global: false, redis: deps.redis, nameSpace: `${deps.redisPrefix}:rl:`, skipOnError: false });
  const perIp = deps.loginLimits.perIp;
  const global = deps.loginLimits.global;
  const checker = (name: string, limits: { max: number; timeWindow: number; everyone: boolean }[]): LimitCheck => {
    const checks = limits.map((l) =>
      app.createRateLimit({
        max: l.max,
        timeWindow: l.timeWindow,
        keyGenerator: l.everyone ? () => `${name}:all` : (request) => `${name}:ip:${request.ip}`,
      }),
    );
    return async (request) => {
      // In order: a client over its own limit is refused before it counts against everyone's.
      for (const check of checks) {
        const result = await check(request);
        if (!result.isAllowed && result.isExceeded) return { limited: true, retryAfterSeconds: Math.max(1, result.ttlInSeconds) };
      }
      return { limited: false };
    };
  };
  const clientKey = (memberId: string, request: FastifyRequest) => `${deps.redisPrefix}:dash-login-client:${memberId}:${request.ip}`;
  return {
    login: checker("login", [
      { max: perIp, timeWindow: LOGIN_WINDOW_MS, everyone: false },
      { max: global, timeWindow: GLOBAL_WINDOW_MS, everyone: true },
    ]),
    code: checker("code", [
      { max: perIp * 3, timeWindow: LOGIN_WINDOW_MS, everyone: false },
      { max: global * 3, timeWindow: GLOBAL_WINDOW_MS, everyone: true },
    ]),
    link: checker("link", [{ max: perIp * 3, timeWindow: LOGIN_WINDOW_MS, everyone: false }]),
    async clientMayAsk(memberId, request) {
      return Number((await deps.redis.get(clientKey(memberId, request))) ?? 0) < CODES_PER_CLIENT;
    },
    async countClientCode(memberId, request) {
      const key = clientKey(memberId, request);
      const count = await deps.redis.incr(key);
      if (count === 1) await deps.redis.pexpire(key, 60 * 60_000);
    },
    async clearClientCodes(memberId, request) {
      await deps.redis.del(clientKey(memberId, request));
    },
  };
}

/** Waits until `floorMs` have passed since `startedAt` (performance.now()). */
export async function answerNoSoonerThan(startedAt: number, floorMs = LOGIN_ANSWER_FLOOR_MS): Promise<void> {
  const left = floorMs - (performance.now() - startedAt);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}
