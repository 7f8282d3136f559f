// /dienhinh <họ tên>: the chi ủy nominates a member of the cell as this year's exemplar (điển
// hình) with a reason. One nomination per member and year, so the roll-up totals stay true. When
// the member's registration of the year is not approved, the question for the reason says so first:
// the nomination is still allowed (the chi ủy may know why), and /huy stops it.
import { z } from "zod";
import { defineFlow, type MemberContext, type Outcome } from "../flow.ts";
import type { Input } from "../types.ts";
import { findExemplar, registrationStatusOf } from "../../db/exemplars.ts";
import { cellMember } from "../../db/reach.ts";
import { nominateExemplar } from "../../usecases/nominate-exemplar.ts";
import { MAX_COMMENT_LENGTH, committeeMsg } from "../../messages/committee.ts";
import { inZone } from "../../domain/dates.ts";
import { actorOf, lookupMember, lookupOutcome, pickMember, readText, reply, useCaseDeps, zoneOf } from "./committee-common.ts";

const nomineeData = z.object({
  /** pick: the members offered, by option index. */
  ids: z.array(z.string()).optional(),
  /** reason: the nominee, and the year asked about (a nomination started on 31/12 stays in that year). */
  memberId: z.string().optional(),
  year: z.number().int().optional(),
});
type Nominee = z.infer<typeof nomineeData>;
type Result = Outcome<"pick" | "name" | "reason", Nominee>;

const yearOf = (ctx: MemberContext) => inZone(ctx.now, zoneOf(ctx)).year;

async function askReason(ctx: MemberContext, memberId: string): Promise<Result> {
  const { unitId } = actorOf(ctx);
  const member = await cellMember(ctx.db, unitId, memberId);
  if (!member) return reply(committeeMsg.memberGone());
  const year = yearOf(ctx);
  const existing = await findExemplar(ctx.db, member.id, year);
  if (existing) return reply(committeeMsg.alreadyExemplar(member.fullName, year, existing.reason));
  const status = await registrationStatusOf(ctx.db, member.id, year);
  // One message: the warning (when the registration is not approved) right above the question.
  const ask = committeeMsg.askReason(member.fullName, year);
  const text = status === "APPROVED" ? ask : `${committeeMsg.notApprovedWarning(member.fullName, year, status)}\n${ask}`;
  return reply(text, { step: "reason", data: { memberId: member.id, year } });
}

async function byName(ctx: MemberContext, name: string): Promise<Result> {
  const found = await lookupMember(ctx, name);
  if (found.kind === "one") return askReason(ctx, found.memberId);
  return lookupOutcome<"pick" | "name", Nominee>(found, {
    retry: { step: "name", data: {} },
    pick: (ids) => ({ step: "pick", data: { ids } }),
    pickText: committeeMsg.pickNominee(),
  });
}

const pick = (ctx: MemberContext, data: Readonly<Nominee>, input: Input): Promise<Result> =>
  pickMember(data, input, { picked: (id) => askReason(ctx, id), byName: (name) => byName(ctx, name), again: "pick" });

async function reason(ctx: MemberContext, data: Readonly<Nominee>, input: Input): Promise<Result> {
  const { memberId } = data;
  if (!memberId) return reply(committeeMsg.whoToNominate(), { step: "name", data: {} });
  const text = readText(input.text, MAX_COMMENT_LENGTH);
  if (!text.ok)
    return reply(text.reason === "too-long" ? committeeMsg.textTooLong(MAX_COMMENT_LENGTH) : committeeMsg.reasonRequired(), { step: "reason", data });
  const { memberId: actorId, unitId } = actorOf(ctx);
  const year = data.year ?? yearOf(ctx);
  const result = await nominateExemplar(useCaseDeps(ctx), { memberId, unitId, actorId, year, reason: text.text });
  if (result.kind === "refused") return reply(committeeMsg.memberGone());
  if (result.kind === "exists") return reply(committeeMsg.alreadyExemplar(result.member.fullName, year, result.reason));
  return reply(committeeMsg.exemplarSaved(result.member.fullName, year));
}

export const exemplarFlow = defineFlow({
  name: "exemplar",
  access: "committee",
  version: 1,
  data: nomineeData,
  // Stopped at the reason: the member was chosen but nothing is recorded; one line says so.
  async stop(ctx, data) {
    if (!data.memberId) return null;
    const member = await cellMember(ctx.db, actorOf(ctx).unitId, data.memberId);
    return member ? committeeMsg.exemplarNotRecorded(member.fullName, data.year ?? yearOf(ctx)) : null;
  },
  start: (ctx, args) => (args.trim() ? byName(ctx, args) : Promise.resolve(reply(committeeMsg.whoToNominate(), { step: "name", data: {} }))),
  steps: {
    pick,
    name: (ctx, _data, input) => byName(ctx, input.text),
    reason,
  },
});
