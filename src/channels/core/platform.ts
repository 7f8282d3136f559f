// What a platform adapter supplies to the channel core: normalize, the send steps and its client.
import type { ChannelError, InboundEvent, OutgoingMessage } from "../types.ts";
import type { ChannelPolicy } from "./policy.ts";
import type { SendStep } from "./resumable-send.ts";

export type Normalized =
  /** afterAccept runs once the update is stored (Telegram answers a button press there). */
  | { kind: "event"; event: InboundEvent; afterAccept?: () => Promise<void> }
  /** A well-formed update the bot does not act on (an edit, an unblock, the bot's own message). */
  | { kind: "ignored"; reason: string }
  /** Not an update of the documented shape: answered 200 (a retry would not make it better), logged, counted. */
  | { kind: "malformed"; reason: string };

export interface PlatformParts {
  readonly policy: ChannelPolicy;
  normalize(raw: unknown): Normalized;
  /** The update carried by a webhook body (Zalo sends it wrapped or bare). */
  fromWebhook(body: unknown): unknown;
  /** One long poll; resolves to the raw updates received (possibly none). */
  fetchUpdates(timeoutSeconds: number, signal: AbortSignal): Promise<unknown[]>;
  /** Every update of the last fetch is stored: the next fetch may confirm them (Telegram's offset). */
  commitFetched?(): void;
  /** Polling stops: confirm what was committed so a restart does not receive it again. */
  confirm?(): Promise<void>;
  setWebhook(url: string, secret: string): Promise<void>;
  deleteWebhook(): Promise<void>;
  /** Once before receiving (Zalo learns its own id to drop its own messages). */
  prepare?(): Promise<void>;
  /** The API calls that send one message, in order; throws for a message that cannot be sent. */
  plan(chatId: string, message: OutgoingMessage): SendStep[];
  toChannelError(error: unknown): ChannelError;
}
