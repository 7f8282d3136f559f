// Telegram-specific formatting: limits, inline keyboards, callback data, names.
//
// Parse mode: none. Every text goes out as plain text (no parse_mode), so Telegram shows it
// verbatim and user-supplied text (names, commitment items with "<", ">", "&", "*", "_") needs no
// escaping and can never break a message. OutgoingMessage carries no formatting, so a parse mode
// would only add an escaping step and a class of "can't parse entities" errors.
import type { InlineKeyboardMarkup } from "telegraf/types";
import { splitText } from "../split.ts";
import { ChannelError, type Choice } from "../types.ts";

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT = 64;
/** Marks callback data as a choice made by this bot ("c:" + Choice.value). */
export const CALLBACK_PREFIX = "c:";
/** Telegram rejects inline keyboards with more than 100 buttons. */
export const MAX_BUTTONS = 100;
/** Bot API upload limit for sendDocument. */
export const DOCUMENT_LIMIT_BYTES = 50 * 1024 * 1024;

export function callbackData(value: string): string {
  const data = CALLBACK_PREFIX + value;
  const bytes = Buffer.byteLength(data, "utf8");
  if (value.length === 0 || bytes > CALLBACK_DATA_LIMIT) {
    throw new ChannelError("PERMANENT", `choice value must be 1-${CALLBACK_DATA_LIMIT - CALLBACK_PREFIX.length} bytes, got ${bytes - CALLBACK_PREFIX.length}`);
  }
  return data;
}

/** The Choice.value of a button press; data without our prefix (older keyboards) is passed as is. */
export function parseCallbackData(data: string): string {
  return data.startsWith(CALLBACK_PREFIX) ? data.slice(CALLBACK_PREFIX.length) : data;
}

/** One button per row, so long Vietnamese labels stay readable on a phone. */
export function inlineKeyboard(choices: readonly Choice[]): InlineKeyboardMarkup {
  if (choices.length === 0 || choices.length > MAX_BUTTONS) {
    throw new ChannelError("PERMANENT", `a keyboard needs 1-${MAX_BUTTONS} choices, got ${choices.length}`);
  }
  return {
    inline_keyboard: choices.map((choice) => [{ text: choice.label.trim() || choice.value, callback_data: callbackData(choice.value) }]),
  };
}

export function displayName(user: { first_name?: string | undefined; last_name?: string | undefined } | undefined): string | undefined {
  if (!user) return undefined;
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ").trim();
  return name || undefined;
}

/** The multipart header telegraf writes quotes the filename verbatim: keep it header-safe. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/["\\\r\n]/g, "_").trim();
  return cleaned || "document";
}

/** Non-empty chunks of at most `limit` characters, split on line boundaries. */
export function textChunks(text: string, limit: number = TEXT_LIMIT): string[] {
  const chunks = splitText(text, limit).filter((chunk) => chunk.trim().length > 0);
  if (chunks.length === 0) throw new ChannelError("PERMANENT", "message text is empty");
  return chunks;
}
