// Answers typed instead of tapped (Zalo, the terminal chat, or a member who types): the number, the
// label's words, a plain yes for the one option that says yes, or a word found in one label only.
import { describe, expect, it } from "vitest";
import { matchChoice } from "../../src/conversations/choices.ts";

const review = [
  { value: "submit", label: "Đúng, gửi chi ủy" },
  { value: "edit", label: "Sửa" },
  { value: "later", label: "Để sau" },
];
const match = (text: string, choices = review) => matchChoice(choices, { text })?.value;

describe("matching a typed answer to the offered choices", () => {
  it("takes the number, the whole label and the start of one label, as before", () => {
    expect(match("1")).toBe("submit");
    expect(match("sua")).toBe("edit");
    expect(match("đúng")).toBe("submit");
  });

  it("takes a plain yes for the one option that says yes", () => {
    for (const yes of ["ok", "OK", "Đồng ý", "vâng", "ừ", "có"]) expect(match(yes)).toBe("submit");
    // No option says yes: nothing is guessed.
    expect(
      match("ok", [
        { value: "a", label: "Năm 2027" },
        { value: "b", label: "Năm 2026" },
      ]),
    ).toBeUndefined();
  });

  it("takes a word found whole in one label only", () => {
    expect(match("gui")).toBe("submit");
    expect(match("gửi")).toBe("submit");
    expect(match("sau")).toBe("later");
    // In two labels, or only part of a word: not a choice.
    expect(
      match("nam", [
        { value: "a", label: "Năm 2027" },
        { value: "b", label: "Năm 2026" },
      ]),
    ).toBeUndefined();
    expect(match("ui")).toBeUndefined();
    expect(match("gui thu")).toBeUndefined();
  });
});
