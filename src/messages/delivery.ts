// What the sender is told about a message the bot sends on their behalf: how many it can reach,
// who it cannot and what to do. Never says a notice went out when it was skipped.
import { address } from "./common.ts";
import { clip, quote } from "./quote.ts";
import { formatDate, formatTime } from "../domain/dates.ts";

export interface ReachView {
  reachable: number;
  unreachable: { fullName: string; reason: "not-linked" | "blocked" }[];
}

/** How many names a chat reply lists before "và N đồng chí khác". */
const NAMES_SHOWN = 8;

function names(list: { fullName: string }[]): string {
  const shown = list.slice(0, NAMES_SHOWN).map((u) => u.fullName);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(", ")} và ${more} đồng chí khác` : shown.join(", ");
}

export type Via = "chat" | "dashboard" | "cli";

type ManyView = ReachView & { notBefore?: Date | null; zone?: string; group?: boolean };

function reachHead(r: ManyView): string {
  const when =
    r.notBefore && r.zone ? `sau giờ nghỉ, lúc ${formatTime(r.notBefore, r.zone)} ngày ${formatDate(r.notBefore, r.zone)}` : "lần lượt trong ít phút";
  const group = r.group ? " và vào nhóm chat của chi bộ" : "";
  return r.reachable > 0
    ? `Bot gửi tin tới ${r.reachable} đồng chí${group} (${when}).`
    : `Không đồng chí nào nhận được tin nhắn riêng qua bot${r.group ? ` (tin vào nhóm chat của chi bộ: ${when})` : ""}.`;
}

const INVITE_HOW: Record<Via, string> = {
  chat: "tạo mã mời (/moi <họ tên>)",
  dashboard: "tạo mã mời ở trang Đảng viên",
  cli: 'tạo mã mời (npm run cli -- invite --member "<họ tên>")',
};

function whatToDo(via: Via): string {
  return `Đồng chí báo trực tiếp cho các đồng chí này, hoặc ${INVITE_HOW[via]} để họ liên kết Zalo/Telegram.`;
}

function missLines(unreachable: ReachView["unreachable"], via: Via): string[] {
  const notLinked = unreachable.filter((u) => u.reason === "not-linked");
  const blocked = unreachable.filter((u) => u.reason === "blocked");
  const lines: string[] = [];
  if (notLinked.length > 0) lines.push(`Chưa liên kết Zalo/Telegram nên không nhận được: ${names(notLinked)}.`);
  if (blocked.length > 0) lines.push(`Đã chặn bot hoặc tài khoản không còn nhận tin: ${names(blocked)}.`);
  if (lines.length > 0) lines.push(whatToDo(via));
  return lines;
}

export const deliveryMsg = {
  /** After a decision that tells one member (approve, return, comment). */
  memberTold: (o: { fullName: string; reached: boolean; reason?: "not-linked" | "blocked" }, via: Via = "chat") =>
    o.reached
      ? `Bot đang gửi tin báo cho ${address(o.fullName)}.`
      : [
          `Chưa báo được cho ${address(o.fullName)} qua bot vì ${o.reason === "blocked" ? "đồng chí ấy đã chặn bot hoặc tài khoản không còn nhận tin" : "đồng chí ấy chưa liên kết Zalo/Telegram"}.`,
          `Đồng chí báo trực tiếp, hoặc ${INVITE_HOW[via]} để đồng chí ấy liên kết.`,
        ].join(" "),

  /** After a message to many (meeting notice): how many it reaches, and who it does not, by name. */
  many: (r: ManyView, via: Via = "chat") => [reachHead(r), ...missLines(r.unreachable, via)].join("\n"),

  /**
   * After a broadcast whose preview named those out of reach: the same counts without the names
   * again. Skipped members are counted as not sent, never among those the bot sends to.
   */
  manyCounted: (r: ManyView) => {
    const notLinked = r.unreachable.filter((u) => u.reason === "not-linked").length;
    const blocked = r.unreachable.length - notLinked;
    const parts = [
      ...(notLinked > 0 ? [`${notLinked} đồng chí chưa liên kết Zalo/Telegram`] : []),
      ...(blocked > 0 ? [`${blocked} đồng chí đã chặn bot`] : []),
    ];
    return [reachHead(r), ...(parts.length > 0 ? [`Không gửi cho ${parts.join(" và ")}.`] : [])].join("\n");
  },

  /** What to do about members out of reach, once their names have been shown. */
  whatToDo: (via: Via = "chat") => whatToDo(via),

  /** Who a message will not reach and what to do (empty when everyone is reachable). */
  misses: (unreachable: ReachView["unreachable"], via: Via = "chat") => missLines(unreachable, via),

  /**
   * Before a broadcast: who will get it and who will not, in one short line whose numbers add up to
   * the recipients ("4 nhận qua bot, 2 chưa nhận được, 1 miễn sinh hoạt chưa nhận được."). The
   * "chưa nhận được" are the members named after it, to be told directly; exempt members out of
   * reach are counted apart and never named, here as after the send and in the summary.
   */
  preview: (o: { reachable: number; notLinked: number; exemptNotLinked: number }) => {
    const parts = [`${o.reachable} nhận qua bot`];
    if (o.notLinked > 0) parts.push(`${o.notLinked} chưa nhận được`);
    if (o.exemptNotLinked > 0) parts.push(`${o.exemptNotLinked} miễn sinh hoạt chưa nhận được`);
    return `${parts.join(", ")}.`;
  },

  /** After a broadcast, the same rule as its preview: exempt members out of reach are counted, not named. */
  exemptLeftOut: (n: number) => (n > 0 ? [`${n} đồng chí miễn sinh hoạt cũng chưa nhận được.`] : []),

  /**
   * To the author once every delivery of a broadcast is final. Only those whose sending failed are
   * named: the ones never sent to (not linked) were named in the preview, before the author sent.
   */
  broadcastSummary: (o: {
    createdAt: Date;
    zone: string;
    text: string;
    sent: number;
    failed: number;
    skipped: number;
    failedNames: string[];
    moreFailed: boolean;
    exemptMissed: number;
  }) => {
    const quoteText = quote(clip(o.text, 60));
    const lines = [
      `Kết quả thông báo lúc ${formatTime(o.createdAt, o.zone)} ngày ${formatDate(o.createdAt, o.zone)} (${quoteText}):`,
      `- Đã nhận: ${o.sent} đồng chí`,
      `- Gửi lỗi: ${o.failed} đồng chí`,
      `- Chưa liên kết, không gửi được: ${o.skipped} đồng chí`,
    ];
    // Exempt members are counted apart, as in the preview: only those named are to be told directly.
    if (o.failedNames.length > 0)
      lines.push(`Gửi lỗi, chưa nhận được: ${o.failedNames.join(", ")}${o.moreFailed ? "…" : ""}.`, "Đồng chí báo trực tiếp cho các đồng chí này.");
    lines.push(...deliveryMsg.exemptLeftOut(o.exemptMissed));
    return lines.join("\n");
  },
};
