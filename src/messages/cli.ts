// Vietnamese texts of the admin command line that are not help pages (those are src/cli/help.ts):
// verdict words, refusals of a badly typed command, and short confirmations.

const HELP_HINT = (command: string) => `Xem: npm run cli -- ${command} --help`;

/** How `check-commitment` and `parse-registration` name a verdict to the operator. */
export const VERDICT_LABELS: Readonly<Record<"concrete" | "vague", string>> = { concrete: "cụ thể", vague: "chung chung" };

/** 0.85 → "0,85": a score as a Vietnamese reader writes decimals. */
export const cliScore = (score: number): string => score.toFixed(2).replace(".", ",");

export const cliMsg = {
  usage: (command: string, usage: string) => `Cách dùng: npm run cli -- ${usage}\n${HELP_HINT(command)}`,
  unknownOption: (command: string, option: string) => `Lệnh ${command} không có tùy chọn ${option}. ${HELP_HINT(command)}`,
  missingValue: (command: string, option: string) => `Tùy chọn ${option} cần một giá trị, ví dụ ${option} "…". ${HELP_HINT(command)}`,
  noValue: (command: string, option: string) => `Tùy chọn ${option} không nhận giá trị. ${HELP_HINT(command)}`,
  // The usual cause is a name with spaces typed without quotes (--unit chi bo khu pho 4).
  unexpectedArgument: (command: string, arg: string) => `Lệnh ${command} không nhận “${arg}”: tên có dấu cách phải đặt trong ngoặc kép. ${HELP_HINT(command)}`,
  badOptions: (command: string) => `Tùy chọn chưa đúng. ${HELP_HINT(command)}`,
  noItems: "(không có việc nào)",
  skippedAfterThird: (n: number) => `(bỏ qua ${n} việc sau việc thứ 3)`,
  migrated: "Cơ sở dữ liệu đã được cập nhật.",
};

/**
 * One Vietnamese line for an error of node:util's parseArgs (its messages are English), or null
 * for any other error. The option or argument is taken from the quoted part of the message.
 */
export function cliArgsError(command: string, error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_") || !(error instanceof Error)) return null;
  const quoted = /'([^']*)'/.exec(error.message)?.[1]?.replace(/ <value>$/, "");
  if (!quoted) return cliMsg.badOptions(command);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return cliMsg.unknownOption(command, quoted);
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return cliMsg.unexpectedArgument(command, quoted);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take/.test(error.message) ? cliMsg.noValue(command, quoted) : cliMsg.missingValue(command, quoted);
  }
  return cliMsg.badOptions(command);
}
