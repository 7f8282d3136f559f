// The member's own view of an item the coach flagged and the member kept: before the chi ủy has
// decided it promises the chi ủy's word; after a return or an approval it does not.
import { describe, expect, it } from "vitest";
import { registrationItemLines, type ItemView } from "../../src/messages/registration.ts";

const kept: ItemView = {
  position: 1,
  category: "STUDY",
  categories: ["STUDY"],
  text: "Tích cực học tập",
  measure: null,
  timeframe: null,
  shortcoming: null,
  vagueVerdict: "vague",
  vagueKept: true,
  vagueReasons: [{ code: "NO_MEASURE" }],
};

describe("a kept vague item's note", () => {
  it("promises the chi ủy's comment only while the registration waits for its decision", () => {
    for (const status of ["DRAFT", "SUBMITTED", undefined] as const)
      expect(registrationItemLines(kept, "member", status).join("\n")).toContain("(chi ủy sẽ góp ý)");
    for (const status of ["RETURNED", "APPROVED"] as const) {
      const text = registrationItemLines(kept, "member", status).join("\n");
      expect(text).toContain("(đồng chí giữ nguyên)");
      expect(text).not.toContain("chi ủy sẽ góp ý");
    }
    expect(registrationItemLines(kept, "committee", "SUBMITTED").join("\n")).toContain("(đảng viên giữ nguyên)");
  });
});
