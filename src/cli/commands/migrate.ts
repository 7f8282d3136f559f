// npm run db:migrate — migrations are applied when the database is opened.
import type { CliContext } from "../context.ts";
import { cliMsg } from "../../messages/cli.ts";

export async function run(_args: string[], ctx: CliContext): Promise<number> {
  await ctx.db();
  ctx.out(cliMsg.migrated);
  return 0;
}
