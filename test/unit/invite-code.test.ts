import { describe, expect, it } from "vitest";
import { inviteCodeIn, isInviteCodeAlone, looksLikeInviteCode } from "../../src/domain/invite-code.ts";

describe("inviteCodeIn", () => {
  it("finds a code anywhere in a sentence, in any case, whole or in its two halves", () => {
    expect(inviteCodeIn("ma moi XUVVN-XAJHE")).toBe("XUVVNXAJHE");
    expect(inviteCodeIn("Mã mời: xuvvn-xajhe")).toBe("XUVVNXAJHE");
    expect(inviteCodeIn("ma cua toi la yyfkc-4n7vr")).toBe("YYFKC4N7VR");
    expect(inviteCodeIn("day la ma moi cua em XUVVN XAJHE nhe")).toBe("XUVVNXAJHE");
  });

  it("reads two lower-case words without a digit as a code only after a 'mã'", () => {
    expect(inviteCodeIn("ma moi la xuvvn xajhe")).toBe("XUVVNXAJHE");
    expect(inviteCodeIn("toi gui xuvvn xajhe")).toBeNull();
    expect(inviteCodeIn("xin chao, chua den han")).toBeNull();
    expect(looksLikeInviteCode("xin chao ban")).toBe(false);
  });
});

describe("looksLikeInviteCode", () => {
  it("takes one word of about a code's length after a 'mã' as an attempt (a letter missed), not ordinary words", () => {
    expect(looksLikeInviteCode("ma moi xuvvn-xajh")).toBe(true);
    expect(looksLikeInviteCode("ma cua toi la xuvvnxajhe1")).toBe(true);
    expect(looksLikeInviteCode("ma moi cua toi bi mat roi")).toBe(false);
    expect(looksLikeInviteCode("toi chua nhan duoc")).toBe(false);
  });
});

describe("isInviteCodeAlone", () => {
  it("is a code pasted after 'mã mời', never a member's name", () => {
    for (const code of ["XUVVN-XAJHE", "xuvvn-xajhe", "XUVVNXAJHE", "XUVVN-XAJH7", "ACDEF 34679", "XUVVN-XAJHE."])
      expect(isInviteCodeAlone(code), code).toBe(true);
    for (const name of ["Nguyễn Văn Hùng", "dang van loi", "Tuấn", "tuan nguyen", "TUAN NGUYEN", "Hà", "", "XUVVN XAJHE nhe"])
      expect(isInviteCodeAlone(name), name).toBe(false);
  });
});
