// npm run chat -- --member "<name>": a terminal chat with the bot as that member, against the same
// conversation engine and database as `npm start` (no Telegram or Zalo token needed).
// Without --member the chat is unlinked, so linking with an invite code can be tried too.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { loadConfig, ConfigError } from "../config.ts";
import { silentLogger } from "../log.ts";
import { openDatabase } from "../runtime/database.ts";
import { createEngine } from "../conversations/create-engine.ts";
import { createInboundHandler } from "../channels/dispatcher.ts";
import { LocalChannel } from "../channels/local/adapter.ts";
import { findMembersByName } from "../db/members.ts";
import { audit } from "../db/audit.ts";
import { redisAnswers, createRedis } from "../redis.ts";
import { createJobServices } from "../../jobs/services.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { member: { type: "string" }, user: { type: "string" } } });
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const database = await openDatabase(config, { migrations: "check" });
  const { db } = database;
  let userId = values.user ?? "local-guest";
  if (values.member) {
    const found = (await findMembersByName(db, values.member)).filter((m) => m.status !== "LEFT");
    if (found.length !== 1) {
      process.stderr.write(
        found.length === 0
          ? `Không tìm thấy đảng viên "${values.member}". Xem danh sách: npm run cli -- list-members\n`
          : `Có ${found.length} người trùng tên: ${found.map((m) => `${m.fullName} (${m.unit.name})`).join("; ")}. Gõ họ tên đầy đủ hơn.\n`,
      );
      await database.close();
      return 1;
    }
    const member = found[0]!;
    // Whoever can open the database is trusted to act as a member locally: link without a code.
    userId = `local:${member.id}`;
    const existing = await db.identity.findUnique({ where: { platform_externalUserId: { platform: "LOCAL", externalUserId: userId } } });
    if (!existing) {
      await db.identity.create({ data: { platform: "LOCAL", externalUserId: userId, chatId: userId, memberId: member.id } });
      await audit(db, { actorId: member.id, unitId: member.unitId, action: "identity.linked.local" });
    }
    process.stdout.write(`Trò chuyện với tư cách ${member.fullName} (${member.unit.name}). Gõ /trogiup để bắt đầu, Ctrl-D để thoát.\n`);
  } else {
    process.stdout.write("Trò chuyện chưa liên kết. Gửi mã mời để liên kết, hoặc chạy lại với --member \"<họ tên>\". Ctrl-D để thoát.\n");
  }

  // With Redis, broadcasts and notices are queued for the workers of `npm start` to deliver.
  const redis = (await redisAnswers(config.REDIS_URL)) ? createRedis(config.REDIS_URL) : undefined;
  const jobs = redis ? createJobServices({ db, redis, config, now: () => new Date() }) : undefined;
  const engine = createEngine({ db, log: silentLogger, zone: config.DEFAULT_TIME_ZONE, services: { ...(jobs?.engineServices ?? {}), dashboardUrl: config.PUBLIC_URL } });
  const local = new LocalChannel((out) => process.stdout.write(`\nBot: ${out.rendered.replace(/\n/g, "\n     ")}\n`));
  await local.start(createInboundHandler({ db, engine, adapter: local, log: silentLogger }));

  const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  const prompt = () => process.stdin.isTTY && process.stdout.write("\n> ");
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === "/exit" || text === "/thoat") break;
    if (text) await local.say(userId, text);
    prompt();
  }
  rl.close();
  await jobs?.close();
  redis?.disconnect();
  await database.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
