// Once every delivery of a broadcast is final (sent, failed or skipped), its author gets a short
// summary: delivered, failed, unreachable, and whose sending failed (those never sent to were
// named in the preview). Run by the planner; the
// summary's dedupe key makes it go once, however often the planner runs.
import { broadcastMisses, existingDedupeKeys, finishedBroadcasts } from "../db/reach.ts";
import { deliveryMsg } from "../messages/delivery.ts";
import { dedupeKeys } from "./notifier.ts";
import type { UseCaseDeps } from "./types.ts";

/** Broadcasts older than this get no summary (e.g. those sent before summaries existed). */
const WITHIN_MS = 2 * 86_400_000;

export async function sendBroadcastSummaries(deps: UseCaseDeps): Promise<number> {
  const { db, notifier, now } = deps;
  const finished = await finishedBroadcasts(db, now, WITHIN_MS);
  const done = await existingDedupeKeys(
    db,
    finished.map((b) => dedupeKeys.broadcastSummary(b.id)),
  );
  let sent = 0;
  for (const b of finished) {
    const dedupeKey = dedupeKeys.broadcastSummary(b.id);
    if (done.has(dedupeKey)) continue;
    const misses = await broadcastMisses(db, b.id);
    const text = deliveryMsg.broadcastSummary({
      createdAt: b.createdAt,
      zone: b.unit.timeZone,
      text: b.text,
      sent: b.sent,
      // Exempt members are counted on a line of their own, as in the preview and the reply: not twice.
      failed: b.failed - misses.exempt.failed,
      skipped: b.skipped - misses.exempt.skipped,
      failedNames: misses.failedNames,
      moreFailed: misses.moreFailed,
      exemptMissed: misses.exempt.skipped + misses.exempt.failed,
    });
    const report = await notifier.send([{ purpose: "broadcast-summary", dedupeKey, memberId: b.authorId, message: { kind: "text", text } }]);
    sent += report.created;
  }
  return sent;
}
