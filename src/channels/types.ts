// The one channel interface every platform adapter implements (docs/ARCHITECTURE.md, docs/channels.md).
// Everything platform-specific (limits, splitting, escaping, error bodies) stays in the adapter.

export type Platform = "TELEGRAM" | "ZALO" | "LOCAL";
export type ChatType = "private" | "group";

/** An inbound update, normalized. */
export interface InboundEvent {
  platform: Platform;
  /** The platform's update id; the same id is handled once (ProcessedUpdate). */
  updateId: string;
  /** blocked: in a private chat the user blocked the bot; in a group chat userId removed the bot from the group. */
  kind: "message" | "choice" | "image" | "sticker" | "voice" | "unsupported" | "blocked";
  userId: string;
  chatId: string;
  chatType: ChatType;
  /** Message text (commands included, e.g. "/start ABCD2345"). */
  text?: string;
  /** The value of a chosen option (Telegram inline button); Zalo/local answer with text instead. */
  choice?: string;
  /** Image evidence (minh chứng): a platform file id or URL. */
  image?: { ref: string; caption?: string };
  displayName?: string;
  at: Date;
}

export interface Choice {
  /** Short machine value (≤ 48 bytes so it fits Telegram callback data with a prefix). */
  value: string;
  label: string;
  /**
   * The number shown and typed for it on a numbered list (Zalo, the local chat), when it is not its
   * place in the list: a menu shown again with an option left out keeps the others' numbers (see
   * stableChoices). Absent: its place, from 1.
   */
  number?: number;
  /**
   * Other answers that can only mean this option where it is offered, as plainAnswer reads them
   * ("ok" for the coach's "Giữ nguyên", "xong" for "Đúng, gửi chi ủy"). Never shown.
   */
  words?: readonly string[];
}

/** An outgoing message, normalized. */
export type OutgoingMessage =
  | { kind: "text"; text: string }
  | { kind: "choices"; text: string; choices: Choice[] }
  | { kind: "document"; filename: string; content: Buffer; caption?: string };

export interface SendResult {
  /** Id of the (last) platform message sent; splitting may send several. */
  messageId: string;
}

export type ChannelErrorKind = "RATE_LIMITED" | "BLOCKED" | "TRANSIENT" | "PERMANENT";

/** Adapters translate platform errors into this, so the delivery path needs no platform knowledge. */
export class ChannelError extends Error {
  constructor(
    readonly kind: ChannelErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ChannelError";
  }
}

/**
 * Receives one normalized update. For the platform adapters this stores it in the inbox and
 * resolves as soon as it is durable (handling happens later, see src/channels/inbox); the local
 * chat handles it directly.
 */
export interface InboundHandler {
  (event: InboundEvent): Promise<void>;
  /**
   * Stores a polled batch at once (the inbox: one statement instead of one per update); the events
   * of one conversation are in arrival order. Without it, a batch is passed one event at a time.
   */
  many?: (events: InboundEvent[]) => Promise<void>;
}

/** What the channel core reports for /metrics. */
export interface ChannelObserver {
  /** An update that did not normalise (answered 200 and dropped), or one deliberately ignored. */
  rejected(platform: Platform, reason: string): void;
  /** A 429 from the platform. */
  rateLimited(platform: Platform): void;
}

/** A lock held by this process until released (or until the process dies). */
export interface HeldLock {
  release(): Promise<void>;
}
/** Tries to take a named lock shared by every process of the deployment; null when another holds it. */
export type ExclusiveLock = (name: string) => Promise<HeldLock | null>;

/** What adapters log through (pino's child loggers fit). */
export interface AdapterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ChannelAdapter {
  readonly platform: Platform;
  /** Send one message; throws ChannelError. Long texts are split inside the adapter. */
  send(chatId: string, message: OutgoingMessage): Promise<SendResult>;
  /** Start receiving: long polling, or register the webhook (then the web role calls handleWebhook). */
  start(handler: InboundHandler): Promise<void>;
  stop(): Promise<void>;
  /** When receiving by webhook: the path the web server mounts, and the request handler (returns the HTTP status). */
  readonly webhookPath?: string;
  handleWebhook?(request: WebhookRequest): Promise<number>;
  /** Checks the webhook secret from the headers alone, so the web layer can refuse before reading the body. */
  authenticateWebhook?(headers: WebhookRequest["headers"]): boolean;
  /** Largest webhook body the web layer should read. */
  readonly webhookBodyLimit?: number;
}
