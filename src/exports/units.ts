// How the unit tree is written on a document: the XLSX title line, the party-document header
// (ĐẢNG BỘ … / CHI BỘ …) and the place before the date line.
import { inZone } from "../domain/dates.ts";

/** The cell and its committee as written on a document; committee is null for a top unit. */
export interface DocumentUnit {
  /** The unit the document is about (a cell, or the committee for a roll-up). */
  name: string;
  /** The unit above it (đảng bộ), when there is one. */
  parentName: string | null;
  /** The place written before the date line; null: taken from the unit names. */
  place: string | null;
  timeZone: string;
}

const PREFIXES: ReadonlyArray<[RegExp, string]> = [
  [/^đảng bộ\s+/i, "ĐẢNG BỘ"],
  [/^đảng ủy\s+/i, "ĐẢNG ỦY"],
  [/^đảng uỷ\s+/i, "ĐẢNG ỦY"],
  [/^chi bộ\s+/i, "CHI BỘ"],
];

/** "Phường An Phú" → "ĐẢNG BỘ PHƯỜNG AN PHÚ"; a name that already says what it is keeps it. */
export function headerName(name: string, fallbackPrefix: "ĐẢNG BỘ" | "CHI BỘ"): string {
  const upper = name.trim().toLocaleUpperCase("vi");
  return PREFIXES.some(([re]) => re.test(name.trim())) ? upper : `${fallbackPrefix} ${upper}`;
}

/** The left header of a party document: the committee's line (when known) then the cell's. */
export function headerLines(unit: Pick<DocumentUnit, "name" | "parentName">): string[] {
  return unit.parentName ? [headerName(unit.parentName, "ĐẢNG BỘ"), headerName(unit.name, "CHI BỘ")] : [headerName(unit.name, "ĐẢNG BỘ")];
}

/** One line for a spreadsheet's title block: "Đảng bộ … · Chi bộ …". */
export function unitLine(name: string, parentName: string | null): string {
  return parentName ? `${parentName} · ${name}` : name;
}

/** The place before the date: the configured one, else the committee's locality ("Phường An Phú"). */
export function placeOf(unit: DocumentUnit): string {
  if (unit.place?.trim()) return unit.place.trim();
  const source = unit.parentName ?? unit.name;
  const locality = source
    .replace(/\s*\([^)]*\)\s*$/, "")
    .replace(/^(đảng bộ|đảng ủy|đảng uỷ|chi bộ)\s+/i, "")
    .trim();
  return locality || "……";
}

/** "An Phú, ngày 05 tháng 01 năm 2026": the date line of a party document, in the unit's zone. */
export function dateLine(unit: DocumentUnit, at: Date): string {
  const d = inZone(at, unit.timeZone);
  return `${placeOf(unit)}, ngày ${d.toFormat("dd")} tháng ${d.toFormat("MM")} năm ${d.toFormat("yyyy")}`;
}
