// Helpers shared by the chi ủy flows: picking a member of the actor's own cell by name, reading a
// required free text, the use cases' dependencies and the sender's delivery lines. Typed for
// defineFlow: they take a MemberContext (the actor is there by type) and build Outcomes.
import type { Choice } from "../../channels/types.ts";
import { askAgain, say, type MemberContext, type Next, type Outcome } from "../flow.ts";
import type { FlowContext } from "../types.ts";
import { cellMembersByName } from "../../db/reach.ts";
import { createNotifier, type SendReport } from "../../usecases/notifier.ts";
import type { UseCaseDeps } from "../../usecases/types.ts";
import { deliveryMsg } from "../../messages/delivery.ts";
import { committeeMsg } from "../../messages/committee.ts";
import { isQuestion, sortByVietnameseName } from "../../domain/text.ts";
import { memberChoices, pickedId } from "../choices.ts";
import { allSameName } from "../../domain/name-search.ts";
import { msg } from "../../messages/common.ts";

/** One text reply; with `next` the conversation goes on there, without it the conversation ends. */
export function reply<S extends string, D>(text: string, next?: Next<S, D>): Outcome<S, D> {
  return { replies: [say(text)], ...(next ? { next } : {}) };
}

/** The actor's unit zone (docs/domain.md: local time unless the unit says otherwise). */
export function zoneOf(ctx: MemberContext): string {
  return ctx.actor.member.unit.timeZone || ctx.zone;
}

/** The chi ủy member acting, and their cell. */
export function actorOf(ctx: MemberContext): { memberId: string; unitId: string; unitName: string } {
  const { member } = ctx.actor;
  return { memberId: member.id, unitId: member.unitId, unitName: member.unit.name };
}

export type TextCheck = { ok: true; text: string } | { ok: false; reason: "empty" | "too-long" };

/** A required free text (comment, reason, notice): not empty, not a command or a bare number, not too long. */
export function readText(input: string, max: number): TextCheck {
  const text = input.trim();
  // A bare number is an answer to an earlier list (Zalo), not a comment.
  if (!text || text.startsWith("/") || /^\d+[.)]?$/.test(text)) return { ok: false, reason: "empty" };
  if (text.length > max) return { ok: false, reason: "too-long" };
  return { ok: true, text };
}

/**
 * A comment the member will read that looks like a question (one the chi ủy member meant for the
 * secretary, say): held back once. The same text sent again is the chi ủy's word, sent as typed.
 */
export function heldQuestion(text: string, held: string | undefined): boolean {
  return isQuestion(text) && held !== text;
}

/** What the use cases need from a conversation: the database, the Notifier, the message's time. */
export function useCaseDeps(ctx: FlowContext): UseCaseDeps {
  const { quietHours, delivery } = ctx.services;
  return {
    db: ctx.db,
    now: ctx.now,
    notifier: createNotifier({ db: ctx.db, log: ctx.log, ...(quietHours ? { quietHours } : {}), ...(delivery ? { port: delivery } : {}) }),
  };
}

/**
 * The sender's line about a message to one member: on its way only when the report says the
 * member is reachable; otherwise why not and what to do (never "đã báo" for a skipped notice).
 * Empty when nobody was to be told (the member is the sender).
 */
export function toldLine(report: SendReport, fullName: string): string {
  if (report.reachable.length === 0 && report.unreachable.length === 0 && report.created + report.existing === 0) return "";
  const miss = report.unreachable[0];
  if (miss) return deliveryMsg.memberTold({ fullName, reached: false, reason: miss.reason });
  return deliveryMsg.memberTold(report.reachable.length > 0 ? { fullName, reached: true } : { fullName, reached: false, reason: "not-linked" });
}

/** The sender's lines about a message to many: how many it reaches, who not and what to do. */
export function reachLines(report: SendReport, zone?: string): string {
  return deliveryMsg.many({
    reachable: report.reachable.length,
    unreachable: report.unreachable,
    notBefore: report.notBefore,
    group: report.group,
    ...(zone ? { zone } : {}),
  });
}

/** A name typed where a number from the list was expected ("Nhung" instead of "2"). */
const typedName = (input: { text: string; choice?: string }): boolean =>
  input.choice === undefined && input.text.trim() !== "" && !/^\d+$/.test(input.text.trim());

/**
 * The answer to a list of members (ids kept in the data under `ids`): the member picked, or a name
 * typed instead of a number, or the list asked again.
 */
export function pickMember<S extends string, D extends { ids?: string[] | undefined }>(
  data: Readonly<D>,
  input: { text: string; choice?: string },
  o: { picked: (memberId: string) => Promise<Outcome<S, D>>; byName: (name: string) => Promise<Outcome<S, D>>; again: S },
): Promise<Outcome<S, D>> {
  const id = pickedId(data.ids, input.choice);
  if (id) return o.picked(id);
  if (typedName(input)) return o.byName(input.text);
  return Promise.resolve(askAgain(o.again, data, committeeMsg.pickFromList(data.ids?.length ?? 0)));
}

export type MemberLookup =
  | { kind: "one"; memberId: string }
  /** Several matches: a numbered choice whose values are indexes into `ids`. */
  | { kind: "many"; ids: string[]; lead: string; choices: Choice[] }
  | { kind: "none"; text: string };

/** A member of the actor's own cell by name (with or without diacritics). */
export async function lookupMember(ctx: MemberContext, name: string): Promise<MemberLookup> {
  const { unitId } = actorOf(ctx);
  const query = name.trim();
  const found = query ? await cellMembersByName(ctx.db, unitId, query) : [];
  const [only] = found;
  if (!only) return { kind: "none", text: committeeMsg.noSuchMember(query) };
  if (found.length === 1) return { kind: "one", memberId: only.id };
  const shown = sortByVietnameseName(found, (m) => m.fullName).slice(0, 20);
  return {
    kind: "many",
    ids: shown.map((m) => m.id),
    // "trùng tên" only when the names are really equal, not for a partial match.
    lead: msg.severalFound(allSameName(shown.map((m) => m.fullName))),
    choices: memberChoices(shown),
  };
}

/** The outcome of a lookup that did not find exactly one member: ask again, or offer the list. */
export function lookupOutcome<S extends string, D>(
  found: Exclude<MemberLookup, { kind: "one" }>,
  o: { retry: Next<S, D>; pick: (ids: string[]) => Next<S, D>; pickText: string },
): Outcome<S, D> {
  if (found.kind === "none") return reply(found.text, o.retry);
  return { replies: [{ kind: "choices", text: `${found.lead} ${o.pickText}`, choices: found.choices }], next: o.pick(found.ids) };
}
