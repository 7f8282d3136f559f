// Benchmark: building digests (src/db/digest-loader.ts → src/domain/digest/) for a 50-member cell
// and for committees of 1,000 and 10,000 members (200 cells of 50), each with a year of history:
// registrations with three items, 12 monthly self-assessments with per-item progress, chi ủy
// comments, exemplars, collective items, an upcoming meeting per cell.
// Target: under 1 s for 10,000 members, and 10× the members costing at most ~10×.
//   npm run bench -- digest [--runs=5]
import { loadCellDigests, loadRollup } from "../../src/db/digest-loader.ts";
import { renderCellDigest, renderRollup } from "../../src/messages/digest.ts";
import { generateParty } from "./data.ts";
import { intArg, openBenchDb, seconds } from "./support.ts";

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: JIT, Prisma's query plans, PostgreSQL's caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function run(args: Record<string, string>): Promise<string> {
  const runs = intArg(args, "runs", 5);
  const now = new Date("2026-12-20T03:00:00Z");
  const bench = await openBenchDb();
  try {
    const started = Date.now();
    const party = await generateParty(bench.sql, {
      now,
      history: true,
      meetings: true,
      committees: [
        { key: "k1", name: "Đảng bộ 1.000 đảng viên", cells: 20, membersPerCell: 50 },
        { key: "k10", name: "Đảng bộ 10.000 đảng viên", cells: 200, membersPerCell: 50 },
      ],
    });
    console.log(`digest: generated in ${seconds(Date.now() - started)} s: ${JSON.stringify(party.rows)}`);
    const small = party.committees.k1!;
    const large = party.committees.k10!;
    const cellId = small.cellIds[0]!;

    const cell = await median(runs, () => loadCellDigests(bench.db, [cellId], now));
    const k1 = await median(runs, () => loadRollup(bench.db, small.id, now));
    const k10 = await median(runs, () => loadRollup(bench.db, large.id, now));

    // Sanity: the digests are real, and rendering them is cheap next to loading.
    const [digest] = await loadCellDigests(bench.db, [cellId], now);
    const rollup = (await loadRollup(bench.db, large.id, now))!;
    const renderStarted = performance.now();
    const cellText = renderCellDigest(digest!);
    const rollupText = renderRollup(rollup);
    const render = performance.now() - renderStarted;
    console.log(`  cell of 50: ${cellText.length} characters; roll-up of ${rollup.cells.length} cells: ${rollupText.length} characters; rendering both ${render.toFixed(0)} ms`);
    console.log(`  median of ${runs} runs after a warm-up`);
    return `digest: cell50=${cell.toFixed(0)}ms committee1000=${k1.toFixed(0)}ms committee10000=${k10.toFixed(0)}ms scale10x=${(k10 / k1).toFixed(1)}x target=<1000ms,<=~10x`;
  } finally {
    await bench.drop();
  }
}
