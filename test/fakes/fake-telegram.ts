// A faithful fake of the Telegram Bot API over real HTTP (127.0.0.1, random port).
// Serves /bot<token>/<method> with Telegram's envelopes ({ ok, result } / { ok: false, error_code,
// description, parameters? }), accepts JSON, urlencoded, multipart bodies and query strings,
// long-polls getUpdates (offset confirmation, timeout, 409 when a webhook is set or a newer poll
// arrives), POSTs updates to a webhook with X-Telegram-Bot-Api-Secret-Token, rate-limits sends
// (token buckets) and injects failures, blocked chats and hangs. Everything is O(1) per request.
// delayMs holds every answer that long, like a real round trip (about 100–200 ms from Vietnam).
//
// parse_mode: none (plain text, stored verbatim) and "HTML" (tags checked, entities decoded, the
// stored text is what the user would see). Any other parse_mode is rejected.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "telegraf/types";

export interface FakeFailure {
  status: number;
  description: string;
  retryAfter?: number;
}

export interface SentRecord {
  method: string;
  chatId: string;
  text?: string;
  parseMode?: string;
  replyMarkup?: unknown;
  document?: { filename: string; size: number };
  photo?: { filename: string; size: number };
  /** Arrival time of the request (Date.now()). */
  at: number;
  messageId: number;
}

export interface CallRecord {
  method: string;
  params: Record<string, unknown>;
  /** Arrival time of the request (Date.now()). */
  at: number;
  status: number;
}

export interface WebhookState {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
}

export interface UpdateOptions {
  chatId?: number;
  chatType?: "private" | "group" | "supergroup";
  firstName?: string;
  lastName?: string;
  username?: string;
  /** Unix seconds; default now. */
  date?: number;
}

export interface FakeTelegram {
  /** e.g. "http://127.0.0.1:PORT" — pass as the adapter's apiRoot. */
  readonly apiRoot: string;
  readonly token: string;
  /** Messages the bot sent or edited (sendMessage, editMessageText, sendDocument, sendPhoto), in order. */
  readonly sent: SentRecord[];
  /** Every answered API call, in order of arrival. */
  readonly calls: CallRecord[];
  readonly answeredCallbacks: Array<{ id: string; text?: string; at: number }>;
  /** Webhook POSTs made by the fake: the update id and the HTTP status (0 = network error). */
  readonly webhookDeliveries: Array<{ updateId: number; status: number }>;
  readonly webhook: WebhookState | null;
  /** HTTP requests received (all methods). */
  readonly requests: number;
  /** 429 answers given (injected and rate limiter). */
  readonly count429: number;
  /** Updates queued for getUpdates and not yet confirmed. */
  readonly pendingUpdates: number;
  /** Queue an update for getUpdates, or POST it to the webhook when one is set (resolves to the HTTP status, null when queued). */
  pushUpdate(update: Update): Promise<number | null>;
  /** Per-call delay of every answer, ms (changeable while running). */
  delayMs: number;
  textUpdate(userId: number, text: string, opts?: UpdateOptions): Update;
  callbackUpdate(userId: number, data: string, opts?: UpdateOptions & { messageId?: number }): Update;
  photoUpdate(userId: number, opts?: UpdateOptions & { caption?: string }): Update;
  stickerUpdate(userId: number, opts?: UpdateOptions): Update;
  /** The bot's own membership ended by userId: "kicked" (blocked in private, removed from a supergroup) or "left" (removed from a basic group). */
  kickedUpdate(userId: number, opts?: UpdateOptions & { status?: "kicked" | "left" }): Update;
  /** The next `count` calls matching methodFilter (default: every method but getUpdates) fail like this. */
  failNext(count: number, failure: FakeFailure, methodFilter?: string | string[]): void;
  /** Sends to this chat answer 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number | string): void;
  unblockChat(chatId: number | string): void;
  /** The next `count` matching calls get no answer for `ms`; if the client is still there they are then processed. */
  hangNext(count: number, ms: number, methodFilter?: string | string[]): void;
  waitForSent(n: number, timeoutMs?: number): Promise<SentRecord[]>;
  /** Resolves when predicate() holds (checked on every request arrival, answered call and webhook delivery). */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

type Params = Record<string, unknown>;
interface FilePart {
  filename: string;
  data: Buffer;
}
interface Reply {
  status: number;
  body: object;
}
interface Rule {
  remaining: number;
  methods: Set<string> | null;
}
interface Waiter {
  predicate: () => boolean;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}
interface Poller {
  res: http.ServerResponse;
  offset: number;
  limit: number;
  timer: NodeJS.Timeout;
}

const METHODS = [
  "getMe",
  "getUpdates",
  "setWebhook",
  "deleteWebhook",
  "getWebhookInfo",
  "sendMessage",
  "editMessageText",
  "answerCallbackQuery",
  "sendDocument",
  "sendPhoto",
  "sendChatAction",
] as const;
const METHOD_BY_LOWER = new Map<string, string>(METHODS.map((m) => [m.toLowerCase(), m]));
const MAX_BODY = 60 * 1024 * 1024;
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const HTML_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"]);

const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });
function fail(status: number, description: string, retryAfter?: number): Reply {
  const body: Record<string, unknown> = { ok: false, error_code: status, description };
  if (retryAfter !== undefined) body.parameters = { retry_after: retryAfter };
  return { status, body };
}
const badRequest = (what: string) => fail(400, `Bad Request: ${what}`);

/** Token bucket: `rate` per second, bursts up to `capacity`. */
class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly rate: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
  }
  /** Milliseconds until a token is available (0 = available now). */
  wait(now: number): number {
    // Never let a clock step backwards drain tokens.
    this.tokens = Math.min(this.capacity, this.tokens + (Math.max(0, now - this.last) / 1000) * this.rate);
    this.last = Math.max(this.last, now);
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000;
  }
  take(): void {
    this.tokens -= 1;
  }
}

/** Telegram's HTML parse mode: supported tags only, balanced, entities decoded. */
function parseHtml(input: string): { text: string } | { error: string } {
  let out = "";
  const stack: string[] = [];
  const offset = (i: number) => Buffer.byteLength(input.slice(0, i));
  for (let i = 0; i < input.length;) {
    const ch = input[i] as string;
    if (ch === "<") {
      const close = input.indexOf(">", i);
      const raw = close < 0 ? input.slice(i + 1) : input.slice(i + 1, close);
      if (raw.startsWith("/")) {
        const name = raw.slice(1).trim().toLowerCase();
        const open = stack.pop();
        if (close < 0 || open !== name) {
          return { error: `can't parse entities: Unmatched end tag at byte offset ${offset(i)}, expected "</${open ?? ""}>", found "</${name}>"` };
        }
      } else {
        const name = (raw.split(/[\s/]/)[0] ?? "").toLowerCase();
        if (close < 0 || !HTML_TAGS.has(name)) {
          return { error: `can't parse entities: Unsupported start tag "${name}" at byte offset ${offset(i)}` };
        }
        if (!raw.endsWith("/")) stack.push(name);
      }
      i = close + 1;
      continue;
    }
    if (ch === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(input.slice(i, i + 12));
      if (entity?.[1]) {
        const name = entity[1];
        const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
        out += named[name] ?? String.fromCodePoint(name.startsWith("#x") ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
        i += entity[0].length;
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  const open = stack.pop();
  if (open) return { error: `can't parse entities: Can't find end tag corresponding to start tag "${open}"` };
  return { text: out };
}

function parseMultipart(body: Buffer, boundary: string): Params {
  const params: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    if (body.subarray(start, start + 2).toString() === "\r\n") start += 2;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === "\r\n") end -= 2;
    const part = body.subarray(start, end);
    const split = part.indexOf("\r\n\r\n");
    if (split >= 0) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        params[name] = filename !== undefined ? ({ filename, data: Buffer.from(content) } satisfies FilePart) : content.toString("utf8");
      }
    }
    pos = next;
  }
  return params;
}

function parseBody(contentType: string, body: Buffer): Params | null {
  if (body.length === 0) return {};
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  try {
    if (type === "application/json") {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      return parsed && typeof parsed === "object" ? (parsed as Params) : null;
    }
    if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
    if (type === "multipart/form-data") {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
      const value = boundary?.[1] ?? boundary?.[2];
      return value ? parseMultipart(body, value.trim()) : null;
    }
  } catch {
    return null;
  }
  return {};
}

const isFile = (value: unknown): value is FilePart => typeof value === "object" && value !== null && Buffer.isBuffer((value as FilePart).data);
const str = (value: unknown): string | undefined =>
  value === undefined || value === null || value === "" ? undefined : typeof value === "string" ? value : String(value);
function num(value: unknown): number | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
function jsonParam(value: unknown): { value: unknown } | null {
  if (value === undefined || value === null || value === "") return { value: undefined };
  if (typeof value !== "string") return { value };
  try {
    return { value: JSON.parse(value) as unknown };
  } catch {
    return null;
  }
}
const updateType = (update: Update): string => Object.keys(update).find((k) => k !== "update_id") ?? "";

export async function startFakeTelegram(
  options: { token?: string; ratePerSecond?: number; perChatPerSecond?: number; delayMs?: number } = {},
): Promise<FakeTelegram> {
  const token = options.token ?? "123456789:FAKE-telegram-token_for-tests";
  const botId = Number(token.split(":")[0]) || 123456789;
  const botUser = { id: botId, is_bot: true, first_name: "Chi bộ Bot", username: "chibo_fake_bot" };
  const sent: SentRecord[] = [];
  const calls: CallRecord[] = [];
  const answeredCallbacks: Array<{ id: string; text?: string; at: number }> = [];
  const webhookDeliveries: Array<{ updateId: number; status: number }> = [];
  const failures: Array<Rule & { failure: FakeFailure }> = [];
  const hangs: Array<Rule & { ms: number }> = [];
  const blocked = new Set<string>();
  const issuedCallbacks = new Set<string>();
  const lastMessageId = new Map<string, number>();
  const messageTexts = new Map<string, string>();
  const waiters = new Set<Waiter>();
  const hangTimers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const deliveries = new Set<AbortController>();
  const globalBucket = options.ratePerSecond ? new Bucket(options.ratePerSecond, Math.max(1, options.ratePerSecond)) : null;
  const chatBuckets = new Map<string, Bucket>();
  let queue: Update[] = [];
  let head = 0;
  let nextUpdateId = 100_000;
  let nextCallbackId = 1;
  let pollAllowed: Set<string> | null = null;
  let poller: Poller | null = null;
  let webhook: WebhookState | null = null;
  let deliveryChain: Promise<unknown> = Promise.resolve();
  let requests = 0;
  let count429 = 0;
  let closed = false;

  function notify(): void {
    for (const waiter of waiters) {
      if (waiter.predicate()) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
  }

  function write(res: http.ServerResponse, reply: Reply): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(JSON.stringify(reply.body));
  }

  function takeRule<R extends Rule>(rules: R[], method: string): R | undefined {
    const defaultMatch = method !== "getUpdates";
    const index = rules.findIndex((r) => (r.methods ? r.methods.has(method) : defaultMatch));
    const rule = rules[index];
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(index, 1);
    return rule;
  }

  const methodSet = (filter?: string | string[]) => (filter === undefined ? null : new Set(Array.isArray(filter) ? filter : [filter]));

  // ---- updates -----------------------------------------------------------------------------
  function pending(offset: number, limit: number): Update[] {
    if (offset < 0) {
      const keep = Math.max(head, queue.length + offset);
      head = keep;
    }
    while (head < queue.length && (queue[head] as Update).update_id < offset) head += 1;
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    const result: Update[] = [];
    for (let i = head; i < queue.length && result.length < limit; i++) {
      const update = queue[i] as Update;
      if (update.update_id < offset) continue;
      if (pollAllowed && !pollAllowed.has(updateType(update))) continue;
      result.push(update);
    }
    return result;
  }

  function answerPoller(reply?: Reply): void {
    const current = poller;
    if (!current) return;
    poller = null;
    clearTimeout(current.timer);
    const result = reply ?? ok(pending(current.offset, current.limit));
    record("getUpdates", { offset: current.offset, limit: current.limit }, Date.now(), result.status);
    write(current.res, result);
    notify();
  }

  async function deliver(update: Update): Promise<number> {
    const target = webhook;
    if (!target || closed) return 0;
    if (target.allowedUpdates && !target.allowedUpdates.includes(updateType(update))) return 0;
    const controller = new AbortController();
    deliveries.add(controller);
    const timer = setTimeout(() => controller.abort(), 15_000);
    let status: number;
    try {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (target.secretToken) headers["x-telegram-bot-api-secret-token"] = target.secretToken;
      const response = await fetch(target.url, { method: "POST", headers, body: JSON.stringify(update), signal: controller.signal });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    } finally {
      clearTimeout(timer);
      deliveries.delete(controller);
    }
    webhookDeliveries.push({ updateId: update.update_id, status });
    notify();
    return status;
  }

  function enqueueDelivery(update: Update): Promise<number> {
    const result = deliveryChain.then(() => deliver(update));
    deliveryChain = result.catch(() => undefined);
    return result;
  }

  function pushUpdate(update: Update): Promise<number | null> {
    if (closed) return Promise.reject(new Error("fake Telegram is closed"));
    nextUpdateId = Math.max(nextUpdateId, update.update_id + 1);
    if ("callback_query" in update && update.callback_query) issuedCallbacks.add(update.callback_query.id);
    if (webhook) return enqueueDelivery(update);
    queue.push(update);
    if (poller && pending(poller.offset, poller.limit).length > 0) answerPoller();
    return Promise.resolve(null);
  }

  // ---- update builders ---------------------------------------------------------------------
  function actor(userId: number, opts: UpdateOptions = {}) {
    const from = {
      id: userId,
      is_bot: false,
      first_name: opts.firstName ?? "Hùng",
      last_name: opts.lastName ?? "Nguyễn Văn",
      ...(opts.username ? { username: opts.username } : {}),
      language_code: "vi",
    };
    const type = opts.chatType ?? "private";
    const chat =
      type === "private"
        ? { id: opts.chatId ?? userId, type, first_name: from.first_name, last_name: from.last_name }
        : { id: opts.chatId ?? -1_001_000_000_000 - userId, type, title: "Chi bộ Khu phố 3" };
    const date = opts.date ?? Math.floor(Date.now() / 1000);
    return { from, chat, date };
  }
  function nextMessageId(chatId: number | string): number {
    const key = String(chatId);
    const id = (lastMessageId.get(key) ?? 0) + 1;
    lastMessageId.set(key, id);
    return id;
  }

  function textUpdate(userId: number, text: string, opts?: UpdateOptions): Update {
    const { from, chat, date } = actor(userId, opts);
    const message: Record<string, unknown> = { message_id: nextMessageId(chat.id), from, chat, date, text };
    const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
    if (command) message.entities = [{ type: "bot_command", offset: 0, length: command[0].length }];
    return { update_id: nextUpdateId++, message } as unknown as Update;
  }
  function callbackUpdate(userId: number, data: string, opts?: UpdateOptions & { messageId?: number }): Update {
    const { from, chat, date } = actor(userId, opts);
    const message = { message_id: opts?.messageId ?? lastMessageId.get(String(chat.id)) ?? 1, from: botUser, chat, date, text: "…" };
    const id = `${botId}${String(nextCallbackId++).padStart(8, "0")}`;
    const callback_query = { id, from, message, chat_instance: `ci-${chat.id}`, data };
    return { update_id: nextUpdateId++, callback_query };
  }
  function photoUpdate(userId: number, opts?: UpdateOptions & { caption?: string }): Update {
    const { from, chat, date } = actor(userId, opts);
    const n = nextUpdateId;
    const photo = [
      { file_id: `AgAD-small-${n}`, file_unique_id: `s${n}`, width: 90, height: 67, file_size: 1_200 },
      { file_id: `AgAD-medium-${n}`, file_unique_id: `m${n}`, width: 320, height: 240, file_size: 15_800 },
      { file_id: `AgAD-large-${n}`, file_unique_id: `l${n}`, width: 1280, height: 960, file_size: 131_000 },
    ];
    const message = { message_id: nextMessageId(chat.id), from, chat, date, photo, ...(opts?.caption !== undefined ? { caption: opts.caption } : {}) };
    return { update_id: nextUpdateId++, message };
  }
  function stickerUpdate(userId: number, opts?: UpdateOptions): Update {
    const { from, chat, date } = actor(userId, opts);
    const sticker = {
      file_id: `CAAC-${nextUpdateId}`,
      file_unique_id: `st${nextUpdateId}`,
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: "👍",
    };
    return { update_id: nextUpdateId++, message: { message_id: nextMessageId(chat.id), from, chat, date, sticker } } as unknown as Update;
  }
  function kickedUpdate(userId: number, opts?: UpdateOptions & { status?: "kicked" | "left" }): Update {
    const { from, chat, date } = actor(userId, opts);
    const my_chat_member = {
      chat,
      from,
      date,
      old_chat_member: { user: botUser, status: "member" },
      new_chat_member: opts?.status === "left" ? { user: botUser, status: "left" } : { user: botUser, status: "kicked", until_date: 0 },
    };
    return { update_id: nextUpdateId++, my_chat_member } as unknown as Update;
  }

  // ---- methods -----------------------------------------------------------------------------
  function admitSend(chatId: string): Reply | null {
    const now = Date.now();
    if (blocked.has(chatId)) return fail(403, "Forbidden: bot was blocked by the user");
    let chatBucket: Bucket | undefined;
    if (options.perChatPerSecond) {
      chatBucket = chatBuckets.get(chatId);
      if (!chatBucket) {
        chatBucket = new Bucket(options.perChatPerSecond, Math.max(1, options.perChatPerSecond));
        chatBuckets.set(chatId, chatBucket);
      }
    }
    const waitMs = Math.max(globalBucket?.wait(now) ?? 0, chatBucket?.wait(now) ?? 0);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      return fail(429, `Too Many Requests: retry after ${seconds}`, seconds);
    }
    globalBucket?.take();
    chatBucket?.take();
    return null;
  }

  function checkMarkup(raw: unknown): { value: unknown } | Reply {
    const markup = jsonParam(raw);
    if (!markup) return badRequest("can't parse reply keyboard markup JSON object");
    const rows = (markup.value as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
    if (rows !== undefined) {
      if (!Array.isArray(rows)) return badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
      for (const row of rows as unknown[]) {
        for (const button of Array.isArray(row) ? (row as Array<Record<string, unknown>>) : []) {
          if (typeof button.text !== "string" || button.text === "") return badRequest("text buttons are unallowed in the inline keyboard");
          const data = button.callback_data;
          if (data !== undefined && (typeof data !== "string" || data === "" || Buffer.byteLength(data) > 64)) {
            return badRequest("BUTTON_DATA_INVALID");
          }
        }
      }
    }
    return markup;
  }

  function formatted(text: string, parseMode: string | undefined, what: "message text" | "caption"): { text: string } | Reply {
    if (parseMode === undefined) return { text };
    if (parseMode.toLowerCase() !== "html") return badRequest("unsupported parse_mode");
    const parsed = parseHtml(text);
    if ("error" in parsed) return badRequest(parsed.error);
    if (what === "message text" && parsed.text.trim() === "") return badRequest("message text is empty");
    return parsed;
  }

  function chatOf(chatId: string) {
    const id = Number(chatId);
    return Number.isFinite(id) ? { id, type: id < 0 ? "supergroup" : "private" } : { id: chatId, type: "channel" };
  }

  function sendMessage(p: Params, now: number): Reply {
    const chatId = str(p.chat_id);
    if (!chatId) return badRequest("chat_id is empty");
    const raw = str(p.text);
    if (raw === undefined || raw.trim() === "") return badRequest("message text is empty");
    const parseMode = str(p.parse_mode);
    const text = formatted(raw, parseMode, "message text");
    if ("status" in text) return text;
    if (text.text.length > TEXT_LIMIT) return badRequest("message is too long");
    const markup = checkMarkup(p.reply_markup);
    if ("status" in markup) return markup;
    const refused = admitSend(chatId);
    if (refused) return refused;
    const messageId = nextMessageId(chatId);
    messageTexts.set(`${chatId}:${messageId}`, text.text);
    sent.push({
      method: "sendMessage",
      chatId,
      text: text.text,
      ...(parseMode ? { parseMode } : {}),
      ...(markup.value !== undefined ? { replyMarkup: markup.value } : {}),
      at: now,
      messageId,
    });
    return ok({
      message_id: messageId,
      from: botUser,
      chat: chatOf(chatId),
      date: Math.floor(now / 1000),
      text: text.text,
      ...(markup.value !== undefined ? { reply_markup: markup.value } : {}),
    });
  }

  function editMessageText(p: Params, now: number): Reply {
    const chatId = str(p.chat_id);
    const messageId = num(p.message_id);
    if (!chatId) return badRequest("chat_id is empty");
    if (messageId === undefined) return badRequest("message identifier is not specified");
    const raw = str(p.text);
    if (raw === undefined || raw.trim() === "") return badRequest("message text is empty");
    const parseMode = str(p.parse_mode);
    const text = formatted(raw, parseMode, "message text");
    if ("status" in text) return text;
    if (text.text.length > TEXT_LIMIT) return badRequest("MESSAGE_TOO_LONG");
    const markup = checkMarkup(p.reply_markup);
    if ("status" in markup) return markup;
    const key = `${chatId}:${messageId}`;
    const previous = messageTexts.get(key);
    if (previous === undefined) return badRequest("message to edit not found");
    if (previous === text.text && markup.value === undefined) {
      return badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    const refused = admitSend(chatId);
    if (refused) return refused;
    messageTexts.set(key, text.text);
    sent.push({
      method: "editMessageText",
      chatId,
      text: text.text,
      ...(parseMode ? { parseMode } : {}),
      ...(markup.value !== undefined ? { replyMarkup: markup.value } : {}),
      at: now,
      messageId,
    });
    return ok({ message_id: messageId, from: botUser, chat: chatOf(chatId), date: Math.floor(now / 1000), edit_date: Math.floor(now / 1000), text: text.text });
  }

  function sendFile(method: "sendDocument" | "sendPhoto", field: "document" | "photo", p: Params, now: number): Reply {
    const chatId = str(p.chat_id);
    if (!chatId) return badRequest("chat_id is empty");
    const input = p[field];
    let file: { filename: string; size: number };
    if (isFile(input)) file = { filename: input.filename, size: input.data.length };
    else if (typeof input === "string" && input !== "") file = { filename: input, size: 0 };
    else return badRequest(`there is no ${field} in the request`);
    if (isFile(input) && input.data.length === 0) return badRequest("file must be non-empty");
    const parseMode = str(p.parse_mode);
    const rawCaption = str(p.caption);
    let caption: string | undefined;
    if (rawCaption !== undefined) {
      const parsed = formatted(rawCaption, parseMode, "caption");
      if ("status" in parsed) return parsed;
      if (parsed.text.length > CAPTION_LIMIT) return badRequest("message caption is too long");
      caption = parsed.text;
    }
    const markup = checkMarkup(p.reply_markup);
    if ("status" in markup) return markup;
    const refused = admitSend(chatId);
    if (refused) return refused;
    const messageId = nextMessageId(chatId);
    sent.push({
      method,
      chatId,
      ...(caption !== undefined ? { text: caption } : {}),
      ...(parseMode ? { parseMode } : {}),
      ...(markup.value !== undefined ? { replyMarkup: markup.value } : {}),
      [field]: file,
      at: now,
      messageId,
    });
    const media =
      field === "document"
        ? { document: { file_id: `BQAC-${chatId}-${messageId}`, file_unique_id: `d${messageId}`, file_name: file.filename, file_size: file.size } }
        : { photo: [{ file_id: `AgAC-${chatId}-${messageId}`, file_unique_id: `p${messageId}`, width: 800, height: 600, file_size: file.size }] };
    return ok({
      message_id: messageId,
      from: botUser,
      chat: chatOf(chatId),
      date: Math.floor(now / 1000),
      ...media,
      ...(caption !== undefined ? { caption } : {}),
    });
  }

  function setWebhook(p: Params): Reply {
    const url = str(p.url);
    if (!url) {
      webhook = null;
      return { status: 200, body: { ok: true, result: true, description: "Webhook was deleted" } };
    }
    if (!/^https?:\/\//.test(url)) return badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
    const secretToken = str(p.secret_token);
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      return badRequest("secret token contains unallowed characters");
    }
    const allowed = jsonParam(p.allowed_updates);
    if (!allowed || (allowed.value !== undefined && !Array.isArray(allowed.value))) return badRequest("can't parse allowed updates");
    if (p.drop_pending_updates === true || p.drop_pending_updates === "true") {
      queue = [];
      head = 0;
    }
    webhook = { url, ...(secretToken ? { secretToken } : {}), ...(allowed.value ? { allowedUpdates: allowed.value as string[] } : {}) };
    answerPoller(fail(409, "Conflict: terminated by setWebhook request"));
    // Updates that were waiting for getUpdates now go to the webhook, like the real service does.
    const waiting = queue.slice(head);
    queue = [];
    head = 0;
    for (const update of waiting) void enqueueDelivery(update);
    return { status: 200, body: { ok: true, result: true, description: "Webhook was set" } };
  }

  function deleteWebhook(p: Params): Reply {
    const existed = webhook !== null;
    webhook = null;
    if (p.drop_pending_updates === true || p.drop_pending_updates === "true") {
      queue = [];
      head = 0;
    }
    return { status: 200, body: { ok: true, result: true, description: existed ? "Webhook was deleted" : "Webhook is already deleted" } };
  }

  function getUpdates(p: Params, res: http.ServerResponse): Reply | null {
    if (webhook) return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = num(p.offset) ?? 0;
    const limit = Math.min(100, Math.max(1, num(p.limit) ?? 100));
    const timeout = Math.max(0, num(p.timeout) ?? 0);
    const allowed = jsonParam(p.allowed_updates);
    if (!allowed) return badRequest("can't parse allowed updates");
    if (Array.isArray(allowed.value)) pollAllowed = allowed.value.length > 0 ? new Set(allowed.value as string[]) : null;
    // A newer getUpdates terminates the one still waiting, like the real service.
    answerPoller(fail(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
    const ready = pending(offset, limit);
    if (ready.length > 0 || timeout === 0 || closed) return ok(ready);
    const timer = setTimeout(() => answerPoller(), timeout * 1000);
    const current: Poller = { res, offset, limit, timer };
    poller = current;
    res.on("close", () => {
      if (poller === current) {
        clearTimeout(current.timer);
        poller = null;
      }
    });
    return null;
  }

  function answerCallbackQuery(p: Params, now: number): Reply {
    const id = str(p.callback_query_id);
    if (!id || !issuedCallbacks.delete(id)) {
      return badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    const text = str(p.text);
    answeredCallbacks.push({ id, ...(text !== undefined ? { text } : {}), at: now });
    return ok(true);
  }

  function dispatch(method: string, p: Params, now: number, res: http.ServerResponse): Reply | null {
    switch (method) {
      case "getMe":
        return ok({ ...botUser, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case "getUpdates":
        return getUpdates(p, res);
      case "setWebhook":
        return setWebhook(p);
      case "deleteWebhook":
        return deleteWebhook(p);
      case "getWebhookInfo":
        return ok({
          url: webhook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: queue.length - head,
          ...(webhook?.allowedUpdates ? { allowed_updates: webhook.allowedUpdates } : {}),
        });
      case "sendMessage":
        return sendMessage(p, now);
      case "editMessageText":
        return editMessageText(p, now);
      case "answerCallbackQuery":
        return answerCallbackQuery(p, now);
      case "sendDocument":
        return sendFile("sendDocument", "document", p, now);
      case "sendPhoto":
        return sendFile("sendPhoto", "photo", p, now);
      case "sendChatAction": {
        const chatId = str(p.chat_id);
        if (!chatId) return badRequest("chat_id is empty");
        if (!str(p.action)) return badRequest("action is empty");
        if (blocked.has(chatId)) return fail(403, "Forbidden: bot was blocked by the user");
        return ok(true);
      }
      default:
        return fail(404, "Not Found");
    }
  }

  function record(method: string, params: Params, at: number, status: number): void {
    if (status === 429) count429 += 1;
    const stored: Params = {};
    for (const [key, value] of Object.entries(params)) {
      stored[key] = isFile(value) ? { filename: value.filename, size: value.data.length } : value;
    }
    calls.push({ method, params: stored, at, status });
  }

  async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return null;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  function hang(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => done(), ms), resolve: () => done() };
      function done() {
        clearTimeout(entry.timer);
        hangTimers.delete(entry);
        resolve();
      }
      hangTimers.add(entry);
    });
  }

  let delayMs = options.delayMs ?? 0;
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    requests += 1;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const now = Date.now();
    notify();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return write(res, fail(404, "Not Found"));
    if (match[1] !== token) return write(res, fail(401, "Unauthorized"));
    const method = METHOD_BY_LOWER.get((match[2] ?? "").toLowerCase()) ?? "";
    const body = await readBody(req);
    if (body === null) return write(res, fail(413, "Request Entity Too Large"));
    const parsed = parseBody(String(req.headers["content-type"] ?? ""), body);
    const params: Params = { ...Object.fromEntries(url.searchParams), ...(parsed ?? {}) };
    const answer = (reply: Reply) => {
      record(method || (match[2] ?? ""), params, now, reply.status);
      write(res, reply);
      notify();
    };
    if (parsed === null) return answer(badRequest("can't parse request body"));
    if (!method) return answer(fail(404, "Not Found"));
    const hangRule = takeRule(hangs, method);
    if (hangRule) {
      let gone = false;
      res.once("close", () => {
        gone = true;
      });
      await hang(hangRule.ms);
      // The client gave up (or the fake is closing): the request never "reached" Telegram.
      if (gone || closed) {
        res.destroy();
        return;
      }
    }
    const failure = takeRule(failures, method)?.failure;
    if (failure) return answer(fail(failure.status, failure.description, failure.retryAfter));
    const reply = dispatch(method, params, now, res);
    if (reply) answer(reply);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      write(res, fail(500, `Internal Server Error: ${(error as Error).message}`));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
    if (predicate()) return Promise.resolve();
    if (closed) return Promise.reject(new Error("fake Telegram is closed"));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake Telegram: timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  return {
    get delayMs() {
      return delayMs;
    },
    set delayMs(ms: number) {
      delayMs = ms;
    },
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    sent,
    calls,
    answeredCallbacks,
    webhookDeliveries,
    get webhook() {
      return webhook;
    },
    get requests() {
      return requests;
    },
    get count429() {
      return count429;
    },
    get pendingUpdates() {
      return queue.length - head;
    },
    pushUpdate,
    textUpdate,
    callbackUpdate,
    photoUpdate,
    stickerUpdate,
    kickedUpdate,
    failNext(count, failure, methodFilter) {
      if (count > 0) failures.push({ remaining: count, methods: methodSet(methodFilter), failure });
    },
    blockChat(chatId) {
      blocked.add(String(chatId));
    },
    unblockChat(chatId) {
      blocked.delete(String(chatId));
    },
    hangNext(count, ms, methodFilter) {
      if (count > 0) hangs.push({ remaining: count, methods: methodSet(methodFilter), ms });
    },
    async waitForSent(n, timeoutMs = 10_000) {
      await waitFor(() => sent.length >= n, timeoutMs, `${n} sent messages (have ${sent.length})`);
      return sent;
    },
    waitFor,
    async close() {
      if (closed) return;
      closed = true;
      answerPoller(ok([]));
      for (const entry of [...hangTimers]) entry.resolve();
      for (const controller of deliveries) controller.abort();
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error("fake Telegram is closed"));
      }
      waiters.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Answered long polls flush first; anything still open after that is cut.
        setTimeout(() => server.closeAllConnections(), 200).unref();
      });
    },
  };
}
