// Agreement of the coach (and so of the registration reader, which uses the same judgement) with
// the hand-labelled sets in test/fixtures/coach. The held-out set was never used for tuning.
import { describe, expect, it } from "vitest";
import { readItem } from "../../src/domain/registration-reader/index.ts";
import { fold } from "../../src/domain/text.ts";
import { analyzeCommitment, textSimilarity } from "../../src/domain/vagueness.ts";
import { agreement, loadCoachSet } from "../support/coach-sets.ts";

const tune = loadCoachSet("tune");
const heldOut = loadCoachSet("heldout");

function report(name: string, a: ReturnType<typeof agreement>): string {
  return [
    `${name}: ${a.agreed}/${a.total}`,
    `false positives (concrete judged vague): ${a.falsePositives.length}`,
    ...a.falsePositives.map((t) => `  FP ${t}`),
    `false negatives (vague let through): ${a.falseNegatives.length}`,
    ...a.falseNegatives.map((t) => `  FN ${t}`),
  ].join("\n");
}

describe("coach agreement with the labelled sets", () => {
  it("the sets are large, mixed and do not overlap", () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(150);
    expect(tune.length + heldOut.length).toBeGreaterThanOrEqual(200);
    for (const set of [tune, heldOut]) {
      expect(set.filter((r) => r.label === "vague").length).toBeGreaterThan(set.length / 4);
      expect(set.filter((r) => r.label === "concrete").length).toBeGreaterThan(set.length / 4);
    }
    for (const h of heldOut) for (const t of tune) expect(textSimilarity(h.text, t.text), h.text).toBeLessThan(0.8);
  });

  // Measured once, before any rule change after it was written: 151/155 (97.4%), 4 concrete items
  // judged vague, no vague item let through. See test/fixtures/coach/README.md for the two earlier
  // held-out sets that became tuning data.
  it("agrees with at least 97% of the held-out set", () => {
    const a = agreement(heldOut, (text) => analyzeCommitment(text).verdict);
    expect(a.rate, report("held-out", a)).toBeGreaterThanOrEqual(0.97);
  });

  it("agrees with at least 97% of the tuning set", () => {
    const a = agreement(tune, (text) => analyzeCommitment(text).verdict);
    expect(a.rate, report("tune", a)).toBeGreaterThanOrEqual(0.97);
  });

  it("the reader gives the coach's verdict on every item, typed with or without diacritics", () => {
    for (const row of [...tune, ...heldOut]) {
      const verdict = analyzeCommitment(row.text).verdict;
      expect(readItem(row.text).verdict, row.text).toBe(verdict);
      expect(analyzeCommitment(fold(row.text)).verdict, `folded: ${row.text}`).toBe(verdict);
    }
  });
});
