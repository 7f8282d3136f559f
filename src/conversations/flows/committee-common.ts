// Helpers shared by the chi ủy flows: picking a member of the actor's own cell by name, reading a
// required free text, the use cases' dependencies and the sender's delivery lines.
import type { FlowContext, FlowResult, FlowState } from "../types.ts";
import { cellMembersByName } from "../../db/reach.ts";
import { createNotifier, type SendReport } from "../../usecases/notifier.ts";
import type { UseCaseDeps } from "../../usecases/types.ts";
import { deliveryMsg } from "../../messages/delivery.ts";
import { committeeMsg } from "../../messages/committee.ts";
import { sortByVietnameseName } from "../../domain/text.ts";
import { allSameName } from "../../domain/name-search.ts";
import { msg } from "../../messages/common.ts";

export const reply = (text: string, next?: FlowState): FlowResult => ({ replies: [{ kind: "text", text }], ...(next ? { next } : {}) });

/** The actor's unit zone (DESIGN §1: local time unless the unit says otherwise). */
export function zoneOf(ctx: FlowContext): string {
  return ctx.actor?.member.unit.timeZone || ctx.zone;
}

/** The chi ủy member acting; flows with committee/secretary access only run with one. */
export function actorOf(ctx: FlowContext) {
  const actor = ctx.actor;
  if (!actor) throw new Error("committee flow without an actor");
  return { memberId: actor.member.id, unitId: actor.member.unitId, unitName: actor.member.unit.name };
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

/** What the use cases need from a conversation: the database, the Notifier, the message's time. */
export function useCaseDeps(ctx: FlowContext): UseCaseDeps {
  return { db: ctx.db, now: ctx.now, notifier: createNotifier({ db: ctx.db, log: ctx.log, ...(ctx.services.quietHours ? { quietHours: ctx.services.quietHours } : {}), ...(ctx.services.delivery ? { port: ctx.services.delivery } : {}) }) };
}

/** The sender's line about a message to one member: on its way, or why not and what to do. */
export function toldLine(report: SendReport, fullName: string): string {
  const miss = report.unreachable[0];
  return deliveryMsg.memberTold(miss ? { fullName, reached: false, reason: miss.reason } : { fullName, reached: true });
}

/** The sender's lines about a message to many: how many it reaches, who not and what to do. */
export function reachLines(report: SendReport, zone?: string): string {
  return deliveryMsg.many({ reachable: report.reachable.length, unreachable: report.unreachable, notBefore: report.notBefore, group: report.group, ...(zone ? { zone } : {}) });
}

/** The option index the member picked among ids kept in the state (never an id from the message). */
export function pickedId(ids: unknown, choice: string | undefined): string | undefined {
  if (choice === undefined || !Array.isArray(ids) || !/^\d+$/.test(choice)) return undefined;
  const id: unknown = ids[Number(choice)];
  return typeof id === "string" ? id : undefined;
}

export type MemberLookup =
  | { kind: "one"; memberId: string }
  | { kind: "many"; result: FlowResult }
  | { kind: "none"; result: FlowResult };

/**
 * A member of the actor's own cell by name (with or without diacritics). Several matches give a
 * numbered choice whose values are indexes into ids kept in the state under `pickStep`.
 */
export async function lookupMember(ctx: FlowContext, name: string, o: { pickStep: string; nameStep: string; pickText: string; data?: Record<string, unknown> }): Promise<MemberLookup> {
  const { unitId } = actorOf(ctx);
  const query = name.trim();
  const found = query ? await cellMembersByName(ctx.db, unitId, query) : [];
  if (found.length === 0) return { kind: "none", result: reply(committeeMsg.noSuchMember(query), { step: o.nameStep, data: o.data ?? {} }) };
  if (found.length === 1) return { kind: "one", memberId: found[0]!.id };
  const shown = sortByVietnameseName(found, (m) => m.fullName).slice(0, 20);
  return {
    kind: "many",
    result: {
      replies: [{ kind: "choices", text: `${msg.severalFound(allSameName(shown.map((m) => m.fullName)))} ${o.pickText}`, choices: shown.map((m, i) => ({ value: String(i), label: `${m.fullName}${m.position ? ` (${m.position})` : ""}` })) }],
      next: { step: o.pickStep, data: { ...(o.data ?? {}), ids: shown.map((m) => m.id) } },
    },
  };
}
