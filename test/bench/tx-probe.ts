import pg from "pg";
import { openBenchDb } from "./support.ts";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { findIdentity } from "../../src/db/identities.ts";
const bench = await openBenchDb({ poolSize: 40 });
await seedDemo(bench.db, { year: 2026 });
const db = bench.db;
const anyMember = await db.member.findFirstOrThrow({ where: { role: "MEMBER" } });
const member = await db.member.create({ data: { unitId: anyMember.unitId, fullName: `Đảng viên x`, searchName: `dang vien x` } });
await db.identity.create({ data: { platform: "TELEGRAM", externalUserId: "555", chatId: "555", memberId: member.id } });
async function time(name: string, n: number, conc: number, f: () => Promise<unknown>) {
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  let i = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (i++ < n) await f(); }));
  const ms = Date.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(name.padEnd(20), `wall ${(ms / n).toFixed(2)} ms/op`, `cpu ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms/op`);
}
const pool = new pg.Pool({ connectionString: bench.url, max: 40 });
for (let round = 0; round < 2; round++) {
  await time("pg select", 500, 8, () => pool.query("SELECT 1"));
  await time("raw select", 500, 8, () => db.$queryRaw`SELECT 1`);
  await time("raw findIdentity", 500, 8, () => db.$queryRaw`SELECT i.*, row_to_json(m) AS member FROM "Identity" i JOIN "Member" m ON m.id = i."memberId" WHERE i.platform='TELEGRAM' AND i."externalUserId"='555'`);
  await time("findUnique", 500, 8, () => db.member.findUnique({ where: { id: member.id } }));
  await time("findIdentity incl", 500, 8, () => findIdentity(db, "TELEGRAM", "555"));
  await time("updateMany", 500, 8, () => db.member.updateMany({ where: { id: member.id }, data: { fullName: "x" } }));
  await time("tx empty", 300, 8, () => inTransaction(db, async () => 1));
}
await pool.end();
await bench.drop();
process.exit(0);
