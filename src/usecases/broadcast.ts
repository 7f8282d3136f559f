// The secretary (or deputy) sends a notice to every member of the cell who has not LEFT, except
// themselves: one Delivery per member through the Notifier, the audit row, and the honest count.
// Chat (/thongbao) and the dashboard both call this, and both show previewBroadcast first: the
// preview and the send read the audience the same way (broadcastAudience), and the send checks the
// preview's stamp, so what the secretary confirmed is what is sent.
import { createHash } from "node:crypto";
import { audit } from "../db/audit.ts";
import { cellMember } from "../db/reach.ts";
import { MAX_BROADCAST_LENGTH, committeeMsg } from "../messages/committee.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import type { MemberReach, UnreachableReason } from "../db/reach.ts";
import type { Notifier, SendReport, UnreachableRecipient } from "./notifier.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export interface BroadcastPreview {
  /** Members who would receive the notice (the sender is not one of them). */
  recipients: number;
  reachable: number;
  /** Not reachable, exempt members left out (they are not counted as missing). */
  notLinked: number;
  exemptNotLinked: number;
  /** Those counted in notLinked, by name, with why. */
  missing: { fullName: string; reason: UnreachableReason }[];
  /** Which members the preview counted; the send refuses when the cell has changed since. */
  stamp: string;
}

export type BroadcastResult =
  | {
      kind: "done";
      broadcastId: string;
      report: SendReport;
      /** As in the preview: those not reached who count as missing (exempt members left out), and how many exempt ones. */
      missing: UnreachableRecipient[];
      exemptNotLinked: number;
    }
  | Refused<"empty" | "too-long">
  /** The cell changed since the preview (or nobody can be reached): nothing was sent; `preview` is the audience now. */
  | (Refused<"audience-changed" | "nobody-reachable"> & { preview: BroadcastPreview });

/** A short fingerprint of the recipients' ids (kept in a conversation or a form, not the ids themselves). */
function stampOf(audience: MemberReach[]): string {
  const hash = createHash("sha256");
  for (const m of audience) hash.update(`${m.memberId}\n`);
  return hash.digest("base64url").slice(0, 22);
}

function previewOf(audience: MemberReach[]): BroadcastPreview {
  const unreachable = audience.filter((m) => m.unreachable);
  const missing = unreachable.flatMap((m) => (m.unreachable && m.status !== "EXEMPT" ? [{ fullName: m.fullName, reason: m.unreachable }] : []));
  return {
    recipients: audience.length,
    reachable: audience.length - unreachable.length,
    notLinked: missing.length,
    exemptNotLinked: unreachable.length - missing.length,
    missing,
    stamp: stampOf(audience),
  };
}

/** Who a broadcast by `senderId` to the unit would reach, before anything is sent. */
export async function previewBroadcast(notifier: Notifier, unitId: string, senderId: string): Promise<BroadcastPreview> {
  return previewOf(await notifier.audience(unitId, senderId));
}

export async function broadcast(
  deps: UseCaseDeps,
  input: { unitId: string; authorId: string; text: string; via: "chat" | "dashboard"; /** The preview's stamp. */ expected?: string },
): Promise<BroadcastResult> {
  const text = input.text.trim();
  if (!text) return refused("empty", usecaseMsg.broadcastEmpty());
  if (text.length > MAX_BROADCAST_LENGTH) return refused("too-long", committeeMsg.textTooLong(MAX_BROADCAST_LENGTH));
  const audience = await deps.notifier.audience(input.unitId, input.authorId);
  const preview = previewOf(audience);
  if (input.expected !== undefined && input.expected !== preview.stamp) {
    return { ...refused("audience-changed", usecaseMsg.broadcastAudienceChanged()), preview };
  }
  // Nothing would leave: no Broadcast row (so no summary claiming deliveries later); the sender is told now.
  if (preview.reachable === 0) return { ...refused("nobody-reachable", usecaseMsg.broadcastNobodyReachable()), preview };
  // Members see who sent it: a notice from the bot alone reads like the bot's own.
  const author = await cellMember(deps.db, input.unitId, input.authorId, "with-unit");
  const shown = author ? committeeMsg.broadcastToMembers({ unitName: author.unit.name, author: author.fullName, text }) : text;
  const { broadcastId, report } = await deps.notifier.broadcast({ unitId: input.unitId, authorId: input.authorId, audience, text, shown, now: deps.now });
  await audit(deps.db, {
    actorId: input.authorId,
    unitId: input.unitId,
    action: "broadcast.sent",
    targetType: "Broadcast",
    targetId: broadcastId,
    detail: { via: input.via, recipients: report.reachable.length + report.unreachable.length, reachable: report.reachable.length, length: text.length },
  });
  const exempt = new Set(audience.flatMap((m) => (m.status === "EXEMPT" ? [m.memberId] : [])));
  const missing = report.unreachable.filter((u) => !exempt.has(u.memberId));
  return { kind: "done", broadcastId, report, missing, exemptNotLinked: report.unreachable.length - missing.length };
}
