// Benchmark: building digests (src/db/digest-loader.ts → src/domain/digest/) for a 50-member cell
// and for committees of 1,000 and 10,000 members (200 cells of 50), each with a year of history:
// registrations with three items, 12 monthly self-assessments with per-item progress, chi ủy
// comments, exemplars, collective items, an upcoming meeting per cell.
// Target: under 0.5 s for 10,000 members, and 10× the members costing at most ~10×. The machine
// may be shared: an anchor (a trivial query, and a fixed 1,000,000-row query) is timed in the same
// run, and every figure is given as median (min).
//   npm run bench -- digest [--runs=5]
import { loadCellDigests, loadRollup } from "../../src/db/digest-loader.ts";
import { renderCellDigest, renderRollup } from "../../src/messages/digest.ts";
import { generateParty } from "./data.ts";
import { intArg, openBenchDb, seconds } from "./support.ts";

/** Min and median of `runs` timed runs (ms), after one untimed warm-up (JIT, query plans, caches). */
async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ min: number; median: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { min: times[0]!, median: times[Math.floor(times.length / 2)]! };
}

const ms = (t: { min: number; median: number }) => `${t.median.toFixed(0)}ms(min ${t.min.toFixed(0)})`;

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

    // The anchor: fixed work measured in the same run, so that figures from a busier machine can
    // be judged.
    const select1 = await timed(runs, () => bench.sql.query("SELECT 1"));
    const series = await timed(runs, () => bench.sql.query("SELECT sum(i) FROM generate_series(1, 1000000) i"));
    const cell = await timed(runs, () => loadCellDigests(bench.db, [cellId], now));
    const k1 = await timed(runs, () => loadRollup(bench.db, small.id, now));
    const k10 = await timed(runs, () => loadRollup(bench.db, large.id, now));

    // Sanity: the digests are real, and rendering them is cheap next to loading.
    const [digest] = await loadCellDigests(bench.db, [cellId], now);
    const rollup = (await loadRollup(bench.db, large.id, now))!;
    const renderStarted = performance.now();
    const cellText = renderCellDigest(digest!);
    const rollupText = renderRollup(rollup);
    const render = performance.now() - renderStarted;
    console.log(
      `  cell of 50: ${cellText.length} characters; roll-up of ${rollup.cells.length} cells: ${rollupText.length} characters; rendering both ${render.toFixed(0)} ms`,
    );
    console.log(`  median (and min) of ${runs} runs after a warm-up`);
    return `digest: cell50=${ms(cell)} committee1000=${ms(k1)} committee10000=${ms(k10)} scale10x=${(k10.median / k1.median).toFixed(1)}x anchor: select1=${ms(select1)} series1M=${ms(series)} target=<500ms`;
  } finally {
    await bench.drop();
  }
}
