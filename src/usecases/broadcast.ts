// The secretary (or deputy) sends a notice to every member of the cell who has not LEFT: one
// Delivery per member through the Notifier, the audit row, and the honest count. Chat (/thongbao)
// and the dashboard both call this.
import { audit } from "../db/audit.ts";
import { MAX_BROADCAST_LENGTH, committeeMsg } from "../messages/committee.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import type { MemberReach } from "../db/reach.ts";
import type { Notifier, SendReport } from "./notifier.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type BroadcastResult = { kind: "done"; broadcastId: string; report: SendReport } | Refused<"empty" | "too-long">;

export async function broadcast(
  deps: UseCaseDeps,
  input: { unitId: string; authorId: string; text: string; via: "chat" | "dashboard" },
): Promise<BroadcastResult> {
  const text = input.text.trim();
  if (!text) return refused("empty", usecaseMsg.broadcastEmpty());
  if (text.length > MAX_BROADCAST_LENGTH) return refused("too-long", committeeMsg.textTooLong(MAX_BROADCAST_LENGTH));
  const { broadcastId, report } = await deps.notifier.broadcast({ unitId: input.unitId, authorId: input.authorId, text, now: deps.now });
  await audit(deps.db, {
    actorId: input.authorId,
    unitId: input.unitId,
    action: "broadcast.sent",
    targetType: "Broadcast",
    targetId: broadcastId,
    detail: { via: input.via, recipients: report.reachable.length + report.unreachable.length, reachable: report.reachable.length, length: text.length },
  });
  return { kind: "done", broadcastId, report };
}

export interface BroadcastPreview {
  recipients: number;
  reachable: number;
  /** Not reachable, exempt members left out (they are not counted as missing). */
  notLinked: number;
  exemptNotLinked: number;
  unreachable: MemberReach[];
}

/** Who a broadcast to the unit would reach, before anything is sent. */
export async function previewBroadcast(notifier: Notifier, unitId: string): Promise<BroadcastPreview> {
  const audience = await notifier.unitReach(unitId);
  const unreachable = audience.filter((m) => m.unreachable);
  return {
    recipients: audience.length,
    reachable: audience.length - unreachable.length,
    notLinked: unreachable.filter((m) => m.status !== "EXEMPT").length,
    exemptNotLinked: unreachable.filter((m) => m.status === "EXEMPT").length,
    unreachable,
  };
}
