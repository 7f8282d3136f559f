// Telegram: normalize (normalize.ts), the send steps and the API client; receiving, resuming and
// webhook authentication are the channel core's (src/channels/core). The API client is undici's
// request for JSON calls (every call but a document's upload) and telegraf's for multipart: telegraf
// goes through node-fetch over node's http, which cost about twice undici's CPU a request, and a
// reply is one request. Sends never retry here:
// every failure becomes a ChannelError and callers use withRetry or the delivery queue. Texts go out
// as plain text (see format.ts), split at 4096 on line boundaries.
import { createHash } from "node:crypto";
import { Telegram, TelegramError } from "telegraf";
import { request } from "undici";
import type { Message, Opts, Telegram as TelegramMethods, Update } from "telegraf/types";
import { ChannelError, type AdapterLogger, type ChannelAdapter, type ChannelObserver, type ExclusiveLock, type OutgoingMessage } from "../types.ts";
import { createChannel } from "../core/channel.ts";
import type { PlatformParts } from "../core/platform.ts";
import { TELEGRAM_POLICY } from "../core/policy.ts";
import type { SendStep } from "../core/resumable-send.ts";
import { toChannelError } from "./errors.ts";
import { CAPTION_LIMIT, DOCUMENT_LIMIT_BYTES, inlineKeyboard, safeFilename, textChunks } from "./format.ts";
import { normalizeTelegramUpdate, telegramUpdateId } from "./normalize.ts";

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
  observer?: ChannelObserver;
  /** One poller per token across processes. */
  exclusive?: ExclusiveLock;
}

export type TelegramAdapter = ChannelAdapter & { botUsername(): Promise<string> };

export const TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram";
const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

type Method = keyof TelegramMethods;

export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { token } = options;
  const log = options.logger;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const webhookUrl = options.webhookUrl || undefined;
  const secret = options.webhookSecret || createHash("sha256").update(`telegram-webhook:${token}`).digest("hex");
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
    throw new Error("webhookSecret must be 1-256 characters A-Z, a-z, 0-9, _ or -");
  }
  const telegram = new Telegram(token, { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), webhookReply: false });

  const apiRoot = options.apiRoot ?? "https://api.telegram.org";

  /** A JSON call, answered as telegraf's client answers it: the result, or a TelegramError. */
  async function callJson(method: Method, payload: unknown, signal: AbortSignal): Promise<unknown> {
    const response = await request(new URL(`./bot${token}/${method}`, apiRoot), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      signal,
    });
    // As telegraf: a 5xx is the status alone (a proxy's page is no API answer).
    if (response.statusCode >= 500) {
      await response.body.dump();
      throw new TelegramError({ error_code: response.statusCode, description: `HTTP ${response.statusCode}` });
    }
    const data = (await response.body.json()) as { ok?: boolean; result?: unknown; error_code?: number; description?: string };
    if (data.ok !== true) throw new TelegramError({ error_code: data.error_code ?? response.statusCode, description: data.description ?? "", ...data });
    return data.result;
  }

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
      if (method === "sendDocument") return await telegram.callApi(method, payload, { signal: controller.signal as never });
      return (await callJson(method, payload, controller.signal)) as ReturnType<TelegramMethods[M]>;
    } catch (error) {
      if (timedOut) throw new ChannelError("TRANSIENT", `Telegram ${method}: no answer within ${timeoutMs} ms`);
      throw toChannelError(error, method, token);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  const answerCallback = async (id: string): Promise<void> => {
    await call("answerCallbackQuery", { callback_query_id: id });
  };

  // getUpdates confirms everything below its offset: the offset moves only after the core stored
  // the whole batch (commitFetched), so a crash before that receives the batch again.
  let offset: number | undefined;
  let fetchedUpTo: number | undefined;
  let unconfirmed = false;

  const step =
    (sending: () => Promise<Message>): SendStep =>
    async () =>
      String((await sending()).message_id);

  const parts: PlatformParts = {
    policy: TELEGRAM_POLICY,
    normalize: (raw) => normalizeTelegramUpdate(raw, answerCallback),
    fromWebhook: (body) => body,
    async fetchUpdates(timeoutSeconds, signal) {
      const updates: Update[] = await call(
        "getUpdates",
        { ...(offset !== undefined ? { offset } : {}), timeout: timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
        { timeoutMs: timeoutSeconds * 1000 + requestTimeoutMs, signal },
      );
      unconfirmed = false;
      for (const u of updates) {
        const id = telegramUpdateId(u);
        if (id !== undefined && (fetchedUpTo === undefined || id + 1 > fetchedUpTo)) fetchedUpTo = id + 1;
      }
      return updates;
    },
    commitFetched() {
      if (fetchedUpTo !== undefined && fetchedUpTo !== offset) {
        offset = fetchedUpTo;
        unconfirmed = true;
      }
    },
    async confirm() {
      if (!unconfirmed || offset === undefined) return;
      await call("getUpdates", { offset, timeout: 0, limit: 1 }, { timeoutMs: Math.min(requestTimeoutMs, 5000) });
      unconfirmed = false;
    },
    async setWebhook(url, secretToken) {
      await call("setWebhook", { url, secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false });
    },
    async deleteWebhook() {
      await call("deleteWebhook", { drop_pending_updates: false });
    },
    plan: (chatId, message) => planSteps(chatId, message),
    toChannelError: (error) => toChannelError(error, "send", token),
  };

  function planSteps(chatId: string, message: OutgoingMessage): SendStep[] {
    switch (message.kind) {
      case "text":
        return textChunks(message.text).map((text) => step(() => call("sendMessage", { chat_id: chatId, text })));
      case "choices": {
        const reply_markup = inlineKeyboard(message.choices); // validates before anything is sent
        const chunks = textChunks(message.text);
        return chunks.map((text, i) =>
          i === chunks.length - 1
            ? step(() => call("sendMessage", { chat_id: chatId, text, reply_markup }))
            : step(() => call("sendMessage", { chat_id: chatId, text })),
        );
      }
      case "document": {
        if (message.content.length > DOCUMENT_LIMIT_BYTES) {
          throw new ChannelError("PERMANENT", `document is larger than ${DOCUMENT_LIMIT_BYTES} bytes`);
        }
        const document = { source: message.content, filename: safeFilename(message.filename) };
        const caption = message.caption?.trim() ? message.caption : undefined;
        if (caption === undefined || caption.length <= CAPTION_LIMIT) {
          return [step(() => call("sendDocument", { chat_id: chatId, document, ...(caption ? { caption } : {}) }))];
        }
        // A caption over 1024 characters goes out as text before the file.
        return [
          ...textChunks(caption).map((text) => step(() => call("sendMessage", { chat_id: chatId, text }))),
          step(() => call("sendDocument", { chat_id: chatId, document })),
        ];
      }
    }
  }

  const channel = createChannel({
    parts,
    ...(webhookUrl ? { webhook: { url: webhookUrl, secret, path: TELEGRAM_WEBHOOK_PATH } } : {}),
    ...(options.pollTimeoutSeconds !== undefined ? { pollTimeoutSeconds: options.pollTimeoutSeconds } : {}),
    ...(log ? { logger: log } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.exclusive
      ? { exclusive: options.exclusive, pollLockName: `poll:TELEGRAM:${createHash("sha256").update(token).digest("hex").slice(0, 16)}` }
      : {}),
  });

  let username: Promise<string> | null = null;
  return Object.assign(channel, {
    botUsername(): Promise<string> {
      username ??= call("getMe", {}).then(
        (me) => me.username,
        (error: unknown) => {
          username = null;
          throw error;
        },
      );
      return username;
    },
  });
}
