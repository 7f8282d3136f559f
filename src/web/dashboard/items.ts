// How a registered item reads on the dashboard: categories in one fixed order, the measure and
// the timeframe only when the member actually stated them, and the vagueness flag without the
// reasons the member has since answered (no "chưa có thời hạn" under a stated timeframe).
import { html, type SafeHtml } from "./html.ts";
import { fold } from "../../domain/text.ts";
import { CATEGORIES } from "../../domain/vocabulary.ts";
import { categoryLabel, parseVagueReasons, type CategoryValue } from "../../messages/committee.ts";
import { vaguenessFlag } from "../../messages/vagueness.ts";

/** Học tập, làm theo, nêu gương: the order of the movement's name, on every item. */
export const CATEGORY_ORDER: readonly CategoryValue[] = CATEGORIES;

// What members type when they have nothing to say: "không", "chưa có", "-".
const NOTHING = new Set(["", "-", "--", ".", "k", "ko", "khong", "khong co", "chua", "chua co", "chua xac dinh", "khong ro", "none", "n/a"]);

/** The text when it says something, else null ("không", "chưa có" and blanks say nothing). */
export function stated(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const t = text.trim();
  return NOTHING.has(
    fold(t)
      .toLowerCase()
      .replace(/[.!]+$/, "")
      .trim(),
  )
    ? null
    : t;
}

/** "Học tập + Làm theo" with the categories always in CATEGORY_ORDER. */
export function orderedCategoryLabel(category: string, categories: readonly string[] = []): string {
  const all = [...new Set([category, ...categories])].filter((c): c is CategoryValue => (CATEGORY_ORDER as readonly string[]).includes(c));
  all.sort((a, b) => CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b));
  return all.length === 0 ? category : categoryLabel(all[0]!, all);
}

export interface ItemView {
  category: string;
  categories?: readonly string[];
  text: string;
  measure?: string | null;
  timeframe?: string | null;
  shortcoming?: string | null;
  vagueVerdict?: string | null;
  vagueReasons?: unknown;
  vagueKept?: boolean;
}

/** The vagueness flag, or null: reasons about a missing measure or timeframe drop once one is stated. */
export function itemFlag(i: ItemView): string | null {
  if (i.vagueVerdict !== "vague" && !i.vagueKept) return null;
  const all = parseVagueReasons(i.vagueReasons);
  const left = all.filter((r) => !(r.code === "NO_MEASURE" && stated(i.measure)) && !(r.code === "NO_TIMEFRAME" && stated(i.timeframe)));
  if (all.length > 0 && left.length === 0) return null;
  return `${vaguenessFlag(left)}${i.vagueKept ? " (đảng viên giữ nguyên)" : ""}`;
}

/** "Đo bằng: 4 bài · Thời hạn: mỗi quý", only what was stated; null when neither was. */
export function itemDetails(i: ItemView): string | null {
  const parts = [stated(i.measure) ? `Đo bằng: ${stated(i.measure)}` : "", stated(i.timeframe) ? `Thời hạn: ${stated(i.timeframe)}` : ""].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** One item as a list entry's content: category, text, details, shortcoming and flag. */
export function itemBody(i: ItemView, o: { withCategory?: boolean } = {}): SafeHtml {
  const details = itemDetails(i);
  const flag = itemFlag(i);
  return html`${o.withCategory === false ? "" : html`<span class="cat">${orderedCategoryLabel(i.category, i.categories ?? [])}</span> `}${i.text}
  ${details ? html`<div class="muted">${details}</div>` : ""}
  ${stated(i.shortcoming) ? html`<div class="muted">Khắc phục: ${stated(i.shortcoming)}</div>` : ""}
  ${flag ? html`<div class="flag">⚠ ${flag}</div>` : ""}`;
}
