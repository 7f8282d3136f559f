// `/dangky <họ tên>`: the secretary (or deputy) enters the registration of a member of their own
// cell who has no phone. The ordinary registration flow runs with that member as its subject, and
// the registration is marked as entered by the secretary (Registration.enteredById).
// The subject's id lives in the conversation state; it is re-checked against the secretary's own
// cell at every step, so a demoted or moved secretary cannot go on.
import type { Flow, FlowContext, FlowResult, FlowState } from "../types.ts";
import { findMembersByName } from "../../db/members.ts";
import { audit } from "../../db/audit.ts";
import { registrationYear } from "../../domain/registration-rules.ts";
import { regMsg } from "../../messages/registration.ts";
import { ask, say } from "./register-common.ts";

const SUBJECT = "__subject";
const PICK = "__pick_subject";

type SubjectMember = NonNullable<FlowContext["actor"]>["member"];

async function subjectOf(ctx: FlowContext, memberId: string): Promise<SubjectMember | null> {
  const actor = ctx.actor;
  if (!actor?.isSecretary) return null;
  const member = await ctx.db.member.findFirst({ where: { id: memberId, unitId: actor.member.unitId, status: { not: "LEFT" } }, include: { unit: true } });
  return member;
}

/** The flow context with the subject in the actor's place for whose registration it is. */
function asSubject(ctx: FlowContext, subject: SubjectMember): FlowContext {
  const actor = ctx.actor!;
  return { ...ctx, actor: { ...actor, member: subject, isCommittee: false, isSecretary: false } };
}

function tag(result: FlowResult, subjectId: string): FlowResult {
  if (!result.next) return result;
  return { ...result, next: { step: result.next.step, data: { ...result.next.data, [SUBJECT]: subjectId } } };
}

async function markEntered(ctx: FlowContext, subjectId: string): Promise<void> {
  const year = registrationYear(ctx.now, ctx.zone);
  await ctx.db.registration.updateMany({ where: { memberId: subjectId, year, enteredById: null }, data: { enteredById: ctx.actor!.member.id } });
}

async function begin(inner: Flow, ctx: FlowContext, subject: SubjectMember): Promise<FlowResult> {
  const actor = ctx.actor!;
  await audit(ctx.db, { actorId: actor.member.id, unitId: actor.member.unitId, action: "registration.entered_on_behalf", targetType: "Member", targetId: subject.id });
  const result = await inner.start(asSubject(ctx, subject), "");
  await markEntered(ctx, subject.id);
  return tag({ ...result, replies: [say(regMsg.onBehalfIntro(subject.fullName)), ...result.replies] }, subject.id);
}

export function withOnBehalf(inner: Flow, isOwnArgs: (args: string) => boolean): Flow {
  return {
    ...inner,
    async start(ctx, args) {
      const name = args.trim();
      if (!name || isOwnArgs(args)) return inner.start(ctx, args);
      const actor = ctx.actor!;
      // Anyone else simply gets their own registration, as with no argument.
      if (!actor.isSecretary) return inner.start(ctx, "");
      const found = (await findMembersByName(ctx.db, name, { unitIds: [actor.member.unitId] })).filter((m) => m.status !== "LEFT");
      if (found.length === 0) return { replies: [say(regMsg.onBehalfNotFound(name))] };
      if (found.length === 1) return begin(inner, ctx, found[0]!);
      return {
        replies: [ask(regMsg.onBehalfPick(), found.map((m, i) => ({ value: String(i), label: `${m.fullName}${m.position ? ` (${m.position})` : ""}` })))],
        next: { step: PICK, data: { ids: found.map((m) => m.id) } },
      };
    },
    async step(ctx, state, input) {
      if (state.step === PICK) {
        const ids = (state.data.ids as string[] | undefined) ?? [];
        const id = input.choice !== undefined ? ids[Number(input.choice)] : undefined;
        const subject = id ? await subjectOf(ctx, id) : null;
        if (!subject) return { replies: [say(regMsg.onBehalfPick())], next: state };
        return begin(inner, ctx, subject);
      }
      const subjectId = state.data[SUBJECT] as string | undefined;
      if (!subjectId) return inner.step!(ctx, state, input);
      const subject = await subjectOf(ctx, subjectId);
      if (!subject) return { replies: [say(regMsg.onBehalfSecretaryOnly())] };
      const { [SUBJECT]: _omit, ...data } = state.data;
      const innerState: FlowState = { step: state.step, data };
      const result = await inner.step!(asSubject(ctx, subject), innerState, input);
      await markEntered(ctx, subject.id);
      return tag(result, subject.id);
    },
  };
}
