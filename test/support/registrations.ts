// A registration waiting for the chi ủy (SUBMITTED), written straight to the database for chi ủy tests.
import type { TestDb } from "./test-db.ts";

/** A SUBMITTED registration of 2026 with one concrete item per text; its id. */
export async function submittedRegistration(db: TestDb["db"], memberId: string, texts: readonly string[]): Promise<string> {
  const items = texts.map((text, i) => ({
    position: i + 1,
    category: "STUDY" as const,
    text,
    measure: "4 bài",
    timeframe: "mỗi quý",
    vagueVerdict: "concrete",
    vagueReasons: [],
  }));
  const created = await db.registration.create({
    data: { memberId, year: 2026, status: "SUBMITTED", pledgeAccepted: true, submittedAt: new Date("2026-11-15T02:00:00Z"), items: { create: items } },
  });
  return created.id;
}
