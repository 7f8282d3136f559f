// End-to-end harness for conversations: a fresh database with the demo data, the real engine and
// dispatcher, and the local channel (or a platform adapter) in front of it.
import { createTestDb, type TestDb } from "./test-db.ts";
import { seedDemo, DEMO_CELLS, DEMO_COMMITTEE } from "../../prisma/seed-demo.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { createInboundHandler } from "../../src/channels/dispatcher.ts";
import { LocalChannel } from "../../src/channels/local/adapter.ts";
import { createInvite } from "../../src/db/invites.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { silentLogger } from "../../src/log.ts";
import type { EngineServices } from "../../src/conversations/types.ts";
import type { Platform } from "../../src/channels/types.ts";

export { DEMO_CELLS, DEMO_COMMITTEE };

export interface Harness {
  t: TestDb;
  local: LocalChannel;
  clock: { now: Date };
  services: EngineServices;
  /** Send a line as a local user and return what the bot answered to it. */
  say(userId: string, text: string): Promise<string[]>;
  /** Press a (Telegram-style) button value. */
  choose(userId: string, value: string): Promise<string[]>;
  memberId(name: string): Promise<string>;
  /** Link a member to a LOCAL identity "local-<given>" the quick way (through a real invite code). */
  link(name: string, userId?: string, platform?: Platform): Promise<string>;
  close(): Promise<void>;
}

export async function createHarness(
  options: {
    now?: Date;
    services?: EngineServices;
    /**
     * Run on an existing test database (e.g. another harness's `t`) instead of a fresh seeded one:
     * a new engine and local channel on the same data, like a restarted process. close() then
     * leaves the database to its owner.
     */
    reuse?: TestDb;
  } = {},
): Promise<Harness> {
  const t = options.reuse ?? (await createTestDb());
  const clock = { now: options.now ?? new Date("2026-11-20T03:00:00Z") };
  if (!options.reuse) await seedDemo(t.db, { year: clock.now.getUTCFullYear() });
  const services: EngineServices = options.services ?? {};
  const engine = createEngine({ db: t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", services, now: () => clock.now });
  const local = new LocalChannel();
  await local.start(createInboundHandler({ db: t.db, engine, adapter: local, log: silentLogger }));

  const collect = async (fn: () => Promise<void>) => {
    const before = local.transcript.length;
    await fn();
    return local.transcript.slice(before).map((o) => o.rendered);
  };
  const h: Harness = {
    t,
    local,
    clock,
    services,
    say: (userId, text) => collect(() => local.say(userId, text)),
    choose: (userId, value) => collect(() => local.say(userId, "", { kind: "choice", choice: value })),
    async memberId(name) {
      const found = await findMembersByName(t.db, name);
      if (found.length !== 1) throw new Error(`expected one member named ${name}, found ${found.length}`);
      return found[0]!.id;
    },
    async link(name, userId, platform = "LOCAL") {
      const id = await h.memberId(name);
      const { code } = await createInvite(t.db, id, null, clock.now);
      const uid = userId ?? `local-${name}`;
      if (platform === "LOCAL") {
        await local.say(uid, code);
      } else {
        await t.db.identity.create({ data: { platform, externalUserId: uid, chatId: uid, memberId: id } });
      }
      return uid;
    },
    async close() {
      await local.stop();
      if (!options.reuse) await t.drop();
    },
  };
  return h;
}

/**
 * Twenty former (LEFT) members of `ofMemberId`'s cell named `fullName`, with ids that sort before
 * every cuid so that a search in id order meets them first; returns what removes them again.
 */
export async function addFormerNamesakes(h: Harness, ofMemberId: string, fullName: string, searchName: string): Promise<() => Promise<void>> {
  const { unitId } = await h.t.db.member.findUniqueOrThrow({ where: { id: ofMemberId } });
  const former = Array.from({ length: 20 }, (_, i) => ({ id: `a-left-${String(i).padStart(2, "0")}`, unitId, fullName, searchName, status: "LEFT" as const }));
  await h.t.db.member.createMany({ data: former });
  return async () => {
    await h.t.db.member.deleteMany({ where: { id: { in: former.map((f) => f.id) } } });
  };
}
