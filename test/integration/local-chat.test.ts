// `npm run chat` as a real process against a real database: what is typed is echoed, proactive
// messages addressed to the member appear while the chat is open and on the next opening, a
// database outage is one Vietnamese line and a retry (the typed line is answered afterwards), and
// the wrong-code lockout belongs to one chat user.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { freePort, ROOT, waitFor } from "../support/processes.ts";
import { createDelivery } from "../../src/db/deliveries.ts";
import { CHAT_TEXTS } from "../../src/messages/local-chat.ts";
import { linkMsg } from "../../src/messages/linking.ts";

/** A TCP proxy in front of the test PostgreSQL that can be switched off and on, like a server stopping. */
class Outage {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}
  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect({ host: "127.0.0.1", port: this.target });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.server = server;
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

interface Chat {
  child: ChildProcessWithoutNullStreams;
  out(): string;
  err(): string;
  type(line: string): void;
  exited: Promise<number | null>;
}

let h: Harness;
let proxy: Outage;
let proxyUrl: string;
const chats: Chat[] = [];

function chat(args: string[]): Chat {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/chat.ts", ...args], {
    cwd: ROOT,
    // No Redis here: the chat works without queues (nothing it does in these tests needs one).
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: proxyUrl, REDIS_URL: "redis://127.0.0.1:1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const c = { child, out: () => out, err: () => err, type: (line: string) => void child.stdin.write(`${line}\n`), exited };
  chats.push(c);
  return c;
}

const seen = (c: Chat, text: string, timeoutMs = 30_000) =>
  waitFor(`"${text}" in the chat's output`, async () => (c.out().includes(text) ? true : undefined), timeoutMs, 100).catch((error: unknown) => {
    throw new Error(`${String(error)}\nstdout:\n${c.out()}\nstderr:\n${c.err()}`);
  });

beforeAll(async () => {
  h = await createHarness();
  const url = new URL(h.t.url);
  proxy = new Outage(await freePort(), Number(url.port || 5432));
  await proxy.up();
  url.port = String(proxy.port);
  url.hostname = "127.0.0.1";
  proxyUrl = url.toString();
}, 60_000);

afterAll(async () => {
  for (const c of chats) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  await proxy?.down();
  await h?.close();
});

describe("npm run chat", () => {
  it("echoes, shows proactive messages, survives a database outage and shows what arrived since the last session", async () => {
    const memberId = await h.memberId("Nguyễn Văn Hùng");
    const c = chat(["--member", "Nguyễn Văn Hùng"]);
    await seen(c, "Trò chuyện với tư cách Nguyễn Văn Hùng");
    c.type("/trogiup");
    await seen(c, "> /trogiup");
    await seen(c, "Bot: ");

    // A proactive message the workers would deliver (here: the member has no Zalo/Telegram, so SKIPPED).
    await createDelivery(h.t.db, {
      purpose: "broadcast",
      dedupeKey: `chat-test-1-${memberId}`,
      memberId,
      message: { kind: "text", text: "Thông báo thử số một" },
    });
    await seen(c, "Thông báo thử số một");
    expect(c.out()).toMatch(/\[Tin bot gửi đồng chí lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/);

    await proxy.down();
    c.type("/trogiup");
    await seen(c, CHAT_TEXTS.down);
    const repliesBefore = c.out().split("Bot: ").length;
    await proxy.up();
    await seen(c, CHAT_TEXTS.back);
    // The line typed during the outage is answered once the database is back.
    await waitFor("the reply to the line typed during the outage", async () => (c.out().split("Bot: ").length > repliesBefore + 1 ? true : undefined), 30_000);
    expect(c.out().split(CHAT_TEXTS.down).length - 1).toBe(1);
    expect(`${c.out()}${c.err()}`).not.toMatch(/^\s+at /m);

    c.child.stdin.end();
    expect(await c.exited).toBe(0);

    await createDelivery(h.t.db, {
      purpose: "broadcast",
      dedupeKey: `chat-test-2-${memberId}`,
      memberId,
      message: { kind: "text", text: "Thông báo khi đồng chí vắng mặt" },
    });
    const again = chat(["--member", "Nguyễn Văn Hùng"]);
    await seen(again, CHAT_TEXTS.missed(1));
    await seen(again, "Thông báo khi đồng chí vắng mặt");
    expect(again.out()).not.toContain("Thông báo thử số một");
    again.child.stdin.end();
    expect(await again.exited).toBe(0);
  }, 120_000);

  it("shows a dashboard login code to a member who only chats here, once, and the row keeps no code", async () => {
    const memberId = await h.memberId("Nguyễn Văn Hùng");
    const c = chat(["--member", "Nguyễn Văn Hùng", "--user", "chat-test-code"]);
    await seen(c, "Trò chuyện với tư cách Nguyễn Văn Hùng");
    // The same repository call the dashboard's login makes: with no Zalo/Telegram, the terminal is the last resort.
    const row = await createDelivery(h.t.db, {
      purpose: "login-code",
      dedupeKey: `login-code:chat-test-${memberId}`,
      memberId,
      message: { kind: "text", text: "Mã đăng nhập trang quản lý: 424242" },
    });
    expect(row).toMatchObject({ platform: "LOCAL", status: "PENDING" });
    await seen(c, "424242");
    await waitFor(
      "the code's row to be marked sent",
      async () => ((await h.t.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).status === "SENT" ? true : undefined),
      10_000,
    );
    const stored = await h.t.db.delivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(JSON.stringify(stored.payload)).not.toContain("424242");
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.out().split("424242").length - 1).toBe(1);
    c.child.stdin.end();
    expect(await c.exited).toBe(0);
  }, 90_000);

  it("locks out one chat user after five wrong codes, not another one", async () => {
    const a = chat(["--user", "chat-test-a"]);
    await seen(a, 'tên người dùng "chat-test-a"');
    for (let i = 0; i < 6; i++) a.type("ACDEFGHJKM");
    await seen(a, linkMsg.locked());
    a.child.stdin.end();
    expect(await a.exited).toBe(0);

    const b = chat(["--user", "chat-test-b"]);
    b.type("ACDEFGHJKM");
    await seen(b, linkMsg.invalid());
    expect(b.out()).not.toContain(linkMsg.locked());
    b.child.stdin.end();
    expect(await b.exited).toBe(0);
  }, 90_000);

  it("takes a bracketed paste of three numbered lines as one message: the bot reads three items", async () => {
    const c = chat(["--member", "Nguyễn Văn Hùng", "--user", "chat-test-paste"]);
    await seen(c, "Trò chuyện với tư cách Nguyễn Văn Hùng");
    // Next calendar year is always this registration year or the next one: no year question.
    c.type(`/dangky ${new Date().getFullYear() + 1}`);
    await seen(c, "mỗi việc một dòng");
    const items = ["1. Đọc 2 cuốn sách về Bác trước 30/6/2027", "2. Không dùng điện thoại vào việc riêng trong giờ họp", "3. Viết 2 bài thu hoạch mỗi quý"];
    c.child.stdin.write(`\x1b[200~${items.join("\n")}\x1b[201~\n`);
    await seen(c, "Bot hiểu đồng chí đăng ký 3 việc:");
    expect(c.out()).toContain("Đo bằng: 2 bài thu hoạch; Thời hạn: mỗi quý");
    // One message: one reply, and the items were never typed as lines of their own.
    expect(c.out().split("> 2. Không dùng").length - 1).toBe(0);
    expect(c.out()).toContain(`> ${items.join("\n  ")}`);
    c.type("/thoat");
    expect(await c.exited).toBe(0);
    expect(c.out()).not.toContain("\x1b[");
  }, 90_000);

  it("greets a chat user linked earlier as their member, without the hint to send a code", async () => {
    await h.link("Hoàng Minh Tuấn", "chat-test-linked");
    const c = chat(["--user", "chat-test-linked"]);
    await seen(c, "Trò chuyện với tư cách Hoàng Minh Tuấn");
    expect(c.out()).not.toContain("gửi mã mời");
    c.child.stdin.end();
    expect(await c.exited).toBe(0);
  }, 90_000);

  it("documents --user and --member in --help", async () => {
    const c = chat(["--help"]);
    expect(await c.exited).toBe(0);
    expect(c.out()).toContain("--user <tên>");
    expect(c.out()).toContain("--member <họ tên>");
  }, 30_000);
});
