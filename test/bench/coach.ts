// npm run bench -- coach
// Agreement of the vagueness coach (and the registration reader, which shares its judgement) with
// the hand-labelled sets in test/fixtures/coach: tune and held-out, false positives (concrete
// items judged vague) and false negatives (vague items let through) apart; then how often the
// reader finds a measure and a timeframe where the label has one, and the main content.
// Needs no database or Redis.
import { readItem } from "../../src/domain/registration-reader/index.ts";
import { analyzeCommitment } from "../../src/domain/vagueness.ts";
import { agreement, loadCoachSet, type CoachSetName } from "../support/coach-sets.ts";

function pct(n: number, d: number): string {
  return d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`;
}

export async function run(args: Record<string, string>): Promise<string> {
  const verbose = args.verbose === "true" || args.verbose === "1";
  const summary: string[] = [];
  for (const name of ["tune", "heldout"] as CoachSetName[]) {
    const rows = loadCoachSet(name);
    const started = performance.now();
    const a = agreement(rows, (text) => analyzeCommitment(text).verdict);
    const ms = performance.now() - started;
    let measure = 0;
    let timeframe = 0;
    let category = 0;
    for (const row of rows) {
      const item = readItem(row.text);
      if ((row.measure === null) === (item.measure === null)) measure++;
      if ((row.timeframe === null) === (item.timeframe === null)) timeframe++;
      if (row.categories[0] === item.categories[0]) category++;
    }
    console.log(
      `${name.padEnd(8)} ${a.agreed}/${a.total} agree (${pct(a.agreed, a.total)}); ` +
        `FP concrete→vague ${a.falsePositives.length}, FN vague→concrete ${a.falseNegatives.length}; ` +
        `measure found/absent as labelled ${pct(measure, rows.length)}, timeframe ${pct(timeframe, rows.length)}, ` +
        `main content ${pct(category, rows.length)}; ${(ms / rows.length).toFixed(2)} ms/item`,
    );
    if (verbose) {
      for (const t of a.falsePositives) console.log(`  FP ${t}`);
      for (const t of a.falseNegatives) console.log(`  FN ${t}`);
    }
    summary.push(`${name} ${pct(a.agreed, a.total)} (FP ${a.falsePositives.length}, FN ${a.falseNegatives.length}, n=${a.total})`);
  }
  return `coach agreement: ${summary.join("; ")}`;
}
