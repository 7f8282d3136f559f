// The import plan (pure): matching by phone, then by name among members without a phone; each
// change before → after; namesakes flagged, never merged; a stable hash for the confirmation.
import { describe, expect, it } from "vitest";
import { planImport, type ExistingMember, type RowOutcome } from "../../src/domain/member-import-plan.ts";
import type { MemberInput } from "../../src/domain/member-row.ts";

const member = (fullName: string, phone: string | null, more: Partial<MemberInput> = {}): MemberInput => ({
  fullName,
  position: null,
  role: "MEMBER",
  status: "ACTIVE",
  phone,
  ...more,
});
const existing = (id: string, fullName: string, phone: string | null, more: Partial<ExistingMember> = {}): ExistingMember => ({
  id,
  ...member(fullName, phone),
  ...more,
});
const row = (line: number, m: MemberInput): RowOutcome => ({ line, member: m });

describe("planImport", () => {
  it("matches by phone and lists each changed field before → after", () => {
    const plan = planImport(
      [row(2, member("Lê Văn Tám", "0912000001", { role: "COMMITTEE", position: "Tổ trưởng" }))],
      [existing("a", "Lê Văn Tám", "0912000001")],
    );
    expect(plan.updates).toEqual([
      {
        line: 2,
        id: "a",
        fullName: "Lê Văn Tám",
        changes: [
          { field: "position", before: null, after: "Tổ trưởng" },
          { field: "role", before: "MEMBER", after: "COMMITTEE" },
        ],
      },
    ]);
    expect(plan.adds).toEqual([]);
  });

  it("adds the phone to the one phoneless member of that name", () => {
    const plan = planImport([row(2, member("Lê Văn Tám", "0912000001"))], [existing("a", "Le Van Tam", null, { fullName: "Lê Văn Tám" })]);
    expect(plan.updates[0]?.changes).toEqual([{ field: "phone", before: null, after: "0912000001" }]);
  });

  it("flags namesakes it cannot tell apart instead of merging them", () => {
    const two = [existing("a", "Lê Văn Tám", null), existing("b", "Lê Văn Tám", "0912000002")];
    expect(planImport([row(2, member("Lê Văn Tám", null))], two).namesakes.map((n) => n.line)).toEqual([2]);
    expect(planImport([row(2, member("Lê Văn Tám", "0912000003"))], two).namesakes.map((n) => n.line)).toEqual([2]);
    const inFile = planImport([row(2, member("Lê Văn Tám", null)), row(5, member("Lê Văn Tám", null))], []);
    expect(inFile.namesakes.map((n) => [n.line, n.error])).toEqual([
      [2, expect.stringContaining("dòng 5")],
      [5, expect.stringContaining("dòng 2")],
    ]);
    // Different phones tell two people of the same name apart.
    expect(planImport([row(2, member("Lê Văn Tám", "0912000004")), row(3, member("Lê Văn Tám", "0912000005"))], []).adds).toHaveLength(2);
  });

  it("refuses two rows that point at the same member", () => {
    const plan = planImport([row(2, member("Lê Văn Tám", "0912000001")), row(3, member("Lê Văn Tám", null))], [existing("a", "Lê Văn Tám", "0912000001")]);
    expect(plan.namesakes.map((n) => n.line)).toEqual([3]);
  });

  it("gives the same hash for the same plan whatever the key order of the rows", () => {
    const a = planImport([row(2, member("Lê Văn Tám", "0912000001"))], []);
    const reordered = { member: { status: "ACTIVE", phone: "0912000001", role: "MEMBER", position: null, fullName: "Lê Văn Tám" }, line: 2 } as RowOutcome;
    expect(planImport([reordered], []).hash).toBe(a.hash);
    expect(planImport([row(2, member("Lê Văn Tám", "0912000009"))], []).hash).not.toBe(a.hash);
  });
});
