// Benchmark: importing a 10,000-member list (CSV and XLSX) into an empty cell, then the same list
// with every row changed: the preview (decode, parse, plan against the cell) and the confirmed
// import through the real BullMQ worker (one transaction), and the peak memory of refusing an XLSX
// bomb (400 MB of zeros in a sub-megabyte file whose headers lie).
//   npm run bench -- import [--rows=10000]
import { createDeflateRaw } from "node:zlib";
import ExcelJS from "exceljs";
import { Queue } from "bullmq";
import { createRedis } from "../../src/redis.ts";
import { silentLogger } from "../../src/log.ts";
import { ensureUnit } from "../../src/db/units.ts";
import { createStagedImport, confirmStagedImport } from "../../src/db/member-imports.ts";
import { prepareImport } from "../../src/import/import-members.ts";
import { parseMembersFile } from "../../src/import/members-file.ts";
import { checkXlsxSize } from "../../src/import/xlsx-guard.ts";
import { createMemberImportQueue, createMemberImportWorker, enqueueMemberImport, type MemberImportJob } from "../../jobs/member-import.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { intArg, openBenchDb, seconds } from "./support.ts";

function listRows(n: number, position: string): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < n; i++)
    rows.push([
      `Nguyễn Thị Thử ${i.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)))}`,
      position,
      "Đảng viên",
      `097${String(i).padStart(7, "0")}`,
      "Đang sinh hoạt",
    ]);
  return rows;
}

const HEADER = ["Họ và tên", "Chức vụ", "Vai trò", "Số điện thoại", "Trạng thái"];

async function bombPeakMb(): Promise<number> {
  const parts: Buffer[] = [];
  await new Promise<void>((resolve) => {
    const z = createDeflateRaw({ level: 9 });
    z.on("data", (c: Buffer) => parts.push(c));
    z.on("end", resolve);
    const mb = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 400; i++) z.write(mb);
    z.end();
  });
  const data = Buffer.concat(parts);
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(1024, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1024, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  const bomb = Buffer.concat([local, name, data, central, name, end]);
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const result = await checkXlsxSize(bomb);
  clearInterval(timer);
  if (result.ok) throw new Error("the bomb was accepted");
  console.log(
    `import: XLSX bomb of ${(bomb.length / 1024).toFixed(0)} KB (400 MB unpacked) refused; RSS ${(base / 1e6).toFixed(0)} MB → peak ${(peak / 1e6).toFixed(0)} MB`,
  );
  return (peak - base) / 1024 / 1024;
}

export async function run(args: Record<string, string>): Promise<string> {
  const n = intArg(args, "rows", 10_000);
  const bench = await openBenchDb();
  const prefix = uniquePrefix("bench_import");
  const redis = createRedis(TEST_REDIS_URL);
  const queue: Queue<MemberImportJob> = createMemberImportQueue(redis, prefix);
  const worker = createMemberImportWorker({ db: bench.db, log: silentLogger, redisUrl: TEST_REDIS_URL, prefix });
  try {
    const unit = await ensureUnit(bench.db, { name: "Chi bộ 10.000 đảng viên", kind: "CELL" });
    const actor = await bench.db.member.create({ data: { unitId: unit.id, fullName: "Bí Thư Chạy Thử", searchName: "bi thu chay thu", role: "SECRETARY" } });

    const pass = async (label: string, fileName: string, bytes: Buffer) => {
      let t = performance.now();
      const file = await parseMembersFile(fileName, bytes);
      const { preview, rows } = await prepareImport(bench.db, unit, { fileName, encoding: file.encoding, rows: file.rows });
      const previewMs = performance.now() - t;
      if (preview.blocked) throw new Error(`blocked: ${JSON.stringify(preview.errors.slice(0, 3))}`);
      const id = await createStagedImport(bench.db, {
        unitId: unit.id,
        actorId: actor.id,
        fileName,
        encoding: file.encoding,
        rows,
        preview,
        planHash: preview.hash,
      });
      t = performance.now();
      await confirmStagedImport(bench.db, unit.id, id, actor.id);
      await enqueueMemberImport(queue, id);
      for (;;) {
        const row = await bench.db.memberImport.findUniqueOrThrow({ where: { id } });
        if (row.status === "DONE") break;
        if (row.status === "FAILED") throw new Error(row.error ?? "failed");
        await new Promise((r) => setTimeout(r, 20));
      }
      const applyMs = performance.now() - t;
      console.log(
        `import: ${label}: preview ${seconds(previewMs)} s (${preview.adds.length} to add, ${preview.updates.length} to update), confirmed import ${seconds(applyMs)} s`,
      );
      return { previewMs, applyMs };
    };

    const csv = (position: string) => Buffer.from([HEADER, ...listRows(n, position)].map((r) => r.join(",")).join("\r\n"), "utf8");
    const add = await pass(`${n} new rows (CSV)`, "ds.csv", csv("Chuyên viên"));
    const upd = await pass(`${n} changed rows (CSV)`, "ds.csv", csv("Chuyên viên chính"));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("DS");
    ws.addRow(HEADER);
    for (const r of listRows(n, "Kế toán")) ws.addRow(r);
    const xlsx = await pass(`${n} changed rows (XLSX)`, "ds.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    const bomb = await bombPeakMb();
    return `import ${n} rows: add preview ${seconds(add.previewMs)} s + import ${seconds(add.applyMs)} s; update preview ${seconds(upd.previewMs)} s + import ${seconds(upd.applyMs)} s; XLSX update preview ${seconds(xlsx.previewMs)} s + import ${seconds(xlsx.applyMs)} s; XLSX bomb peak +${bomb.toFixed(0)} MB`;
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect();
    await bench.drop();
  }
}
