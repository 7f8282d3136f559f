// Wire types of the Zalo Bot Platform API (https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>).
//
// Sources (public, no maintained npm client exists): the platform's Vietnamese API reference as
// mirrored in community repositories (getMe, getUpdates, setWebhook/deleteWebhook/getWebhookInfo,
// sendMessage, sendPhoto, sendSticker, sendChatAction), and the clients of OpenClaw's Zalo plugin and
// the go-zalo-bot-api SDK, which were checked against live traffic. Where those sources disagree on a
// field name the inbound types accept every spelling seen (e.g. `photo_url` vs `photo`).
//
// Shape of every response:  { ok: true, result } | { ok: false, error_code, description }.
// getUpdates returns ONE update per call (not an array) and, when nothing arrived within `timeout`
// seconds, answers error_code 408 ("Request timeout").

export const ZALO_DEFAULT_API_BASE = "https://bot-api.zaloplatforms.com";

/** sendMessage text and sendPhoto caption: 1–2000 characters. */
export const ZALO_TEXT_LIMIT = 2000;
/** setWebhook secret_token: 8–256 characters, echoed back in the X-Bot-Api-Secret-Token header. */
export const ZALO_SECRET_MIN = 8;
export const ZALO_SECRET_MAX = 256;
export const ZALO_SECRET_HEADER = "x-bot-api-secret-token";

export type ZaloChatType = "PRIVATE" | "GROUP";

export type ZaloEventName =
  "message.text.received" | "message.image.received" | "message.sticker.received" | "message.voice.received" | "message.unsupported.received";

export interface ZaloUser {
  id: string;
  /** Documented as display_name; older payloads/docs show name or first_name. */
  display_name?: string;
  name?: string;
  first_name?: string;
  avatar?: string;
  is_bot?: boolean;
}

export interface ZaloChat {
  id: string;
  chat_type: ZaloChatType;
}

export interface ZaloMessage {
  /** Unique per message (a 20-hex-digit string in practice); Zalo has no separate update id. */
  message_id: string;
  from: ZaloUser;
  chat: ZaloChat;
  /** Milliseconds since the epoch. */
  date: number;
  text?: string;
  /** Image URL of message.image.received (live payloads use photo_url; some docs say photo). */
  photo_url?: string;
  photo?: string;
  caption?: string;
  /** Sticker id of message.sticker.received, and its image URL. */
  sticker?: string;
  url?: string;
  message_type?: string;
}

export interface ZaloUpdate {
  /** One of ZaloEventName; other names (e.g. newer event kinds) are tolerated. */
  event_name: ZaloEventName | (string & {});
  message?: ZaloMessage;
}

/** Body of a webhook POST: the update wrapped like an API response. */
export interface ZaloWebhookBody {
  ok: boolean;
  result: ZaloUpdate;
}

export interface ZaloApiResponse<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  /** Not documented by Zalo; honoured if present (Telegram-style) so a future retry_after is used. */
  parameters?: { retry_after?: number };
}

export interface ZaloBotInfo {
  id: string;
  account_name: string;
  account_type: string;
  can_join_groups: boolean;
}

export interface ZaloWebhookInfo {
  /** Empty string when no webhook is set. */
  url: string;
  updated_at: number;
}

export interface ZaloSentMessage {
  message_id: string;
  /** Milliseconds since the epoch. */
  date: number;
}

export type ZaloChatAction = "typing" | "upload_photo";
