// Shared by the dashboard tests (HTTP and browser): the web server in-process on a fresh seeded
// database, a real Redis with a unique prefix and the real delivery queues; demo data with linked
// accounts, registrations, assessments and a digest; a cookie jar for fastify inject; the login
// code read from the Delivery row the bot would send; and a tiny ZIP reader for DOCX files.
import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { seedDemo, DEMO_CELLS, DEMO_COMMITTEE } from "../../prisma/seed-demo.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { createRedis } from "../../src/redis.ts";
import { createMetrics } from "../../src/web/metrics.ts";
import { buildWebServer } from "../../src/web/server.ts";
import { silentLogger } from "../../src/log.ts";
import { materializeMeetings } from "../../src/db/meetings.ts";
import { createJobServices, type JobServices } from "../../jobs/services.ts";
import { createMemberImportWorker } from "../../jobs/member-import.ts";

export { DEMO_CELLS, DEMO_COMMITTEE };

export const NAMES = {
  hung: "Nguyễn Văn Hùng", // SECRETARY, office cell, linked
  mai: "Trần Thị Mai", // DEPUTY_SECRETARY, office cell, NOT linked
  vinh: "Lê Quang Vinh", // COMMITTEE, office cell, linked
  nhung: "Phạm Thị Hồng Nhung", // MEMBER, linked
  tuan: "Hoàng Minh Tuấn",
  ha: "Võ Thị Thu Hà",
  loi: "Đặng Văn Lợi",
  bay: "Ngô Văn Bảy", // EXEMPT
  hoa: "Lý Thị Hoa", // SECRETARY, residential cell, linked
  son: "Mai Văn Sơn", // MEMBER, residential cell
  khanh: "Phạm Quốc Khánh", // supervisor of the committee, linked
} as const;
export type Who = keyof typeof NAMES;

export interface DashHarness {
  t: TestDb;
  app: FastifyInstance;
  config: Config;
  redis: Redis;
  jobs: JobServices;
  clock: { now: Date };
  ids: Record<Who, string>;
  officeId: string;
  residentialId: string;
  committeeId: string;
  regs: Record<"nhung" | "tuan" | "loi" | "son", string>;
  close(): Promise<void>;
}

export const START = new Date("2026-11-20T03:00:00Z");

export async function startDashboard(options: { listen?: boolean; env?: Record<string, string> } = {}): Promise<DashHarness> {
  const t = await createTestDb();
  const clock = { now: new Date(START) };
  const { committeeId, cellIds } = await seedDemo(t.db, { year: 2026 });
  const [officeId, residentialId] = cellIds as [string, string];
  const config = loadConfig({
    QUEUE_PREFIX: uniquePrefix("dash"),
    LOG_LEVEL: "silent",
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: t.url,
    PUBLIC_URL: "http://127.0.0.1:3000",
    ...options.env,
  });
  const redis = createRedis(TEST_REDIS_URL);
  const ctx = { db: t.db, redis, config, now: () => clock.now };
  const jobs = createJobServices(ctx);

  const ids = {} as Record<Who, string>;
  for (const [key, name] of Object.entries(NAMES) as [Who, string][]) {
    ids[key] = (await t.db.member.findFirstOrThrow({ where: { fullName: name } })).id;
  }
  for (const who of ["hung", "vinh", "nhung", "tuan", "hoa", "khanh", "son"] as const) {
    await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: `tg-${who}`, chatId: `tg-${who}`, memberId: ids[who] } });
  }
  await t.db.identity.create({ data: { platform: "ZALO", externalUserId: "zl-ha", chatId: "zl-ha", memberId: ids.ha, reachable: false, blockedAt: START } });
  await materializeMeetings(t.db, { now: clock.now, horizonDays: 60 });

  const registration = async (
    who: Who,
    status: "DRAFT" | "SUBMITTED" | "APPROVED",
    items: { category: "STUDY" | "FOLLOW" | "EXAMPLE"; text: string; measure?: string; timeframe?: string; vague?: string[]; kept?: boolean }[],
  ) =>
    await t.db.registration.create({
      data: {
        memberId: ids[who],
        year: 2026,
        status,
        pledgeAccepted: true,
        submittedAt: status === "DRAFT" ? null : new Date("2026-11-15T02:00:00Z"),
        items: {
          create: items.map((item, i) => ({
            position: i + 1,
            category: item.category,
            categories: [item.category],
            text: item.text,
            measure: item.measure ?? null,
            timeframe: item.timeframe ?? null,
            vagueVerdict: item.vague ? "vague" : "concrete",
            vagueReasons: item.vague ? item.vague.map((code) => ({ code })) : [],
            vagueKept: item.kept ?? false,
          })),
        },
      },
      include: { items: { orderBy: { position: "asc" } } },
    });
  const nhung = await registration("nhung", "SUBMITTED", [
    { category: "STUDY", text: "Học 4 chuyên đề về phong cách làm việc của Bác, viết thu hoạch", measure: "4 bài thu hoạch", timeframe: "mỗi quý" },
    { category: "FOLLOW", text: "Tích cực học tập và làm theo Bác", vague: ["SLOGAN", "NO_MEASURE"], kept: true },
    { category: "EXAMPLE", text: "Trả hồ sơ một cửa đúng hẹn 100%", measure: "100% hồ sơ", timeframe: "cả năm" },
  ]);
  const tuan = await registration("tuan", "APPROVED", [
    { category: "FOLLOW", text: "Đo đạc, cập nhật 200 thửa đất biến động", measure: "200 thửa", timeframe: "trước 30/12" },
  ]);
  const loi = await registration("loi", "SUBMITTED", [
    { category: "STUDY", text: "Đọc và ghi chép 12 bài viết của Bác về văn hóa công sở", measure: "12 bài", timeframe: "mỗi tháng 1 bài" },
  ]);
  const son = await registration("son", "SUBMITTED", [
    { category: "FOLLOW", text: "Vận động 30 hộ phân loại rác tại nguồn", measure: "30 hộ", timeframe: "quý 4" },
  ]);

  // Monthly self-assessments for the trend and the notebook.
  const assess = async (who: Who, reg: typeof tuan, period: string, progress: ("DONE" | "ON_TRACK" | "BEHIND" | "NOT_STARTED")[], note?: string) =>
    t.db.assessment.create({
      data: {
        memberId: ids[who],
        kind: "MONTHLY",
        period,
        year: 2026,
        overallNote: note ?? null,
        submittedAt: new Date(`${period}-25T02:00:00Z`),
        items: {
          create: reg.items.map((item, i) => ({
            itemId: item.id,
            progress: progress[i] ?? "ON_TRACK",
            note: progress[i] === "BEHIND" ? "Vướng lịch tiếp dân" : null,
          })),
        },
      },
    });
  await assess("tuan", tuan, "2026-09", ["ON_TRACK"]);
  const tuanOct = await assess("tuan", tuan, "2026-10", ["ON_TRACK"], "Đã cập nhật 150 thửa");
  await assess("tuan", tuan, "2026-11", ["DONE"], "Hoàn thành 200 thửa");
  await assess("nhung", nhung, "2026-10", ["ON_TRACK", "BEHIND", "DONE"]);
  await assess("son", son, "2026-10", ["ON_TRACK"]);
  await t.db.review.create({
    data: { authorId: ids.hung, assessmentId: tuanOct.id, text: "Đồng chí làm tốt, cần giữ tiến độ.", createdAt: new Date("2026-10-28T02:00:00Z") },
  });

  // A digest the bot sent before the last meeting.
  const lastMeeting = await t.db.meeting.create({
    data: { unitId: officeId, startsAt: new Date("2026-11-05T07:00:00Z"), kind: "REGULAR", place: "Hội trường UBND phường" },
  });
  for (const who of ["hung", "vinh"] as const) {
    await t.db.delivery.create({
      data: {
        purpose: "digest",
        dedupeKey: `digest:${lastMeeting.id}:${ids[who]}`,
        memberId: ids[who],
        payload: { kind: "text", text: "Báo cáo nhanh Chi bộ Văn phòng: 5/7 đã đăng ký." },
        status: "SENT",
        sentAt: new Date("2026-11-04T01:00:00Z"),
        createdAt: new Date("2026-11-04T01:00:00Z"),
      },
    });
  }

  const app = buildWebServer({
    db: t.db,
    redis,
    log: silentLogger,
    metrics: createMetrics(),
    adapters: [],
    deliver: jobs.deliver,
    config,
    now: () => clock.now,
  });
  // Confirmed member imports run in this BullMQ worker, as in the worker role.
  const importWorker = createMemberImportWorker({ db: t.db, log: silentLogger, redisUrl: TEST_REDIS_URL, prefix: config.QUEUE_PREFIX });
  if (options.listen) await app.listen({ port: 0, host: "127.0.0.1" });
  else await app.ready();

  return {
    t,
    app,
    config,
    redis,
    jobs,
    clock,
    ids,
    officeId,
    residentialId,
    committeeId,
    regs: { nhung: nhung.id, tuan: tuan.id, loi: loi.id, son: son.id },
    async close() {
      await app.close();
      await importWorker.close();
      for (const q of Object.values(jobs.deliveryQueues)) await q.obliterate({ force: true }).catch(() => {});
      await jobs.close();
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await t.drop();
    },
  };
}

/** The 6-digit code in the newest login-code message the bot queued for the member. */
export async function latestLoginCode(h: DashHarness, who: Who): Promise<string> {
  const row = await h.t.db.delivery.findFirstOrThrow({ where: { purpose: "login-code", memberId: h.ids[who] }, orderBy: { createdAt: "desc" } });
  const text = (row.payload as { text: string }).text;
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error(`no code in: ${text}`);
  return code;
}

// ---------------------------------------------------------------------------------------------
// fastify inject with cookies

export interface Res {
  status: number;
  body: string;
  raw: Buffer;
  headers: Record<string, string | string[] | number | undefined>;
  location: string;
  setCookies: string[];
}

let nextClient = 0;

/** A browser on its own machine: its own cookies and its own client address (login limits count per address). */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly ip: string;
  constructor(
    private readonly app: FastifyInstance,
    ip?: string,
  ) {
    nextClient++;
    this.ip = ip ?? `127.${(process.pid >> 8) & 255}.${(nextClient >> 8) & 255}.${nextClient & 255 || 1}`;
  }

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method: "GET" | "POST", url: string, o: { form?: Record<string, string>; payload?: Buffer; contentType?: string } = {}): Promise<Res> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    let payload: string | Buffer | undefined;
    if (o.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      payload = new URLSearchParams(o.form).toString();
    } else if (o.payload) {
      headers["content-type"] = o.contentType ?? "application/octet-stream";
      payload = o.payload;
    }
    const response = await this.app.inject({ method, url, headers, remoteAddress: this.ip, ...(payload !== undefined ? { payload } : {}) });
    const set = response.headers["set-cookie"];
    const setCookies = set === undefined ? [] : Array.isArray(set) ? set : [String(set)];
    for (const c of setCookies) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.statusCode,
      body: response.body,
      raw: response.rawPayload,
      headers: response.headers,
      location: String(response.headers.location ?? ""),
      setCookies,
    };
  }

  get(url: string): Promise<Res> {
    return this.request("GET", url);
  }

  post(url: string, form: Record<string, string>): Promise<Res> {
    return this.request("POST", url, { form });
  }

  /** Loads a page and posts one of its forms' token with the given fields. */
  async postWithToken(pageUrl: string, url: string, form: Record<string, string>): Promise<Res> {
    const page = await this.get(pageUrl);
    return this.post(url, { _csrf: csrfOf(page.body), ...form });
  }
}

export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no CSRF token on the page");
  return token;
}

/** Logs a member in the way a person does: name → code from the bot's message → session. */
export async function login(h: DashHarness, who: Who, input: string = NAMES[who]): Promise<Browser> {
  const b = new Browser(h.app);
  const form = await b.get("/dashboard/login");
  const sent = await b.post("/dashboard/login", { _csrf: csrfOf(form.body), who: input });
  if (sent.status !== 303) throw new Error(`login request answered ${sent.status}`);
  const codePage = await b.get("/dashboard/login/code");
  const done = await b.post("/dashboard/login/code", { _csrf: csrfOf(codePage.body), code: await latestLoginCode(h, who) });
  if (done.status !== 303 || !b.cookies.has("chibo_sid")) throw new Error(`login failed: ${done.status} ${done.body.slice(0, 300)}`);
  return b;
}

/** The dashboard of one test file with these people signed in, in order (closed by `h.close()`). */
export async function openDashboard<const W extends readonly Who[]>(...who: W): Promise<{ h: DashHarness; browsers: { [K in keyof W]: Browser } }> {
  const h = await startDashboard();
  const browsers: Browser[] = [];
  for (const w of who) browsers.push(await login(h, w));
  return { h, browsers: browsers as { [K in keyof W]: Browser } };
}

// ---------------------------------------------------------------------------------------------
// XLSX reading

export async function readXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  return wb;
}

/** A sheet as text: one line a row, cells joined by "|". */
export function sheetText(ws: ExcelJS.Worksheet | undefined): string {
  const out: string[] = [];
  ws?.eachRow((row) => out.push((row.values as unknown[]).map((v) => (v === null || v === undefined ? "" : String(v))).join("|")));
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// ZIP (DOCX) reading: stored and deflated entries, through the central directory

export function unzip(buffer: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file");
  const count = buffer.readUInt16LE(eocd + 10);
  let p = buffer.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buffer.readUInt16LE(p + 10);
    const compressed = buffer.readUInt32LE(p + 20);
    const nameLen = buffer.readUInt16LE(p + 28);
    const extraLen = buffer.readUInt16LE(p + 30);
    const commentLen = buffer.readUInt16LE(p + 32);
    const local = buffer.readUInt32LE(p + 42);
    const name = buffer.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + compressed);
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
