// What the README says about the demo data and /danhgia, checked against the bot: the demo starts
// with no registrations (what to type first), and in December /danhgia is the year-end
// self-assessment, on the demo as it is after `npm start` or with the chat alone (the meeting rule's
// year-end meeting planned by /danhgia itself, as /lich does, before the scheduler's first run).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { ROOT } from "../support/processes.ts";

describe("the README's demo", () => {
  const README = readFileSync(`${ROOT}/README.md`, "utf8").replace(/\s+/g, " ");
  let h: Harness;
  // 3 December 2026: the demo's rule puts the year-end meeting on Saturday 5 December.
  beforeAll(async () => void (h = await createHarness({ now: new Date("2026-12-03T02:00:00Z") })));
  afterAll(() => h?.close());

  it("has no registrations, assessments or comments yet; 'dang ky' comes first and registers next year from November", async () => {
    expect(README).toContain("no registrations yet, so there is nothing to approve, assess or comment on until a member registers");
    expect(README).toContain("The demo has no registrations yet: type `dang ky` first");
    expect(await h.t.db.registration.count()).toBe(0);
    expect(await h.t.db.assessment.count()).toBe(0);
    expect(await h.t.db.review.count()).toBe(0);
    const loi = await h.link("Đặng Văn Lợi", "loi");
    // The year-end meeting reviews 2026: a member without its registration is told to make it first.
    expect((await h.say(loi, "/danhgia"))[0]).toContain("chưa có bản đăng ký học tập và làm theo Bác năm 2026. Đồng chí gõ /dangky 2026");
    expect(README).toContain(
      "From November `dang ky` registers next year; `/dangky <this year>` (for example `/dangky 2026`) registers the year `/danhgia` assesses.",
    );
    const first = await h.say(loi, "dang ky");
    expect(first[0]).toContain("năm 2027");
    expect(first[0]).toContain("/dangky 2026");
    await h.say(loi, "/huy");
  });

  it("in December, /danhgia is the year-end self-assessment, with no meeting planned before", async () => {
    expect(README).toContain("in December, until the year-end meeting, the **year-end self-assessment**");
    // As on a fresh demo with the chat alone: the rule's meetings not planned yet.
    await h.t.db.meeting.deleteMany({});
    const loi = await h.memberId("Đặng Văn Lợi");
    await h.t.db.registration.create({
      data: {
        memberId: loi,
        year: 2026,
        status: "APPROVED",
        pledgeAccepted: true,
        submittedAt: new Date("2026-02-10T02:00:00Z"),
        items: { create: [{ position: 1, category: "STUDY", text: "Đọc 12 bài viết của Bác, mỗi tháng 1 bài", vagueVerdict: "concrete", vagueReasons: [] }] },
      },
    });
    const opened = await h.say("loi", "/danhgia");
    expect(opened.join("\n")).toContain("Tự đánh giá năm 2026");
    expect(opened.join("\n")).not.toContain("tháng 12/2026");
    await h.say("loi", "/huy");
  });
});
