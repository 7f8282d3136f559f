// Text at the edges, through the real web server and the real CLI on PostgreSQL: NUL, control,
// bidi-override and zero-width characters never reach the database, and personal numbers typed
// in disguise (spaced, dashed, full-width, split by zero-width characters) are masked in meeting
// places, reasons and comments whichever way they come in.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfOf, DEMO_CELLS, login, START, startDashboard, type Browser, type DashHarness } from "./dashboard-harness.ts";

let h: DashHarness;
let hung: Browser;

beforeAll(async () => {
  h = await startDashboard();
  h.clock.now = new Date(START);
  hung = await login(h, "hung");
});

afterAll(async () => {
  await h?.close();
});

const HOSTILE = "Hội\u0000 trường\u202E tầng 2\u200B, CCCD ０７９ 123-456\u200B789\u0007";
const invisible = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/u;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: h.t.url, REDIS_URL: h.config.REDIS_URL, QUEUE_PREFIX: h.config.QUEUE_PREFIX },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("dashboard forms", () => {
  it("a meeting place with NUL, bidi override, zero-width characters and a disguised CCCD is stored clean and masked", async () => {
    const page = await hung.get(`/dashboard/cells/${h.officeId}/meetings`);
    expect(page.status).toBe(200);
    const res = await hung.post(`/dashboard/cells/${h.officeId}/meetings`, { _csrf: csrfOf(page.body), date: "15/12/2026", time: "14:00", place: HOSTILE });
    expect(res.status).toBe(303);
    expect(res.location).toContain("ok=meeting-added");
    const meeting = await h.t.db.meeting.findFirstOrThrow({ where: { unitId: h.officeId, startsAt: new Date("2026-12-15T07:00:00Z") } });
    expect(meeting.place).toBe("Hội trường tầng 2, CCCD [đã ẩn]");
    const audit = await h.t.db.auditLog.findFirstOrThrow({ where: { action: { contains: "meeting" } }, orderBy: { createdAt: "desc" } });
    expect(JSON.stringify(audit.detail)).not.toMatch(/079|\\u0000/);
  });

  it("the regular meeting rule's place is stored clean and masked, and so are the meetings planned from it", async () => {
    const url = `/dashboard/cells/${h.officeId}/meetings`;
    const page = await hung.get(url);
    expect(page.status).toBe(200);
    const res = await hung.post(`${url}/rule`, { _csrf: csrfOf(page.body), kind: "DAY_OF_MONTH", dayOfMonth: "7", time: "15:00", place: HOSTILE });
    expect(res.location).toContain("ok=rule-saved");
    const rule = await h.t.db.meetingRule.findFirstOrThrow({ where: { unitId: h.officeId, active: true } });
    expect(rule.place).toBe("Hội trường tầng 2, CCCD [đã ẩn]");
    const planned = await h.t.db.meeting.findMany({ where: { unitId: h.officeId, ruleId: rule.id } });
    expect(planned.length).toBeGreaterThan(0);
    for (const m of planned) expect(m.place).toBe("Hội trường tầng 2, CCCD [đã ẩn]");
  });

  it("a return comment with NUL and a spaced CCCD does not fail, and is stored without either", async () => {
    const url = `/dashboard/cells/${h.officeId}/registrations`;
    const page = await hung.get(url);
    expect(page.status).toBe(200);
    const res = await hung.post(`${url}/${h.regs.loi}/return`, { _csrf: csrfOf(page.body), comment: "Ghi rõ\u0000 thời hạn.\u202E CCCD 079 123 456 789" });
    expect(res.status).toBe(303);
    const reg = await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.loi } });
    expect(reg.status).toBe("RETURNED");
    const stored = JSON.stringify(await h.t.db.review.findMany({ where: { registrationId: h.regs.loi } })) + JSON.stringify(reg);
    expect(stored).not.toMatch(/079 123|\\u0000|\u202E/);
    expect(stored).toContain("[đã ẩn]");
  });
});

describe("CLI", () => {
  it("meetings add --place and cancel --reason store clean, masked text", () => {
    // A command line cannot carry NUL; everything else can.
    const add = cli(["meetings", "add", "--unit", DEMO_CELLS[0], "--at", "20/12/2026 08:00", "--place", HOSTILE.replace("\u0000", ""), "--json"]);
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    const [{ id }] = JSON.parse(add.stdout) as [{ id: string }];
    const cancel = cli(["meetings", "cancel", "--unit", DEMO_CELLS[0], "--id", id, "--reason", "Trùng lịch\u200B; thẻ đảng 01.234567\u0007"]);
    expect(`${cancel.code} ${cancel.stderr}`).toBe("0 ");
    return h.t.db.meeting.findUniqueOrThrow({ where: { id } }).then((m) => {
      expect(m.place).toBe("Hội trường tầng 2, CCCD [đã ẩn]");
      expect(m.note).toBe("Trùng lịch; thẻ đảng [đã ẩn]");
      expect(`${m.place}${m.note}`).not.toMatch(invisible);
    });
  }, 120_000);
});
