// Telegram channel adapter (telegraf's API client). Long polling by default; webhook mode when a
// webhook URL is given (the web role mounts webhookPath → handleWebhook, secret-token checked).
// Sends never retry here: every failure becomes a ChannelError and callers use withRetry or the
// delivery queue. Texts go out as plain text (see format.ts), split at 4096 on line boundaries.
import { createHash, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Telegram } from "telegraf";
import type { Message, Opts, Telegram as TelegramMethods, Update } from "telegraf/types";
import {
  ChannelError,
  type ChannelAdapter,
  type ChatType,
  type InboundEvent,
  type InboundHandler,
  type OutgoingMessage,
  type SendResult,
  type WebhookRequest,
  type AdapterLogger,
} from "../types.ts";
import { toChannelError } from "./errors.ts";
import {
  CAPTION_LIMIT,
  DOCUMENT_LIMIT_BYTES,
  displayName,
  inlineKeyboard,
  parseCallbackData,
  safeFilename,
  textChunks,
} from "./format.ts";

export type TelegramLogger = AdapterLogger;

export interface TelegramAdapterOptions {
  token: string;
  /** Bot API base, e.g. a local fake ("http://127.0.0.1:PORT"). Default https://api.telegram.org. */
  apiRoot?: string;
  /** When set, receive by webhook instead of long polling. */
  webhookUrl?: string;
  /** X-Telegram-Bot-Api-Secret-Token; default derived from the token, so every process agrees. */
  webhookSecret?: string;
  /** Time-out of one API request (sends); getUpdates waits its long-poll time on top. Default 30 s. */
  requestTimeoutMs?: number;
  /** Long-poll time of getUpdates in seconds (default 30, Telegram allows up to 50). */
  pollTimeoutSeconds?: number;
  logger?: TelegramLogger;
}

export type TelegramAdapter = ChannelAdapter & { botUsername(): Promise<string> };

export const TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram";
const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** Handler attempts per update in polling mode before it is logged and skipped. */
const POLL_HANDLER_ATTEMPTS = 3;
/** How long a partly sent multi-part message may be resumed by a retry of the same send. */
const RESUME_WINDOW_MS = 3 * 60_000;

const silent: TelegramLogger = { info() {}, warn() {}, error() {} };

type Method = keyof TelegramMethods;
type Normalized = { event: InboundEvent; callbackQueryId?: string };
type Step = () => Promise<Message>;
interface Progress {
  done: number;
  lastId: string;
  at: number;
}

function chatTypeOf(type: string): ChatType {
  return type === "private" ? "private" : "group";
}

/** Telegram update → InboundEvent; null for updates the bot ignores (edits, unblocks, …). */
export function normalizeUpdate(update: Update): Normalized | null {
  const updateId = String(update.update_id);
  const base = { platform: "TELEGRAM" as const, updateId };
  if ("message" in update && update.message) {
    const m = update.message;
    const common = {
      ...base,
      userId: String(m.from?.id ?? m.chat.id),
      chatId: String(m.chat.id),
      chatType: chatTypeOf(m.chat.type),
      displayName: displayName(m.from),
      at: new Date(m.date * 1000),
    };
    if ("text" in m) return { event: { ...common, kind: "message", text: m.text } };
    if ("photo" in m && m.photo.length > 0) {
      // Telegram lists sizes smallest first; pick by size anyway.
      const largest = m.photo.reduce((a, b) =>
        (b.file_size ?? b.width * b.height) >= (a.file_size ?? a.width * a.height) ? b : a,
      );
      const image = m.caption === undefined ? { ref: largest.file_id } : { ref: largest.file_id, caption: m.caption };
      return { event: { ...common, kind: "image", image } };
    }
    if ("sticker" in m) return { event: { ...common, kind: "sticker" } };
    return { event: { ...common, kind: "unsupported" } };
  }
  if ("callback_query" in update && update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    const common = {
      ...base,
      userId: String(q.from.id),
      chatId: String(chat?.id ?? q.from.id),
      chatType: chat ? chatTypeOf(chat.type) : ("private" as const),
      displayName: displayName(q.from),
      at: new Date(),
    };
    const event: InboundEvent =
      "data" in q && typeof q.data === "string"
        ? { ...common, kind: "choice", choice: parseCallbackData(q.data) }
        : { ...common, kind: "unsupported" };
    return { event, callbackQueryId: q.id };
  }
  if ("my_chat_member" in update && update.my_chat_member) {
    const change = update.my_chat_member;
    if (change.new_chat_member.status !== "kicked") return null;
    return {
      event: {
        ...base,
        kind: "blocked",
        userId: String(change.from.id),
        chatId: String(change.chat.id),
        chatType: chatTypeOf(change.chat.type),
        displayName: displayName(change.from),
        at: new Date(change.date * 1000),
      },
    };
  }
  return null;
}

function progressKey(chatId: string, message: OutgoingMessage): string {
  const hash = createHash("sha256").update(chatId).update("\0").update(message.kind);
  if (message.kind === "document") {
    hash.update(`\0${message.filename}\0${message.caption ?? ""}\0`).update(message.content);
  } else {
    hash.update(`\0${message.text}`);
    if (message.kind === "choices") hash.update(JSON.stringify(message.choices));
  }
  return hash.digest("base64");
}

function isUpdate(body: unknown): body is Update {
  return typeof body === "object" && body !== null && Number.isInteger((body as { update_id?: unknown }).update_id);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

function headerValue(headers: WebhookRequest["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { token } = options;
  const log = options.logger ?? silent;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const pollSeconds = options.pollTimeoutSeconds ?? 30;
  const webhookUrl = options.webhookUrl || undefined;
  const secret = options.webhookSecret || createHash("sha256").update(`telegram-webhook:${token}`).digest("hex");
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
    throw new Error("webhookSecret must be 1-256 characters A-Z, a-z, 0-9, _ or -");
  }
  const expectedSecret = digest(secret);
  const telegram = new Telegram(token, {
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    webhookReply: false,
  });

  let handler: InboundHandler | null = null;
  let poller: { controller: AbortController; done: Promise<void> } | null = null;
  let username: Promise<string> | null = null;
  const inflight = new Set<Promise<unknown>>();
  // Multi-part sends (split text, text + keyboard, long caption + document) that fail part-way on
  // a 429/5xx/time-out remember how far they got, so a retry of the same message to the same chat
  // within a few minutes sends only the rest instead of repeating the first parts.
  const partial = new Map<string, Progress>();

  async function call<M extends Method>(
    method: M,
    payload: Opts<M>,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<ReturnType<TelegramMethods[M]>> {
    const controller = new AbortController();
    const timeoutMs = opts.timeoutMs ?? requestTimeoutMs;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await telegram.callApi(method, payload, { signal: controller.signal as never });
    } catch (error) {
      if (timedOut) throw new ChannelError("TRANSIENT", `Telegram ${method}: no answer within ${timeoutMs} ms`);
      throw toChannelError(error, method, token);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  async function answerCallback(id: string): Promise<void> {
    try {
      await call("answerCallbackQuery", { callback_query_id: id });
    } catch (error) {
      log.warn({ err: (error as Error).message, callbackQueryId: id }, "telegram answerCallbackQuery failed");
    }
  }

  /** Normalizes and hands one update to the handler; a callback query is always answered. */
  async function dispatch(update: Update, attempts: number, signal?: AbortSignal): Promise<void> {
    const normalized = normalizeUpdate(update);
    if (!normalized) return;
    const answering = normalized.callbackQueryId ? answerCallback(normalized.callbackQueryId) : undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        const current = handler;
        if (!current) throw new Error("telegram adapter is not started");
        try {
          await current(normalized.event);
          return;
        } catch (error) {
          if (attempt >= attempts || signal?.aborted) throw error;
          log.warn({ err: (error as Error).message, updateId: update.update_id, attempt }, "telegram handler failed; retrying");
          await sleep(1000 * attempt, undefined, { signal }).catch(() => undefined);
        }
      }
    } finally {
      await answering;
    }
  }

  async function poll(signal: AbortSignal): Promise<void> {
    let offset: number | undefined;
    let unconfirmed = false;
    let failures = 0;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await call(
          "getUpdates",
          { offset, timeout: pollSeconds, allowed_updates: [...ALLOWED_UPDATES] },
          { timeoutMs: pollSeconds * 1000 + requestTimeoutMs, signal },
        );
        failures = 0;
        unconfirmed = false;
      } catch (error) {
        if (signal.aborted) break;
        const err = toChannelError(error, "getUpdates", token);
        failures += 1;
        const delayMs =
          err.kind === "RATE_LIMITED" ? (err.retryAfterSeconds ?? 1) * 1000 : Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        log.warn({ err: err.message, kind: err.kind, delayMs }, "telegram getUpdates failed");
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
        continue;
      }
      for (const update of updates) {
        try {
          await dispatch(update, POLL_HANDLER_ATTEMPTS, signal);
        } catch (error) {
          // Stopping: leave this update unconfirmed so the next start receives it again.
          if (signal.aborted) break;
          log.error({ err: (error as Error).message, updateId: update.update_id }, "telegram update dropped after retries");
        }
        offset = update.update_id + 1;
        unconfirmed = true;
      }
    }
    if (unconfirmed && offset !== undefined) {
      // Confirm what was handled, so a restart does not receive it again.
      await call("getUpdates", { offset, timeout: 0, limit: 1 }, { timeoutMs: Math.min(requestTimeoutMs, 5000) }).catch(
        () => undefined,
      );
    }
  }

  function planSteps(chatId: string, message: OutgoingMessage): Step[] {
    switch (message.kind) {
      case "text":
        return textChunks(message.text).map((text) => () => call("sendMessage", { chat_id: chatId, text }));
      case "choices": {
        const reply_markup = inlineKeyboard(message.choices); // validates before anything is sent
        const chunks = textChunks(message.text);
        return chunks.map((text, i) =>
          i === chunks.length - 1
            ? () => call("sendMessage", { chat_id: chatId, text, reply_markup })
            : () => call("sendMessage", { chat_id: chatId, text }),
        );
      }
      case "document": {
        if (message.content.length > DOCUMENT_LIMIT_BYTES) {
          throw new ChannelError("PERMANENT", `document is larger than ${DOCUMENT_LIMIT_BYTES} bytes`);
        }
        const document = { source: message.content, filename: safeFilename(message.filename) };
        const caption = message.caption?.trim() ? message.caption : undefined;
        if (caption === undefined || caption.length <= CAPTION_LIMIT) {
          return [() => call("sendDocument", { chat_id: chatId, document, ...(caption ? { caption } : {}) })];
        }
        // A caption over 1024 characters goes out as text before the file.
        return [
          ...textChunks(caption).map((text) => () => call("sendMessage", { chat_id: chatId, text })),
          () => call("sendDocument", { chat_id: chatId, document }),
        ];
      }
    }
  }

  async function send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    const steps = planSteps(chatId, message);
    const key = steps.length > 1 ? progressKey(chatId, message) : "";
    const prior = key ? partial.get(key) : undefined;
    if (prior) partial.delete(key);
    const state: Progress =
      prior && Date.now() - prior.at < RESUME_WINDOW_MS && prior.done < steps.length ? prior : { done: 0, lastId: "", at: 0 };
    for (let i = state.done; i < steps.length; i++) {
      const step = steps[i];
      if (!step) break;
      try {
        const sent = await step();
        state.done = i + 1;
        state.lastId = String(sent.message_id);
      } catch (error) {
        const err = toChannelError(error, "send", token);
        if (key && state.done > 0 && (err.kind === "RATE_LIMITED" || err.kind === "TRANSIENT")) {
          const now = Date.now();
          for (const [k, p] of partial) if (now - p.at >= RESUME_WINDOW_MS) partial.delete(k);
          partial.set(key, { ...state, at: now });
        }
        throw err;
      }
    }
    return { messageId: state.lastId };
  }

  async function track<T>(work: Promise<T>): Promise<T> {
    inflight.add(work);
    try {
      return await work;
    } finally {
      inflight.delete(work);
    }
  }

  const adapter: TelegramAdapter = {
    platform: "TELEGRAM",
    send,

    async start(onEvent: InboundHandler): Promise<void> {
      if (handler) throw new Error("telegram adapter already started");
      if (webhookUrl) {
        await call("setWebhook", {
          url: webhookUrl,
          secret_token: secret,
          allowed_updates: [...ALLOWED_UPDATES],
          drop_pending_updates: false,
        });
        handler = onEvent;
        log.info({ webhookUrl }, "telegram webhook set");
        return;
      }
      // A webhook left over from an earlier deployment would make getUpdates fail with 409.
      await call("deleteWebhook", { drop_pending_updates: false });
      handler = onEvent;
      const controller = new AbortController();
      const done = poll(controller.signal).catch((error: unknown) => {
        log.error({ err: (error as Error).message }, "telegram polling stopped unexpectedly");
      });
      poller = { controller, done };
      log.info({ pollSeconds }, "telegram long polling started");
    },

    async stop(): Promise<void> {
      const current = poller;
      poller = null;
      if (current) {
        current.controller.abort();
        await current.done;
      }
      await Promise.allSettled([...inflight]);
      handler = null;
    },

    botUsername(): Promise<string> {
      username ??= call("getMe", {} as Opts<"getMe">).then(
        (me) => me.username,
        (error: unknown) => {
          username = null;
          throw error;
        },
      );
      return username;
    },
  };

  if (webhookUrl) {
    Object.assign(adapter, {
      webhookPath: TELEGRAM_WEBHOOK_PATH,
      async handleWebhook(request: WebhookRequest): Promise<number> {
        const given = headerValue(request.headers, SECRET_HEADER);
        if (given === undefined || !timingSafeEqual(digest(given), expectedSecret)) {
          log.warn({}, "telegram webhook with a wrong or missing secret token");
          return 401;
        }
        if (!isUpdate(request.body)) return 400;
        // Not started (or stopping): Telegram retries later.
        if (!handler) return 503;
        try {
          await track(dispatch(request.body, 1));
          return 200;
        } catch (error) {
          // Telegram redelivers on non-2xx; ProcessedUpdate makes the second delivery harmless.
          log.error({ err: (error as Error).message, updateId: request.body.update_id }, "telegram webhook handler failed");
          return 500;
        }
      },
    });
  }
  return adapter;
}
