// npm run bench -- conversation [--verbose]
// How many messages a member types, against the real engine and a fresh test database (the demo
// cells), for: (a) three concrete items typed in one message → registration SUBMITTED (target ≤ 5);
// (b) the step-by-step path, one answer per question (≤ 14); (c) a monthly self-assessment with
// everything on track (≤ 2); (d) the same answered from the monthly reminder's own "Tất cả đúng
// tiến độ" (≤ 1: the press carries the value the reminder job puts on it). Typing time is simulated at 25 characters a minute plus 5 s a message.
//
// The scripted member adapts to whatever the bot asks, so the figures follow the flows as they
// change: offered choices → the one whose label reads like "send / correct / confirm / agree / all"
// (gửi, đúng, xác nhận, đồng ý, tất cả), else the first; a question for text → a short answer
// from a script per kind of question. It stops when the database shows the goal (registration
// SUBMITTED; assessment saved), or after 40 messages ("not reached").
import type { OutgoingMessage } from "../../src/channels/types.ts";
import { ensureTemplateDb } from "../support/global-setup.ts";
import { createHarness, DEMO_CELLS, type Harness } from "../support/harness.ts";
import { onTrackChoice } from "../../src/domain/assessment-rules.ts";
import { assessLabels } from "../../src/messages/assessment.ts";

const MAX_MESSAGES = 40;
const CHARS_PER_MINUTE = 25;
const SECONDS_PER_MESSAGE = 5;
const NOV_20 = new Date("2026-11-20T03:00:00Z");
// A regular (monthly) meeting on Wednesday 25/11/2026, 14:00 in Hồ Chí Minh City.
const NOV_25_MEETING = new Date("2026-11-25T07:00:00Z");

const ITEMS = [
  "Đọc 2 cuốn sách về Bác và viết 2 bài thu hoạch trước 30/6",
  "Giải quyết 100% hồ sơ một cửa đúng hạn, báo cáo hằng tháng",
  "Không dùng điện thoại vào việc riêng trong giờ tiếp dân, hằng ngày",
];
// The step-by-step member's own items (the same items twice in a cell draw a "duplicate" note).
const ITEMS_B = [
  "Mỗi tháng đọc 1 bài viết của Bác và ghi 1 trang sổ tay",
  "Trả lời 100% đơn thư của công dân trong 10 ngày làm việc",
  "Đi làm đúng giờ, không về sớm, cả năm",
];
const ONE_MESSAGE = ITEMS.map((item, i) => `${i + 1}. ${item}`).join("\n");

// Anchored: an item label such as "Việc 2: … đúng hạn" is no answer to pick.
const PREFERRED = /^(gửi|đúng|xác nhận|đồng ý|tất cả)/i;

/** Short answers per kind of question, tried in order against the bot's last message. */
// "item": answer with the item being entered rather than a fixed text.
const SCRIPT: ReadonlyArray<[RegExp, string]> = [
  [/hạn chế|khuyết điểm/i, "Còn ngại phát biểu trong sinh hoạt"],
  [/đo bằng gì|kết quả đo|chỉ tiêu|đo lường|đo kết quả/i, "Số bài thu hoạch trong sổ tay"],
  [/thời hạn|tần suất|khi nào xong|bao giờ xong/i, "Trước 31/12"],
  [/minh chứng/i, "Sổ tay ghi chép"],
  [/ghi chú|ghi thêm|vì sao|lý do/i, "Không"],
  [/nhận xét chung|tự nhận xét|nhìn chung/i, "Hoàn thành tốt nhiệm vụ"],
  [/việc|nội dung|làm gì|gõ lại/i, "item"],
];

interface Turn {
  sent: string;
  /** A button pressed (nothing typed). */
  tap?: boolean;
  replies: OutgoingMessage[];
}

interface Outcome {
  name: string;
  target: number;
  turns: Turn[];
  reached: boolean;
}

function replyText(m: OutgoingMessage): string {
  return m.kind === "text" || m.kind === "choices" ? m.text : `[${m.filename}]`;
}

const CATEGORY_LABELS = ["học tập", "làm theo", "nêu gương"];

/** What the scripted member remembers: the choices last offered, and the items typed so far. */
interface Member {
  offered: Extract<OutgoingMessage, { kind: "choices" }> | null;
  items: readonly string[];
  typed: number;
  /** Scenario (a): every item in one message, typed as soon as the bot invites it. */
  oneMessage?: string;
  /** Scenario (b): "từng bước" typed once, where the intro names it. */
  stepwise?: boolean;
}

// The bot invites the items in one message ("gõ luôn các việc trong một tin nhắn").
const INVITES_ONE_MESSAGE = /gõ luôn các việc/i;
// "Muốn bot hỏi từng việc, đồng chí gõ: từng bước": the word that goes step by step.
const INVITES_STEPWISE = /gõ: từng bước/i;
// "Việc 2: đồng chí gõ việc tiếp theo, hoặc chọn Xong": type the next item while some are left.
const ASKS_NEXT_ITEM = /gõ việc tiếp theo/i;
// "Việc nào gồm cả làm theo?": the item written for that content (items are in content order).
const ASKS_CONTENT = /gồm cả (học tập|làm theo|nêu gương)/i;

/** The number of the choice to pick among the offered ones. */
function pick(offer: Extract<OutgoingMessage, { kind: "choices" }>): string {
  // "Việc 2: nội dung chính là gì?": the content the member means for that item.
  const item = /Việc (\d)\b[^?]*nội dung chính/i.exec(offer.text);
  const wanted = item ? CATEGORY_LABELS[Number(item[1]) - 1] : undefined;
  const byCategory = wanted ? offer.choices.findIndex((c) => c.label.toLowerCase().includes(wanted)) : -1;
  const preferred = offer.choices.findIndex((c) => PREFERRED.test(c.label));
  const index = byCategory >= 0 ? byCategory : preferred >= 0 ? preferred : 0;
  return String(index + 1);
}

const REASKED = /danh sách|trả lời bằng số|bấm nút|gõ số|chọn một/i;

/** What the scripted member answers to the bot's last replies. */
function answer(replies: readonly OutgoingMessage[], member: Member): string {
  const last = replies[replies.length - 1];
  const asked = replies.map(replyText).join("\n");
  if (member.oneMessage && INVITES_ONE_MESSAGE.test(asked)) {
    const all = member.oneMessage;
    delete member.oneMessage;
    return all;
  }
  if (member.stepwise && INVITES_STEPWISE.test(asked)) {
    delete member.stepwise;
    return "từng bước";
  }
  if (ASKS_NEXT_ITEM.test(asked) && member.typed < member.items.length) {
    member.typed += 1;
    return member.items[member.typed - 1] ?? "";
  }
  const content = ASKS_CONTENT.exec(asked);
  if (content && last?.kind === "choices") {
    const wanted = CATEGORY_LABELS.indexOf((content[1] ?? "").toLowerCase());
    if (wanted >= 0 && wanted < last.choices.length) return String(wanted + 1);
  }
  if (last?.kind === "choices" && last.choices.length > 0) return pick(last);
  // Asked again to pick from the list shown before ("chọn một mục trong danh sách trên").
  if (member.offered && REASKED.test(asked)) return pick(member.offered);
  for (const [pattern, reply] of SCRIPT) {
    if (!pattern.test(asked)) continue;
    if (reply !== "item") return reply;
    const item = member.items[member.typed % member.items.length] ?? "";
    member.typed += 1;
    return item;
  }
  return "Có";
}

async function talk(h: Harness, userId: string, text: string, choice?: string): Promise<OutgoingMessage[]> {
  const before = h.local.transcript.length;
  await h.local.say(userId, text, choice === undefined ? {} : { kind: "choice", choice });
  return h.local.transcript.slice(before).map((o) => o.message);
}

/** An opening press on a button of a message the bot sent before (a reminder's choice). */
interface Press {
  label: string;
  choice: string;
}

async function play(
  h: Harness,
  o: {
    name: string;
    target: number;
    userId: string;
    opening: Array<string | Press>;
    items?: readonly string[];
    oneMessage?: string;
    stepwise?: boolean;
    reached: () => Promise<boolean>;
  },
): Promise<Outcome> {
  const turns: Turn[] = [];
  const member: Member = {
    offered: null,
    items: o.items ?? ITEMS,
    typed: 0,
    ...(o.oneMessage ? { oneMessage: o.oneMessage } : {}),
    ...(o.stepwise ? { stepwise: true } : {}),
  };
  const pending = [...o.opening];
  let replies: OutgoingMessage[] = [];
  while (turns.length < MAX_MESSAGES) {
    const next = pending.shift() ?? answer(replies, member);
    const press = typeof next === "string" ? null : next;
    const sent = press ? press.label : (next as string);
    replies = await talk(h, o.userId, press ? "" : sent, press?.choice);
    // The choices stay open until a reply offers new ones or moves on to a question for text.
    const last = replies[replies.length - 1];
    if (last?.kind === "choices") member.offered = last;
    else if (!REASKED.test(replies.map(replyText).join("\n"))) member.offered = null;
    turns.push({ sent, replies, ...(press ? { tap: true } : {}) });
    if (await o.reached()) return { name: o.name, target: o.target, turns, reached: true };
  }
  return { name: o.name, target: o.target, turns, reached: false };
}

function typingSeconds(turns: readonly Turn[]): number {
  const chars = turns.reduce((n, t) => n + (t.tap ? 0 : [...t.sent].length), 0);
  return Math.round((chars * 60) / CHARS_PER_MINUTE + SECONDS_PER_MESSAGE * turns.length);
}

function report(o: Outcome, verbose: boolean): string[] {
  const lines = [`== ${o.name}`];
  o.turns.forEach((t, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}> ${t.tap ? "[bấm] " : ""}${t.sent.replace(/\n/g, " ⏎ ")}`);
    const first = t.replies.map(replyText).join(" | ").replace(/\s+/g, " ");
    lines.push(`      < ${verbose ? first : first.slice(0, 110)}`);
  });
  const seconds = typingSeconds(o.turns);
  const verdict = o.reached ? (o.turns.length <= o.target ? "target met" : "target missed") : "not reached";
  lines.push(`  ${o.turns.length} member messages (target ≤ ${o.target}), typing ≈ ${Math.floor(seconds / 60)} min ${seconds % 60} s: ${verdict}`);
  return lines;
}

async function submitted(h: Harness, memberId: string): Promise<boolean> {
  return (await h.t.db.registration.count({ where: { memberId, status: "SUBMITTED" } })) > 0;
}

/** An approved registration of the year and one regular meeting ahead, so /danhgia is the monthly one. */
async function prepareMonthly(h: Harness, memberId: string): Promise<void> {
  const unit = await h.t.db.unit.findUniqueOrThrow({ where: { name: DEMO_CELLS[0] } });
  await h.t.db.meeting.deleteMany({ where: { unitId: unit.id } });
  await h.t.db.meetingRule.updateMany({ where: { unitId: unit.id }, data: { active: false } });
  await h.t.db.meeting.create({ data: { unitId: unit.id, startsAt: NOV_25_MEETING, kind: "REGULAR", status: "SCHEDULED" } });
  const categories = ["STUDY", "FOLLOW", "EXAMPLE"] as const;
  await h.t.db.registration.create({
    data: {
      memberId,
      year: 2026,
      status: "APPROVED",
      pledgeAccepted: true,
      submittedAt: new Date("2026-01-10T03:00:00Z"),
      decidedAt: new Date("2026-01-15T03:00:00Z"),
      items: {
        create: ITEMS.map((text, position) => ({ position, category: categories[position] ?? "STUDY", categories: [categories[position] ?? "STUDY"], text })),
      },
    },
  });
}

/** A monthly self-assessment scenario: the member linked, registered and approved, a meeting ahead. */
async function monthly(h: Harness, o: { name: string; target: number; fullName: string; user: string; opening: Array<string | Press> }): Promise<Outcome> {
  const userId = await h.link(o.fullName, o.user);
  const memberId = await h.memberId(o.fullName);
  await prepareMonthly(h, memberId);
  const reached = async () => (await h.t.db.assessment.count({ where: { memberId, submittedAt: { not: null } } })) > 0;
  return play(h, { name: o.name, target: o.target, userId, opening: o.opening, reached });
}

export async function run(args: Record<string, string>): Promise<string> {
  const verbose = args.verbose === "true" || args.verbose === "1";
  await ensureTemplateDb();
  const h = await createHarness({ now: NOV_20 });
  try {
    const outcomes: Outcome[] = [];
    const nhung = await h.link("Phạm Thị Hồng Nhung", "bench-a");
    const nhungId = await h.memberId("Phạm Thị Hồng Nhung");
    outcomes.push(
      await play(h, {
        name: "(a) three items in one message → SUBMITTED",
        target: 5,
        userId: nhung,
        opening: ["/dangky"],
        oneMessage: ONE_MESSAGE,
        reached: () => submitted(h, nhungId),
      }),
    );

    const tuan = await h.link("Hoàng Minh Tuấn", "bench-b");
    const tuanId = await h.memberId("Hoàng Minh Tuấn");
    outcomes.push(
      await play(h, {
        name: "(b) step by step → SUBMITTED",
        target: 14,
        userId: tuan,
        opening: ["/dangky"],
        items: ITEMS_B,
        stepwise: true,
        reached: () => submitted(h, tuanId),
      }),
    );

    outcomes.push(
      await monthly(h, {
        name: "(c) monthly self-assessment, all on track → saved",
        target: 2,
        fullName: "Đặng Văn Lợi",
        user: "bench-c",
        opening: ["/danhgia"],
      }),
    );
    // The reminder's button as the reminder job writes it (jobs/planned/processor.ts): no /danhgia first.
    const press: Press = { label: assessLabels.allOnTrack, choice: onTrackChoice("2026-11") };
    outcomes.push(
      await monthly(h, {
        name: "(d) monthly, all on track from the reminder → saved",
        target: 1,
        fullName: "Võ Thị Thu Hà",
        user: "bench-d",
        opening: [press],
      }),
    );

    for (const o of outcomes) console.log(report(o, verbose).join("\n"));
    return outcomes
      .map(
        (o) =>
          `${o.name.slice(0, 3)} ${o.reached ? `${o.turns.length} msgs` : "not reached"} (≤ ${o.target}) ${o.reached && o.turns.length <= o.target ? "met" : "missed"}`,
      )
      .join("; ");
  } finally {
    await h.close();
  }
}
