// Platforms without buttons (Zalo, the local chat) show choices as a numbered list.
import type { Choice } from "./types.ts";

export function renderNumberedChoices(text: string, choices: readonly Choice[]): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`);
  const hint = choices.length === 1 ? "Đồng chí trả lời 1 để chọn." : `Đồng chí trả lời bằng số (1–${choices.length}).`;
  return [text, ...lines, hint].join("\n");
}
