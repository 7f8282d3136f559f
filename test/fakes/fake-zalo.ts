// A faithful fake of the Zalo Bot Platform API over real HTTP on 127.0.0.1 (random port).
//
// Serves POST (and GET with query parameters) /bot<token>/<method> with the platform's envelope
// { ok: true, result } | { ok: false, error_code, description }:
//   getMe, getUpdates (long poll for `timeout` seconds — a string, as documented; ONE update per call;
//   error_code 408 "Request timeout" when nothing arrived), setWebhook (secret_token 8–256 chars),
//   deleteWebhook, getWebhookInfo, sendMessage (text 1–2000), sendPhoto, sendSticker, sendChatAction.
// While a webhook is set, pushed updates are POSTed to it with the X-Bot-Api-Secret-Token header,
// and getUpdates receives nothing (the platform disables it). The docs show the body wrapped as
// { ok: true, result: { event_name, message } }; live webhooks arrive bare as { event_name, message }.
// The fake alternates between the two by default (webhookForm), so both are always exercised.
// A blocked chat answers 400 naming the user (403 is documented as an internal server error).
// delayMs holds every answer that long (a real round trip; 150 ms from Vietnam is typical).
//
// Test controls: push* (inbound messages), failNext, blockChat, hangNext, a token-bucket rate limiter
// (ratePerSecond overall, perChatPerSecond per chat; exceeding → 429), counters, waitForSent.
// Built to stay cheap at thousands of messages: O(1) queue operations, no per-request scans.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeZaloEventName =
  "message.text.received" | "message.image.received" | "message.sticker.received" | "message.voice.received" | "message.unsupported.received";

export interface FakeZaloMessage {
  message_id: string;
  from: { id: string; display_name: string; is_bot: boolean };
  chat: { id: string; chat_type: "PRIVATE" | "GROUP" };
  date: number;
  text?: string;
  photo_url?: string;
  caption?: string;
  sticker?: string;
  url?: string;
  message_type?: string;
}

export interface FakeZaloUpdate {
  event_name: FakeZaloEventName;
  message: FakeZaloMessage;
}

export interface FakeSent {
  method: string;
  chatId: string;
  text?: string;
  photo?: string;
  caption?: string;
  at: number;
  messageId: string;
}

/** One API request as the fake saw it (getUpdates included). */
export interface FakeCall {
  method: string;
  chatId?: string;
  /** Arrival, ms since the epoch. */
  at: number;
  /** HTTP status answered, and when (undefined while pending or if the client went away). */
  status?: number;
  answeredAt?: number;
}

export interface FakeFailure {
  /** HTTP status of the answer. */
  status: number;
  /** error_code in the body. */
  errorCode: number;
  description: string;
  /** Adds parameters.retry_after and a Retry-After header (Zalo documents neither; for tests). */
  retryAfter?: number;
}

export interface PushOptions {
  /** Default: the user id (a private chat's id equals the user's, as in the platform's samples). */
  chatId?: string;
  chatType?: "PRIVATE" | "GROUP";
  displayName?: string;
  /** Milliseconds; default now. */
  date?: number;
  messageId?: string;
}

export interface PushResult {
  update: FakeZaloUpdate;
  /** HTTP status the webhook answered, when a webhook is set (0 if it could not be reached). */
  webhookStatus?: number;
}

export interface FakeZalo {
  readonly apiBase: string;
  readonly token: string;
  readonly sent: FakeSent[];
  /** Every API request with its arrival time and answer status, in arrival order. */
  readonly calls: FakeCall[];
  /** Every request received, any method. */
  readonly requests: number;
  readonly requestsByMethod: ReadonlyMap<string, number>;
  readonly count429: number;
  /** Updates waiting for a getUpdates call. */
  readonly pendingUpdates: number;
  readonly webhook: { url: string; secretToken: string; updatedAt: number } | null;
  pushText(userId: string, text: string, opts?: PushOptions): Promise<PushResult>;
  pushImage(userId: string, photoUrl: string, opts?: PushOptions & { caption?: string }): Promise<PushResult>;
  pushSticker(userId: string, opts?: PushOptions): Promise<PushResult>;
  pushUnsupported(userId: string, opts?: PushOptions): Promise<PushResult>;
  pushVoice(userId: string, opts?: PushOptions): Promise<PushResult>;
  /** Delivers any body as it is (poison shapes, an update without event_name, an array). */
  pushRaw(update: unknown): Promise<{ webhookStatus?: number }>;
  /** Per-call delay of every answer, ms (changeable while running). */
  delayMs: number;
  /** The next `count` requests (of `methodFilter`, if given) fail with this answer. */
  failNext(count: number, failure: FakeFailure, methodFilter?: string | readonly string[]): void;
  /** Sends to this chat fail as "blocked": HTTP 400 with a description naming the user (not 403). */
  blockChat(chatId: string): void;
  unblockChat(chatId: string): void;
  /** The next `count` requests (of `methodFilter`) are held `ms` before being answered. */
  hangNext(count: number, ms: number, methodFilter?: string | readonly string[]): void;
  waitForSent(n: number, timeoutMs?: number): Promise<FakeSent[]>;
  /** Forget sent messages, counters and pending test rules (the webhook setting stays). */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeZaloOptions {
  token?: string;
  /** Overall send rate (sendMessage, sendPhoto, sendSticker, sendChatAction) before 429s. */
  ratePerSecond?: number;
  /** Per-chat send rate before 429s. */
  perChatPerSecond?: number;
  /** Delay of every answer, ms (default 0). */
  delayMs?: number;
  /** Webhook body shape: the documented wrapped form, the live bare form, or both in turn (default). */
  webhookForm?: "wrapped" | "bare" | "alternate";
}

const SEND_METHODS = new Set(["sendMessage", "sendPhoto", "sendSticker", "sendChatAction"]);
const MAX_BODY = 1024 * 1024;
const BUCKET_GRACE_MS = 20;

interface Rule {
  remaining: number;
  methods: ReadonlySet<string> | null;
}
interface FailRule extends Rule {
  failure: FakeFailure;
}
interface HangRule extends Rule {
  ms: number;
}
interface Waiter {
  res: ServerResponse;
  timer: NodeJS.Timeout;
  done: boolean;
}
interface Bucket {
  tokens: number;
  at: number;
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function ok(result?: unknown): HttpAnswer {
  return new HttpAnswer(200, result === undefined ? { ok: true } : { ok: true, result });
}
function fail(status: number, errorCode: number, description: string, retryAfter?: number): HttpAnswer {
  const body: Record<string, unknown> = { ok: false, error_code: errorCode, description };
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) {
    body.parameters = { retry_after: retryAfter };
    headers["retry-after"] = String(retryAfter);
  }
  return new HttpAnswer(status, body, headers);
}

function messageId(): string {
  return randomBytes(10).toString("hex");
}

function methodSet(filter: string | readonly string[] | undefined): ReadonlySet<string> | null {
  if (filter === undefined) return null;
  return new Set(typeof filter === "string" ? [filter] : filter);
}

export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  const token = options.token ?? "1234567890123456789:fake-zalo-bot-token";
  const botId = token.split(":")[0] || "1459232241454765289";
  const sent: FakeSent[] = [];
  const calls: FakeCall[] = [];
  const callOf = new WeakMap<ServerResponse, FakeCall>();
  const requestsByMethod = new Map<string, number>();
  let requests = 0;
  let count429 = 0;

  // Pending updates: array + head index, so taking one is O(1).
  let queue: FakeZaloUpdate[] = [];
  let head = 0;
  const waiters: Waiter[] = [];
  let waiterHead = 0;

  let webhook: { url: string; secretToken: string; updatedAt: number } | null = null;
  let failRules: FailRule[] = [];
  let hangRules: HangRule[] = [];
  const blocked = new Set<string>();
  let sentWaiters: Array<{ n: number; resolve: (v: FakeSent[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const globalBucket: Bucket | null = options.ratePerSecond ? { tokens: options.ratePerSecond, at: Date.now() } : null;
  const chatBuckets = new Map<string, Bucket>();

  function take(bucket: Bucket, rate: number, now: number): boolean {
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    // A few milliseconds of grace: a client that waited exactly 1/rate may be woken a hair early.
    if (bucket.tokens < 1 - BUCKET_GRACE_MS * (rate / 1000)) return false;
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    return true;
  }

  function rateLimited(method: string, chatId: string | undefined): boolean {
    if (!SEND_METHODS.has(method)) return false;
    const now = Date.now();
    if (options.perChatPerSecond && chatId) {
      let bucket = chatBuckets.get(chatId);
      if (!bucket) {
        bucket = { tokens: options.perChatPerSecond, at: now };
        chatBuckets.set(chatId, bucket);
      }
      if (!take(bucket, options.perChatPerSecond, now)) return true;
    }
    if (globalBucket && options.ratePerSecond && !take(globalBucket, options.ratePerSecond, now)) return true;
    return false;
  }

  function matchRule<R extends Rule>(rules: R[], method: string): R | undefined {
    for (const rule of rules) {
      if (rule.remaining > 0 && (rule.methods === null || rule.methods.has(method))) {
        rule.remaining -= 1;
        return rule;
      }
    }
    return undefined;
  }

  function recordSent(entry: FakeSent): void {
    sent.push(entry);
    if (sentWaiters.length === 0) return;
    const ready = sentWaiters.filter((w) => sent.length >= w.n);
    if (ready.length === 0) return;
    sentWaiters = sentWaiters.filter((w) => sent.length < w.n);
    for (const w of ready) {
      clearTimeout(w.timer);
      w.resolve(sent);
    }
  }

  function send(res: ServerResponse, answer: HttpAnswer): void {
    if (res.writableEnded || res.destroyed) return;
    const call = callOf.get(res);
    if (call) {
      call.status = answer.status;
      call.answeredAt = Date.now();
    }
    const payload = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(payload),
      ...answer.headers,
    });
    res.end(payload);
  }

  function nextWaiter(): Waiter | undefined {
    while (waiterHead < waiters.length) {
      const w = waiters[waiterHead++] as Waiter;
      if (!w.done && !w.res.destroyed && !w.res.writableEnded) {
        if (waiterHead > 1024 && waiterHead * 2 > waiters.length) {
          waiters.splice(0, waiterHead);
          waiterHead = 0;
        }
        return w;
      }
    }
    waiters.length = 0;
    waiterHead = 0;
    return undefined;
  }

  let webhookPosts = 0;
  async function deliver<U>(update: U): Promise<{ update: U; webhookStatus?: number }> {
    if (closed) throw new Error("fake Zalo is closed");
    if (webhook) {
      const status = await postWebhook(webhook.url, webhook.secretToken, update);
      return { update, webhookStatus: status };
    }
    const waiter = nextWaiter();
    if (waiter) {
      waiter.done = true;
      clearTimeout(waiter.timer);
      timers.delete(waiter.timer);
      send(waiter.res, ok(update));
    } else {
      queue.push(update as unknown as FakeZaloUpdate);
    }
    return { update };
  }

  async function postWebhook(url: string, secretToken: string, update: unknown): Promise<number> {
    const form = options.webhookForm ?? "alternate";
    const wrapped = form === "wrapped" || (form === "alternate" && webhookPosts++ % 2 === 0);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-bot-api-secret-token": secretToken },
        body: JSON.stringify(wrapped ? { ok: true, result: update } : update),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return 0;
    }
  }

  function takeUpdate(): FakeZaloUpdate | undefined {
    if (head >= queue.length) return undefined;
    const update = queue[head++];
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return update;
  }

  function buildMessage(userId: string, opts: PushOptions | undefined, fields: Partial<FakeZaloMessage>): FakeZaloMessage {
    return {
      message_id: opts?.messageId ?? messageId(),
      from: { id: userId, display_name: opts?.displayName ?? `Người dùng ${userId}`, is_bot: false },
      chat: { id: opts?.chatId ?? userId, chat_type: opts?.chatType ?? "PRIVATE" },
      date: opts?.date ?? Date.now(),
      ...fields,
    };
  }

  function str(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
    return undefined;
  }

  function handleMethod(method: string, params: Record<string, unknown>, res: ServerResponse): HttpAnswer | null {
    switch (method) {
      case "getMe":
        return ok({ id: botId, account_name: "bot.FakeChiBo", account_type: "BASIC", can_join_groups: false });

      case "getUpdates": {
        const raw = params.timeout;
        const seconds = raw === undefined ? 30 : Number(raw);
        if (!Number.isFinite(seconds) || seconds < 0) return fail(400, 400, "Bad Request: invalid timeout");
        if (!webhook) {
          const update = takeUpdate();
          if (update) return ok(update);
        }
        if (seconds === 0) return fail(408, 408, "Request timeout");
        const waiter: Waiter = {
          res,
          done: false,
          timer: setTimeout(() => {
            timers.delete(waiter.timer);
            if (waiter.done) return;
            waiter.done = true;
            send(res, fail(408, 408, "Request timeout"));
          }, seconds * 1000),
        };
        timers.add(waiter.timer);
        res.on("close", () => {
          if (waiter.done) return;
          waiter.done = true;
          clearTimeout(waiter.timer);
          timers.delete(waiter.timer);
        });
        // While a webhook is set updates go there; the poll just times out, as on the platform.
        if (!webhook) waiters.push(waiter);
        return null;
      }

      case "setWebhook": {
        const url = str(params.url);
        const secret = str(params.secret_token);
        if (!url || !/^https?:\/\//.test(url)) return fail(400, 400, "Bad Request: url must be an HTTPS URL");
        if (!secret || secret.length < 8 || secret.length > 256) {
          return fail(400, 400, "Bad Request: secret_token must be 8-256 characters");
        }
        webhook = { url, secretToken: secret, updatedAt: Date.now() };
        return ok({ url, updated_at: webhook.updatedAt });
      }

      case "deleteWebhook":
        webhook = null;
        return ok({ url: "", updated_at: Date.now() });

      case "getWebhookInfo":
        return ok({ url: webhook?.url ?? "", updated_at: webhook?.updatedAt ?? 0 });

      case "sendMessage":
      case "sendPhoto":
      case "sendSticker":
      case "sendChatAction": {
        const chatId = str(params.chat_id);
        if (!chatId) return fail(400, 400, "Bad Request: chat_id is required");
        if (blocked.has(chatId)) return fail(400, 400, "Bad Request: the user has blocked or unfollowed the bot");
        const now = Date.now();
        if (method === "sendMessage") {
          const text = str(params.text);
          if (!text || text.length > 2000) return fail(400, 400, "Bad Request: text must be 1-2000 characters");
          const id = messageId();
          recordSent({ method, chatId, text, at: now, messageId: id });
          return ok({ message_id: id, date: now });
        }
        if (method === "sendPhoto") {
          const photo = str(params.photo);
          const caption = str(params.caption);
          if (!photo) return fail(400, 400, "Bad Request: photo is required");
          if (caption !== undefined && (caption.length < 1 || caption.length > 2000)) {
            return fail(400, 400, "Bad Request: caption must be 1-2000 characters");
          }
          const id = messageId();
          const entry: FakeSent = { method, chatId, photo, at: now, messageId: id };
          if (caption !== undefined) entry.caption = caption;
          recordSent(entry);
          return ok({ message_id: id, date: now });
        }
        if (method === "sendSticker") {
          if (!str(params.sticker)) return fail(400, 400, "Bad Request: sticker is required");
          const id = messageId();
          recordSent({ method, chatId, at: now, messageId: id });
          return ok({ message_id: id, date: now });
        }
        const action = str(params.action);
        if (action !== "typing" && action !== "upload_photo") return fail(400, 400, "Bad Request: invalid action");
        return ok();
      }

      default:
        return fail(404, 404, "Not Found: unknown method");
    }
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY) throw new Error("body too large");
      chunks.push(buf);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests += 1;
    if (fake.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const slash = path.lastIndexOf("/");
    if (!path.startsWith("/bot") || slash < 4) {
      send(res, fail(404, 404, "Not Found"));
      return;
    }
    const givenToken = decodeURIComponent(path.slice(4, slash));
    const method = path.slice(slash + 1);
    requestsByMethod.set(method, (requestsByMethod.get(method) ?? 0) + 1);

    let params: Record<string, unknown> = {};
    if (req.method === "POST") {
      let raw: string;
      try {
        raw = await readBody(req);
      } catch {
        send(res, fail(413, 413, "Request Entity Too Large"));
        return;
      }
      if (raw.trim().length > 0) {
        try {
          const value: unknown = JSON.parse(raw);
          if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
          params = value as Record<string, unknown>;
        } catch {
          send(res, fail(400, 400, "Bad Request: invalid JSON"));
          return;
        }
      }
    } else if (req.method === "GET") {
      params = Object.fromEntries(url.searchParams);
    } else {
      send(res, fail(405, 405, "Method Not Allowed"));
      return;
    }

    const call: FakeCall = { method, at: Date.now() };
    const chatId = str(params.chat_id);
    if (chatId !== undefined) call.chatId = chatId;
    calls.push(call);
    callOf.set(res, call);

    if (givenToken !== token) {
      send(res, fail(401, 401, "Unauthorized: invalid bot token"));
      return;
    }

    const hang = matchRule(hangRules, method);
    if (hang) {
      let gone = false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, hang.ms);
        timers.add(timer);
        res.once("close", () => {
          gone = true;
          clearTimeout(timer);
          timers.delete(timer);
          resolve();
        });
      });
      // The client gave up: nothing is processed (not delivered), as after a real time-out.
      if (gone || res.destroyed || res.writableEnded || closed) return;
    }

    const failure = matchRule(failRules, method);
    if (failure) {
      if (failure.failure.status === 429 || failure.failure.errorCode === 429) count429 += 1;
      const f = failure.failure;
      send(res, fail(f.status, f.errorCode, f.description, f.retryAfter));
      return;
    }

    if (rateLimited(method, str(params.chat_id))) {
      count429 += 1;
      send(res, fail(429, 429, "Too Many Requests"));
      return;
    }

    const answer = handleMethod(method, params, res);
    if (answer) send(res, answer);
  }

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    onRequest(req, res).catch(() => {
      send(res, fail(500, 500, "Internal Server Error"));
    });
  });
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const fake: FakeZalo = {
    apiBase: `http://127.0.0.1:${port}`,
    token,
    sent,
    calls,
    get requests() {
      return requests;
    },
    requestsByMethod,
    get count429() {
      return count429;
    },
    get pendingUpdates() {
      return queue.length - head;
    },
    get webhook() {
      return webhook ? { ...webhook } : null;
    },

    pushText(userId, text, opts) {
      return deliver({ event_name: "message.text.received", message: buildMessage(userId, opts, { text }) });
    },
    pushImage(userId, photoUrl, opts) {
      const fields: Partial<FakeZaloMessage> = { photo_url: photoUrl };
      if (opts?.caption !== undefined) fields.caption = opts.caption;
      return deliver({ event_name: "message.image.received", message: buildMessage(userId, opts, fields) });
    },
    pushSticker(userId, opts) {
      const sticker = "0e078a2fb66a5f34067b";
      return deliver({
        event_name: "message.sticker.received",
        message: buildMessage(userId, opts, { sticker, url: `https://stickers.zaloapp.com/${sticker}` }),
      });
    },
    delayMs: options.delayMs ?? 0,
    pushVoice(userId, opts) {
      return deliver({
        event_name: "message.voice.received",
        message: buildMessage(userId, opts, { url: "https://voice.zdn.vn/v/abc.aac" }),
      });
    },
    pushRaw(update) {
      return deliver(update);
    },
    pushUnsupported(userId, opts) {
      return deliver({
        event_name: "message.unsupported.received",
        message: buildMessage(userId, opts, { message_type: "CHAT_VOICE" }),
      });
    },

    failNext(count, failure, methodFilter) {
      failRules.push({ remaining: count, methods: methodSet(methodFilter), failure });
    },
    blockChat(chatId) {
      blocked.add(chatId);
    },
    unblockChat(chatId) {
      blocked.delete(chatId);
    },
    hangNext(count, ms, methodFilter) {
      hangRules.push({ remaining: count, methods: methodSet(methodFilter), ms });
    },

    waitForSent(n, timeoutMs = 5000) {
      if (sent.length >= n) return Promise.resolve(sent);
      return new Promise<FakeSent[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          sentWaiters = sentWaiters.filter((w) => w.timer !== timer);
          reject(new Error(`fake Zalo: ${sent.length} of ${n} messages sent after ${timeoutMs} ms`));
        }, timeoutMs);
        sentWaiters.push({ n, resolve, reject, timer });
      });
    },

    reset() {
      sent.length = 0;
      calls.length = 0;
      requests = 0;
      count429 = 0;
      requestsByMethod.clear();
      failRules = [];
      hangRules = [];
      blocked.clear();
      chatBuckets.clear();
      if (globalBucket && options.ratePerSecond) {
        globalBucket.tokens = options.ratePerSecond;
        globalBucket.at = Date.now();
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      // Answer waiting polls at once instead of letting them run to their time-out.
      for (let w = nextWaiter(); w; w = nextWaiter()) {
        w.done = true;
        clearTimeout(w.timer);
        send(w.res, fail(408, 408, "Request timeout"));
      }
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const w of sentWaiters) {
        clearTimeout(w.timer);
        w.reject(new Error("fake Zalo closed"));
      }
      sentWaiters = [];
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
