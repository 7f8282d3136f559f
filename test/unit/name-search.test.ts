// Finding members by name: whole words with or without diacritics; "trùng tên" only for equal names.
// And which texts from an unlinked person are attempts at an invite code.
import { describe, expect, it } from "vitest";
import { allSameName, nameMatches, pickByName } from "../../src/domain/name-search.ts";
import { inviteCodeIn, looksLikeInviteCode } from "../../src/domain/invite-code.ts";

describe("name search", () => {
  it("matches whole words only, with or without diacritics, in any order", () => {
    expect(nameMatches("Hà", "Võ Thị Thu Hà")).toBe(true);
    expect(nameMatches("ha", "Võ Thị Thu Hà")).toBe(true);
    expect(nameMatches("Hà", "Phạm Thị Hồng Nhung")).toBe(false);
    expect(nameMatches("ha", "Phạm Văn Hải")).toBe(false);
    expect(nameMatches("hung", "Nguyễn Văn Hùng")).toBe(true);
    expect(nameMatches("van loi dang", "Đặng Văn Lợi")).toBe(true);
    expect(nameMatches("lo", "Đặng Văn Lợi")).toBe(false);
    expect(nameMatches("", "Đặng Văn Lợi")).toBe(false);
    expect(nameMatches("  ", "Đặng Văn Lợi")).toBe(false);
  });

  it("keeps only the exact name when it was typed in full", () => {
    const rows = ["Nguyễn Văn Hùng", "Nguyễn Văn Hùng Anh", "Trần Hùng"];
    expect(pickByName(rows, "nguyen van hung", (r) => r)).toEqual(["Nguyễn Văn Hùng"]);
    expect(pickByName(rows, "hùng", (r) => r)).toEqual(rows);
  });

  it("says namesakes only for equal names", () => {
    expect(allSameName(["Đặng Văn Lợi", "Đặng  Văn Lợi"])).toBe(true);
    expect(allSameName(["Võ Thị Thu Hà", "Phạm Thị Hồng Nhung"])).toBe(false);
    expect(allSameName(["Hà", "Hạ"])).toBe(false);
    expect(allSameName(["Đặng Văn Lợi"])).toBe(false);
  });
});

describe("invite code attempts", () => {
  it("treats every code-shaped text as an attempt, whatever its shape", () => {
    for (const s of [
      "ACDEF34679",
      "acdef-34679",
      "ACDEF346",
      "ACDEFGHJKB",
      "acdefghjkb",
      "ACDE F346 79X",
      "mã: ACDEF34679",
      "Ma moi ACDEF-34679",
      "BBBBBBBB",
    ]) {
      expect(looksLikeInviteCode(s), s).toBe(true);
    }
  });

  it("does not count ordinary words", () => {
    for (const s of ["xin chào", "xin chao ban", "xinchao", "cam on nhieu", "tôi muốn đăng ký", "hello", "ok"]) expect(looksLikeInviteCode(s), s).toBe(false);
  });

  it("reads the code after a label", () => {
    expect(inviteCodeIn("mã: acdef-34679")).toBe("ACDEF34679");
    expect(inviteCodeIn("Mã mời ACDEF 34679")).toBe("ACDEF34679");
    // A code that starts with "MA" is a code, not a label.
    expect(inviteCodeIn("MACDEF3467")).toBe("MACDEF3467");
  });

  it("finds the code inside a sentence, and a wrong one there is still an attempt", () => {
    expect(inviteCodeIn("ma cua toi la HKE6K ARGPG")).toBe("HKE6KARGPG");
    expect(inviteCodeIn("Mã của tôi là hke6k-argpg.")).toBe("HKE6KARGPG");
    expect(inviteCodeIn("gui ban ACDEFGHJKM nhe")).toBe("ACDEFGHJKM");
    expect(looksLikeInviteCode("ma cua toi la HKE6K ARGPB")).toBe(true);
    expect(inviteCodeIn("ma cua toi la HKE6K ARGPB")).toBeNull();
    // Ordinary words and a phone number in a sentence are neither a code nor an attempt.
    for (const s of ["toi chua den han nop", "so dien thoai 0912345678", "tôi muốn đăng ký năm 2027"]) {
      expect(inviteCodeIn(s), s).toBeNull();
      expect(looksLikeInviteCode(s), s).toBe(false);
    }
  });
});
