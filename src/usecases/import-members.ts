// The secretary imports a member list into a cell: the whole list in one transaction, or nothing.
// Two entry points, one decision:
//  - the CLI (`import-members`) previews and applies at once (importMembersNow);
//  - the dashboard stores the preview (stageMemberImport), the secretary confirms it
//    (confirmMemberImport, which queues it), and a worker applies it (applyStagedImport).
// A list that changed between preview and apply is refused ("changed"), as is a file with a bad row.
import { ensureUnit } from "../db/units.ts";
import {
  applyMemberImport,
  claimStagedImport,
  confirmStagedImport,
  createStagedImport,
  failStagedImport,
  findStagedImport,
  recordImportProgress,
  stagedImportBlocked,
  type ImportSummary,
} from "../db/member-imports.ts";
import { importMembers, prepareImport, type ImportFile, type ImportPreview, type ImportUnit } from "../import/import-members.ts";
import { importMsg } from "../messages/import.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

type Deps = Pick<UseCaseDeps, "db" | "now">;

export type ImportNowResult = ({ kind: "done"; unit: string } & ImportSummary) | (Refused<"blocked" | "changed"> & { preview: ImportPreview });

/**
 * Preview and apply in one go (the CLI). `unit` is an existing cell, or `{ create: name }` when the
 * secretary asked for a new one on purpose (a typo must not create a cell).
 */
export async function importMembersNow(
  deps: Deps,
  input: { unit: ImportUnit | { create: string }; file: ImportFile; actorId: string | null; via: "cli" },
): Promise<ImportNowResult> {
  const unit = "create" in input.unit ? await ensureUnit(deps.db, { name: input.unit.create, kind: "CELL" }) : input.unit;
  const outcome = await importMembers(deps.db, { id: unit.id, name: unit.name }, input.file, { actorId: input.actorId, via: input.via });
  if (!outcome.imported) {
    const reason = outcome.reason === "changed" ? importMsg.changedWhileImporting() : importMsg.badRows();
    return { ...refused(outcome.reason, reason), preview: outcome.preview };
  }
  const { imported: _imported, ...summary } = outcome;
  return { kind: "done", ...summary };
}

/** The dashboard's upload: the preview is stored (nothing imported yet) for the secretary to confirm. */
export async function stageMemberImport(
  deps: Deps,
  input: { unit: ImportUnit; actorId: string; file: ImportFile },
): Promise<{ kind: "done"; importId: string; preview: ImportPreview }> {
  const { preview, rows } = await prepareImport(deps.db, input.unit, input.file);
  const importId = await createStagedImport(deps.db, {
    unitId: input.unit.id,
    actorId: input.actorId,
    fileName: input.file.fileName,
    encoding: input.file.encoding,
    rows,
    preview,
    planHash: preview.hash,
  });
  return { kind: "done", importId, preview };
}

export type ConfirmImportResult = { kind: "done" } | Refused<"not-found" | "blocked" | "already-confirmed">;

/**
 * The secretary confirms a stored preview: it is queued once for the worker (`enqueue`). A double
 * click or a second tab finds it already confirmed; a blocked preview cannot be confirmed.
 */
export async function confirmMemberImport(
  deps: Deps & { enqueue: (importId: string) => Promise<void> },
  input: { unitId: string; importId: string; actorId: string },
): Promise<ConfirmImportResult> {
  const staged = await findStagedImport(deps.db, input.unitId, input.importId);
  if (!staged) return refused("not-found", importMsg.notFound());
  if (await stagedImportBlocked(deps.db, staged.id)) return refused("blocked", importMsg.badRows());
  if ((await confirmStagedImport(deps.db, input.unitId, staged.id, input.actorId)) !== "done")
    return refused("already-confirmed", importMsg.alreadyConfirmed());
  await deps.enqueue(staged.id);
  return { kind: "done" };
}

export type ApplyStagedResult = { kind: "done" | "already-done" | "not-pending" } | Refused<"blocked" | "changed" | "unreadable">;

/**
 * The worker applies a confirmed import (the MemberImport row drives it). A failure on the last
 * attempt leaves the row FAILED with a text the page shows; earlier attempts are retried.
 */
export async function applyStagedImport(
  deps: Deps,
  input: { importId: string; lastAttempt: boolean; progress?: (done: number, total: number) => Promise<void> },
): Promise<ApplyStagedResult> {
  const { db } = deps;
  const staged = await claimStagedImport(db, input.importId);
  if (!staged) return { kind: "not-pending" };
  if (!staged.rows) {
    const text = importMsg.unreadable();
    await failStagedImport(db, input.importId, text, deps.now);
    return refused("unreadable", text);
  }
  const rows = staged.rows;
  try {
    const result = await applyMemberImport(db, {
      unitId: staged.unitId,
      rows,
      actorId: staged.actorId,
      via: "dashboard",
      expectedHash: staged.planHash,
      importId: input.importId,
      onProgress: async (done, total) => {
        await recordImportProgress(db, input.importId, done);
        await input.progress?.(done, total);
      },
    });
    if (result.kind === "refused") {
      const text = result.reason === "changed" ? importMsg.changedSincePreview() : importMsg.badRowsShort();
      await failStagedImport(db, input.importId, text, deps.now);
      return refused(result.reason, text);
    }
    return { kind: result.kind };
  } catch (error) {
    if (input.lastAttempt) await failStagedImport(db, input.importId, importMsg.writeFailed(), deps.now);
    throw error;
  }
}
