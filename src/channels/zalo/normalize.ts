// Zalo update → InboundEvent. Every field read is checked (zod): an update of an unexpected shape
// is reported as malformed (and logged by the core), never thrown halfway or silently lost.
//   - updateId = message.message_id: Zalo has no update id and no offset; message_id is unique per
//     message, so a webhook retry or a re-delivered poll is recognised.
//   - at = date in milliseconds (a seconds value, < 1e12, is scaled defensively).
//   - an update without event_name (seen from getUpdates) is read by what its message carries.
//   - the bot's own messages (from.id = getMe's id, or from.is_bot) are ignored.
import { z } from "zod";
import type { InboundEvent } from "../types.ts";
import type { Normalized } from "../core/platform.ts";

const id = z.union([z.string().min(1), z.number()]).transform(String);
const message = z.object({
  message_id: id.optional(),
  from: z.object({
    id,
    display_name: z.string().optional(),
    name: z.string().optional(),
    first_name: z.string().optional(),
    is_bot: z.boolean().optional(),
  }),
  chat: z.object({ id: id.optional(), chat_type: z.string().optional() }).optional(),
  date: z.union([z.number(), z.string()]).optional(),
  text: z.string().optional(),
  photo_url: z.string().optional(),
  photo: z.string().optional(),
  url: z.string().optional(),
  caption: z.string().optional(),
  sticker: z.string().optional(),
});
const update = z.object({ event_name: z.string().optional(), message: z.unknown() });

function toDate(date: unknown): Date {
  const n = typeof date === "string" ? Number(date) : date;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return new Date();
  return new Date(n < 1e12 ? n * 1000 : n);
}

function eventNameOf(name: string | undefined, m: z.infer<typeof message>): string {
  if (name) return name;
  if (m.text !== undefined) return "message.text.received";
  if (m.photo_url ?? m.photo) return "message.image.received";
  if (m.sticker !== undefined) return "message.sticker.received";
  return "message.unsupported.received";
}

export function normalizeZaloUpdate(raw: unknown, botId?: string): Normalized {
  const top = update.safeParse(raw);
  if (!top.success) return { kind: "malformed", reason: `update: ${top.error.issues[0]?.message ?? "invalid"}` };
  const parsed = message.safeParse(top.data.message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "malformed", reason: `message.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}` };
  }
  const m = parsed.data;
  if (m.from.is_bot || (botId !== undefined && m.from.id === botId)) return { kind: "ignored", reason: "the bot's own message" };
  const chatId = m.chat?.id ?? m.from.id;
  const base: InboundEvent = {
    platform: "ZALO",
    updateId: m.message_id ?? `${chatId}:${String(m.date ?? "")}`,
    kind: "unsupported",
    userId: m.from.id,
    chatId,
    chatType: m.chat?.chat_type === "GROUP" ? "group" : "private",
    at: toDate(m.date),
  };
  const displayName = m.from.display_name ?? m.from.name ?? m.from.first_name;
  if (displayName) base.displayName = displayName;

  switch (eventNameOf(top.data.event_name, m)) {
    case "message.text.received":
      return { kind: "event", event: { ...base, kind: "message", text: m.text ?? "" } };
    case "message.image.received": {
      const ref = m.photo_url ?? m.photo ?? m.url;
      if (!ref) return { kind: "event", event: base };
      const caption = m.caption ?? m.text;
      return { kind: "event", event: { ...base, kind: "image", image: caption ? { ref, caption } : { ref } } };
    }
    case "message.sticker.received":
      return { kind: "event", event: { ...base, kind: "sticker" } };
    case "message.voice.received":
      return { kind: "event", event: { ...base, kind: "voice" } };
    default:
      return { kind: "event", event: base };
  }
}

/** A webhook body: the documented wrapped form { ok, result: update } or the bare update live traffic sends. */
export function unwrapZaloWebhook(body: unknown): unknown {
  let value = body;
  if (typeof value === "string") value = JSON.parse(value);
  if (value && typeof value === "object" && "result" in value && !("message" in value)) {
    return value.result;
  }
  return value;
}
