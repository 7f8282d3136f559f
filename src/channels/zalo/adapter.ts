// Zalo: normalize (normalize.ts), the send steps and the Bot Platform client (client.ts); receiving,
// resuming and webhook authentication are the channel core's (src/channels/core).
//   - Polling (default): getUpdates long-polls and answers ONE update per call (408 = nothing yet).
//     start() first calls deleteWebhook, because Zalo disables getUpdates while a webhook is set.
//   - Webhook: setWebhook(url, secret) once the server listens; the result and getWebhookInfo are
//     logged. stop() leaves the webhook registered: other web instances keep receiving.
//   - Text is split at 2000 characters on line boundaries. Zalo bots have no buttons, so choices
//     become a numbered list; they cannot send files, so a document becomes its caption and a note
//     (texts in src/messages/channels.ts) telling the member where to get it.
import { createHash } from "node:crypto";
import { channelMsg } from "../../messages/channels.ts";
import { createChannel } from "../core/channel.ts";
import type { PlatformParts } from "../core/platform.ts";
import { ZALO_POLICY } from "../core/policy.ts";
import type { SendStep } from "../core/resumable-send.ts";
import { renderNumberedChoices } from "../numbered-choices.ts";
import { splitText } from "../split.ts";
import {
  ChannelError,
  type AdapterLogger,
  type ChannelAdapter,
  type ChannelObserver,
  type Choice,
  type ExclusiveLock,
  type OutgoingMessage,
} from "../types.ts";
import { ZaloBotClient, validateSecretToken } from "./client.ts";
import { zaloChannelError } from "./errors.ts";
import { normalizeZaloUpdate, unwrapZaloWebhook } from "./normalize.ts";
import { ZALO_TEXT_LIMIT } from "./types.ts";

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
  observer?: ChannelObserver;
  /** One poller per token across processes. */
  exclusive?: ExclusiveLock;
}

export interface ZaloChannelAdapter extends ChannelAdapter {
  readonly platform: "ZALO";
  readonly client: ZaloBotClient;
  readonly mode: "polling" | "webhook";
}

export const toChannelError = zaloChannelError;

export function createZaloAdapter(options: ZaloAdapterOptions): ZaloChannelAdapter {
  const log = options.logger;
  const client = new ZaloBotClient({ token: options.token, apiBase: options.apiBase, timeoutMs: options.requestTimeoutMs });
  const { webhookUrl, webhookSecret } = options;
  if (webhookUrl) {
    if (!webhookSecret) throw new Error("Zalo webhook mode needs webhookSecret (8–256 characters)");
    validateSecretToken(webhookSecret);
  }
  let botId: string | undefined;

  const textSteps = (chatId: string, text: string): SendStep[] => {
    if (text.trim().length === 0) throw new ChannelError("PERMANENT", "Zalo: cannot send an empty message");
    return splitText(text, ZALO_TEXT_LIMIT).map((part) => async () => (await client.sendMessage(chatId, part)).message_id);
  };

  const parts: PlatformParts = {
    policy: ZALO_POLICY,
    normalize: (raw) => normalizeZaloUpdate(raw, botId),
    fromWebhook: unwrapZaloWebhook,
    fetchUpdates: (timeoutSeconds, signal) => client.pollUpdates(timeoutSeconds, { signal }),
    async setWebhook(url, secret) {
      const set = await client.setWebhook(url, secret);
      // Zalo checks the URL when it is set; what it kept is logged, so a wrong URL shows at start.
      const info = await client.getWebhookInfo().catch((error: unknown) => ({ url: `unknown (${zaloChannelError(error).message})`, updated_at: 0 }));
      const verified = info.url === url;
      log?.[verified ? "info" : "error"]({ requested: url, registered: set.url, reported: info.url, verified }, "zalo: webhook verification");
    },
    async deleteWebhook() {
      await client.deleteWebhook();
    },
    async prepare() {
      // Learn the bot's own id, so its own messages (echoed in groups) are never handled as a member's.
      try {
        botId = String((await client.getMe()).id);
      } catch (error) {
        const err = zaloChannelError(error);
        if (err.kind === "PERMANENT") throw err;
        log?.warn({ err: err.message }, "zalo: getMe failed; the bot's own messages are recognised by is_bot only");
      }
    },
    plan(chatId, message: OutgoingMessage) {
      switch (message.kind) {
        case "text":
          return textSteps(chatId, message.text);
        case "choices":
          return textSteps(chatId, renderChoiceList(message.text, message.choices));
        case "document":
          return textSteps(chatId, renderDocumentNotice(message.filename, message.caption));
      }
    },
    toChannelError: zaloChannelError,
  };

  const channel = createChannel({
    parts,
    ...(webhookUrl && webhookSecret ? { webhook: { url: webhookUrl, secret: webhookSecret, path: options.webhookPath ?? webhookPathOf(webhookUrl) } } : {}),
    ...(options.pollTimeoutSeconds !== undefined ? { pollTimeoutSeconds: Math.max(1, Math.floor(options.pollTimeoutSeconds)) } : {}),
    ...(log ? { logger: log } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.exclusive
      ? { exclusive: options.exclusive, pollLockName: `poll:ZALO:${createHash("sha256").update(options.token).digest("hex").slice(0, 16)}` }
      : {}),
  });
  return Object.assign(channel, { platform: "ZALO" as const, client, mode: webhookUrl ? ("webhook" as const) : ("polling" as const) });
}

/** Numbered list (shared with the local chat); answered with the number or the option's words. */
export function renderChoiceList(text: string, choices: readonly Choice[]): string {
  return choices.length === 0 ? text : renderNumberedChoices(text, choices);
}

/** Text sent in place of a file, which Zalo bots cannot send. */
export function renderDocumentNotice(filename: string, caption?: string): string {
  const note = channelMsg.documentNotOnZalo(filename);
  const head = caption?.trim();
  return head ? `${head}\n\n${note}` : note;
}

function webhookPathOf(url: string): string {
  try {
    const path = new URL(url).pathname.replace(/\/+$/, "");
    return path.length > 0 ? path : "/webhooks/zalo";
  } catch {
    return "/webhooks/zalo";
  }
}
