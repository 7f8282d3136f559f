// Platforms without buttons (Zalo, the local chat) show choices as a numbered list.
import { channelMsg } from "../messages/channels.ts";
import type { Choice } from "./types.ts";

export function renderNumberedChoices(text: string, choices: readonly Choice[]): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`);
  const hint = choices.length === 1 ? channelMsg.choiceHintOne() : channelMsg.choiceHintMany(choices.length);
  return [text, ...lines, hint].join("\n");
}
