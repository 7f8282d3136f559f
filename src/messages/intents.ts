// Answers to plain text outside a flow that is not a question the bot can route: a greeting, thanks,
// or text it did not understand (with the likeliest commands).
import { Address, address } from "./common.ts";
import { COMMAND_LINES } from "./linking.ts";
import type { CommandName, Intent } from "../domain/intents.ts";

export const intentMsg = {
  greeting: (fullName: string) =>
    [
      `Chào ${address(fullName)}! Bot có thể giúp đồng chí:`,
      COMMAND_LINES.dangky,
      COMMAND_LINES.danhgia,
      COMMAND_LINES.lich,
      "Gõ /trogiup để xem tất cả.",
    ].join("\n"),
  thanks: (fullName: string) => `Không có gì ạ. ${Address(fullName)} cần gì cứ nhắn, hoặc gõ /trogiup để xem các việc có thể làm.`,
  suggest: (suggestions: readonly CommandName[]) =>
    ["Bot chưa hiểu ý đồng chí. Có phải đồng chí muốn:", ...suggestions.map((c) => COMMAND_LINES[c]), "Hoặc gõ /trogiup để xem tất cả."].join("\n"),
};

/** The reply to text that is not a command the engine runs. */
export function intentReply(intent: Intent, fullName: string): string {
  switch (intent.kind) {
    case "greeting":
      return intentMsg.greeting(fullName);
    case "thanks":
      return intentMsg.thanks(fullName);
    case "unknown":
      return intentMsg.suggest(intent.suggestions);
    case "command":
      return intentMsg.suggest([intent.command]);
  }
}
