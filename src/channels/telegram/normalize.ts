// Telegram update → InboundEvent. Every field read is checked (zod), so an update of an unexpected
// shape (`message: {}`, `text: 123`, `chat: null`, a non-array `photo`) is reported as malformed
// instead of throwing halfway.
import { z } from "zod";
import type { ChatType, InboundEvent } from "../types.ts";
import type { Normalized } from "../core/platform.ts";
import { displayName, parseCallbackData } from "./format.ts";

const id = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform(String);
const user = z.object({
  id,
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
const chat = z.object({ id, type: z.string() });
const photoSize = z.object({
  file_id: z.string().min(1),
  file_size: z.number().optional(),
  width: z.number().default(0),
  height: z.number().default(0),
});
const message = z.object({
  date: z.number(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(photoSize).optional(),
  sticker: z.object({}).passthrough().optional(),
});
const callbackQuery = z.object({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.object({ chat }).optional(),
});
const chatMember = z.object({
  date: z.number(),
  chat,
  from: user,
  new_chat_member: z.object({ status: z.string() }),
});
const update = z.object({
  update_id: z.number().int().nonnegative(),
  message: z.unknown().optional(),
  callback_query: z.unknown().optional(),
  my_chat_member: z.unknown().optional(),
});

function chatTypeOf(type: string): ChatType {
  return type === "private" ? "private" : "group";
}

function problem(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join(".") || "update"}: ${first.message}` : "invalid";
}

/** The update id of a body, when it has one (to confirm it even if the rest is malformed). */
export function telegramUpdateId(raw: unknown): number | undefined {
  const value = (raw as { update_id?: unknown } | null)?.update_id;
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

export function normalizeTelegramUpdate(raw: unknown, answer?: (callbackQueryId: string) => Promise<void>): Normalized {
  const top = update.safeParse(raw);
  if (!top.success) return { kind: "malformed", reason: problem(top.error) };
  const base = { platform: "TELEGRAM" as const, updateId: String(top.data.update_id) };

  if (top.data.message !== undefined) {
    const parsed = message.safeParse(top.data.message);
    if (!parsed.success) return { kind: "malformed", reason: `message.${problem(parsed.error)}` };
    const m = parsed.data;
    const common = {
      ...base,
      userId: m.from?.id ?? m.chat.id,
      chatId: m.chat.id,
      chatType: chatTypeOf(m.chat.type),
      at: new Date(m.date * 1000),
      ...(displayName(m.from) ? { displayName: displayName(m.from) } : {}),
    };
    if (m.text !== undefined) return { kind: "event", event: { ...common, kind: "message", text: m.text } };
    if (m.photo && m.photo.length > 0) {
      // Telegram lists sizes smallest first; pick by size anyway.
      const largest = m.photo.reduce((a, b) => ((b.file_size ?? b.width * b.height) >= (a.file_size ?? a.width * a.height) ? b : a));
      const image = m.caption === undefined ? { ref: largest.file_id } : { ref: largest.file_id, caption: m.caption };
      return { kind: "event", event: { ...common, kind: "image", image } };
    }
    if (m.sticker) return { kind: "event", event: { ...common, kind: "sticker" } };
    return { kind: "event", event: { ...common, kind: "unsupported" } };
  }

  if (top.data.callback_query !== undefined) {
    const parsed = callbackQuery.safeParse(top.data.callback_query);
    if (!parsed.success) return { kind: "malformed", reason: `callback_query.${problem(parsed.error)}` };
    const q = parsed.data;
    const chatOf = q.message?.chat;
    const common = {
      ...base,
      userId: q.from.id,
      chatId: chatOf?.id ?? q.from.id,
      chatType: chatOf ? chatTypeOf(chatOf.type) : ("private" as const),
      at: new Date(),
      ...(displayName(q.from) ? { displayName: displayName(q.from) } : {}),
    };
    const event: InboundEvent = q.data !== undefined ? { ...common, kind: "choice", choice: parseCallbackData(q.data) } : { ...common, kind: "unsupported" };
    return { kind: "event", event, ...(answer ? { afterAccept: () => answer(q.id) } : {}) };
  }

  if (top.data.my_chat_member !== undefined) {
    const parsed = chatMember.safeParse(top.data.my_chat_member);
    if (!parsed.success) return { kind: "malformed", reason: `my_chat_member.${problem(parsed.error)}` };
    const change = parsed.data;
    const status = change.new_chat_member.status;
    const chatType = chatTypeOf(change.chat.type);
    // Private chat: "kicked" is the user blocking the bot. Group: the bot was removed by `from`
    // ("kicked" from a supergroup, "left" from a basic group); the engine unlinks the group then.
    if (status !== "kicked" && !(chatType === "group" && status === "left")) return { kind: "ignored", reason: `my_chat_member ${status}` };
    return {
      kind: "event",
      event: {
        ...base,
        kind: "blocked",
        userId: change.from.id,
        chatId: change.chat.id,
        chatType,
        at: new Date(change.date * 1000),
        ...(displayName(change.from) ? { displayName: displayName(change.from) } : {}),
      },
    };
  }
  return { kind: "ignored", reason: "update type not handled" };
}
