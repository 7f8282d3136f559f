// Answers typed instead of tapped (Zalo, the terminal chat, or a member who types): the number, the
// label's words, a plain yes for the one option that is a yes and undoes nothing, or a word found
// whole in one label only.
import { describe, expect, it } from "vitest";
import { matchChoice, stableChoices } from "../../src/conversations/choices.ts";
import { renderNumberedChoices } from "../../src/channels/numbered-choices.ts";
import { regMsg } from "../../src/messages/registration.ts";
import { calendarMsg } from "../../src/messages/calendar.ts";
import { APPROVE_CHOICES, BROADCAST_CHOICES } from "../../src/messages/committee.ts";

// The registration's final menu, as register-member builds it.
const review = [
  { value: "submit", label: regMsg.menu.confirm },
  { value: "add", label: regMsg.menu.add },
  { value: "edit", label: regMsg.menu.edit },
  { value: "later", label: regMsg.menu.later },
];
const match = (text: string, choices = review) => matchChoice(choices, { text })?.value;

describe("matching a typed answer to the offered choices", () => {
  it("takes the number, the whole label and the start of one label, as before", () => {
    const answers: [string, string][] = [
      ["1", "submit"],
      ["4.", "later"],
      ["đúng", "submit"],
      ["them", "add"],
    ];
    for (const [typed, value] of answers) expect(match(typed), typed).toBe(value);
  });

  it("takes a plain yes for the one option that is a yes", () => {
    for (const yes of ["ok", "OK", "Ok ạ", "Đồng ý", "vâng", "Vâng ạ", "dạ", "ừ", "có", "đúng rồi", "dung roi", "Đúng rồi ạ"])
      expect(match(yes), yes).toBe("submit");
    // No option is a yes (years, progress): nothing is guessed.
    const years = [
      { value: "2027", label: "Năm 2027" },
      { value: "2026", label: "Năm 2026" },
    ];
    expect(match("ok", years)).toBeUndefined();
    const progress = [
      { value: "DONE", label: "Đã hoàn thành" },
      { value: "ON_TRACK", label: "Đúng tiến độ" },
      { value: "BEHIND", label: "Chậm tiến độ" },
    ];
    expect(match("ok", progress)).toBeUndefined();
    // Two options that are a yes: ambiguous.
    const two = [
      { value: "a", label: "Có, gửi ngay" },
      { value: "b", label: "Có, để tối" },
    ];
    expect(match("ok", two)).toBeUndefined();
  });

  it("never takes a plain yes for an option that undoes or sends to everyone", () => {
    // /huylich: "Đồng ý hủy" / "Giữ lịch"; "đồng ý" is in the label, but it is a yes, not the label's words.
    const cancelMeeting = [
      { value: "yes", label: calendarMsg.cancelYes() },
      { value: "no", label: calendarMsg.cancelNo() },
    ];
    for (const yes of ["ok", "đồng ý", "dong y", "vâng", "có"]) expect(match(yes, cancelMeeting), yes).toBeUndefined();
    const deleteItem = [
      { value: "del", label: "Có, xóa việc này" },
      { value: "keep", label: "Không, giữ lại" },
    ];
    expect(match("ok", deleteItem)).toBeUndefined();
    // "Dừng" folds to "dung" like "Đúng": a yes never stops the chi ủy's review. "ok" there is
    // Duyệt, the word that option is offered with (what the chi ủy members meant in the trial).
    expect(match("ok", APPROVE_CHOICES)).toBe("approve");
    expect(match("dung roi", APPROVE_CHOICES)).toBeUndefined();
    // At the notice's preview, "ok", "gửi đi", "ok gửi đi" are the words Gửi is offered with.
    for (const send of ["ok", "gửi", "gửi đi", "ok gửi đi"]) expect(match(send, BROADCAST_CHOICES), send).toBe("send");
    expect(match("khong gui", BROADCAST_CHOICES)).toBeUndefined();
    // Typed in full, the option's own number or words still pick it.
    expect(match("1", cancelMeeting)).toBe("yes");
    expect(match("dong y huy", cancelMeeting)).toBe("yes");
  });

  it("takes a word found whole in the label of the one yes, and in no other label", () => {
    for (const gui of ["gui", "gửi", "Gửi đi"]) expect(match(gui), gui).toBe("submit");
    // Words of other labels pick nothing (a word inside a label reversed answers: "không" found in
    // "Tắt nhắc không bắt buộc" turned the reminders off); nor a negation, part of a word, or words
    // in no label.
    for (const none of ["sau", "xoa", "viec", "mot viec", "ui", "gui thu", "khong gui", "chua gui"]) expect(match(none), none).toBeUndefined();
    const remindersOff = [
      { value: "off", label: calendarMsg.remindersOffYes() },
      { value: "keep", label: calendarMsg.remindersKeep() },
    ];
    for (const no of ["không", "không ạ", "khong nhe", "nhắc", "bắt buộc"]) expect(match(no, remindersOff), no).toBeUndefined();
    const sent = [
      { value: "withdraw", label: regMsg.menu.withdraw },
      { value: "view", label: "Xem lại" },
    ];
    for (const word of ["lại", "nháp"]) expect(match(word, sent), word).toBeUndefined();
  });
});

describe("a menu that keeps its numbers (stableChoices)", () => {
  const menu = (withAdd: boolean) =>
    stableChoices([withAdd ? { value: "add", label: "Thêm một việc" } : null, { value: "edit", label: "Sửa một việc" }, { value: "done", label: "Xong" }]);

  it("numbers in a row carry no number of their own", () => {
    expect(menu(true)).toEqual([
      { value: "add", label: "Thêm một việc" },
      { value: "edit", label: "Sửa một việc" },
      { value: "done", label: "Xong" },
    ]);
  });

  it("an option left out keeps the others' numbers: shown, named in the hint, and typed", () => {
    const without = menu(false);
    expect(renderNumberedChoices("Đồng chí muốn làm gì tiếp?", without)).toBe(
      "Đồng chí muốn làm gì tiếp?\n2. Sửa một việc\n3. Xong\nĐồng chí trả lời bằng số (2 hoặc 3).",
    );
    expect(match("3", without)).toBe("done");
    expect(match("2", without)).toBe("edit");
    expect(match("1", without)).toBeUndefined();
  });

  it("a gap inside the list: the number no option has is the line a member counts to ('3' on 1, 2, 4)", () => {
    const gap = stableChoices([{ value: "send", label: "Gửi chi ủy" }, { value: "edit", label: "Sửa" }, null, { value: "later", label: "Để sau" }]);
    expect(match("3", gap)).toBe("later");
    expect(match("4", gap)).toBe("later");
    expect(match("5", gap)).toBeUndefined();
  });
});
