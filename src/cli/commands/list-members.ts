// npm run cli -- list-members [--unit "<name>"] [--json]
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import { unitFromArg } from "../unit-arg.ts";
import { listMembers } from "../../db/members.ts";
import { MEMBER_STATUS_LABELS, ROLE_LABELS } from "../../messages/dashboard.ts";
import { formatTable } from "../table.ts";

const PLATFORM_LABELS: Record<string, string> = { TELEGRAM: "Telegram", ZALO: "Zalo", LOCAL: "Máy cục bộ" };

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { unit: { type: "string" }, json: { type: "boolean" } } });
  const db = await ctx.db();
  let unitId: string | undefined;
  if (values.unit) {
    const unit = await unitFromArg(db, values.unit, ctx);
    if (!unit) return 1;
    unitId = unit.id;
  }
  const members = await listMembers(db, unitId ? { unitId } : {});
  if (values.json) {
    ctx.out(JSON.stringify(members, null, 2));
    return 0;
  }
  if (members.length === 0) {
    ctx.out("Chưa có đảng viên nào.");
    return 0;
  }
  const rows = members.map((m) => [
    m.fullName,
    ROLE_LABELS[m.role] ?? m.role,
    MEMBER_STATUS_LABELS[m.status] ?? m.status,
    m.phone ?? "",
    m.unit,
    m.linked.map((p) => PLATFORM_LABELS[p] ?? p).join(", "),
  ]);
  for (const line of formatTable(["Họ tên", "Vai trò", "Trạng thái", "Điện thoại", "Đơn vị", "Đã liên kết"], rows)) ctx.out(line);
  ctx.out(`${members.length} đảng viên.`);
  return 0;
}
