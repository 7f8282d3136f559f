// The dashboard in a real browser: Playwright (playwright-core) driving Debian's Chromium against
// the web server in-process (real PostgreSQL, Redis and delivery queues). Logs in with the code
// the bot would send, approves a registration, moves a meeting with digits typed on a keypad,
// downloads an export; then saves a screenshot of every page on a phone (390×844) and a laptop
// (1280×900) into test-output/screenshots/ (git-ignored) and checks that nothing on any of them
// is wider than the screen. Skips, saying why, when /usr/bin/chromium is not installed.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { latestLoginCode, NAMES, startDashboard, type DashHarness, type Who } from "../integration/dashboard-harness.ts";
import { ROOT } from "../support/processes.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const SHOTS = join(ROOT, "test-output", "screenshots");
const DOWNLOADS = join(ROOT, "test-output", "downloads");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let h: DashHarness;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let base: string;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * What sticks out past the right edge of the screen: the page itself (a sideways scroll) and
 * every visible element whose right edge is beyond the viewport, described by tag, class and text.
 */
// Runs in the page (as text: the project compiles without the DOM library).
const OVERFLOW_SCRIPT = `(() => {
  const width = window.innerWidth;
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > width) out.push("page scrolls sideways: " + doc.scrollWidth + " > " + width);
  for (const el of Array.from(document.querySelectorAll("body *"))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5) {
      const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      out.push(el.tagName.toLowerCase() + cls + " right=" + Math.round(r.right) + " " + JSON.stringify((el.textContent || "").trim().slice(0, 40)));
    }
  }
  return out;
})()`;

async function overflowing(): Promise<string[]> {
  return page.evaluate<string[]>(OVERFLOW_SCRIPT);
}

/** Opens the page, saves its screenshot and returns what overflows (prefixed with the page name). */
async function visit(name: string, url: string): Promise<string[]> {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await expect(page.locator("h1").count()).resolves.toBe(1);
  await shot(name);
  return (await overflowing()).map((o) => `${name}: ${o}`);
}

const size = (v: { width: number; height: number }) => `${v.width}x${v.height}`;

async function logIn(who: Who, codePageShot?: string): Promise<void> {
  await page.goto(`${base}/dashboard/login`);
  await page.fill("#who", NAMES[who]);
  await page.click("button:has-text('Nhận mã qua bot')");
  await page.waitForURL("**/dashboard/login/code");
  if (codePageShot) await shot(codePageShot);
  await page.fill("#code", await latestLoginCode(h, who));
  await page.click("button:has-text('Đăng nhập')");
  await page.waitForURL((url) => !url.pathname.startsWith("/dashboard/login"));
}

describe.skipIf(!haveChromium)("dashboard in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOWNLOADS, { recursive: true });
    h = await startDashboard({ listen: true });
    const address = h.app.server.address();
    if (!address || typeof address !== "object") throw new Error("the web server is not listening");
    base = `http://127.0.0.1:${address.port}`;
    userDataDir = mkdtempSync(join(tmpdir(), "chibo-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
      viewport: PHONE,
      deviceScaleFactor: 1,
      locale: "vi-VN",
      timeout: 20_000,
    });
    // Generous: the machine running the tests may be busy; a page that never comes still fails.
    context.setDefaultTimeout(30_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on("dialog", (dialog) => void dialog.accept());
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await h?.close();
  });

  it("logs in with the bot's code, approves, moves a meeting, exports — on a phone", async () => {
    await page.goto(`${base}/dashboard/login`);
    await shot("01-login-phone");
    await logIn("hung", "01b-login-code-phone");
    expect(page.url()).toBe(`${base}/dashboard/cells/${h.officeId}?ok=logged-in`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Tổng quan");
    await shot("02-overview-phone");

    // Approve Đặng Văn Lợi's registration.
    await page.click("nav.tabs >> text=Đăng ký");
    await page.waitForURL("**/registrations");
    await shot("03-registrations-phone");
    await page.locator(`#r-${h.regs.loi} button:has-text('Duyệt')`).click();
    await page.waitForURL(/ok=approved/);
    // Lợi has no Zalo/Telegram in the demo data: the page says the approval was saved and that the bot could not tell him.
    const approvedNote = (await page.locator(".flash").textContent()) ?? "";
    expect(approvedNote).toContain("Đã duyệt bản đăng ký");
    expect(approvedNote).toContain("chưa báo được cho đảng viên qua bot");
    expect((await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.loi } })).status).toBe("APPROVED");

    // Export the registrations (a real download).
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a:has-text('Tải XLSX')")]);
    const file = join(DOWNLOADS, "dang-ky.xlsx");
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^dang-ky-2026-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const names: string[] = [];
    wb.getWorksheet("Đăng ký cá nhân")!.eachRow((row) => names.push(String(row.getCell(2).value)));
    expect(names).toContain("Đặng Văn Lợi");

    // Move the next meeting to 07/12/2026 08:30.
    await page.click("nav.tabs >> text=Lịch sinh hoạt");
    await page.waitForURL("**/meetings");
    await shot("04-meetings-phone");
    const meeting = await h.t.db.meeting.findFirstOrThrow({
      where: { unitId: h.officeId, status: "SCHEDULED", startsAt: { gt: h.clock.now } },
      orderBy: { startsAt: "asc" },
    });
    const card = page.locator(`#mt-${meeting.id}`);
    await card.locator("summary:has-text('Dời buổi này')").click();
    // As typed on a phone's numeric keypad, which has no "/" or ":".
    await card.locator("input[name=date]").fill("07122026");
    await card.locator("input[name=time]").fill("0830");
    await card.locator("button:has-text('Dời lịch')").click();
    await page.waitForURL(/ok=meeting-moved/);
    await expect(page.locator(".flash").textContent()).resolves.toContain("Đã dời buổi sinh hoạt");
    const moved = await h.t.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    expect(moved.status).toBe("MOVED");
    expect(moved.startsAt.toISOString()).toBe("2026-12-07T01:30:00.000Z");
    await expect(page.locator(`#mt-${meeting.id}`).textContent()).resolves.toContain("07/12/2026, 08:30");
    await shot("05-meetings-moved-phone");

    for (const [name, path] of [
      ["06-members-phone", "/members"],
      ["07-assessments-phone", "/assessments?period=2026-10"],
      ["08-digests-phone", "/digests"],
      ["09-broadcasts-phone", "/broadcasts"],
      ["10-notebook-phone", `/members/${h.ids.tuan}`],
    ] as const) {
      await page.goto(`${base}/dashboard/cells/${h.officeId}${path}`);
      await expect(page.locator("h1").count()).resolves.toBe(1);
      await shot(name);
    }
    expect(await h.t.db.auditLog.count({ where: { action: { in: ["registration.approved", "meeting.moved"] }, actorId: h.ids.hung } })).toBe(2);
  }, 180_000);

  it("shows every page on a phone and a laptop with nothing wider than the screen", async () => {
    const cellPages: Array<[string, string]> = [
      ["overview", ""],
      ["members", "/members"],
      ["registrations", "/registrations"],
      ["assessments", "/assessments?period=2026-10"],
      ["meetings", "/meetings"],
      ["digests", "/digests"],
      ["broadcasts", "/broadcasts"],
      ["notebook", `/members/${h.ids.tuan}`],
    ];
    const problems: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const [name, path] of cellPages) problems.push(...(await visit(`cell-${name}-${size(viewport)}`, `${base}/dashboard/cells/${h.officeId}${path}`)));
    }

    await context.clearCookies();
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      problems.push(...(await visit(`login-${size(viewport)}`, `${base}/dashboard/login`)));
    }
    await page.setViewportSize(PHONE);
    await logIn("khanh");
    expect(page.url()).toBe(`${base}/dashboard/committees/${h.committeeId}?ok=logged-in`);
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      problems.push(...(await visit(`rollup-${size(viewport)}`, `${base}/dashboard/committees/${h.committeeId}`)));
    }
    // The roll-up: a card per cell on the phone, the table on the laptop.
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/dashboard/committees/${h.committeeId}`);
    await expect(page.locator("ul.cells li.cell-card").count()).resolves.toBe(2);
    await expect(page.locator("table.rollup").isVisible()).resolves.toBe(false);
    await page.setViewportSize(DESKTOP);
    await expect(page.locator("table.rollup").isVisible()).resolves.toBe(true);
    await expect(page.locator("ul.cells").isVisible()).resolves.toBe(false);
    await expect(page.locator("table.rollup").textContent()).resolves.toContain("Chi bộ Khu phố 4 (demo)");
    const forbidden = await page.goto(`${base}/dashboard/cells/${h.officeId}`);
    expect(forbidden?.status()).toBe(404);

    expect(problems).toEqual([]);
  }, 300_000);
});

if (!haveChromium) {
  describe("dashboard in Chromium", () => {
    it.skip("skipped: /usr/bin/chromium is missing (apt-get install chromium)", () => {});
  });
}
