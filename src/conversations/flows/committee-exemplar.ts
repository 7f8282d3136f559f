// /dienhinh <họ tên>: the chi ủy nominates a member of the cell as this year's exemplar (điển
// hình) with a reason. One nomination per member and year, so the roll-up totals stay true.
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import { findExemplar } from "../../db/exemplars.ts";
import { cellMember } from "../../db/reach.ts";
import { nominateExemplar } from "../../usecases/nominate-exemplar.ts";
import { MAX_COMMENT_LENGTH, committeeMsg } from "../../messages/committee.ts";
import { inZone } from "../../domain/dates.ts";
import { actorOf, lookupMember, pickedId, readText, reply, useCaseDeps, zoneOf } from "./committee-common.ts";

const yearOf = (ctx: FlowContext) => inZone(ctx.now, zoneOf(ctx)).year;

async function askReason(ctx: FlowContext, memberId: string): Promise<FlowResult> {
  const { unitId } = actorOf(ctx);
  const member = await cellMember(ctx.db, unitId, memberId);
  if (!member) return reply(committeeMsg.memberGone());
  const year = yearOf(ctx);
  const existing = await findExemplar(ctx.db, member.id, year);
  if (existing) return reply(committeeMsg.alreadyExemplar(member.fullName, year, existing.reason));
  return reply(committeeMsg.askReason(member.fullName, year), { step: "reason", data: { memberId: member.id, year } });
}

async function byName(ctx: FlowContext, name: string): Promise<FlowResult> {
  const found = await lookupMember(ctx, name, { pickStep: "pick", nameStep: "name", pickText: committeeMsg.pickNominee() });
  return found.kind === "one" ? askReason(ctx, found.memberId) : found.result;
}

export const exemplarFlow: Flow = {
  name: "exemplar",
  access: "committee",
  async start(ctx, args) {
    if (args.trim()) return byName(ctx, args);
    return reply(committeeMsg.whoToNominate(), { step: "name", data: {} });
  },
  async step(ctx, state, input) {
    switch (state.step) {
      case "pick": {
        const id = pickedId(state.data.ids, input.choice);
        if (id) return askReason(ctx, id);
        if (input.choice === undefined && input.text.trim() && !/^\d+$/.test(input.text.trim())) return byName(ctx, input.text);
        const n = Array.isArray(state.data.ids) ? state.data.ids.length : 0;
        return reply(committeeMsg.pickFromList(n), state);
      }
      case "reason": {
        const reason = readText(input.text, MAX_COMMENT_LENGTH);
        if (!reason.ok) return reply(reason.reason === "too-long" ? committeeMsg.textTooLong(MAX_COMMENT_LENGTH) : committeeMsg.reasonRequired(), state);
        const { memberId: actorId, unitId } = actorOf(ctx);
        const memberId = typeof state.data.memberId === "string" ? state.data.memberId : "";
        // The year asked about, so a nomination started on 31/12 is not filed under the next year.
        const year = typeof state.data.year === "number" ? state.data.year : yearOf(ctx);
        const result = await nominateExemplar(useCaseDeps(ctx), { memberId, unitId, actorId, year, reason: reason.text });
        if (result.kind === "refused") return reply(committeeMsg.memberGone());
        if (result.kind === "exists") return reply(committeeMsg.alreadyExemplar(result.member.fullName, year, result.reason));
        return reply(committeeMsg.exemplarSaved(result.member.fullName, year));
      }
      default:
        return byName(ctx, input.text);
    }
  },
};
