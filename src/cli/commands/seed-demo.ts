// npm run cli -- seed-demo
import type { CliContext } from "../context.ts";
import { seedDemo, DEMO_COMMITTEE, DEMO_CELLS } from "../../../prisma/seed-demo.ts";

export async function run(_args: string[], ctx: CliContext): Promise<number> {
  const db = await ctx.db();
  await seedDemo(db, { year: ctx.now().getFullYear() });
  ctx.out(`Đã tạo dữ liệu mẫu: ${DEMO_COMMITTEE} với ${DEMO_CELLS.join(", ")}.`);
  return 0;
}
