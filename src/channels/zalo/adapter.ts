// Zalo channel adapter (DESIGN.md §2): Zalo Bot Platform API behind the one ChannelAdapter interface.
//
// Receiving
//   - Polling (default): a loop over getUpdates, which long-polls and returns ONE update per call;
//     error_code 408 means "nothing yet" and the loop simply asks again. Errors back off with jitter
//     (429 waits its retry_after); stop() aborts the pending poll, so it returns promptly.
//     start() first calls deleteWebhook, because Zalo disables getUpdates while a webhook is set.
//   - Webhook (when webhookUrl is set): start() calls setWebhook(url, secret); the web role mounts
//     webhookPath and calls handleWebhook, which compares X-Bot-Api-Secret-Token in constant time
//     (wrong or missing → 401, the handler is not called). stop() leaves the webhook registered:
//     other web instances keep receiving, and the next start() re-registers it anyway.
//
// Normalization
//   - updateId = message.message_id. Zalo has no update_id and no offset: every update carries exactly
//     one message, and message_id is unique per message, so it is the only stable key for the
//     ProcessedUpdate dedupe (a webhook retry or a re-delivered poll carries the same message_id).
//   - at = new Date(date), `date` being milliseconds (a seconds value, < 1e12, is scaled defensively).
//   - chat.chat_type GROUP → "group", anything else → "private".
//   - message.image.received → kind "image", image.ref = photo_url (or photo), caption kept.
//   - message.sticker.received → "sticker"; message.unsupported.received and unknown events → "unsupported".
//
// Sending
//   - Text is split at 2000 characters on line boundaries (splitText). If a later part fails, the parts
//     already delivered are remembered for a while, so the caller's retry (withRetry, delivery queue)
//     sends only the remaining parts instead of repeating the first ones.
//   - Choices: Zalo bots have no buttons, so choices become a numbered list; the member answers with the
//     number or the option's words (matched by the conversation engine).
//   - Documents: Zalo bots cannot send files. The adapter sends a text message instead: the caption
//     (which may hold a link) followed by a short Vietnamese note naming the file and telling the
//     member where to get it (the dashboard, or Telegram if linked). Decided so that a proactive
//     digest still reaches the member with its summary instead of failing PERMANENT.
//
// Errors → ChannelError
//   - 429 → RATE_LIMITED with the platform's retry_after when it sends one (parameters.retry_after or
//     a Retry-After header); Zalo documents none, so the default is 1 s.
//   - BLOCKED: Zalo does not publish the codes for "user blocked / unfollowed the bot" or "unknown
//     chat". Assumption (same convention as Telegram's Bot API, on which Zalo's is modelled): 403
//     and 404 mean the chat cannot be reached, and so does a description mentioning blocking,
//     unfollowing or a missing user/chat (English or Vietnamese).
//   - 5xx, 408 on a send, network errors and time-outs → TRANSIENT.
//   - any other 4xx (400 bad request, 401 bad token, …) and client-side validation → PERMANENT.
import { createHash, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { renderNumberedChoices } from "../numbered-choices.ts";
import { backoffDelay } from "../retry.ts";
import { splitText } from "../split.ts";
import {
  ChannelError,
  type ChannelAdapter,
  type Choice,
  type InboundEvent,
  type InboundHandler,
  type OutgoingMessage,
  type SendResult,
  type WebhookRequest,
  type AdapterLogger,
} from "../types.ts";
import { ZaloApiError, ZaloBotClient, ZaloNetworkError, ZaloValidationError, validateSecretToken } from "./client.ts";
import { ZALO_SECRET_HEADER, ZALO_TEXT_LIMIT, type ZaloMessage, type ZaloUpdate } from "./types.ts";

export type ZaloLogger = AdapterLogger;

export interface ZaloAdapterOptions {
  token: string;
  /** Default https://bot-api.zaloplatforms.com (config: ZALO_API_BASE). */
  apiBase?: string;
  /** Public HTTPS URL of the webhook; when set the adapter receives by webhook instead of polling. */
  webhookUrl?: string;
  /** 8–256 characters; required with webhookUrl. */
  webhookSecret?: string;
  /** Path the web server mounts; default: the path of webhookUrl. */
  webhookPath?: string;
  /** Time-out of each API request (getUpdates: poll time-out plus this). Default 10 s. */
  requestTimeoutMs?: number;
  /** Seconds each getUpdates long poll may wait. Default 30. */
  pollTimeoutSeconds?: number;
  logger?: ZaloLogger;
}

export interface ZaloChannelAdapter extends ChannelAdapter {
  readonly platform: "ZALO";
  readonly client: ZaloBotClient;
  readonly mode: "polling" | "webhook";
}

const DEFAULT_RETRY_AFTER_SECONDS = 1;
const POLL_BACKOFF_BASE_MS = 500;
const POLL_BACKOFF_MAX_MS = 30_000;
/** A poll that answers "nothing" faster than this is treated as suspicious: wait before the next. */
const MIN_EMPTY_POLL_MS = 200;
const PARTIAL_TTL_MS = 15 * 60_000;
const PARTIAL_MAX_ENTRIES = 2000;

const noopLogger: ZaloLogger = { info() {}, warn() {}, error() {} };

export function createZaloAdapter(options: ZaloAdapterOptions): ZaloChannelAdapter {
  const logger = options.logger ?? noopLogger;
  const client = new ZaloBotClient({ token: options.token, apiBase: options.apiBase, timeoutMs: options.requestTimeoutMs });
  const pollTimeoutSeconds = Math.max(1, Math.floor(options.pollTimeoutSeconds ?? 30));
  const webhookUrl = options.webhookUrl;
  const webhookSecret = options.webhookSecret;
  if (webhookUrl) {
    if (!webhookSecret) throw new Error("Zalo webhook mode needs webhookSecret (8–256 characters)");
    validateSecretToken(webhookSecret);
  }
  const secretDigest = webhookSecret ? digest(webhookSecret) : undefined;

  let handler: InboundHandler | undefined;
  let running = false;
  let abort: AbortController | undefined;
  let loop: Promise<void> | undefined;
  /** Parts of a split message already delivered, keyed by chat and full text (see "Sending"). */
  const partial = new Map<string, { sent: number; messageId: string; at: number }>();

  async function dispatch(update: ZaloUpdate, source: "poll" | "webhook"): Promise<void> {
    const event = normalizeZaloUpdate(update);
    if (!event) {
      logger.warn({ source, event_name: update.event_name }, "zalo: update without a usable message ignored");
      return;
    }
    if (!handler) throw new Error("Zalo adapter not started");
    await handler(event);
  }

  async function pollLoop(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      let update: ZaloUpdate | null;
      try {
        update = await client.getUpdates(pollTimeoutSeconds, { signal });
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const mapped = toChannelError(error);
        const delay =
          mapped.kind === "RATE_LIMITED"
            ? Math.max(1, mapped.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000
            : backoffDelay(failures, POLL_BACKOFF_BASE_MS, POLL_BACKOFF_MAX_MS, Math.random);
        const log = mapped.kind === "PERMANENT" ? logger.error : logger.warn;
        log.call(logger, { err: mapped.message, kind: mapped.kind, failures, delayMs: delay }, "zalo: getUpdates failed");
        await sleep(delay, undefined, { signal }).catch(() => {});
        continue;
      }
      if (!update) {
        // 408 arrives after the poll time-out; an immediate "nothing" would make this a busy loop.
        if (Date.now() - started < MIN_EMPTY_POLL_MS) await sleep(MIN_EMPTY_POLL_MS, undefined, { signal }).catch(() => {});
        continue;
      }
      try {
        await dispatch(update, "poll");
      } catch (error) {
        logger.error(
          { err: error instanceof Error ? error.message : String(error), messageId: update.message?.message_id },
          "zalo: handler failed for a polled update",
        );
      }
    }
  }

  function rememberPartial(key: string, sent: number, messageId: string): void {
    const now = Date.now();
    if (partial.size >= PARTIAL_MAX_ENTRIES) {
      for (const [k, v] of partial) {
        if (now - v.at > PARTIAL_TTL_MS || partial.size >= PARTIAL_MAX_ENTRIES) partial.delete(k);
        if (partial.size < PARTIAL_MAX_ENTRIES / 2) break;
      }
    }
    partial.set(key, { sent, messageId, at: now });
  }

  async function sendText(chatId: string, text: string): Promise<SendResult> {
    if (text.trim().length === 0) throw new ChannelError("PERMANENT", "Zalo: cannot send an empty message");
    const parts = splitText(text, ZALO_TEXT_LIMIT);
    const key = parts.length > 1 ? `${chatId}\u0000${text}` : undefined;
    let start = 0;
    let messageId = "";
    if (key) {
      const previous = partial.get(key);
      if (previous && Date.now() - previous.at <= PARTIAL_TTL_MS) {
        start = previous.sent;
        messageId = previous.messageId;
      }
    }
    for (let i = start; i < parts.length; i++) {
      try {
        const sent = await client.sendMessage(chatId, parts[i] as string);
        messageId = sent.message_id;
      } catch (error) {
        if (key && i > 0) rememberPartial(key, i, messageId);
        throw toChannelError(error);
      }
    }
    if (key) partial.delete(key);
    return { messageId };
  }

  const adapter: ZaloChannelAdapter = {
    platform: "ZALO",
    client,
    mode: webhookUrl ? "webhook" : "polling",

    async send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
      switch (message.kind) {
        case "text":
          return sendText(chatId, message.text);
        case "choices":
          return sendText(chatId, renderChoiceList(message.text, message.choices));
        case "document":
          return sendText(chatId, renderDocumentNotice(message.filename, message.caption));
      }
    },

    async start(next: InboundHandler): Promise<void> {
      if (running) throw new Error("Zalo adapter already started");
      handler = next;
      if (webhookUrl && webhookSecret) {
        try {
          await client.setWebhook(webhookUrl, webhookSecret);
        } catch (error) {
          handler = undefined;
          throw toChannelError(error);
        }
        running = true;
        logger.info({ path: adapter.webhookPath }, "zalo: webhook registered");
        return;
      }
      try {
        await client.deleteWebhook();
      } catch (error) {
        // Not fatal: polling still works if no webhook was set; a real problem shows in the poll loop.
        logger.warn({ err: toChannelError(error).message }, "zalo: deleteWebhook before polling failed");
      }
      running = true;
      abort = new AbortController();
      loop = pollLoop(abort.signal);
      logger.info({ pollTimeoutSeconds }, "zalo: polling started");
    },

    async stop(): Promise<void> {
      running = false;
      abort?.abort();
      await loop;
      abort = undefined;
      loop = undefined;
      handler = undefined;
    },
  };

  if (webhookUrl) {
    const path = options.webhookPath ?? webhookPathOf(webhookUrl);
    Object.assign(adapter, {
      webhookPath: path,
      async handleWebhook(request: WebhookRequest): Promise<number> {
        const header = request.headers[ZALO_SECRET_HEADER];
        const given = Array.isArray(header) ? header[0] : header;
        if (typeof given !== "string" || !secretDigest || !timingSafeEqual(digest(given), secretDigest)) return 401;
        const update = unwrapWebhookBody(request.body);
        if (!update) return 400;
        if (!handler) return 503;
        try {
          await dispatch(update, "webhook");
          return 200;
        } catch (error) {
          logger.error(
            { err: error instanceof Error ? error.message : String(error), messageId: update.message?.message_id },
            "zalo: handler failed for a webhook update",
          );
          return 500;
        }
      },
    });
  }
  return adapter;
}

/** Maps any client error to the channel-neutral ChannelError (see the header for the rules). */
export function toChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  if (error instanceof ZaloApiError) {
    const code = error.errorCode;
    const status = error.httpStatus;
    const text = `Zalo ${error.method ?? "API"}: ${code} ${error.description}`;
    if (code === 429 || status === 429) {
      return new ChannelError("RATE_LIMITED", text, error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS, 429);
    }
    if (code === 403 || code === 404 || BLOCKED_DESCRIPTION.test(error.description)) {
      return new ChannelError("BLOCKED", text, undefined, status ?? code);
    }
    if (code >= 500 || code === 408 || (status !== undefined && status >= 500)) {
      return new ChannelError("TRANSIENT", text, undefined, status ?? code);
    }
    return new ChannelError("PERMANENT", text, undefined, status ?? code);
  }
  if (error instanceof ZaloNetworkError) return new ChannelError("TRANSIENT", error.message);
  if (error instanceof ZaloValidationError) return new ChannelError("PERMANENT", error.message);
  return new ChannelError("TRANSIENT", error instanceof Error ? error.message : String(error));
}

const BLOCKED_DESCRIPTION =
  /\bblock|unfollow|not follow|chat not found|user not found|recipient not found|chặn|bỏ quan tâm|không tồn tại/i;

/** Normalizes one Zalo update; null when it carries no message with a sender and a chat. */
export function normalizeZaloUpdate(update: ZaloUpdate): InboundEvent | null {
  const message: ZaloMessage | undefined = update?.message;
  if (!message || typeof message !== "object") return null;
  const userId = message.from?.id;
  const chatId = message.chat?.id ?? userId;
  if (!userId || !chatId) return null;
  const updateId = message.message_id ? String(message.message_id) : `${chatId}:${message.date}`;
  const base: InboundEvent = {
    platform: "ZALO",
    updateId,
    kind: "unsupported",
    userId: String(userId),
    chatId: String(chatId),
    chatType: message.chat?.chat_type === "GROUP" ? "group" : "private",
    at: toDate(message.date),
  };
  const displayName = message.from.display_name ?? message.from.name ?? message.from.first_name;
  if (displayName) base.displayName = displayName;

  switch (update.event_name) {
    case "message.text.received":
    case "message.link.received":
      return { ...base, kind: "message", text: message.text ?? "" };
    case "message.image.received": {
      const ref = message.photo_url ?? message.photo ?? message.url;
      if (!ref) return { ...base, kind: "unsupported" };
      const image: { ref: string; caption?: string } = { ref };
      const caption = message.caption ?? message.text;
      if (caption) image.caption = caption;
      return { ...base, kind: "image", image };
    }
    case "message.sticker.received":
      return { ...base, kind: "sticker" };
    default:
      return base;
  }
}

/** Numbered list (shared with the local chat); answered with the number or the option's words. */
export function renderChoiceList(text: string, choices: readonly Choice[]): string {
  return choices.length === 0 ? text : renderNumberedChoices(text, choices);
}

/** Text sent in place of a file, which Zalo bots cannot send. */
export function renderDocumentNotice(filename: string, caption?: string): string {
  const note =
    `Zalo không cho phép bot gửi tệp nên tệp “${filename}” chưa gửi kèm được. ` +
    "Đồng chí xem tệp trên trang quản trị của chi bộ hoặc nhận qua Telegram.";
  const head = caption?.trim();
  return head ? `${head}\n\n${note}` : note;
}

function unwrapWebhookBody(body: unknown): ZaloUpdate | null {
  let value = body;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  // Documented shape: { ok: true, result: { event_name, message } }; bare updates are accepted too.
  const inner = record.result && typeof record.result === "object" ? (record.result as Record<string, unknown>) : record;
  return typeof inner.event_name === "string" ? (inner as unknown as ZaloUpdate) : null;
}

function toDate(date: unknown): Date {
  const n = typeof date === "string" ? Number(date) : date;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return new Date();
  return new Date(n < 1e12 ? n * 1000 : n);
}

function webhookPathOf(url: string): string {
  try {
    const path = new URL(url).pathname.replace(/\/+$/, "");
    return path.length > 0 ? path : "/webhooks/zalo";
  } catch {
    return "/webhooks/zalo";
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
