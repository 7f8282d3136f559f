// Platforms without buttons (Zalo, the local chat) show choices as a numbered list.
import { channelMsg } from "../messages/channels.ts";
import type { Choice } from "./types.ts";

/** The number an option is typed as: its own (a menu that left an option out), or its place. */
export const choiceNumber = (choice: Choice, index: number): number => choice.number ?? index + 1;

export function renderNumberedChoices(text: string, choices: readonly Choice[]): string {
  const numbers = choices.map(choiceNumber);
  const lines = choices.map((c, i) => `${numbers[i]}. ${c.label}`);
  const inOrder = numbers.every((n, i) => n === i + 1);
  const hint =
    choices.length === 1 && inOrder ? channelMsg.choiceHintOne() : inOrder ? channelMsg.choiceHintMany(choices.length) : channelMsg.choiceHintNumbers(numbers);
  return [text, ...lines, hint].join("\n");
}
