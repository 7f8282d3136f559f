// A tiny HTML builder: a tagged template that escapes every interpolation unless it is already
// HTML (another html`` result or raw()). Arrays are joined; null, undefined and false render as
// nothing, so `${cond && html`…`}` works.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Trusted markup, inserted as is: only for strings built by this module's callers from constants. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  // Values are strings, numbers and dates from the page code; an object would show as text here
  // (and still be escaped), never as markup.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Joins fragments with a separator (escaped unless SafeHtml). */
export function join(parts: readonly unknown[], separator: unknown = ""): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(separator)));
}
