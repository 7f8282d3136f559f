// npm run chat -- [--member "<name>"] [--user <id>]: a terminal chat with the bot, against the same
// conversation engine and database as `npm start` (no Telegram or Zalo token needed).
import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { loadConfig, ConfigError, type Config } from "../config.ts";
import { silentLogger } from "../log.ts";
import { openDatabase, DatabaseUnavailableError, PendingMigrationsError, type OpenDatabase } from "../runtime/database.ts";
import { createEngine } from "../conversations/create-engine.ts";
import { createInboundHandler } from "../channels/dispatcher.ts";
import { LocalChannel } from "../channels/local/adapter.ts";
import { ChatSession } from "../channels/local/session.ts";
import { DISABLE_BRACKETED_PASTE, ENABLE_BRACKETED_PASTE, pasteAware, unfold } from "../channels/local/paste.ts";
import { CHAT_TEXTS } from "../messages/local-chat.ts";
import { linkLocally } from "../usecases/link-account.ts";
import { findIdentity } from "../db/identities.ts";
import { redisAnswers, createRedis } from "../redis.ts";
import { createJobServices } from "../../jobs/services.ts";

const HELP = `Cách dùng: npm run chat -- [--member "<họ tên>"] [--user <tên>]

Trò chuyện với bot ngay trong cửa sổ dòng lệnh, dùng cùng cơ sở dữ liệu với npm start.

Tùy chọn:
  --member <họ tên>  trò chuyện với tư cách đảng viên này (liên kết sẵn, không cần mã mời)
  --user <tên>       tên người dùng của cuộc trò chuyện (mặc định local-<tên đăng nhập máy>).
                     Mỗi tên là một người dùng riêng: liên kết, nhập sai mã và tin đã xem tính riêng.
                     Dùng tên khác để thử liên kết bằng mã mời như một người mới.
  --help             in hướng dẫn này

Dán nhiều dòng (ví dụ ba việc đăng ký, mỗi việc một dòng) rồi nhấn Enter: cả đoạn dán là một tin nhắn.
Gõ /trogiup để xem lệnh của bot; /thoat hoặc Ctrl-D để thoát.`;

function print(text: string, rl?: ReturnType<typeof createInterface>): void {
  const block = text.replace(/\n/g, "\n     ");
  if (rl && process.stdin.isTTY) {
    // Keep what the person is typing: clear the prompt line, print, then show the prompt again.
    process.stdout.write("\r\x1b[K");
    process.stdout.write(`Bot: ${block}\n`);
    rl.prompt(true);
  } else {
    process.stdout.write(`Bot: ${block}\n`);
  }
}

async function openWithRetry(config: Config): Promise<OpenDatabase> {
  let said = false;
  for (;;) {
    try {
      return await openDatabase(config, { migrations: "check" });
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      if (!said) process.stderr.write(`${CHAT_TEXTS.waiting}\n`);
      said = true;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { member: { type: "string" }, user: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let database: OpenDatabase;
  try {
    database = await openWithRetry(config);
  } catch (error) {
    if (error instanceof PendingMigrationsError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { db } = database;
  const userId = values.user ?? (values.member ? undefined : `local-${userInfo().username}`);
  let chatUser = userId ?? "";
  if (values.member) {
    const linked = await linkLocally({ db, now: new Date() }, { ...(userId ? { userId } : {}), memberName: values.member });
    if (linked.kind === "refused") {
      process.stderr.write(`${linked.reason}\n`);
      await database.close();
      return 1;
    }
    process.stdout.write(`${CHAT_TEXTS.startAsMember(linked.member.fullName, linked.member.unitName)}\n`);
    chatUser = linked.userId;
  } else {
    // A chat user linked earlier (with a code) is greeted as that member: no "send a code" hint.
    const known = await findIdentity(db, "LOCAL", chatUser);
    process.stdout.write(`${known ? CHAT_TEXTS.startAsMember(known.member.fullName, known.member.unit.name) : CHAT_TEXTS.startAsUser(chatUser)}\n`);
  }

  // With Redis, broadcasts and notices are queued for the workers of `npm start` to deliver.
  const redis = (await redisAnswers(config.REDIS_URL)) ? createRedis(config.REDIS_URL) : undefined;
  redis?.on("error", () => {});
  const jobs = redis ? createJobServices({ db, redis, config, now: () => new Date() }) : undefined;
  const engine = createEngine({
    db,
    log: silentLogger,
    zone: config.DEFAULT_TIME_ZONE,
    services: { ...(jobs?.engineServices ?? {}), dashboardUrl: config.dashboardUrl },
  });
  const tty = Boolean(process.stdin.isTTY);
  let rl: ReturnType<typeof createInterface> | undefined;
  const local = new LocalChannel((out) => print(out.rendered, rl));
  await local.start(createInboundHandler({ db, engine, adapter: local, log: silentLogger }));
  const session = new ChatSession({ db, local, userId: chatUser, zone: config.DEFAULT_TIME_ZONE, print: (text) => print(text, rl) });
  await session.open();

  // Created only now and iterated at once: readline drops lines that arrive before its iterator exists.
  // readline reads through pasteAware, which is not a TTY stream: raw mode (keys one by one, echoed
  // by readline) is set here, and the terminal asked to mark pastes.
  if (tty) {
    process.stdin.setRawMode(true);
    process.stdout.write(ENABLE_BRACKETED_PASTE);
    process.once("exit", () => process.stdout.write(DISABLE_BRACKETED_PASTE));
  }
  rl = createInterface({ input: pasteAware(process.stdin, tty), output: process.stdout, terminal: tty, prompt: "> " });
  const lines = rl[Symbol.asyncIterator]();
  if (tty) rl.prompt();
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    const text = unfold(line).trim();
    // A terminal echoes what is typed; piped input is echoed here so the transcript reads like one.
    if (!tty && text) process.stdout.write(`> ${text.replace(/\n/g, "\n  ")}\n`);
    if (text === "/exit" || text === "/thoat") break;
    if (text) await session.type(text);
    if (tty) rl.prompt();
  }
  rl.close();
  if (tty) process.stdin.setRawMode(false);
  await session.close();
  await jobs?.close().catch(() => {});
  redis?.disconnect();
  await database.close().catch(() => {});
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
