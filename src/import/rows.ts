// From a file's rows to what the import plan needs: each cell cleaned (cleanShortText; a NUL refuses the row), free text
// masked (personal numbers must not be stored), then validated (domain/member-row.ts).
import { parseMemberRow, MEMBER_COLUMNS } from "../domain/member-row.ts";
import type { RowOutcome } from "../domain/member-import-plan.ts";
import { maskSensitiveNumbers } from "../domain/sensitive.ts";
import { hasNul } from "./hygiene.ts";
import { cleanShortText } from "../domain/text.ts";
import type { FileRow } from "./members-file.ts";

const COLUMN_NAMES: Record<string, string> = {
  ho_ten: "Họ và tên",
  chuc_vu: "Chức vụ",
  vai_tro: "Vai trò",
  so_dien_thoai: "Số điện thoại",
  trang_thai: "Trạng thái",
};

// Free-text columns: a CCCD or party card number typed into "chức vụ" is masked like anywhere else.
const FREE_TEXT = new Set(["chuc_vu"]);

export interface CheckedRows {
  rows: RowOutcome[];
  /** Lines where a personal number was masked. */
  masked: number[];
}

export function checkRows(fileRows: readonly FileRow[]): CheckedRows {
  const masked: number[] = [];
  const rows = fileRows.map((row): RowOutcome => {
    const nul = MEMBER_COLUMNS.find((c) => hasNul(row.values[c] ?? ""));
    if (nul) return { line: row.line, error: `cột ${COLUMN_NAMES[nul]} có ký tự NUL (tệp bị hỏng hoặc lưu sai dạng)` };
    const values: Record<string, string> = {};
    let hidden = false;
    for (const [column, raw] of Object.entries(row.values)) {
      let text = cleanShortText(raw);
      if (FREE_TEXT.has(column)) {
        const m = maskSensitiveNumbers(text);
        text = m.text;
        hidden ||= m.masked;
      }
      values[column] = text;
    }
    if (hidden) masked.push(row.line);
    const parsed = parseMemberRow(values);
    return parsed.ok ? { line: row.line, member: parsed.member } : { line: row.line, error: parsed.error };
  });
  return { rows, masked };
}
