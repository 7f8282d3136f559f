// npm run cli -- digest --unit "<name>" [--format text|json|xlsx] [--out <file>]
// A cell gives its digest; a party committee gives the roll-up of its cells (numbers only).
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import { unitFromArg } from "../unit-arg.ts";
import { loadCellDigest, loadRollup } from "../../db/digest-loader.ts";
import { digestToJson, rollupToJson } from "../../domain/digest-export.ts";
import { digestToXlsx, rollupToXlsx } from "../../exports/index.ts";
import { unitWithParent } from "../../db/units.ts";
import { renderCellDigest, renderRollup } from "../../messages/digest.ts";

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { unit: { type: "string" }, format: { type: "string", default: "text" }, out: { type: "string" } } });
  const format = values.format ?? "text";
  if (!values.unit || !["text", "json", "xlsx"].includes(format)) {
    ctx.err('Cách dùng: npm run cli -- digest --unit "<tên đơn vị>" [--format text|json|xlsx] [--out <tệp>]');
    return 2;
  }
  const db = await ctx.db();
  const unit = await unitFromArg(db, values.unit, ctx);
  if (!unit) return 1;
  const now = ctx.now();
  const dashboardUrl = ctx.config.dashboardUrl;
  let output: string | Buffer;
  if (unit.kind === "CELL") {
    const digest = (await loadCellDigest(db, unit.id, now))!;
    output =
      format === "json"
        ? JSON.stringify(digestToJson(digest), null, 2)
        : format === "xlsx"
          ? await digestToXlsx(digest, { committee: (await unitWithParent(db, unit.id))?.parentName ?? null })
          : renderCellDigest(digest, { dashboardUrl, limit: 100_000 });
  } else {
    const rollup = (await loadRollup(db, unit.id, now))!;
    output =
      format === "json"
        ? JSON.stringify(rollupToJson(rollup), null, 2)
        : format === "xlsx"
          ? await rollupToXlsx(rollup)
          : renderRollup(rollup, { dashboardUrl, limit: 100_000 });
  }
  if (values.out) {
    await writeFile(values.out, output);
    ctx.err(`Đã ghi ${values.out}.`);
  } else if (Buffer.isBuffer(output)) {
    ctx.stdout.write(output);
  } else {
    ctx.out(output);
  }
  return 0;
}
