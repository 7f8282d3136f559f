// Text from a platform is cleaned once, where it enters: NUL cannot be stored in a PostgreSQL text
// column (the row would fail and the member would see an error), and other control characters only
// confuse matching and the dashboard. Tab and line breaks are kept: members type multi-line lists.
import type { InboundEvent } from "../types.ts";

// C0 controls except \t \n \r, DEL, C1 controls, and lone surrogates (invalid in UTF-8 storage).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text.replace(CONTROL, "");
}

export function cleanEvent(event: InboundEvent): InboundEvent {
  const out: InboundEvent = { ...event };
  if (out.text !== undefined) out.text = cleanText(out.text);
  if (out.choice !== undefined) out.choice = cleanText(out.choice);
  if (out.displayName !== undefined) out.displayName = cleanText(out.displayName);
  if (out.image)
    out.image = out.image.caption === undefined ? { ref: cleanText(out.image.ref) } : { ref: cleanText(out.image.ref), caption: cleanText(out.image.caption) };
  out.userId = cleanText(out.userId);
  out.chatId = cleanText(out.chatId);
  out.updateId = cleanText(out.updateId);
  return out;
}
