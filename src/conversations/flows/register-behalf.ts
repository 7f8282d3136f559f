// `/dangky <họ tên>`: the secretary (or deputy) enters the registration of a member of their own
// cell who has no phone. The ordinary registration steps run with that member in the actor's
// place; the member's id is the conversation's subject (Outcome.subjectId, read back as
// ctx.subjectId), re-checked against the secretary's own cell at every step by the use case, so a
// demoted or moved secretary cannot go on. The registration is marked as entered by the secretary.
import type { Input } from "../types.ts";
import { say, type MemberContext } from "../flow.ts";
import { cellMembersByName } from "../../db/reach.ts";
import { regMsg } from "../../messages/registration.ts";
import { markEnteredOnBehalf, onBehalfSubject, startOnBehalf, type Secretary, type Subject } from "../../usecases/enter-registration-on-behalf.ts";
import { ask, at, done, reask, type RegData, type RegOutcome } from "./register-common.ts";
import { memberChoices, pickedId } from "../choices.ts";

type Handler = (ctx: MemberContext, data: Readonly<RegData>, input: Input) => Promise<RegOutcome>;
type Start = (ctx: MemberContext) => Promise<RegOutcome>;

const secretaryOf = (ctx: MemberContext): Secretary => ({ memberId: ctx.actor.member.id, unitId: ctx.actor.member.unitId, isSecretary: ctx.actor.isSecretary });

/** The flow context with the subject in the actor's place for whose registration it is. */
const asSubject = (ctx: MemberContext, subject: Subject): MemberContext => ({
  ...ctx,
  actor: { ...ctx.actor, member: subject, isCommittee: false, isSecretary: false },
});

async function begin(ctx: MemberContext, subjectId: string, start: Start): Promise<RegOutcome> {
  const found = await startOnBehalf({ db: ctx.db }, secretaryOf(ctx), subjectId);
  if (found.kind === "refused") return done(say(found.reason));
  const result = await start(asSubject(ctx, found.subject));
  await markEnteredOnBehalf({ db: ctx.db }, { secretaryId: ctx.actor.member.id, subjectId, year: result.next?.data.year ?? 0 });
  return { ...result, replies: [say(regMsg.onBehalfIntro(found.subject.fullName)), ...result.replies], subjectId };
}

/** `/dangky <name>` from a secretary: the member, or a choice among namesakes. Anyone else gets their own. */
export async function behalfStart(ctx: MemberContext, name: string, own: Start, start: Start): Promise<RegOutcome> {
  if (!ctx.actor.isSecretary) return own(ctx);
  const found = await cellMembersByName(ctx.db, ctx.actor.member.unitId, name);
  const [only] = found;
  if (found.length === 0 || !only) return done(say(regMsg.onBehalfNotFound(name)));
  if (found.length === 1) return begin(ctx, only.id, start);
  const choices = memberChoices(found);
  return at("subject", { year: 0, ids: found.map((m) => m.id) }, ask(regMsg.onBehalfPick(), choices));
}

export function subjectStep(start: Start): Handler {
  return async (ctx, data, input) => {
    const id = pickedId(data.ids, input.choice);
    if (!id) return reask("subject", { ...data }, regMsg.onBehalfPick());
    return begin(ctx, id, start);
  };
}

/**
 * The context for the conversation's subject (the actor's own when there is none), or why the
 * actor may no longer act for them (re-checked each time: a demoted or moved secretary).
 */
export async function subjectContext(ctx: MemberContext): Promise<{ ctx: MemberContext } | { refused: string }> {
  if (ctx.subjectId === undefined) return { ctx };
  const found = await onBehalfSubject({ db: ctx.db }, secretaryOf(ctx), ctx.subjectId);
  return found.kind === "refused" ? { refused: found.reason } : { ctx: asSubject(ctx, found.subject) };
}

/** Records that the secretary entered the subject's registration of `year` (nothing without a subject). */
export async function markBySecretary(ctx: MemberContext, year: number): Promise<void> {
  if (ctx.subjectId === undefined) return;
  await markEnteredOnBehalf({ db: ctx.db }, { secretaryId: ctx.actor.member.id, subjectId: ctx.subjectId, year });
}

/** Runs a step for the conversation's subject when there is one, and records who entered it. */
export function forSubject(handler: Handler): Handler {
  return async (ctx, data, input) => {
    if (ctx.subjectId === undefined) return handler(ctx, data, input);
    const subject = await subjectContext(ctx);
    if ("refused" in subject) return done(say(subject.refused));
    const result = await handler(subject.ctx, data, input);
    await markBySecretary(ctx, result.next?.data.year ?? data.year);
    return result;
  };
}
