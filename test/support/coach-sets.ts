// Loader for the labelled commitment sets in test/fixtures/coach (see the README there), shared by
// the agreement test and `npm run bench -- coach`.
import { readFileSync } from "node:fs";
import type { CommitmentCategory } from "../../src/domain/commitment-templates.ts";

export interface LabelledItem {
  label: "vague" | "concrete";
  categories: CommitmentCategory[];
  measure: string | null;
  timeframe: string | null;
  text: string;
}

export type CoachSetName = "tune" | "heldout";

const HEADER = "label\tcategories\tmeasure\ttimeframe\ttext";

export function loadCoachSet(name: CoachSetName): LabelledItem[] {
  const url = new URL(`../fixtures/coach/${name}.tsv`, import.meta.url);
  const [header, ...lines] = readFileSync(url, "utf8").split(/\r?\n/);
  if (header !== HEADER) throw new Error(`${name}.tsv: unexpected header ${header}`);
  return lines
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [label, categories, measure, timeframe, text] = line.split("\t");
      const cats = (categories ?? "").split(",").filter((c): c is CommitmentCategory => ["STUDY", "FOLLOW", "EXAMPLE"].includes(c));
      if ((label !== "vague" && label !== "concrete") || !text || cats.length === 0) throw new Error(`${name}.tsv: bad row ${line}`);
      return {
        label,
        categories: cats,
        measure: measure && measure !== "-" ? measure : null,
        timeframe: timeframe && timeframe !== "-" ? timeframe : null,
        text,
      };
    });
}

export interface Agreement {
  total: number;
  agreed: number;
  rate: number;
  /** Concrete items judged vague: they teach members to ignore the coach. */
  falsePositives: string[];
  /** Vague items let through. */
  falseNegatives: string[];
}

export function agreement(rows: readonly LabelledItem[], judge: (text: string) => "vague" | "concrete"): Agreement {
  const falsePositives: string[] = [];
  const falseNegatives: string[] = [];
  for (const row of rows) {
    const verdict = judge(row.text);
    if (verdict === row.label) continue;
    (row.label === "concrete" ? falsePositives : falseNegatives).push(row.text);
  }
  const agreed = rows.length - falsePositives.length - falseNegatives.length;
  return { total: rows.length, agreed, rate: rows.length === 0 ? 0 : agreed / rows.length, falsePositives, falseNegatives };
}
