// /duyet: the chi ủy walks the cell's pending registrations one at a time — approve, return with a
// comment, skip, or stop — through the approve/return use cases, which tell the member. The registration ids live in the state; the buttons
// only carry the action, so a forged button cannot point at another registration or cell.
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import type { OutgoingMessage } from "../../channels/types.ts";
import { loadPendingRegistration, pendingRegistrationIds, type PendingRegistration } from "../../db/approvals.ts";
import { APPROVE_CHOICES, MAX_COMMENT_LENGTH, committeeMsg, type RegistrationView } from "../../messages/committee.ts";
import { approveRegistration } from "../../usecases/approve-registration.ts";
import { returnRegistration } from "../../usecases/return-registration.ts";
import { actorOf, readText, reply, toldLine, useCaseDeps, zoneOf } from "./committee-common.ts";

interface ReviewState {
  ids: string[];
  index: number;
  approved: number;
  returned: number;
}

function readState(data: Record<string, unknown>): ReviewState {
  const ids = Array.isArray(data.ids) ? data.ids.filter((x): x is string => typeof x === "string") : [];
  const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0);
  return { ids, index: num(data.index), approved: num(data.approved), returned: num(data.returned) };
}

function view(r: PendingRegistration): RegistrationView {
  const last = r.reviews[0];
  return {
    year: r.year,
    fullName: r.member.fullName,
    position: r.member.position,
    submittedAt: r.submittedAt,
    enteredBySecretary: r.enteredById !== null,
    pledgeAccepted: r.pledgeAccepted,
    items: r.items.map((i) => ({
      category: i.category,
      categories: i.categories,
      text: i.text,
      measure: i.measure,
      timeframe: i.timeframe,
      shortcoming: i.shortcoming,
      vagueVerdict: i.vagueVerdict,
      vagueReasons: i.vagueReasons,
      vagueKept: i.vagueKept,
    })),
    lastComment: last ? { text: last.text, at: last.createdAt } : null,
  };
}

/** Pending registrations of the cell at this moment (for "còn N bản"). */
async function pendingCount(ctx: FlowContext): Promise<number> {
  return (await pendingRegistrationIds(ctx.db, actorOf(ctx).unitId)).length;
}

/**
 * Shows the first registration from `from` on that is still pending in the actor's cell (another
 * chi ủy member may have decided some meanwhile), or the summary when none is left.
 */
async function showFrom(ctx: FlowContext, state: ReviewState, from: number, before: OutgoingMessage[]): Promise<FlowResult> {
  const { unitId } = actorOf(ctx);
  for (let index = from; index < state.ids.length; index++) {
    const registration = await loadPendingRegistration(ctx.db, state.ids[index]!, unitId);
    if (!registration) continue;
    const text = committeeMsg.registration(view(registration), { index: index + 1, total: state.ids.length }, zoneOf(ctx));
    return {
      replies: [...before, { kind: "choices", text, choices: APPROVE_CHOICES }],
      next: { step: "decide", data: { ...state, index } },
    };
  }
  const left = await pendingCount(ctx);
  return { replies: [...before, { kind: "text", text: committeeMsg.reviewDone({ approved: state.approved, returned: state.returned, left }) }] };
}

export const approveFlow: Flow = {
  name: "approve",
  access: "committee",
  async start(ctx) {
    const ids = await pendingRegistrationIds(ctx.db, actorOf(ctx).unitId);
    if (ids.length === 0) return reply(committeeMsg.noPending());
    return showFrom(ctx, { ids, index: 0, approved: 0, returned: 0 }, 0, []);
  },
  async step(ctx, stored, input) {
    const state = readState(stored.data);
    const { memberId: actorId, unitId } = actorOf(ctx);
    const registrationId = state.ids[state.index];
    if (!registrationId) return reply(committeeMsg.reviewStopped(await pendingCount(ctx)));

    if (stored.step === "comment") {
      const comment = readText(input.text, MAX_COMMENT_LENGTH);
      if (!comment.ok) {
        const text = comment.reason === "too-long" ? committeeMsg.textTooLong(MAX_COMMENT_LENGTH) : committeeMsg.returnCommentRequired();
        return reply(text, stored);
      }
      const result = await returnRegistration(useCaseDeps(ctx), { registrationId, unitId, actorId, comment: comment.text });
      if (result.kind === "refused") return showFrom(ctx, state, state.index + 1, [{ kind: "text", text: committeeMsg.alreadyHandled() }]);
      const next = { ...state, returned: state.returned + 1 };
      const said = `${committeeMsg.returned(result.member.fullName)}\n${toldLine(result.report, result.member.fullName)}`;
      return showFrom(ctx, next, state.index + 1, [{ kind: "text", text: said }]);
    }

    // step "decide"
    switch (input.choice) {
      case "approve": {
        const result = await approveRegistration(useCaseDeps(ctx), { registrationId, unitId, actorId });
        if (result.kind === "refused") return showFrom(ctx, state, state.index + 1, [{ kind: "text", text: committeeMsg.alreadyHandled() }]);
        const next = { ...state, approved: state.approved + 1 };
        const said = `${committeeMsg.approved(result.member.fullName)}\n${toldLine(result.report, result.member.fullName)}`;
        return showFrom(ctx, next, state.index + 1, [{ kind: "text", text: said }]);
      }
      case "return": {
        const registration = await loadPendingRegistration(ctx.db, registrationId, unitId);
        if (!registration) return showFrom(ctx, state, state.index + 1, [{ kind: "text", text: committeeMsg.alreadyHandled() }]);
        return reply(committeeMsg.askReturnComment(registration.member.fullName), { step: "comment", data: { ...state } });
      }
      case "skip":
        return showFrom(ctx, state, state.index + 1, [{ kind: "text", text: committeeMsg.skipped() }]);
      case "stop":
        return reply(committeeMsg.reviewStopped(await pendingCount(ctx)));
      default:
        return reply(committeeMsg.pickAction(), stored);
    }
  },
};
