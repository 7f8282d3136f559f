// Matching an answer to the offered choices: a Telegram button value, or (Zalo, local chat) the
// number of the option or its words, with or without diacritics. Labels built from a member's text
// are shortened here, at a word boundary.
import type { Choice } from "../channels/types.ts";
import { fold } from "../domain/text.ts";
import { clip } from "../messages/quote.ts";

/** Longest label a choice built from free text gets: one line on a phone (Telegram button, Zalo list). */
export const CHOICE_LABEL_MAX = 40;

/** A label made from free text (an item, a name with its position), cut at a word boundary with "…". */
export function choiceLabel(text: string, max = CHOICE_LABEL_MAX): string {
  return clip(text, max);
}

/** The option the member picked among ids kept in the flow's data (never an id from the message). */
export function pickedId(ids: readonly string[] | undefined, choice: string | undefined): string | undefined {
  if (choice === undefined || !ids || !/^\d+$/.test(choice)) return undefined;
  return ids[Number(choice)];
}

/** Members offered by number (the value indexes the ids the flow keeps): the name, and the position cut to fit the line. */
export function memberChoices(members: readonly { fullName: string; position: string | null }[]): Choice[] {
  return members.map((m, i) => ({ value: String(i), label: m.position ? `${m.fullName} (${choiceLabel(m.position, 30)})` : m.fullName }));
}

export function matchChoice(choices: readonly Choice[], input: { text: string; choice?: string }): Choice | undefined {
  if (input.choice !== undefined) return choices.find((c) => c.value === input.choice);
  const text = fold(input.text).replace(/[.)]$/, "");
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return choices[Number(text) - 1];
  const exact = choices.find((c) => fold(c.label) === text || fold(c.value) === text);
  if (exact) return exact;
  // Words that start a single option's label ("duyet" for "Duyệt bản đăng ký").
  const starts = choices.filter((c) => fold(c.label).startsWith(text) && text.length >= 2);
  return starts.length === 1 ? starts[0] : undefined;
}
