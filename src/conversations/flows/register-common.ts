// What the registration flows share: the data every step carries (checked by zod when a stored
// conversation is read back), the small reply helpers, and the member the flow is about (the actor,
// or the member a secretary enters a registration for).
import { z } from "zod";
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import { askAgain, say, type MemberContext, type Outcome } from "../flow.ts";
import type { Actor } from "../types.ts";
import { CATEGORIES } from "../../domain/vocabulary.ts";
import { DUPLICATE_SIMILARITY, textSimilarity, type VaguenessReason } from "../../domain/vagueness.ts";
import { suggestExamples, type CommitmentCategory } from "../../domain/commitment-templates.ts";
import type { RoleKind } from "../../domain/role-kind.ts";
import { fold } from "../../domain/text.ts";
import { offerExamples, VAGUENESS_CHOICES } from "../../messages/vagueness.ts";
import { regMsg } from "../../messages/registration.ts";
import { AS_IS_WORDS, stableChoices } from "../choices.ts";

const category = z.enum(CATEGORIES);
const reason = z.custom<VaguenessReason>((v) => typeof v === "object" && v !== null && "code" in v);
/** The coach's reasons as stored with an item (a JSON column). */
export const storedReasons = z.array(reason);

/** One item being entered or changed in this conversation (not yet saved). */
export const entryItem = z.object({
  /** Its number in the registration ("việc 2"). */
  position: z.number().int(),
  text: z.string(),
  measure: z.string().nullable(),
  timeframe: z.string().nullable(),
  /** The contents it covers, the main one first. */
  categories: z.array(category).min(1),
  verdict: z.enum(["concrete", "vague"]),
  score: z.number(),
  reasons: z.array(reason),
  kept: z.boolean(),
  /** Fields already asked for: never asked again. */
  asked: z.array(z.enum(["measure", "timeframe"])),
  /** How many times the coach has offered examples (rotates them). */
  round: z.number().int(),
  /** Set when an item already saved is being changed. */
  itemId: z.string().optional(),
  shortcoming: z.string().nullable(),
});
export type EntryItem = z.infer<typeof entryItem>;

/** The item-entry sub-flow's state: the items read, the one being asked about, the coach's examples. */
export const entryState = z.object({
  /** A member's own items, or the cell's collective items (/dangky chibo). */
  kind: z.enum(["member", "cell"]),
  /** The member chose to enter one item at a time, with a question for each missing part. */
  stepwise: z.boolean(),
  /** Items already saved when this entry began, and how many there may be in all. */
  base: z.number().int(),
  max: z.number().int(),
  items: z.array(entryItem),
  cursor: z.number().int(),
  examples: z.array(z.string()),
  /**
   * Items pasted with the year question straight into a draft that had items: the menu (and the
   * pledge in full) was not shown in this conversation, so the review shows the pledge in full.
   */
  pledgeUnseen: z.boolean().optional(),
});
export type EntryState = z.infer<typeof entryState>;

export const regData = z.object({
  year: z.number().int(),
  entry: entryState.optional(),
  /** Ids of the items (or members) offered in the last list, in the order shown. */
  ids: z.array(z.string()).optional(),
  /** Years offered at "year". */
  years: z.array(z.number().int()).optional(),
  /** Items typed while the year was being asked: kept, and taken once the year is chosen. */
  pasted: z.string().optional(),
  /** The saved item whose field menu is open. */
  itemId: z.string().optional(),
  lastShortcoming: z.string().nullable().optional(),
  /** At the menu: the registration shown can be sent and is not (so /huy says it stays unsent). */
  unsent: z.enum(["DRAFT", "RETURNED"]).optional(),
});
export type RegData = z.infer<typeof regData>;

export const STEPS = [
  "year",
  "items",
  "measure",
  "time",
  "coach",
  "retext",
  "contents",
  "menu",
  "pick",
  "field",
  "editContents",
  "short",
  "drop",
  "cmenu",
  "cpick",
  "cdelpick",
  "subject",
] as const;
export type Step = (typeof STEPS)[number];
export type RegOutcome = Outcome<Step, RegData>;

export const ask = (text: string, choices: Choice[]): OutgoingMessage => ({ kind: "choices", text, choices });

/** Short lead lines go out as one message. */
export const joined = (lines: readonly string[]): OutgoingMessage[] => (lines.length > 0 ? [say(lines.join("\n"))] : []);

export const done = (...replies: OutgoingMessage[]): RegOutcome => ({ replies });
export const at = (step: Step, data: RegData, ...replies: OutgoingMessage[]): RegOutcome => ({ replies, next: { step, data } });
export const reask = (step: Step, data: RegData, hint: string = regMsg.pickFromList()): RegOutcome => askAgain(step, data, hint);

/** The typed text of an answer, or null when there is none (a sticker, a photo without caption). */
export function typed(text: string): string | null {
  const t = text.trim();
  return t.length > 0 ? t : null;
}

/** Numbers picked from a typed answer such as "2 3", "2, 3" or "2 và 3" (1-based, within 1..max). */
export function pickedNumbers(text: string, max: number): number[] | null {
  const folded = fold(text).replace(/\b(va|and)\b/g, " ");
  if (!/^[\d\s,;.+&-]+$/.test(folded) || !/\d/.test(folded)) return null;
  const numbers = [...new Set((folded.match(/\d+/g) ?? []).map(Number))];
  return numbers.every((n) => n >= 1 && n <= max) ? numbers : null;
}

/** The member the registration is about: the actor, or the member a secretary enters it for. */
export type RegMember = Actor["member"];
export const memberOf = (ctx: MemberContext): RegMember => ctx.actor.member;

/** How many examples the coach offers at most: "Viết lại" and "Giữ nguyên" come after their places. */
const MAX_EXAMPLES = 3;

/**
 * Up to three examples for the coach, rotating with `round` so a second offer shows others, and
 * leaving out any that another member of the cell has already registered (copying one would be
 * flagged as a duplicate).
 */
export function coachExamples(roleKind: RoleKind, cat: CommitmentCategory, round: number, avoid: readonly string[]): string[] {
  const all = suggestExamples(roleKind, cat, 10, round * 3);
  const fresh = all.filter((e) => !avoid.some((t) => textSimilarity(e, t) >= DUPLICATE_SIMILARITY));
  return (fresh.length > 0 ? fresh : all).slice(0, MAX_EXAMPLES);
}

/**
 * The two messages of a coach offer: why and the examples, then the choices (numbers line up).
 * "Viết lại" and "Giữ nguyên" keep their numbers (4 and 5) when fewer examples are left to offer.
 */
export function coachReplies(explanation: string, examples: readonly string[], given: string): OutgoingMessage[] {
  const slots = Array.from({ length: Math.max(MAX_EXAMPLES, examples.length) }, (_, i) =>
    i < examples.length ? { value: `ex${i}`, label: regMsg.useExample(i + 1) } : null,
  );
  const choices: Choice[] = stableChoices([
    ...slots,
    { value: "rewrite", label: VAGUENESS_CHOICES.rewrite },
    { value: "keep", label: VAGUENESS_CHOICES.keep, words: AS_IS_WORDS },
  ]);
  return [say(`${explanation}\n${offerExamples(examples, given)}`), ask(regMsg.coachAsk(), choices)];
}
