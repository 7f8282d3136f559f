// /duyet: the chi ủy walks the cell's pending registrations one at a time — approve (with or
// without a comment), return with a comment, skip, or stop — through the approve/return use cases,
// which tell the member. The registration ids live in the flow's data; the buttons only carry the
// action, so a forged button cannot point at another registration or cell.
import { z } from "zod";
import type { OutgoingMessage } from "../../channels/types.ts";
import { choiceWithRest } from "../choices.ts";
import { defineFlow, askAgain, say, type MemberContext, type Outcome } from "../flow.ts";
import type { Input } from "../types.ts";
import { assessedPeriods, loadPendingRegistration, pendingRegistrations, type PendingRegistration } from "../../db/approvals.ts";
import { APPROVE_CHOICES, MAX_COMMENT_LENGTH, committeeMsg, type RegistrationView } from "../../messages/committee.ts";
import { approveRegistration } from "../../usecases/approve-registration.ts";
import { returnRegistration } from "../../usecases/return-registration.ts";
import { actorOf, heldQuestion, readText, reply, toldLine, useCaseDeps, zoneOf } from "./committee-common.ts";

const count = z.number().int().min(0);
const reviewData = z.object({
  ids: z.array(z.string()),
  /** The year of each of `ids` (absent in a conversation stored before it was kept). */
  years: z.array(z.number().int()).optional(),
  index: count,
  approved: count,
  returned: count,
  /** approveComment, returnComment: the decision waiting for its comment, told if the walk stops there. */
  asking: z.object({ action: z.enum(["approve", "return"]), fullName: z.string() }).optional(),
  /** A comment held back as a question: sent if typed again as it is. */
  question: z.string().optional(),
});
type Review = z.infer<typeof reviewData>;
type Step = "decide" | "approveComment" | "returnComment";
type Result = Outcome<Step, Review>;

function view(r: PendingRegistration, assessed: readonly string[]): RegistrationView {
  const last = r.reviews[0];
  return {
    assessedBeforeApproval: assessed,
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

/**
 * Pending registrations of the cell at this moment, by year (for "còn N bản"), and whether the
 * session's list or what is left holds more than one year, so the closing line names them.
 */
async function pendingLeft(ctx: MemberContext, state: Pick<Review, "years">): Promise<{ left: number[]; named: boolean }> {
  const left = (await pendingRegistrations(ctx.db, actorOf(ctx).unitId)).map((r) => r.year);
  return { left, named: new Set([...(state.years ?? []), ...left]).size > 1 };
}

/**
 * Shows the first registration from `from` on that is still pending in the actor's cell (another
 * chi ủy member may have decided some meanwhile), or the summary when none is left.
 */
async function showFrom(ctx: MemberContext, state: Review, from: number, before: OutgoingMessage[]): Promise<Result> {
  const { unitId } = actorOf(ctx);
  for (let index = from; index < state.ids.length; index++) {
    const id = state.ids[index];
    const registration = id === undefined ? null : await loadPendingRegistration(ctx.db, id, unitId);
    if (!registration) continue;
    const assessed = (await assessedPeriods(ctx.db, [registration.id])).get(registration.id) ?? [];
    const text = committeeMsg.registration(view(registration, assessed), { index: index + 1, total: state.ids.length }, zoneOf(ctx));
    const { ids, years, approved, returned } = state;
    return {
      replies: [...before, { kind: "choices", text, choices: APPROVE_CHOICES }],
      next: { step: "decide", data: { ids, ...(years ? { years } : {}), index, approved, returned } },
    };
  }
  const left = await pendingLeft(ctx, state);
  return { replies: [...before, say(committeeMsg.reviewDone({ approved: state.approved, returned: state.returned, ...left }))] };
}

const alreadyHandled = (ctx: MemberContext, state: Review) => showFrom(ctx, state, state.index + 1, [say(committeeMsg.alreadyHandled())]);

async function approve(ctx: MemberContext, state: Review, registrationId: string, comment: string | null): Promise<Result> {
  const { memberId: actorId, unitId } = actorOf(ctx);
  const result = await approveRegistration(useCaseDeps(ctx), { registrationId, unitId, actorId, comment });
  if (result.kind === "refused") return alreadyHandled(ctx, state);
  const said = [committeeMsg.approved(result.member.fullName, comment !== null), toldLine(result.report, result.member.fullName)].filter(Boolean).join("\n");
  return showFrom(ctx, { ...state, approved: state.approved + 1 }, state.index + 1, [say(said)]);
}

/** Asks for the comment of an approval or a return, about the registration being shown. */
async function askComment(ctx: MemberContext, state: Review, registrationId: string, step: "approveComment" | "returnComment"): Promise<Result> {
  const registration = await loadPendingRegistration(ctx.db, registrationId, actorOf(ctx).unitId);
  if (!registration) return alreadyHandled(ctx, state);
  const name = registration.member.fullName;
  const asking = { action: step === "approveComment" ? ("approve" as const) : ("return" as const), fullName: name };
  return reply(step === "approveComment" ? committeeMsg.askApproveComment(name) : committeeMsg.askReturnComment(name), {
    step,
    data: { ...state, asking },
  });
}

/** The registration being shown, or the "stopped" end when the data points past the list. */
async function current(ctx: MemberContext, state: Review): Promise<string | Result> {
  const id = state.ids[state.index];
  if (id !== undefined) return id;
  const { left, named } = await pendingLeft(ctx, state);
  return reply(committeeMsg.reviewStopped(left, named));
}

/** The typed comment, or the same question again when it is empty, too long or a question the member would read. */
function readComment(input: Input, state: Readonly<Review>, step: "approveComment" | "returnComment"): string | Result {
  const comment = readText(input.text, MAX_COMMENT_LENGTH);
  if (comment.ok && heldQuestion(comment.text, state.question))
    return reply(committeeMsg.commentIsQuestion(state.asking?.fullName ?? ""), { step, data: { ...state, question: comment.text } });
  if (comment.ok) return comment.text;
  const required = step === "approveComment" ? committeeMsg.approveCommentRequired() : committeeMsg.returnCommentRequired();
  return reply(comment.reason === "too-long" ? committeeMsg.textTooLong(MAX_COMMENT_LENGTH) : required, { step, data: state });
}

async function decide(ctx: MemberContext, state: Readonly<Review>, input: Input): Promise<Result> {
  const registrationId = await current(ctx, state);
  if (typeof registrationId !== "string") return registrationId;
  switch (input.choice) {
    case "approve":
      return approve(ctx, state, registrationId, null);
    case "approve-comment":
      return askComment(ctx, state, registrationId, "approveComment");
    case "return":
      return askComment(ctx, state, registrationId, "returnComment");
    case "skip":
      return showFrom(ctx, state, state.index + 1, [say(committeeMsg.skipped())]);
    case "stop": {
      const { left, named } = await pendingLeft(ctx, state);
      return reply(committeeMsg.reviewStopped(left, named));
    }
    default:
      return decidedWithComment(ctx, state, registrationId, input);
  }
}

/**
 * "duyệt, việc 2 đã rõ", "đồng ý nhưng việc 1 cần ghi rõ…", "trả lại: việc 2 thiếu thời hạn": the
 * decision and its comment in one message, recorded as Duyệt kèm nhận xét or Trả lại with that
 * comment (read like one typed at the comment step). Anything else: the options again.
 */
async function decidedWithComment(ctx: MemberContext, state: Readonly<Review>, registrationId: string, input: Input): Promise<Result> {
  const said = choiceWithRest(APPROVE_CHOICES, input.text);
  const value = said?.choice.value;
  if (!said || (value !== "approve" && value !== "approve-comment" && value !== "return")) return askAgain("decide", state, committeeMsg.pickAction());
  const asked = await askComment(ctx, state, registrationId, value === "return" ? "returnComment" : "approveComment");
  if (asked.next?.step !== "approveComment" && asked.next?.step !== "returnComment") return asked;
  return (asked.next.step === "approveComment" ? approveComment : returnComment)(ctx, asked.next.data, { ...input, text: said.rest });
}

async function approveComment(ctx: MemberContext, state: Readonly<Review>, input: Input): Promise<Result> {
  const registrationId = await current(ctx, state);
  if (typeof registrationId !== "string") return registrationId;
  const comment = readComment(input, state, "approveComment");
  return typeof comment === "string" ? approve(ctx, state, registrationId, comment) : comment;
}

async function returnComment(ctx: MemberContext, state: Readonly<Review>, input: Input): Promise<Result> {
  const registrationId = await current(ctx, state);
  if (typeof registrationId !== "string") return registrationId;
  const comment = readComment(input, state, "returnComment");
  if (typeof comment !== "string") return comment;
  const { memberId: actorId, unitId } = actorOf(ctx);
  const result = await returnRegistration(useCaseDeps(ctx), { registrationId, unitId, actorId, comment });
  if (result.kind === "refused") return alreadyHandled(ctx, state);
  const said = [committeeMsg.returned(result.member.fullName), toldLine(result.report, result.member.fullName)].filter(Boolean).join("\n");
  return showFrom(ctx, { ...state, returned: state.returned + 1 }, state.index + 1, [say(said)]);
}

export const approveFlow = defineFlow({
  name: "approve",
  access: "committee",
  version: 1,
  data: reviewData,
  // Decisions are recorded as they are made; stopping says so with what is left, and that the one
  // waiting for its comment is not recorded. /duyet again shows the same pending list: nothing to add.
  async stop(ctx, data, _onBehalf, restarting) {
    if (restarting || (data.approved + data.returned === 0 && !data.asking)) return null;
    const left = committeeMsg.reviewStopKept({ approved: data.approved, returned: data.returned, ...(await pendingLeft(ctx, data)) });
    return [...(data.asking ? [committeeMsg.decisionNotRecorded(data.asking.fullName, data.asking.action)] : []), ...(left ? [left] : [])].join(" ") || null;
  },
  async start(ctx) {
    const pending = await pendingRegistrations(ctx.db, actorOf(ctx).unitId);
    if (pending.length === 0) return reply(committeeMsg.noPending());
    return showFrom(ctx, { ids: pending.map((r) => r.id), years: pending.map((r) => r.year), index: 0, approved: 0, returned: 0 }, 0, []);
  },
  steps: { decide, approveComment, returnComment },
});
