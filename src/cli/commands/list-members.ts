// npm run cli -- list-members [--unit "<name>"] [--json]
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import { findUnitByName } from "../../db/units.ts";
import { listMembers } from "../../db/members.ts";

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { unit: { type: "string" }, json: { type: "boolean" } } });
  const db = await ctx.db();
  let unitId: string | undefined;
  if (values.unit) {
    const unit = await findUnitByName(db, values.unit);
    if (!unit) {
      ctx.err(`Không có đơn vị "${values.unit}".`);
      return 1;
    }
    unitId = unit.id;
  }
  const members = await listMembers(db, unitId ? { unitId } : {});
  if (values.json) {
    ctx.out(JSON.stringify(members, null, 2));
  } else {
    for (const m of members) ctx.out(`${m.fullName}\t${m.role}\t${m.status}\t${m.phone ?? ""}\t${m.unit}\t${m.linked.join(",")}`);
  }
  return 0;
}
