// npm run cli -- invite --member "<name>" [--unit "<name>"] [--json]
// → {"code","telegramLink","zaloText"}: a one-time code (hashed in the database, 7 days).
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import { findMembersByName } from "../../db/members.ts";
import { unitFromArg } from "../unit-arg.ts";
import { inviteMember } from "../../usecases/invite-member.ts";
import { formatDate } from "../../domain/dates.ts";
import { formatInviteCode } from "../../domain/invite-code.ts";
import { allSameName } from "../../domain/name-search.ts";
import { telegramDeepLink, zaloInviteText } from "../../messages/linking.ts";

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { member: { type: "string" }, unit: { type: "string" }, json: { type: "boolean" } } });
  if (!values.member) {
    ctx.err('Cách dùng: npm run cli -- invite --member "<họ tên>" [--unit "<tên chi bộ>"] [--json]');
    return 2;
  }
  const db = await ctx.db();
  let unitIds: string[] | undefined;
  if (values.unit) {
    const unit = await unitFromArg(db, values.unit, ctx);
    if (!unit) return 1;
    unitIds = [unit.id];
  }
  const found = await findMembersByName(db, values.member, unitIds ? { unitIds } : {});
  if (found.length !== 1) {
    ctx.err(
      found.length === 0
        ? `Không tìm thấy đảng viên "${values.member}".`
        : `Có ${found.length} người ${allSameName(found.map((m) => m.fullName)) ? "trùng tên" : "có tên khớp"} (${found.map((m) => `${m.fullName} — ${m.unit.name}`).join("; ")}): thêm --unit.`,
    );
    return 1;
  }
  const member = found[0]!;
  const invited = await inviteMember({ db, now: ctx.now() }, { unitId: member.unitId, actorId: null, memberId: member.id, via: "cli" });
  if (invited.kind === "refused") {
    ctx.err(invited.reason);
    return 1;
  }
  const { code, expiresAt } = invited;
  const bot = ctx.config.TELEGRAM_BOT_USERNAME;
  const telegramLink = bot ? telegramDeepLink(bot, code) : null;
  if (values.json) {
    ctx.out(JSON.stringify({ code, telegramLink, zaloText: zaloInviteText(code), member: member.fullName, expiresAt: expiresAt.toISOString() }));
  } else {
    ctx.out(`Mã mời cho ${member.fullName}: ${formatInviteCode(code)} (hết hạn ${formatDate(expiresAt, ctx.config.DEFAULT_TIME_ZONE)})`);
    ctx.out(telegramLink ? `Telegram: ${telegramLink}` : "Telegram: gửi /start " + code + " cho bot (đặt TELEGRAM_BOT_USERNAME để có đường link).");
    ctx.out(`Zalo: ${zaloInviteText(code)}`);
  }
  return 0;
}
