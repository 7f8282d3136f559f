// The chi ủy nominates a member of its cell as the year's exemplar (điển hình), once per member
// and year. Chat (/dienhinh) calls this.
import { nominateExemplar as nominate } from "../db/exemplars.ts";
import { cellMember } from "../db/reach.ts";
import { MAX_COMMENT_LENGTH, committeeMsg } from "../messages/committee.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type NominateResult =
  | { kind: "done"; exemplarId: string; member: { id: string; fullName: string }; year: number }
  | { kind: "exists"; member: { id: string; fullName: string }; year: number; reason: string }
  | Refused<"reason-required" | "too-long" | "member-gone">;

export async function nominateExemplar(
  deps: UseCaseDeps,
  input: { unitId: string; actorId: string; memberId: string; year: number; reason: string },
): Promise<NominateResult> {
  const reason = input.reason.trim();
  if (!reason) return refused("reason-required", usecaseMsg.reasonRequired());
  if (reason.length > MAX_COMMENT_LENGTH) return refused("too-long", committeeMsg.textTooLong(MAX_COMMENT_LENGTH));
  const member = await cellMember(deps.db, input.unitId, input.memberId);
  if (!member) return refused("member-gone", usecaseMsg.memberGone());
  const result = await nominate(deps.db, { memberId: member.id, unitId: input.unitId, actorId: input.actorId, year: input.year, reason, now: deps.now });
  const who = { id: member.id, fullName: member.fullName };
  if (result.status === "not-in-unit") return refused("member-gone", usecaseMsg.memberGone());
  if (result.status === "exists") return { kind: "exists", member: who, year: input.year, reason: result.reason };
  return { kind: "done", exemplarId: result.exemplarId, member: who, year: input.year };
}
