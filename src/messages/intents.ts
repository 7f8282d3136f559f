// Answers to plain text outside a flow that is not a question the bot can route: a greeting, thanks,
// or text it did not understand (with the likeliest commands).
import { Address, address } from "./common.ts";
import { commandLine } from "./linking.ts";
import type { CommandName, Intent } from "../domain/intents.ts";

export const intentMsg = {
  /** `year`: the year /dangky registers for first (see commandLine). */
  greeting: (fullName: string, year: number) =>
    [
      `Chào ${address(fullName)}! Bot có thể giúp đồng chí:`,
      commandLine("dangky", year),
      commandLine("danhgia", year),
      commandLine("lich", year),
      "Gõ /trogiup để xem tất cả.",
    ].join("\n"),
  thanks: (fullName: string) => `Không có gì ạ. ${Address(fullName)} cần gì cứ nhắn, hoặc gõ /trogiup để xem các việc có thể làm.`,
  /** "ok", "vâng", "👍" outside a conversation: nothing to do, and no list of commands to read. */
  ack: () => "Dạ, cảm ơn đồng chí.",
  /** Nothing typed to the bot reaches the secretary: said, so that an excuse is not thought given. */
  forSecretary: () =>
    "Bot không chuyển tin nhắn này tới bí thư. Việc xin vắng hay báo có mặt, đồng chí báo trực tiếp cho bí thư chi bộ (gọi điện hoặc nhắn riêng) nhé.",
  suggest: (suggestions: readonly CommandName[], year: number) =>
    ["Bot chưa hiểu ý đồng chí. Có phải đồng chí muốn:", ...suggestions.map((c) => commandLine(c, year)), "Hoặc gõ /trogiup để xem tất cả."].join("\n"),
};

/** The reply to text that is not a command the engine runs; `year` as for intentMsg.greeting. */
export function intentReply(intent: Intent, fullName: string, year: number): string {
  switch (intent.kind) {
    case "greeting":
      return intentMsg.greeting(fullName, year);
    case "thanks":
      return intentMsg.thanks(fullName);
    case "ack":
      return intentMsg.ack();
    case "forSecretary":
      return intentMsg.forSecretary();
    case "unknown":
      return intentMsg.suggest(intent.suggestions, year);
    case "command":
      return intentMsg.suggest([intent.command], year);
  }
}
