// Parity of the entry points: every decision offered by more than one of chat, dashboard and CLI
// is run through each of them on the same target, from the same starting state, and the database
// effects and the messages to members (Delivery rows, and whether they were queued) must be the
// same. One database, the real engine, the real web server and the real delivery queues.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDashboard, login, csrfOf, DEMO_CELLS, NAMES, type Browser, type DashHarness } from "./dashboard-harness.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { run as meetingsCli } from "../../src/cli/commands/meetings.ts";
import { run as inviteCli } from "../../src/cli/commands/invite.ts";
import { run as importCli } from "../../src/cli/commands/import-members.ts";
import { latestAssessment } from "../../src/db/reviews.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Entry = "chat" | "dashboard" | "cli";

let d: DashHarness;
let chat: Harness;
let hung: Browser;
let chatHung: string;
const nameOf = new Map<string, string>();
const office = (rest: string) => `/dashboard/cells/${d.officeId}${rest}`;

function cli(): { ctx: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    ctx: {
      config: d.config,
      db: async () => d.t.db,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      now: () => d.clock.now,
      stdin: process.stdin,
      stdout: process.stdout,
    },
  };
}

/** Back to the same start before each run: no messages, no audit rows, no broadcasts. */
async function wipe(): Promise<void> {
  await d.t.db.delivery.deleteMany({ where: { purpose: { not: "login-code" } } });
  await d.t.db.broadcast.deleteMany({});
  await d.t.db.auditLog.deleteMany({});
}

const normalizeKey = (key: string) => key.replace(/c[a-z0-9]{24}/g, "<id>");

/** The messages written since wipe(), in a form that does not depend on generated ids. */
async function deliveries(opts: { queued: boolean; actor?: boolean }) {
  // Without an actor (the CLI's view), the signed-in secretary's own notice is left out: the sender
  // is never told of their own decision, and the CLI has no sender to leave out.
  const rows = await d.t.db.delivery.findMany({
    where: { purpose: { not: "login-code" }, ...(opts.actor === false ? { OR: [{ memberId: null }, { memberId: { not: d.ids.hung } }] } : {}) },
  });
  const out = [];
  for (const r of rows) {
    const job = r.platform === "TELEGRAM" || r.platform === "ZALO" ? await d.jobs.deliveryQueues[r.platform].getJob(r.id) : undefined;
    out.push({
      purpose: r.purpose,
      to: r.memberId ? nameOf.get(r.memberId) : `group:${r.chatId}`,
      status: r.status,
      platform: r.platform,
      notBefore: r.notBefore?.toISOString() ?? null,
      key: normalizeKey(r.dedupeKey),
      text: (r.payload as { text?: string }).text,
      ...(opts.queued ? { queued: Boolean(job) } : {}),
    });
  }
  return out.sort((a, b) => `${a.purpose}${a.to}`.localeCompare(`${b.purpose}${b.to}`));
}

async function audits(opts: { actor: boolean }) {
  const rows = await d.t.db.auditLog.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map((r) => {
    const { via: _via, ...detail } = (r.detail ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(detail)) if (typeof detail[k] === "string") detail[k] = normalizeKey(detail[k]);
    // An import started on the dashboard is a staged MemberImport row; the CLI applies at once.
    delete detail.importId;
    // The CLI has no signed-in person: its audit rows carry no actor and say they came from the CLI.
    return {
      action: r.action.replace(/\.cli$/, ""),
      unit: r.unitId,
      target: r.targetType,
      ...(opts.actor ? { actor: r.actorId ? nameOf.get(r.actorId) : null } : {}),
      detail,
    };
  });
}

interface Case {
  name: string;
  entries: Partial<Record<Entry, () => Promise<void>>>;
  /** Puts the target back where every run starts. */
  reset(): Promise<void>;
  /** The decision's own rows (registration, reviews, meetings, broadcasts, invites). */
  rows(): Promise<unknown>;
}

const SUBMITTED_AT = new Date("2026-11-15T02:00:00Z");
const target = { approve: "", ret: "", assessment: "", yearly: "", meeting: "", meetingStart: new Date(0), meetingPlace: null as string | null };

async function onlyPending(registrationId: string): Promise<void> {
  await d.t.db.review.deleteMany({ where: { registrationId: { not: null } } });
  await d.t.db.registration.updateMany({ where: { status: "SUBMITTED" }, data: { status: "DRAFT" } });
  await d.t.db.registration.update({
    where: { id: registrationId },
    data: { status: "SUBMITTED", submittedAt: SUBMITTED_AT, decidedAt: null, decidedById: null },
  });
}

const registrationRows = (id: string) => async () => {
  const r = await d.t.db.registration.findUniqueOrThrow({ where: { id }, include: { reviews: true } });
  return {
    status: r.status,
    decidedBy: r.decidedById ? nameOf.get(r.decidedById) : null,
    decidedAt: r.decidedAt?.toISOString(),
    reviews: r.reviews.map((v) => [nameOf.get(v.authorId), v.text]),
  };
};

const meetingRows = async () => {
  const m = await d.t.db.meeting.findUniqueOrThrow({ where: { id: target.meeting } });
  const manual = await d.t.db.meeting.findMany({
    where: { unitId: d.officeId, ruleId: null },
    select: { startsAt: true, place: true, kind: true, status: true },
  });
  return { status: m.status, startsAt: m.startsAt.toISOString(), place: m.place, note: m.note, manual };
};

const resetMeeting = async () => {
  await d.t.db.meeting.deleteMany({ where: { unitId: d.officeId, ruleId: null } });
  await d.t.db.meeting.update({
    where: { id: target.meeting },
    data: { status: "SCHEDULED", startsAt: target.meetingStart, place: target.meetingPlace, note: null },
  });
};

const COMMENT = "Nội dung 2 cần có con số và thời hạn cụ thể.";
const APPROVE_COMMENT = "Nội dung rõ ràng, đề nghị giữ tiến độ hằng tháng.";
const NOTICE = "Chi bộ họp bất thường lúc 14:00 Thứ Sáu, 04/12/2026 tại hội trường.";

// Two people new to the cell: the list a secretary imports, as CSV.
const IMPORTED = ["Lê Thị Thu Trang", "Vũ Đức Thắng"];
const IMPORT_CSV = ["ho_ten,chuc_vu,vai_tro,so_dien_thoai", `${IMPORTED[0]},Chuyên viên,Đảng viên,0912000111`, `${IMPORTED[1]},Kế toán,,0912000222`].join("\n");

async function importOnDashboard(): Promise<void> {
  const token = csrfOf((await hung.get(office("/members"))).body);
  const payload = Buffer.concat([
    Buffer.from(
      `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="ds.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(IMPORT_CSV),
    Buffer.from("\r\n--XX--\r\n"),
  ]);
  const preview = await hung.request("POST", office("/members/import"), { payload, contentType: "multipart/form-data; boundary=XX" });
  expect(preview.status).toBe(303);
  const page = await hung.get(preview.location);
  expect((await hung.post(`${preview.location}/confirm`, { _csrf: csrfOf(page.body) })).status).toBe(303);
  // The confirmed import runs as a background job: wait for its result on the page.
  for (let i = 0; i < 600; i++) {
    const body = (await hung.get(preview.location)).body;
    if (body.includes("Đã nhập danh sách")) return;
    if (body.includes("Chưa nhập được")) throw new Error("the dashboard import failed");
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the dashboard import did not finish");
}

const CASES: Case[] = [
  {
    name: "import a member list (two new members)",
    reset: async () => {
      await d.t.db.member.deleteMany({ where: { unitId: d.officeId, fullName: { in: IMPORTED } } });
      await d.t.db.memberImport.deleteMany({});
    },
    rows: async () =>
      (await d.t.db.member.findMany({ where: { unitId: d.officeId, fullName: { in: IMPORTED } }, orderBy: { fullName: "asc" } })).map((m) => ({
        fullName: m.fullName,
        position: m.position,
        role: m.role,
        status: m.status,
        phone: m.phone,
      })),
    entries: {
      dashboard: importOnDashboard,
      cli: async () => {
        const file = join(mkdtempSync(join(tmpdir(), "parity-import-")), "ds.csv");
        writeFileSync(file, IMPORT_CSV);
        expect(await importCli([file, "--unit", DEMO_CELLS[0]], cli().ctx)).toBe(0);
      },
    },
  },
  {
    name: "approve a registration (member on Telegram: told)",
    reset: () => onlyPending(target.approve),
    rows: () => registrationRows(target.approve)(),
    entries: {
      chat: async () => {
        await chat.say(chatHung, "/duyet");
        await chat.say(chatHung, "1");
      },
      dashboard: async () => {
        await hung.postWithToken(office("/registrations"), office(`/registrations/${target.approve}/approve`), {});
      },
    },
  },
  {
    name: "approve a registration with a comment (the member gets the comment)",
    reset: () => onlyPending(target.approve),
    rows: () => registrationRows(target.approve)(),
    entries: {
      chat: async () => {
        await chat.say(chatHung, "/duyet");
        await chat.say(chatHung, "2");
        await chat.say(chatHung, APPROVE_COMMENT);
      },
      dashboard: async () => {
        await hung.postWithToken(office("/registrations"), office(`/registrations/${target.approve}/approve`), { comment: APPROVE_COMMENT });
      },
    },
  },
  {
    name: "return a registration with a comment (member not linked: nothing sent)",
    reset: () => onlyPending(target.ret),
    rows: () => registrationRows(target.ret)(),
    entries: {
      chat: async () => {
        await chat.say(chatHung, "/duyet");
        await chat.say(chatHung, "3");
        await chat.say(chatHung, COMMENT);
      },
      dashboard: async () => {
        await hung.postWithToken(office("/registrations"), office(`/registrations/${target.ret}/return`), { comment: COMMENT });
      },
    },
  },
  {
    name: "comment on a self-assessment",
    reset: async () => {
      await d.t.db.review.deleteMany({ where: { assessmentId: target.assessment } });
    },
    rows: async () => (await d.t.db.review.findMany({ where: { assessmentId: target.assessment } })).map((r) => [nameOf.get(r.authorId), r.text]),
    entries: {
      chat: async () => {
        await chat.say(chatHung, `/nhanxet ${NAMES.nhung}`);
        await chat.say(chatHung, COMMENT);
      },
      dashboard: async () => {
        const a = await d.t.db.assessment.findUniqueOrThrow({ where: { id: target.assessment } });
        await hung.postWithToken(office(`/assessments?period=${a.period}`), office(`/assessments/${a.id}/review`), { text: COMMENT });
      },
    },
  },
  {
    name: "comment on a year-end self-assessment with the chi ủy's proposed rating",
    reset: async () => {
      await d.t.db.review.deleteMany({ where: { assessmentId: target.yearly } });
    },
    rows: async () => (await d.t.db.review.findMany({ where: { assessmentId: target.yearly } })).map((r) => [nameOf.get(r.authorId), r.text, r.proposedRating]),
    entries: {
      chat: async () => {
        await chat.say(chatHung, `/nhanxet ${NAMES.vinh}`);
        await chat.say(chatHung, COMMENT);
        await chat.say(chatHung, "2");
      },
      dashboard: async () => {
        await hung.postWithToken(office("/assessments?period=2026"), office(`/assessments/${target.yearly}/review`), { text: COMMENT, rating: "GOOD" });
      },
    },
  },
  {
    name: "broadcast a notice",
    reset: async () => {},
    rows: async () => (await d.t.db.broadcast.findMany()).map((b) => [b.unitId, nameOf.get(b.authorId), b.text]),
    entries: {
      chat: async () => {
        await chat.say(chatHung, `/thongbao ${NOTICE}`);
        await chat.say(chatHung, "1");
      },
      dashboard: async () => {
        await hung.postWithToken(office("/broadcasts"), office("/broadcasts"), { text: NOTICE });
      },
    },
  },
  {
    name: "add a meeting",
    reset: resetMeeting,
    rows: meetingRows,
    entries: {
      chat: async () => {
        await chat.say(chatHung, "/lich them 15/12/2026 14:00 Phòng họp số 2");
        // December has its monthly meeting already: chat asks before a second one.
        await chat.say(chatHung, "Vẫn thêm");
      },
      dashboard: async () => {
        await hung.postWithToken(office("/meetings"), office("/meetings"), { date: "15/12/2026", time: "14:00", place: "Phòng họp số 2", kind: "REGULAR" });
      },
      cli: async () => {
        expect(await meetingsCli(["add", "--unit", DEMO_CELLS[0], "--at", "15/12/2026 14:00", "--place", "Phòng họp số 2"], cli().ctx)).toBe(0);
      },
    },
  },
  {
    name: "move a meeting (members and the group told at once)",
    reset: resetMeeting,
    rows: meetingRows,
    entries: {
      chat: async () => {
        await chat.say(chatHung, "/doilich");
        await chat.say(chatHung, "1");
        await chat.say(chatHung, "10/12/2026 14:00 Hội trường tầng 3");
        await chat.say(chatHung, "Không nêu lý do");
      },
      dashboard: async () => {
        await hung.postWithToken(office("/meetings"), office(`/meetings/${target.meeting}/move`), {
          date: "10/12/2026",
          time: "14:00",
          place: "Hội trường tầng 3",
        });
      },
      cli: async () => {
        expect(
          await meetingsCli(["move", "--unit", DEMO_CELLS[0], "--id", target.meeting, "--at", "10/12/2026 14:00", "--place", "Hội trường tầng 3"], cli().ctx),
        ).toBe(0);
      },
    },
  },
  {
    name: "cancel a meeting",
    reset: resetMeeting,
    rows: meetingRows,
    entries: {
      chat: async () => {
        await chat.say(chatHung, "/huylich");
        await chat.say(chatHung, "1");
        await chat.say(chatHung, "1");
      },
      dashboard: async () => {
        await hung.postWithToken(office("/meetings"), office(`/meetings/${target.meeting}/cancel`), { reason: "" });
      },
      cli: async () => {
        expect(await meetingsCli(["cancel", "--unit", DEMO_CELLS[0], "--id", target.meeting], cli().ctx)).toBe(0);
      },
    },
  },
  {
    name: "invite a member",
    reset: async () => {
      await d.t.db.inviteCode.deleteMany({ where: { memberId: d.ids.loi } });
    },
    rows: async () =>
      (await d.t.db.inviteCode.findMany({ where: { memberId: d.ids.loi } })).map((i) => ({ usedAt: i.usedAt, expiresAt: i.expiresAt.toISOString() })),
    entries: {
      chat: async () => {
        await chat.say(chatHung, `/moi ${NAMES.loi}`);
      },
      dashboard: async () => {
        await hung.postWithToken(office("/members"), office(`/members/${d.ids.loi}/invite`), {});
      },
      cli: async () => {
        expect(await inviteCli(["--member", NAMES.loi, "--unit", DEMO_CELLS[0]], cli().ctx)).toBe(0);
      },
    },
  },
];

beforeAll(async () => {
  d = await startDashboard();
  hung = await login(d, "hung");
  chat = await createHarness({ reuse: d.t, now: d.clock.now, services: d.jobs.engineServices });
  chatHung = await chat.link(NAMES.hung, "parity-hung");
  for (const [key, name] of Object.entries(NAMES)) nameOf.set(d.ids[key as keyof typeof NAMES], name);
  // The cell's group chat, so move/cancel notices go to the group too.
  await d.t.db.unit.update({ where: { id: d.officeId }, data: { groupChatPlatform: "TELEGRAM", groupChatId: "tg-group-office" } });
  target.approve = d.regs.tuan;
  target.ret = d.regs.loi;
  target.assessment = (await latestAssessment(d.t.db, d.ids.nhung, d.officeId))!.id;
  const yearly = await d.t.db.assessment.create({
    data: {
      memberId: d.ids.vinh,
      kind: "YEARLY",
      period: "2026",
      year: 2026,
      selfRating: "GOOD",
      overallNote: "Hoàn thành các việc đã đăng ký.",
      submittedAt: new Date(d.clock.now.getTime() - 3_600_000),
    },
  });
  target.yearly = yearly.id;
  const first = await d.t.db.meeting.findFirstOrThrow({
    where: { unitId: d.officeId, status: { in: ["SCHEDULED", "MOVED"] }, startsAt: { gt: d.clock.now } },
    orderBy: { startsAt: "asc" },
  });
  target.meeting = first.id;
  target.meetingStart = first.startsAt;
  target.meetingPlace = first.place;
}, 120_000);

afterAll(async () => {
  await chat?.close();
  await d?.close();
});

describe("every decision has the same effects from every entry point that offers it", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const entries = Object.entries(c.entries) as [Entry, () => Promise<void>][];
      expect(entries.length).toBeGreaterThan(1);
      const seen: Partial<Record<Entry, { rows: unknown; deliveries: unknown; audits: unknown; plain: { deliveries: unknown; audits: unknown } }>> = {};
      for (const [entry, run] of entries) {
        await c.reset();
        await wipe();
        await run();
        seen[entry] = {
          rows: await c.rows(),
          deliveries: await deliveries({ queued: true }),
          audits: await audits({ actor: true }),
          // Without what the CLI cannot have: a signed-in actor and a queue (the planner queues its rows).
          plain: { deliveries: await deliveries({ queued: false, actor: false }), audits: await audits({ actor: false }) },
        };
      }
      const [first, ...others] = entries.map(([e]) => e);
      const base = seen[first!]!;
      // Every run did something (so equality cannot come from runs that all did nothing).
      for (const e of entries) expect({ entry: e[0], audited: (seen[e[0]]!.audits as unknown[]).length > 0 }).toEqual({ entry: e[0], audited: true });
      // The secretary who acts in the chat or the dashboard is never a recipient of their own notice.
      for (const e of entries.filter(([name]) => name !== "cli")) {
        const own = (seen[e[0]]!.deliveries as { to?: string }[]).filter((x) => x.to === NAMES.hung);
        expect({ entry: e[0], own }).toEqual({ entry: e[0], own: [] });
      }
      for (const other of others) {
        const got = seen[other]!;
        expect({ entry: other, rows: got.rows }).toEqual({ entry: other, rows: base.rows });
        if (other === "cli") {
          expect({ entry: other, ...got.plain }).toEqual({ entry: other, ...base.plain });
        } else {
          expect({ entry: other, deliveries: got.deliveries, audits: got.audits }).toEqual({ entry: other, deliveries: base.deliveries, audits: base.audits });
        }
      }
    });
  }
});
