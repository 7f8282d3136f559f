// Registrations (đăng ký học tập và làm theo Bác), their items, the cell's collective items, and the
// member's notebook (sổ tự tu dưỡng). Every member-side query is keyed by the member's own id, so a
// flow can never touch another member's registration whatever ids it holds; every mutation
// re-checks the status in the database (the chi ủy may approve while the member is typing).
import { hotSql, Prisma, type Assessment, type AssessmentItem, type CommitmentItem, type Db, type Registration, type Review } from "./client.ts";
import { jsonRow } from "./json-rows.ts";
import { audit } from "./audit.ts";
import type { CommitmentCategory } from "../domain/commitment-templates.ts";
import type { VaguenessReason } from "../domain/vagueness.ts";
import {
  MAX_COLLECTIVE_ITEMS,
  MAX_ITEMS,
  canDeleteDraft,
  checkSubmission,
  isEditable,
  statusAfterEdit,
  type SubmitProblem,
} from "../domain/registration-rules.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface VagueResult {
  verdict: string;
  score: number;
  reasons: VaguenessReason[];
}

export interface ItemInput {
  category: CommitmentCategory;
  categories: CommitmentCategory[];
  text: string;
  measure: string | null;
  timeframe: string | null;
  shortcoming: string | null;
  vague: VagueResult | null;
  /** The member kept the item although the coach found it vague. */
  kept: boolean;
}

export type Refusal = { ok: false; reason: "NOT_EDITABLE" | "FULL" | "NOT_FOUND" };
/** `reopened`: the change took a SUBMITTED registration back to DRAFT. */
export type Mutation<T = object> = ({ ok: true; reopened: boolean } & T) | Refusal;

const itemData = (input: ItemInput) => ({
  category: input.category,
  categories: input.categories,
  text: input.text,
  measure: input.measure,
  timeframe: input.timeframe,
  shortcoming: input.shortcoming,
  vagueVerdict: input.vague?.verdict ?? null,
  vagueScore: input.vague?.score ?? null,
  vagueReasons: (input.vague && input.vague.reasons.length > 0 ? input.vague.reasons : undefined) as never,
  vagueKept: input.vague?.verdict === "vague" && input.kept,
});

// ---------------------------------------------------------------------------------------------
// Reading

/** The year's theme nearest to the unit: its own, then its ancestors', then the global one. */
export async function findTheme(db: Db, unitId: string, year: number): Promise<{ title: string; summary: string | null } | null> {
  const chain: string[] = [];
  let current: string | null = unitId;
  while (current && chain.length < 12 && !chain.includes(current)) {
    chain.push(current);
    const unit: { parentId: string | null } | null = await db.unit.findUnique({ where: { id: current }, select: { parentId: true } });
    current = unit?.parentId ?? null;
  }
  const themes = await db.theme.findMany({ where: { year, OR: [{ unitId: { in: chain } }, { unitId: null }] } });
  const rank = (t: { unitId: string | null }) => (t.unitId === null ? chain.length : chain.indexOf(t.unitId));
  const best = [...themes].sort((a, b) => rank(a) - rank(b))[0];
  return best ? { title: best.title, summary: best.summary } : null;
}

export async function loadRegistration(db: Db, memberId: string, year: number) {
  return db.registration.findUnique({
    where: { memberId_year: { memberId, year } },
    include: {
      items: { orderBy: { position: "asc" } },
      reviews: { orderBy: { createdAt: "desc" }, include: { author: { select: { fullName: true } } } },
    },
  });
}

export type LoadedRegistration = NonNullable<Awaited<ReturnType<typeof loadRegistration>>>;
export type LoadedItem = LoadedRegistration["items"][number];

/** What the vagueness coach compares an item with: the cell's other items this year, the member's last year. */
export async function vaguenessContext(
  db: Db,
  input: { memberId: string; unitId: string; year: number },
): Promise<{ cellTexts: string[]; ownLastYearTexts: string[] }> {
  const [cell, own] = await Promise.all([
    db.commitmentItem.findMany({
      where: { registration: { year: input.year, memberId: { not: input.memberId }, member: { unitId: input.unitId } } },
      select: { text: true },
    }),
    db.commitmentItem.findMany({ where: { registration: { year: input.year - 1, memberId: input.memberId } }, select: { text: true } }),
  ]);
  return { cellTexts: cell.map((i) => i.text), ownLastYearTexts: own.map((i) => i.text) };
}

/** The shortcomings the member named at last year's self-assessment, if any. */
export async function lastYearShortcomings(db: Db, memberId: string, year: number): Promise<string | null> {
  const row = await db.assessment.findFirst({
    where: { memberId, year: year - 1, kind: "YEARLY", shortcomingsNextYear: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { shortcomingsNextYear: true },
  });
  const text = row?.shortcomingsNextYear?.trim();
  return text ? text : null;
}

// ---------------------------------------------------------------------------------------------
// Member's items

async function editableRegistration(tx: Tx, memberId: string, year: number, create: boolean) {
  const existing = await tx.registration.findUnique({ where: { memberId_year: { memberId, year } } });
  if (existing || !create) return existing;
  return tx.registration.create({ data: { memberId, year } });
}

/** A SUBMITTED registration goes back to DRAFT when changed; reports whether it did. */
async function reopen(tx: Tx, reg: { id: string; status: Parameters<typeof statusAfterEdit>[0] }): Promise<boolean> {
  const next = statusAfterEdit(reg.status);
  if (next === reg.status) return false;
  await tx.registration.update({ where: { id: reg.id }, data: { status: next, submittedAt: null } });
  return true;
}

/** Adds an item at the end, creating the DRAFT registration if there is none. */
export async function addItem(db: Db, input: { memberId: string; year: number; item: ItemInput }): Promise<Mutation<{ itemId: string; position: number }>> {
  return db.$transaction(async (tx) => {
    const reg = await editableRegistration(tx, input.memberId, input.year, true);
    if (!reg || !isEditable(reg.status)) return { ok: false, reason: "NOT_EDITABLE" } as const;
    const items = await tx.commitmentItem.findMany({ where: { registrationId: reg.id }, select: { position: true } });
    if (items.length >= MAX_ITEMS) return { ok: false, reason: "FULL" } as const;
    const position = Math.max(0, ...items.map((i) => i.position)) + 1;
    const created = await tx.commitmentItem.create({ data: { registrationId: reg.id, position, ...itemData(input.item) } });
    const reopened = await reopen(tx, reg);
    return { ok: true, reopened, itemId: created.id, position } as const;
  });
}

/** Adds several items at once (read from one message), all or none. */
export async function addItems(db: Db, input: { memberId: string; year: number; items: readonly ItemInput[] }): Promise<Mutation<{ positions: number[] }>> {
  return db.$transaction(async (tx) => {
    const reg = await editableRegistration(tx, input.memberId, input.year, true);
    if (!reg || !isEditable(reg.status)) return { ok: false, reason: "NOT_EDITABLE" } as const;
    const taken = await tx.commitmentItem.findMany({ where: { registrationId: reg.id }, select: { position: true } });
    if (taken.length + input.items.length > MAX_ITEMS) return { ok: false, reason: "FULL" } as const;
    const first = Math.max(0, ...taken.map((i) => i.position)) + 1;
    const positions = input.items.map((_, i) => first + i);
    for (const [i, item] of input.items.entries()) {
      await tx.commitmentItem.create({ data: { registrationId: reg.id, position: first + i, ...itemData(item) } });
    }
    const reopened = await reopen(tx, reg);
    return { ok: true, reopened, positions } as const;
  });
}

/** Replaces an item of the member's registration of the year. */
export async function updateItem(db: Db, input: { memberId: string; year: number; itemId: string; item: ItemInput }): Promise<Mutation> {
  return db.$transaction(async (tx) => {
    const reg = await editableRegistration(tx, input.memberId, input.year, false);
    if (!reg) return { ok: false, reason: "NOT_FOUND" } as const;
    if (!isEditable(reg.status)) return { ok: false, reason: "NOT_EDITABLE" } as const;
    const updated = await tx.commitmentItem.updateMany({ where: { id: input.itemId, registrationId: reg.id }, data: itemData(input.item) });
    if (updated.count !== 1) return { ok: false, reason: "NOT_FOUND" } as const;
    return { ok: true, reopened: await reopen(tx, reg) } as const;
  });
}

/** Deletes an item and closes the gap in the numbering. */
export async function deleteItem(db: Db, input: { memberId: string; year: number; itemId: string }): Promise<Mutation> {
  return db.$transaction(async (tx) => {
    const reg = await editableRegistration(tx, input.memberId, input.year, false);
    if (!reg) return { ok: false, reason: "NOT_FOUND" } as const;
    if (!isEditable(reg.status)) return { ok: false, reason: "NOT_EDITABLE" } as const;
    const deleted = await tx.commitmentItem.deleteMany({ where: { id: input.itemId, registrationId: reg.id } });
    if (deleted.count !== 1) return { ok: false, reason: "NOT_FOUND" } as const;
    const rest = await tx.commitmentItem.findMany({ where: { registrationId: reg.id }, orderBy: { position: "asc" }, select: { id: true, position: true } });
    // Ascending, so each new position is already free.
    for (const [i, item] of rest.entries()) {
      if (item.position !== i + 1) await tx.commitmentItem.update({ where: { id: item.id }, data: { position: i + 1 } });
    }
    return { ok: true, reopened: await reopen(tx, reg) } as const;
  });
}

/**
 * DRAFT | RETURNED → SUBMITTED when the items are complete and the pledge accepted. `acceptPledge`:
 * the same answer accepts the pledge; it is recorded only with the status change, so a send refused
 * for missing contents leaves the member's agreement as it was (a refused action changes nothing).
 */
export async function submitRegistration(
  db: Db,
  input: { memberId: string; year: number; now: Date; acceptPledge: boolean },
): Promise<{ ok: true; registrationId: string; afterReturn: boolean; lastReviewId: string | null } | { ok: false; problems: SubmitProblem[] }> {
  return db.$transaction(async (tx) => {
    const reg = await tx.registration.findUnique({ where: { memberId_year: { memberId: input.memberId, year: input.year } }, include: { items: true } });
    if (!reg) return { ok: false, problems: [{ code: "NO_ITEMS" }] } as const;
    const problems = checkSubmission({ ...reg, pledgeAccepted: reg.pledgeAccepted || input.acceptPledge });
    if (problems.length > 0) return { ok: false, problems } as const;
    const updated = await tx.registration.updateMany({
      where: { id: reg.id, status: reg.status },
      data: { status: "SUBMITTED", submittedAt: input.now, decidedAt: null, decidedById: null, ...(input.acceptPledge ? { pledgeAccepted: true } : {}) },
    });
    if (updated.count !== 1) return { ok: false, problems: [{ code: "NOT_SUBMITTABLE", status: reg.status }] } as const;
    const lastReview = await tx.review.findFirst({ where: { registrationId: reg.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    return { ok: true, registrationId: reg.id, afterReturn: reg.status === "RETURNED", lastReviewId: lastReview?.id ?? null } as const;
  });
}

/** The member with their cell, and the cell's secretary and deputies who have not left: whom a submission is told to. */
export async function submitterAndSecretaries(db: Db, memberId: string) {
  const member = await db.member.findUniqueOrThrow({
    where: { id: memberId },
    select: { id: true, fullName: true, unitId: true, unit: { select: { timeZone: true } } },
  });
  const leaders = await db.member.findMany({
    where: { unitId: member.unitId, role: { in: ["SECRETARY", "DEPUTY_SECRETARY", "COMMITTEE"] }, status: { not: "LEFT" } },
    select: { id: true, role: true },
    orderBy: { id: "asc" },
  });
  return { member, secretaries: leaders.filter((l) => l.role !== "COMMITTEE"), committee: leaders.filter((l) => l.role === "COMMITTEE") };
}

/** SUBMITTED → DRAFT (the member takes it back before the chi ủy decides). */
export async function withdrawRegistration(db: Db, memberId: string, year: number): Promise<boolean> {
  const updated = await db.registration.updateMany({ where: { memberId, year, status: "SUBMITTED" }, data: { status: "DRAFT", submittedAt: null } });
  return updated.count === 1;
}

/**
 * Deletes a DRAFT with its items. A draft that carries comments from an earlier return keeps its
 * row (the comments stay in the notebook) and only loses its items and pledge.
 */
export async function deleteDraft(db: Db, memberId: string, year: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const reg = await tx.registration.findUnique({ where: { memberId_year: { memberId, year } }, include: { _count: { select: { reviews: true } } } });
    if (!reg || !canDeleteDraft(reg.status)) return false;
    if (reg._count.reviews > 0) {
      await tx.commitmentItem.deleteMany({ where: { registrationId: reg.id } });
      await tx.registration.update({ where: { id: reg.id }, data: { pledgeAccepted: false } });
    } else {
      await tx.registration.delete({ where: { id: reg.id } });
    }
    return true;
  });
}

/** Marks the registration as entered by the secretary (kept from the first entry on). */
export async function markEnteredBy(db: Db, input: { memberId: string; year: number; enteredById: string }): Promise<void> {
  await db.registration.updateMany({ where: { memberId: input.memberId, year: input.year, enteredById: null }, data: { enteredById: input.enteredById } });
}

// ---------------------------------------------------------------------------------------------
// Notebook (sổ tự tu dưỡng)

/** `decisionComment`: the chi ủy's comment given with its decision (approved or returned), if any. */
export type NotebookRegistration = Registration & { items: CommitmentItem[]; decisionComment: string | null };
export type NotebookAssessment = Assessment & { items: Array<AssessmentItem & { item: { position: number } }> };
export type NotebookReview = Review & { author: { fullName: string }; assessment: { period: string } | null };

export interface Notebook {
  registration: NotebookRegistration | null;
  /** Submitted only, newest first. */
  assessments: NotebookAssessment[];
  /** On the registration (but its decision's comment, which is in `registration`) or on the year's assessments, newest first. */
  reviews: NotebookReview[];
  /** Next year's registration, when asked for and there is one. */
  next: NotebookRegistration | null;
}

const registrationRow = jsonRow<Registration>()("submittedAt", "decidedAt", "createdAt", "updatedAt");
const itemRow = jsonRow<CommitmentItem>()("createdAt", "updatedAt");
const assessmentRow = jsonRow<Assessment>()("submittedAt", "createdAt", "updatedAt");
const reviewRow = jsonRow<Review>()("createdAt");

type JsonRow = Record<string, unknown>;
type JsonRegistration = JsonRow & { items: JsonRow[]; decisionComment: string | null };
/** The statement's one row: each part as JSON, the nested rows already in their callers' shape but for dates. */
interface NotebookColumns {
  registration: JsonRegistration | null;
  next: JsonRegistration | null;
  assessments: Array<JsonRow & Pick<NotebookAssessment, "items">>;
  reviews: Array<JsonRow & Pick<NotebookReview, "author" | "assessment">>;
}

function notebookRegistration(row: JsonRegistration | null): NotebookRegistration | null {
  return row ? { ...registrationRow(row), items: row.items.map(itemRow), decisionComment: row.decisionComment } : null;
}

/**
 * The review written with a decision on registration `r` (/duyet writes both in one transaction,
 * at one moment, by one author): the comment that goes with "chi ủy đã duyệt", not a later one.
 */
function isDecisionComment(review: Prisma.Sql, r: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${review}."registrationId" = ${r}."id" AND ${r}."status" IN ('APPROVED', 'RETURNED')
    AND ${review}."authorId" = ${r}."decidedById" AND ${review}."createdAt" = ${r}."decidedAt"`;
}

/**
 * A registration of the member's with its items by position and the chi ủy's comment on its
 * decision, as one JSON value (null when none). Member, year and `asked` as SQL (parameters, or a
 * batch's columns).
 */
function registrationJson(memberId: Prisma.Sql, year: Prisma.Sql, asked: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    SELECT to_jsonb(nb_r.*) || jsonb_build_object('items', COALESCE((
      SELECT jsonb_agg(to_jsonb(nb_ri.*) ORDER BY nb_ri."position") FROM "CommitmentItem" nb_ri WHERE nb_ri."registrationId" = nb_r."id"
    ), '[]'::jsonb), 'decisionComment', (
      SELECT nb_rc."text" FROM "Review" nb_rc WHERE ${isDecisionComment(Prisma.raw("nb_rc"), Prisma.raw("nb_r"))}
      ORDER BY nb_rc."id" LIMIT 1
    ))
    FROM "Registration" nb_r WHERE ${asked} AND nb_r."memberId" = ${memberId} AND nb_r."year" = ${year})`;
}

/** What one notebook shows: whose, which year, how many periods and comments, and next year's registration or not. */
export interface NotebookRequest {
  memberId: string;
  year: number;
  limit: number;
  withNextYear: boolean;
}

/** A request as a key (reads made ahead are found by it). */
export const notebookKey = (r: NotebookRequest) => `${r.memberId}:${r.year}:${r.limit}:${r.withNextYear ? 1 : 0}`;

/**
 * The member's notebook of a year (/camket): the registration with its items, the last submitted
 * assessments with their items' progress, the chi ủy's last comments with their author and
 * period, and, with `withNextYear`, next year's registration with its items.
 */
export async function loadNotebook(db: Db, memberId: string, year: number, limit = 6, options: { withNextYear?: boolean } = {}): Promise<Notebook> {
  const [book] = await loadNotebooks(db, [{ memberId, year, limit, withNextYear: options.withNextYear === true }]);
  return book!;
}

/**
 * Notebooks, one per request in their order, in one statement: read through Prisma's includes one
 * took up to twelve, each a round trip and Prisma's CPU; and the inbox reads ahead the notebooks
 * of all the /camket of a batch of conversations at once (a command many members send together).
 * Rows are read whole (`alias.*`, aliases no caller uses: a bare `to_jsonb(x)` resolves to a
 * column named x of an enclosing query first).
 */
export async function loadNotebooks(db: Db, requests: readonly NotebookRequest[]): Promise<Notebook[]> {
  if (requests.length === 0) return [];
  const member = Prisma.sql`nb_k."memberId"`;
  const year = Prisma.sql`nb_k."year"`;
  const limit = Prisma.sql`nb_k."limit"`;
  const rows = await hotSql<NotebookColumns & { ord: number }>(
    db,
    Prisma.sql`
    SELECT nb_k."ord"::int AS "ord", nb.*
    FROM unnest(${requests.map((r) => r.memberId)}::text[], ${requests.map((r) => r.year)}::int[], ${requests.map((r) => r.limit)}::int[],
                ${requests.map((r) => r.withNextYear)}::boolean[])
      WITH ORDINALITY AS nb_k("memberId", "year", "limit", "withNextYear", "ord")
    CROSS JOIN LATERAL (
      WITH nb_assessments AS (
        SELECT nb_a.*, row_number() OVER (ORDER BY nb_a."submittedAt" DESC, nb_a."createdAt" DESC) AS nb_order
        FROM "Assessment" nb_a
        WHERE nb_a."memberId" = ${member} AND nb_a."year" = ${year} AND nb_a."submittedAt" IS NOT NULL
      ), nb_reviewed AS (
        -- On the registration or on any of the year's assessments (submitted or not), as Prisma's OR
        -- read them; the decision's comment is shown with the registration, not a second time here.
        SELECT nb_v1."id" FROM "Review" nb_v1 JOIN "Registration" nb_vr ON nb_vr."id" = nb_v1."registrationId"
        WHERE nb_vr."memberId" = ${member} AND nb_vr."year" = ${year}
          AND (${isDecisionComment(Prisma.raw("nb_v1"), Prisma.raw("nb_vr"))}) IS NOT TRUE
        UNION
        SELECT nb_v2."id" FROM "Review" nb_v2 JOIN "Assessment" nb_va ON nb_va."id" = nb_v2."assessmentId"
        WHERE nb_va."memberId" = ${member} AND nb_va."year" = ${year}
      ), nb_reviews AS (
        SELECT nb_v.*, row_number() OVER (ORDER BY nb_v."createdAt" DESC) AS nb_order
        FROM "Review" nb_v JOIN nb_reviewed ON nb_reviewed."id" = nb_v."id"
      )
      SELECT
        ${registrationJson(member, year, Prisma.sql`true`)} AS "registration",
        ${registrationJson(member, Prisma.sql`${year} + 1`, Prisma.sql`nb_k."withNextYear"`)} AS "next",
        COALESCE((
          SELECT jsonb_agg(
            (to_jsonb(nb_as.*) - 'nb_order') || jsonb_build_object('items', COALESCE((
              SELECT jsonb_agg(to_jsonb(nb_ai.*) || jsonb_build_object('item', jsonb_build_object('position', nb_aci."position")) ORDER BY nb_aci."position")
              FROM "AssessmentItem" nb_ai JOIN "CommitmentItem" nb_aci ON nb_aci."id" = nb_ai."itemId"
              WHERE nb_ai."assessmentId" = nb_as."id"
            ), '[]'::jsonb))
            ORDER BY nb_as.nb_order)
          FROM nb_assessments nb_as WHERE nb_as.nb_order <= ${limit}
        ), '[]'::jsonb) AS "assessments",
        COALESCE((
          SELECT jsonb_agg(
            (to_jsonb(nb_rv.*) - 'nb_order') || jsonb_build_object(
              'author', jsonb_build_object('fullName', nb_m."fullName"),
              'assessment', CASE WHEN nb_rv."assessmentId" IS NULL THEN NULL ELSE jsonb_build_object('period', nb_ra."period") END)
            ORDER BY nb_rv.nb_order)
          FROM nb_reviews nb_rv
          JOIN "Member" nb_m ON nb_m."id" = nb_rv."authorId"
          LEFT JOIN "Assessment" nb_ra ON nb_ra."id" = nb_rv."assessmentId"
          WHERE nb_rv.nb_order <= ${limit}
        ), '[]'::jsonb) AS "reviews"
    ) nb`,
  );
  const books: Notebook[] = new Array<Notebook>(requests.length);
  for (const row of rows)
    books[row.ord - 1] = {
      registration: notebookRegistration(row.registration),
      next: notebookRegistration(row.next),
      assessments: row.assessments.map((a) => ({ ...assessmentRow(a), items: a.items })),
      reviews: row.reviews.map((r) => ({ ...reviewRow(r), author: r.author, assessment: r.assessment })),
    };
  return books;
}

// ---------------------------------------------------------------------------------------------
// Collective items (the cell's 1–2 items), registered by the secretary

export interface CollectiveInput {
  text: string;
  measure: string | null;
  timeframe: string | null;
  vague: VagueResult | null;
  kept: boolean;
}

export async function listCollective(db: Db, unitId: string, year: number) {
  return db.collectiveCommitment.findMany({ where: { unitId, year }, orderBy: { position: "asc" } });
}

export type CollectiveItem = Awaited<ReturnType<typeof listCollective>>[number];

const collectiveData = (input: CollectiveInput) => ({
  text: input.text,
  measure: input.measure,
  timeframe: input.timeframe,
  vagueVerdict: input.vague?.verdict ?? null,
  vagueScore: input.vague?.score ?? null,
  vagueReasons: (input.vague && input.vague.reasons.length > 0 ? input.vague.reasons : undefined) as never,
  vagueKept: input.vague?.verdict === "vague" && input.kept,
});

/**
 * Creates (no itemId) or replaces a collective item of the unit, registered as SUBMITTED, with its
 * audit row. Refuses a third item and items of another unit.
 */
export async function saveCollective(
  db: Db,
  input: { unitId: string; year: number; actorId: string; itemId?: string; item: CollectiveInput },
): Promise<{ ok: true; position: number } | Refusal> {
  return db.$transaction(async (tx) => {
    const detail = { year: input.year, vague: input.item.vague?.verdict === "vague", kept: input.item.kept };
    if (input.itemId) {
      const existing = await tx.collectiveCommitment.findFirst({ where: { id: input.itemId, unitId: input.unitId, year: input.year } });
      if (!existing) return { ok: false, reason: "NOT_FOUND" } as const;
      await tx.collectiveCommitment.update({ where: { id: existing.id }, data: { ...collectiveData(input.item), status: "SUBMITTED" } });
      await audit(tx, {
        actorId: input.actorId,
        unitId: input.unitId,
        action: "collective.updated",
        targetType: "CollectiveCommitment",
        targetId: existing.id,
        detail: { ...detail, position: existing.position },
      });
      return { ok: true, position: existing.position } as const;
    }
    const taken = (await tx.collectiveCommitment.findMany({ where: { unitId: input.unitId, year: input.year }, select: { position: true } })).map(
      (r) => r.position,
    );
    if (taken.length >= MAX_COLLECTIVE_ITEMS) return { ok: false, reason: "FULL" } as const;
    let position = 1;
    while (taken.includes(position)) position += 1;
    const created = await tx.collectiveCommitment.create({
      data: { unitId: input.unitId, year: input.year, position, createdById: input.actorId, status: "SUBMITTED", ...collectiveData(input.item) },
    });
    await audit(tx, {
      actorId: input.actorId,
      unitId: input.unitId,
      action: "collective.created",
      targetType: "CollectiveCommitment",
      targetId: created.id,
      detail: { ...detail, position },
    });
    return { ok: true, position } as const;
  });
}

export async function deleteCollective(db: Db, input: { unitId: string; year: number; actorId: string; itemId: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const existing = await tx.collectiveCommitment.findFirst({ where: { id: input.itemId, unitId: input.unitId, year: input.year } });
    if (!existing) return false;
    await tx.collectiveCommitment.delete({ where: { id: existing.id } });
    // Keep the numbering 1..n.
    const rest = await tx.collectiveCommitment.findMany({ where: { unitId: input.unitId, year: input.year }, orderBy: { position: "asc" } });
    for (const [i, item] of rest.entries()) {
      if (item.position !== i + 1) await tx.collectiveCommitment.update({ where: { id: item.id }, data: { position: i + 1 } });
    }
    await audit(tx, {
      actorId: input.actorId,
      unitId: input.unitId,
      action: "collective.deleted",
      targetType: "CollectiveCommitment",
      targetId: existing.id,
      detail: { year: input.year, position: existing.position, text: existing.text },
    });
    return true;
  });
}

/** Last year's collective texts of the unit, for the vagueness coach. */
export async function lastYearCollectiveTexts(db: Db, unitId: string, year: number): Promise<string[]> {
  return (await db.collectiveCommitment.findMany({ where: { unitId, year: year - 1 }, select: { text: true } })).map((r) => r.text);
}
