// Small helpers shared by the registration flows.
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import type { ConversationData, FlowContext, FlowResult } from "../types.ts";
import { DUPLICATE_SIMILARITY, textSimilarity } from "../../domain/vagueness.ts";
import { suggestExamples, type CommitmentCategory } from "../../domain/commitment-templates.ts";
import type { RoleKind } from "../../domain/role-kind.ts";
import { offerExamples, VAGUENESS_CHOICES } from "../../messages/vagueness.ts";
import { regMsg } from "../../messages/registration.ts";

export const say = (text: string): OutgoingMessage => ({ kind: "text", text });
export const ask = (text: string, choices: Choice[]): OutgoingMessage => ({ kind: "choices", text, choices });

/** Short lead lines go out as one message. */
export const joined = (lines: readonly string[]): OutgoingMessage[] => (lines.length > 0 ? [say(lines.join("\n"))] : []);

/** Ends the flow with these replies. */
export const done = (...replies: OutgoingMessage[]): FlowResult => ({ replies });

/** Goes on at `step` with `data`; the last reply's choices become the offered ones. */
export function at<T extends object>(step: string, data: T, ...replies: OutgoingMessage[]): FlowResult {
  return { replies, next: { step, data: data as unknown as ConversationData } };
}

/** The typed text of an answer, or null when there is none (a sticker, a photo without caption). */
export function typed(text: string): string | null {
  const t = text.trim();
  return t.length > 0 ? t : null;
}

/** The actor's member row (flows run only for linked members). */
export function memberOf(ctx: FlowContext) {
  const actor = ctx.actor;
  if (!actor) throw new Error("registration flow without a linked member");
  return actor.member;
}

/**
 * Up to three examples for the coach, rotating with `round` so a second offer shows others, and
 * leaving out any that another member of the cell has already registered (copying one would be
 * flagged as a duplicate).
 */
export function coachExamples(roleKind: RoleKind, category: CommitmentCategory, round: number, avoid: readonly string[]): string[] {
  const all = suggestExamples(roleKind, category, 10, round * 3);
  const fresh = all.filter((e) => !avoid.some((t) => textSimilarity(e, t) >= DUPLICATE_SIMILARITY));
  return (fresh.length > 0 ? fresh : all).slice(0, 3);
}

/** The two messages of a coach offer: why and the examples, then the choices (numbers line up). */
export function coachReplies(explanation: string, examples: readonly string[], given: string): OutgoingMessage[] {
  const choices: Choice[] = [
    ...examples.map((_, i) => ({ value: `ex${i}`, label: regMsg.useExample(i + 1) })),
    { value: "rewrite", label: VAGUENESS_CHOICES.rewrite },
    { value: "keep", label: VAGUENESS_CHOICES.keep },
  ];
  return [say(`${explanation}\n${offerExamples(examples, given)}`), ask(regMsg.coachAsk(), choices)];
}
