// Member imports: the cell's members as the import plan sees them, the staged dashboard import
// (preview → confirm → job), and applying a plan as ONE transaction, so a list is imported whole
// or not at all. Progress goes to the MemberImport row over another connection, outside the
// transaction, so the page can show it while the transaction runs.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "./client.ts";
import { Prisma, type MemberImportStatus } from "./client.ts";
import { requireKey } from "./guard.ts";
import { fold } from "../domain/text.ts";
import { MEMBER_ROLES, MEMBER_STATUSES } from "../domain/vocabulary.ts";
import {
  MEMBER_FIELDS,
  isBlocked,
  planImport,
  type ExistingMember,
  type ImportPlan,
  type ImportPreview,
  type ParsedRow,
} from "../domain/member-import-plan.ts";

type Tx = Prisma.TransactionClient;

// The JSON columns of MemberImport, checked on the way out: a row written before a change of these
// shapes (or edited by hand) must not reach the importer or the page as if it were well-formed.
const parsedRowSchema: z.ZodType<ParsedRow> = z.object({
  line: z.number().int(),
  member: z.object({
    fullName: z.string(),
    position: z.string().nullable(),
    role: z.enum(MEMBER_ROLES),
    phone: z.string().nullable(),
    status: z.enum(MEMBER_STATUSES),
  }),
});
const lineIssueSchema = z.object({ line: z.number().int(), error: z.string() });
const previewSchema: z.ZodType<ImportPreview> = z.object({
  unit: z.string(),
  fileName: z.string(),
  encoding: z.string(),
  total: z.number().int(),
  adds: z.array(parsedRowSchema),
  updates: z.array(
    z.object({
      line: z.number().int(),
      id: z.string(),
      fullName: z.string(),
      changes: z.array(z.object({ field: z.enum(MEMBER_FIELDS), before: z.string().nullable(), after: z.string().nullable() })),
    }),
  ),
  unchanged: z.number().int(),
  namesakes: z.array(lineIssueSchema),
  errors: z.array(lineIssueSchema),
  masked: z.array(z.number().int()),
  blocked: z.boolean(),
  hash: z.string(),
});
const summarySchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), roleChanges: z.number().int() });

/** The value, or null when the column does not hold what it should. */
const decode = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

export async function cellMembersForImport(db: Db | Tx, unitId: string): Promise<ExistingMember[]> {
  return db.member.findMany({
    where: { unitId },
    select: { id: true, fullName: true, position: true, role: true, status: true, phone: true },
    orderBy: { createdAt: "asc" },
  });
}

export type ImportSummary = z.infer<typeof summarySchema>;

export type ApplyResult =
  | { kind: "done"; summary: ImportSummary }
  | { kind: "already-done"; summary: ImportSummary | null }
  | { kind: "refused"; reason: "blocked" | "changed"; plan: ImportPlan };

export interface ApplyInput {
  unitId: string;
  rows: readonly ParsedRow[];
  actorId: string | null;
  via: "cli" | "dashboard";
  /** The preview's hash: refuse when the cell changed since the secretary saw it. */
  expectedHash?: string;
  /** The staged dashboard import this applies (marked DONE in the same transaction). */
  importId?: string;
  onProgress?: (processed: number, total: number) => Promise<void>;
}

const CHUNK = 1000;

/** Applies the rows to the unit in one transaction: all written, or nothing. */
export async function applyMemberImport(db: Db, input: ApplyInput): Promise<ApplyResult> {
  const total = input.rows.length;
  return db.$transaction(
    async (tx) => {
      // One import per cell at a time: the plan below must see the members it is about to change.
      await tx.$queryRaw`SELECT id FROM "Unit" WHERE id = ${input.unitId} FOR UPDATE`;
      // Read after the lock, so an attempt that committed meanwhile is seen. Not locked itself:
      // progress is written to this row from outside the transaction while it runs.
      if (input.importId) {
        const row = await tx.memberImport.findUnique({ where: { id: input.importId }, select: { status: true, result: true } });
        if (row?.status === "DONE") return { kind: "already-done", summary: decode(summarySchema, row.result) } as const;
      }
      const plan = planImport(input.rows, await cellMembersForImport(tx, input.unitId));
      if (isBlocked(plan)) return { kind: "refused", reason: "blocked", plan } as const;
      if (input.expectedHash && plan.hash !== input.expectedHash) return { kind: "refused", reason: "changed", plan } as const;

      let processed = plan.unchanged;
      const report = async () => {
        await input.onProgress?.(processed, total);
      };
      for (let i = 0; i < plan.adds.length; i += CHUNK) {
        const chunk = plan.adds.slice(i, i + CHUNK);
        // One INSERT … SELECT FROM unnest per chunk: Prisma's createMany spends ~2 s per 1,000 rows
        // building the statement. Ids are made here, as Prisma would (@default is client-side).
        await tx.$executeRaw`
          INSERT INTO "Member" (id, "unitId", "fullName", "searchName", position, phone, role, status, "createdAt", "updatedAt")
          SELECT v.id, ${input.unitId}::text, v.full_name, v.search_name, v.position, v.phone, v.role::"MemberRole", v.status::"MemberStatus", now(), now()
          FROM unnest(${chunk.map(() => randomUUID())}::text[], ${chunk.map((r) => r.member.fullName)}::text[], ${chunk.map((r) => fold(r.member.fullName))}::text[],
                      ${chunk.map((r) => r.member.position)}::text[], ${chunk.map((r) => r.member.phone)}::text[], ${chunk.map((r) => r.member.role)}::text[],
                      ${chunk.map((r) => r.member.status)}::text[])
            AS v(id, full_name, search_name, position, phone, role, status)`;
        processed += chunk.length;
        await report();
      }
      const byLine = new Map(input.rows.map((r) => [r.line, r.member]));
      for (let i = 0; i < plan.updates.length; i += CHUNK) {
        const chunk = plan.updates.slice(i, i + CHUNK);
        const values = chunk.map((u) => ({ id: u.id, m: byLine.get(u.line)! }));
        // One statement per chunk: 10,000 single-row UPDATEs would take most of a minute.
        await tx.$executeRaw`
          UPDATE "Member" AS m SET
            "fullName" = v.full_name, "searchName" = v.search_name, position = v.position, phone = v.phone,
            role = v.role::"MemberRole", status = v.status::"MemberStatus", "updatedAt" = now()
          FROM unnest(${values.map((v) => v.id)}::text[], ${values.map((v) => v.m.fullName)}::text[], ${values.map((v) => fold(v.m.fullName))}::text[],
                      ${values.map((v) => v.m.position)}::text[], ${values.map((v) => v.m.phone)}::text[], ${values.map((v) => v.m.role)}::text[],
                      ${values.map((v) => v.m.status)}::text[])
            AS v(id, full_name, search_name, position, phone, role, status)
          WHERE m.id = v.id AND m."unitId" = ${input.unitId}`;
        // Each change audited with its before and after (role changes under their own action).
        const audits = chunk.map((u) => {
          const role = u.changes.find((c) => c.field === "role");
          const detail = {
            via: `import-${input.via}`,
            importId: input.importId ?? null,
            line: u.line,
            ...(role ? { before: role.before, after: role.after } : {}),
            changes: u.changes,
          };
          return { id: randomUUID(), targetId: u.id, action: role ? "member.role.changed" : "member.updated", detail: JSON.stringify(detail) };
        });
        await tx.$executeRaw`
          INSERT INTO "AuditLog" (id, "actorId", "unitId", action, "targetType", "targetId", detail, "createdAt")
          SELECT v.id, ${input.actorId}::text, ${input.unitId}::text, v.action, 'Member', v.target_id, v.detail::jsonb, now()
          FROM unnest(${audits.map((x) => x.id)}::text[], ${audits.map((x) => x.action)}::text[], ${audits.map((x) => x.targetId)}::text[], ${audits.map((x) => x.detail)}::text[])
            AS v(id, action, target_id, detail)`;
        processed += chunk.length;
        await report();
      }
      const summary: ImportSummary = {
        created: plan.adds.length,
        updated: plan.updates.length,
        unchanged: plan.unchanged,
        roleChanges: plan.updates.filter((u) => u.changes.some((c) => c.field === "role")).length,
      };
      await tx.auditLog.create({
        data: {
          actorId: input.actorId,
          unitId: input.unitId,
          action: "members.imported",
          targetType: "Unit",
          targetId: input.unitId,
          detail: { via: input.via, importId: input.importId ?? null, ...summary },
        },
      });
      if (input.importId) {
        await tx.memberImport.update({
          where: { id: input.importId },
          data: { status: "DONE", processed: total, result: summary, finishedAt: new Date() },
        });
      }
      return { kind: "done", summary } as const;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}

// ---------------------------------------------------------------------------------------------
// Staged dashboard imports

export interface StagedImportInput {
  unitId: string;
  actorId: string;
  fileName: string;
  encoding: string;
  rows: readonly ParsedRow[];
  preview: unknown;
  planHash: string;
}

export async function createStagedImport(db: Db, input: StagedImportInput): Promise<string> {
  const row = await db.memberImport.create({
    data: {
      unitId: input.unitId,
      actorId: input.actorId,
      fileName: input.fileName,
      encoding: input.encoding,
      rows: input.rows as unknown as Prisma.InputJsonArray,
      preview: input.preview as Prisma.InputJsonObject,
      planHash: input.planHash,
      total: input.rows.length,
    },
  });
  return row.id;
}

export interface StagedImport {
  id: string;
  status: MemberImportStatus;
  total: number;
  processed: number;
  /** What a DONE import wrote; null otherwise, or when the stored summary does not decode. */
  result: ImportSummary | null;
  error: string | null;
  /** Only when asked (large for a long list); null when not asked or when it does not decode. */
  preview: ImportPreview | null;
}

/** The staged import without its rows; the preview only when asked. */
export async function findStagedImport(db: Db, unitId: string, id: string, options: { preview?: boolean } = {}): Promise<StagedImport | null> {
  const row = await db.memberImport.findFirst({
    where: { id, unitId },
    select: { id: true, status: true, total: true, processed: true, result: true, error: true, preview: options.preview ?? false },
  });
  if (!row) return null;
  return { ...row, result: decode(summarySchema, row.result), preview: options.preview ? decode(previewSchema, row.preview) : null };
}

/** Whether the stored preview blocks the import (read in the database, not by loading it). */
export async function stagedImportBlocked(db: Db, id: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ blocked: boolean | null }[]>`SELECT (preview->>'blocked')::boolean AS blocked FROM "MemberImport" WHERE id = ${id}`;
  return row?.blocked !== false;
}

/** PREVIEWED → QUEUED, once: a second click (or a second tab) gets "refused". */
export async function confirmStagedImport(db: Db, unitId: string, id: string, actorId: string): Promise<"done" | "refused"> {
  const { count } = await db.memberImport.updateMany({ where: { id, unitId, status: "PREVIEWED" }, data: { status: "QUEUED", actorId } });
  return count === 1 ? "done" : "refused";
}

/**
 * QUEUED (or RUNNING after a crashed attempt, whose transaction rolled back) → RUNNING. `rows` is
 * null when the stored rows do not decode: nothing of them may be written.
 */
export async function claimStagedImport(db: Db, id: string) {
  requireKey("claimStagedImport", "id", id);
  const { count } = await db.memberImport.updateMany({ where: { id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "RUNNING", processed: 0 } });
  const row = count === 1 ? await db.memberImport.findUnique({ where: { id } }) : null;
  return row ? { ...row, rows: decode(z.array(parsedRowSchema), row.rows) } : null;
}

export async function recordImportProgress(db: Db, id: string, processed: number): Promise<void> {
  requireKey("recordImportProgress", "id", id);
  await db.memberImport.updateMany({ where: { id, status: "RUNNING" }, data: { processed } });
}

export async function failStagedImport(db: Db, id: string, error: string, now: Date): Promise<void> {
  requireKey("failStagedImport", "id", id);
  await db.memberImport.updateMany({ where: { id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", error, finishedAt: now } });
}
