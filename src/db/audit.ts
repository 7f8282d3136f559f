// Audit log: every chi ủy action writes one row.
import type { Db } from "./client.ts";

export async function audit(
  db: Pick<Db, "auditLog">,
  entry: { actorId: string | null; unitId: string | null; action: string; targetType?: string; targetId?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      unitId: entry.unitId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: (entry.detail ?? undefined) as never,
    },
  });
}
