// Commands: "/dangky", "/dangky@ChiBoBot chibo", or (outside a flow) the words "đăng ký" / "dang ky" /
// "đăng kí", or the command's name typed without its "/" ("dangky").
// Plain questions outside a flow ("khi nào họp") are understood by domain/intents.ts.
import { fold, foldSpelling } from "../domain/text.ts";
import { isQuestionTail } from "../domain/intents.ts";
import { parseOnTrackChoice } from "../domain/assessment-rules.ts";

export interface CommandSpec {
  /** The slash command without "/", also the flow's name unless `flow` says otherwise. */
  name: string;
  /** Plain words (folded) that mean the same, accepted when no flow is active. */
  words: string[];
  flow: string;
  /**
   * Typed as a plain word, what may follow it (folded); absent: anything. "Nhắc các đồng chí nộp…"
   * is a sentence (a notice's text), not /nhac with arguments: only "nhắc" alone or "nhắc tắt" is.
   */
  wordArgs?: readonly string[];
}

/** /nhac's arguments: turn the optional reminders off, or on again. */
export const REMINDERS_OFF_WORDS: readonly string[] = ["tat", "off", "tat nhac", "khong", "dung"];
export const REMINDERS_ON_WORDS: readonly string[] = ["bat", "on", "bat nhac", "mo", "co"];

export const COMMANDS: CommandSpec[] = [
  { name: "start", words: ["bat dau"], flow: "start" },
  { name: "trogiup", words: ["tro giup", "giup", "help", "menu"], flow: "help" },
  { name: "huy", words: ["huy", "thoi"], flow: "cancel" },
  { name: "dangky", words: ["dang ky"], flow: "register" },
  { name: "danhgia", words: ["danh gia", "tu danh gia"], flow: "assess" },
  { name: "camket", words: ["cam ket", "so tu tu duong"], flow: "view" },
  { name: "lich", words: ["lich", "lich hop", "lich sinh hoat"], flow: "calendar" },
  { name: "kenh", words: ["kenh"], flow: "channel" },
  { name: "nhac", words: ["nhac", "nhac nho"], flow: "reminders", wordArgs: [...REMINDERS_OFF_WORDS, ...REMINDERS_ON_WORDS] },
  { name: "duyet", words: ["duyet"], flow: "approve" },
  { name: "nhanxet", words: ["nhan xet"], flow: "comment" },
  { name: "dienhinh", words: ["dien hinh"], flow: "exemplar" },
  { name: "thongbao", words: ["thong bao"], flow: "broadcast" },
  { name: "moi", words: ["moi", "ma moi"], flow: "invite" },
  { name: "baocao", words: ["bao cao"], flow: "digest" },
  { name: "nhom", words: [], flow: "group" },
  { name: "doilich", words: ["doi lich"], flow: "move-meeting" },
  { name: "huylich", words: ["huy lich"], flow: "cancel-meeting" },
  { name: "dangnhap", words: ["dang nhap"], flow: "login-link" },
];

/**
 * A choice a proactive message carries (the monthly reminder's "Tất cả đúng tiến độ"): its value
 * says everything the answer needs, so it works with no conversation open, and is routed to its
 * flow with the value's argument. Null for every other choice value.
 */
export function standingChoice(value: string): { flow: string; args: string } | null {
  const period = parseOnTrackChoice(value);
  return period ? { flow: "ontrack", args: period } : null;
}

export interface ParsedCommand {
  spec: CommandSpec;
  args: string;
}

export function parseCommand(text: string, options: { allowWords: boolean }): ParsedCommand | null {
  const trimmed = text.trim();
  if (trimmed.startsWith("/")) {
    const match = /^\/([^\s@]+)(?:@\S+)?\s*([\s\S]*)$/.exec(trimmed);
    if (!match) return null;
    const spec = slashCommand(match[1]!);
    if (spec) return { spec, args: match[2]!.trim() };
    // "/danh gia", "/cam ket": the name typed as the words it is made of, as members say it.
    const next = /^([^\s@]+)\s*([\s\S]*)$/.exec(match[2]!);
    const joined = next ? slashCommand(match[1]! + next[1]!) : undefined;
    return joined ? { spec: joined, args: next![2]!.trim() } : null;
  }
  const folded = fold(trimmed);
  // "hủy" alone always leaves a flow, even in the middle of one.
  if (!options.allowWords) {
    const cancel = COMMANDS.find((c) => c.flow === "cancel")!;
    return cancel.words.includes(folded) ? { spec: cancel, args: "" } : null;
  }
  const spelled = foldSpelling(trimmed);
  let best: ParsedCommand | null = null;
  let bestLength = 0;
  for (const spec of COMMANDS) {
    for (const word of plainWords.get(spec) ?? []) {
      if ((spelled === word || spelled.startsWith(`${word} `)) && word.length > bestLength) {
        // Keep the original spelling of the arguments (names, texts).
        const args = trimmed.split(/\s+/).slice(word.split(" ").length).join(" ");
        // "đăng ký chưa?" asks about my registration; the plain questions answer it (domain/intents.ts).
        if (isQuestionTail(args)) continue;
        if (args && spec.wordArgs && !spec.wordArgs.includes(fold(args).replace(/[.!]+$/, ""))) continue;
        best = { spec, args };
        bestLength = word.length;
      }
    }
  }
  return best;
}

/** A slash command's name, read as its words are: diacritics and "kí" for "ký" ("/dangki") change nothing. */
function slashCommand(typed: string): CommandSpec | undefined {
  const name = foldSpelling(typed).replace(/\s/g, "");
  return COMMANDS.find((c) => foldSpelling(c.name) === name);
}

/**
 * The plain forms of a command, spelled as foldSpelling reads text: its words, and its name without
 * the "/" (members who know "/dangky" from the help type "dangky"; a command with no words, /nhom,
 * is for group chats only and stays a slash command).
 */
const plainWords = new Map(COMMANDS.map((spec) => [spec, spec.words.length > 0 ? [...spec.words, spec.name].map(foldSpelling) : []]));

/**
 * The whole text is a command's word or its name without the "/" ("dang ky", "camket", "Lịch."):
 * said to the bot, never the content of an answer (a flow reads it as such only by mistake).
 */
export function isBareCommandWord(text: string): boolean {
  const parsed = parseCommand(text.trim().replace(/[\s.!?,;:]+$/, ""), { allowWords: true });
  return parsed !== null && parsed.args === "";
}

/** The command a plain question maps to (domain/intents.ts names commands as typed after "/"). */
export function commandByName(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function isKnownSlashCommand(text: string): boolean {
  return text.trim().startsWith("/") && parseCommand(text, { allowWords: false }) !== null;
}
