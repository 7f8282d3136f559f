// Vietnamese texts of the chi ủy's cell digest and the higher committee's roll-up. Short: the
// summary lines come first, lists are cut with "… và N đồng chí khác", and the last line links to
// the dashboard for the rest. The result never exceeds `limit` characters (UTF-16 code units,
// which is at least the platforms' own count: 4096 on Telegram, 2000 on Zalo). Plain text: the
// channel adapter escapes it for its platform.
import type { AwaitingReviewEntry, BehindEntry, CellDigest, CellCoverage, ItemRef, Rollup, StaleEntry } from "../domain/digest/index.ts";
import { clip, quote as quoteWords } from "./quote.ts";
import { formatDate, formatDateTime } from "../domain/dates.ts";
import type { MeetingKindValue } from "../domain/periods.ts";
import { periodLabel } from "../domain/periods.ts";

export interface DigestRenderOptions {
  /** Link to the dashboard page with the full lists; the last line when given. */
  dashboardUrl?: string | null;
  /** Maximum length of the message (default 4096, Telegram's limit; Zalo: 2000). */
  limit?: number;
}

export const DEFAULT_DIGEST_LIMIT = 4096;

const MEETING_KIND_LABELS: Readonly<Record<MeetingKindValue, string>> = {
  REGULAR: "Sinh hoạt chi bộ định kỳ",
  THEMATIC: "Sinh hoạt chuyên đề",
  QUARTERLY: "Sinh hoạt chi bộ (đánh giá quý)",
  YEAR_END: "Sinh hoạt chi bộ cuối năm",
};

const numberFormat = new Intl.NumberFormat("vi-VN");
/** 18117 → "18.117" */
export const formatCount = (n: number): string => numberFormat.format(n);

// ---------------------------------------------------------------------------------------------
// Fitting engine: fixed lines plus lists whose visible length shrinks until the text fits.

interface ListBlock {
  kind: "inline" | "bullets";
  /** inline: the line's start ("Đăng ký: 9/11 — chưa: "); bullets: the heading line. */
  head: string;
  /** The whole block when no entry can be shown ("Chậm tiến độ: 3 việc"). */
  collapsed: string;
  total: number;
  /** Entries shown at full size. */
  base: number;
  entry: (i: number, compact: boolean) => string;
  /** "đồng chí", "việc", "chi bộ": the word after "… và N". */
  noun: string;
}

type Block = string | ListBlock;

/** Non-compact entries are preferred while they still show at least this share of each list. */
const MIN_FULL_FACTOR = 0.2;
const STEPS = 100;

/** How many entries of a list are shown (0 = collapsed to a count); strings show as they are. */
type Caps = readonly number[];

const capsAt = (blocks: readonly Block[], factor: number): number[] =>
  blocks.map((b) => (typeof b === "string" ? 0 : Math.min(b.total, Math.floor(b.base * factor))));

function renderBlock(block: ListBlock, shown: number, compact: boolean): string[] {
  if (shown === 0) return [block.collapsed];
  const rest = block.total - shown;
  const entries: string[] = [];
  for (let i = 0; i < shown; i++) entries.push(block.entry(i, compact));
  const more = rest > 0 ? `… và ${formatCount(rest)} ${block.noun} khác` : "";
  if (block.kind === "inline") return [`${block.head}${entries.join(", ")}${more}`];
  return [block.head, ...entries.map((e) => `- ${e}`), ...(more ? [more] : [])];
}

function renderWith(blocks: readonly Block[], caps: Caps, compact: boolean): string[] {
  const lines: string[] = [];
  blocks.forEach((b, i) => {
    if (typeof b === "string") lines.push(b);
    else lines.push(...renderBlock(b, caps[i] ?? 0, compact));
  });
  return lines;
}

/** Cuts to at most `limit` UTF-16 units without splitting a surrogate pair. */
function hardCut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  if (limit <= 0) return "";
  let cut = text.slice(0, limit - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * The text with as many list entries as fit in `limit`: every list is first shown at the same
 * share of its `base` (the largest share that fits, found by bisection since the text grows with
 * it), then lists take one more entry each in turn while there is room.
 */
function fit(blocks: readonly Block[], footer: string | null, limit: number): string {
  const tail = footer ? `\n\n${footer}` : "";
  const body = (lines: readonly string[]): string =>
    lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  const textWith = (caps: Caps, compact: boolean): string => `${body(renderWith(blocks, caps, compact))}${tail}`;
  const bisect = (compact: boolean): number | null => {
    let lo = 0;
    let hi = STEPS;
    let found: number | null = null;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (textWith(capsAt(blocks, mid / STEPS), compact).length <= limit) {
        found = mid / STEPS;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  const topUp = (factor: number, compact: boolean): string => {
    const caps = capsAt(blocks, factor);
    let grew = true;
    while (grew) {
      grew = false;
      blocks.forEach((b, i) => {
        const cap = caps[i] ?? 0;
        if (typeof b === "string" || cap >= Math.min(b.total, b.base)) return;
        caps[i] = cap + 1;
        if (textWith(caps, compact).length <= limit) grew = true;
        else caps[i] = cap;
      });
    }
    return textWith(caps, compact);
  };

  const full = bisect(false);
  if (full !== null && full >= MIN_FULL_FACTOR) return topUp(full, false);
  const compact = bisect(true);
  if (compact !== null && (full === null || compact > full)) return topUp(compact, true);
  if (full !== null) return topUp(full, false);

  // Even the counts alone do not fit (a very small limit): keep the first lines, and the link
  // when it leaves some room for them.
  let lines = renderWith(blocks, capsAt(blocks, 0), true);
  const useTail = tail !== "" && tail.length + 20 <= limit;
  const room = useTail ? limit - tail.length : limit;
  const all = lines.length;
  while (lines.length > 1 && body([...lines, "…"]).length > room) lines = lines.slice(0, -1);
  const text = lines.length < all ? body([...lines, "…"]) : body(lines);
  return `${hardCut(text, room)}${useTail ? tail : ""}`;
}

function inlineBlock(
  head: string,
  names: readonly string[],
  base: number,
  options: { collapsedHead?: string; entry?: (i: number, compact: boolean) => string } = {},
): ListBlock {
  return {
    kind: "inline",
    head,
    collapsed: `${options.collapsedHead ?? head}${formatCount(names.length)} đồng chí`,
    total: names.length,
    base,
    entry: options.entry ?? ((i) => names[i] ?? ""),
    noun: "đồng chí",
  };
}

function bulletBlock(heading: string, total: number, base: number, entry: (i: number, compact: boolean) => string, noun = "việc"): ListBlock {
  return {
    kind: "bullets",
    head: `${heading} (${formatCount(total)}):`,
    collapsed: `${heading}: ${formatCount(total)} ${noun}`,
    total,
    base,
    entry,
    noun,
  };
}

// ---------------------------------------------------------------------------------------------
// Cell digest

const NAMES_BASE = 25;
const ITEMS_BASE = 10;
const ITEM_TEXT = 70;
const ITEM_TEXT_COMPACT = 40;

// A member's item inside the digest: quoted with marks the item itself does not use.
const quote = (ref: ItemRef, compact: boolean): string => quoteWords(clip(ref.itemText, compact ? ITEM_TEXT_COMPACT : ITEM_TEXT));

function groupAwaiting(entries: readonly AwaitingReviewEntry[]): Array<{ member: string; periods: string[] }> {
  const groups: Array<{ memberId: string; member: string; periods: string[] }> = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    if (last && last.memberId === e.memberId) last.periods.push(e.period);
    else groups.push({ memberId: e.memberId, member: e.member, periods: [e.period] });
  }
  return groups;
}

const safeLabel = (period: string): string => {
  try {
    return periodLabel(period);
  } catch {
    return period;
  }
};

/** One year's registration line ("Đăng ký năm 2027: 1/5 — chưa: …") and its returned ones. */
function registrationBlocks(year: number, reg: CellDigest["registered"], returned: readonly string[], withYear: boolean): Block[] {
  const regHead = `Đăng ký năm ${year}: ${formatCount(reg.count)}/${formatCount(reg.total)}`;
  const blocks: Block[] = [];
  if (reg.missing.length > 0) blocks.push(inlineBlock(`${regHead} — chưa: `, reg.missing, NAMES_BASE));
  else blocks.push(reg.count === reg.total ? `${regHead} — đủ` : regHead);
  if (returned.length > 0) blocks.push(inlineBlock(withYear ? `Trả lại (năm ${year}), cần sửa: ` : "Trả lại, cần sửa: ", returned, NAMES_BASE));
  return blocks;
}

/** The chi ủy's digest as one chat message of at most `limit` characters. */
export function renderCellDigest(digest: CellDigest, options: DigestRenderOptions = {}): string {
  const limit = options.limit ?? DEFAULT_DIGEST_LIMIT;
  const zone = digest.unit.timeZone;
  const label = safeLabel(digest.period);
  const blocks: Block[] = [];

  blocks.push(`TỔNG HỢP ${digest.unit.name.toLocaleUpperCase("vi")}`);
  blocks.push(`Kỳ đánh giá: ${label} · lập ngày ${formatDate(digest.generatedAt, zone)}`);
  if (digest.meeting) {
    const place = digest.meeting.place ? ` tại ${digest.meeting.place}` : "";
    blocks.push(`${MEETING_KIND_LABELS[digest.meeting.kind]}: ${formatDateTime(digest.meeting.startsAt, zone)}${place}`);
  }
  const exempt = digest.members.exempt > 0 ? ` (không tính ${formatCount(digest.members.exempt)} đồng chí miễn sinh hoạt)` : "";
  blocks.push(`Đảng viên: ${formatCount(digest.members.active)}${exempt}`);
  blocks.push("");

  // The year is named: from November next year's registrations come in too, on a line of their own.
  blocks.push(...registrationBlocks(digest.year, digest.registered, digest.returned, digest.nextYear !== null));
  if (digest.nextYear) blocks.push(...registrationBlocks(digest.nextYear.year, digest.nextYear.registered, digest.nextYear.returned, true));
  const pending = digest.awaitingApproval;
  if (pending.length > 0) {
    // The year after each name only when two years are shown.
    const names = pending.map((e) => (digest.nextYear ? `${e.member} (${e.year})` : e.member));
    blocks.push(inlineBlock("Chờ duyệt (gõ /duyet): ", names, NAMES_BASE));
  }
  const ass = digest.assessed;
  const assHead = `Tự đánh giá ${label}: ${formatCount(ass.count)}/${formatCount(ass.total)}`;
  if (ass.missing.length > 0) blocks.push(inlineBlock(`${assHead} — chưa: `, ass.missing, NAMES_BASE));
  else blocks.push(`${assHead} — đủ`);

  const behind: readonly BehindEntry[] = digest.behind;
  if (behind.length > 0) {
    blocks.push("");
    blocks.push(
      bulletBlock("Chậm tiến độ", behind.length, ITEMS_BASE, (i, compact) => {
        const e = behind[i];
        return e ? `${e.member}: ${quote(e, compact)} (từ ${safeLabel(e.since)})` : "";
      }),
    );
  }
  const stale: readonly StaleEntry[] = digest.stale;
  if (stale.length > 0) {
    blocks.push("");
    blocks.push(
      bulletBlock("Không có tiến triển từ 2 tháng trở lên", stale.length, ITEMS_BASE, (i, compact) => {
        const e = stale[i];
        if (!e) return "";
        const last = e.lastProgressPeriod ? `lần cuối: ${safeLabel(e.lastProgressPeriod)}` : "chưa có tiến triển";
        return `${e.member}: ${quote(e, compact)} (${last})`;
      }),
    );
  }
  const vague: readonly ItemRef[] = digest.vagueKept;
  if (vague.length > 0) {
    blocks.push("");
    blocks.push(
      bulletBlock("Việc còn chung chung, đảng viên xin giữ nguyên", vague.length, ITEMS_BASE, (i, compact) => {
        const e = vague[i];
        return e ? `${e.member}: ${quote(e, compact)}` : "";
      }),
    );
  }

  const lists: Block[] = [];
  const ex = digest.suggestedExemplars;
  if (ex.length > 0) {
    lists.push(
      inlineBlock(
        "Đề nghị biểu dương điển hình (mọi việc đúng tiến độ): ",
        ex.map((e) => e.member),
        NAMES_BASE,
        {
          collapsedHead: "Đề nghị biểu dương điển hình: ",
          entry: (i, compact) => {
            const e = ex[i];
            if (!e) return "";
            return compact ? e.member : `${e.member} (${e.months} tháng)`;
          },
        },
      ),
    );
  }
  const awaiting = groupAwaiting(digest.awaitingReview);
  if (awaiting.length > 0) {
    lists.push(
      inlineBlock(
        `Tự đánh giá chờ chi ủy nhận xét (${formatCount(digest.awaitingReview.length)} bản): `,
        awaiting.map((g) => g.member),
        NAMES_BASE,
        {
          entry: (i, compact) => {
            const g = awaiting[i];
            if (!g) return "";
            return compact ? g.member : `${g.member} (${g.periods.map(safeLabel).join(", ")})`;
          },
        },
      ),
    );
  }
  if (digest.unreachable.length > 0) {
    lists.push(inlineBlock("Không nhận được tin nhắn của bot, cần gặp trực tiếp: ", digest.unreachable, NAMES_BASE));
  }
  if (digest.notLinked.length > 0) {
    lists.push(inlineBlock("Chưa kết nối Zalo/Telegram với bot: ", digest.notLinked, NAMES_BASE));
  }
  if (lists.length > 0) blocks.push("", ...lists);

  const footer = options.dashboardUrl ? `Xem đầy đủ trên trang quản lý: ${options.dashboardUrl}` : null;
  return fit(blocks, footer, limit);
}

// ---------------------------------------------------------------------------------------------
// Roll-up (numbers only)

const CELLS_BASE = 20;

const pctText = (p: number | null): string => (p === null ? "—" : `${p}%`);

function coverageEntry(c: CellCoverage, compact: boolean): string {
  if (compact) return `${c.unitName}: ${pctText(c.registeredPct)} / ${pctText(c.assessedPct)}`;
  return (
    `${c.unitName}: đăng ký ${pctText(c.registeredPct)} (${formatCount(c.registered)}/${formatCount(c.activeMembers)}), ` +
    `tự đánh giá ${pctText(c.assessedPct)} (${formatCount(c.assessed)}/${formatCount(c.activeMembers)})`
  );
}

/** The higher committee's monthly roll-up: coverage, lagging cells, totals. No names, no texts. */
export function renderRollup(rollup: Rollup, options: DigestRenderOptions = {}): string {
  const limit = options.limit ?? DEFAULT_DIGEST_LIMIT;
  const t = rollup.totals;
  const zone = rollup.committee.timeZone;
  const blocks: Block[] = [];
  const period = rollup.period ? ` ${safeLabel(rollup.period)}` : "";
  blocks.push(`BÁO CÁO${period.toLocaleUpperCase("vi")} — ${rollup.committee.name.toLocaleUpperCase("vi")}`);
  blocks.push(`Ngày ${formatDate(rollup.generatedAt, zone)} · ${formatCount(t.cells)} chi bộ`);
  const exempt = t.exemptMembers > 0 ? ` (không tính ${formatCount(t.exemptMembers)} đồng chí miễn sinh hoạt)` : "";
  blocks.push(`Đảng viên: ${formatCount(t.activeMembers)}${exempt}`);
  blocks.push(`Đăng ký: ${formatCount(t.registered)}/${formatCount(t.activeMembers)} (${pctText(t.registeredPct)})`);
  blocks.push(`Tự đánh giá: ${formatCount(t.assessed)}/${formatCount(t.activeMembers)} (${pctText(t.assessedPct)})`);
  blocks.push(
    `Tổng số: ${formatCount(t.collectiveItems)} việc tập thể, ${formatCount(t.individualItems)} việc cá nhân, ` +
      `${formatCount(t.exemplars)} điển hình cá nhân`,
  );
  blocks.push(
    `Việc chậm tiến độ: ${formatCount(t.behindItems)}; không tiến triển từ 2 tháng: ${formatCount(t.staleItems)}; ` +
      `đề nghị biểu dương: ${formatCount(t.suggestedExemplars)} đồng chí`,
  );

  const th = rollup.thresholds;
  const laggingHeading = `Chi bộ chậm, dưới ${th.minRegisteredPct}% đăng ký hoặc dưới ${th.minAssessedPct}% tự đánh giá`;
  blocks.push("");
  if (rollup.lagging.length === 0) {
    blocks.push(`${laggingHeading}: không có`);
  } else {
    const lagging = rollup.lagging;
    blocks.push(
      bulletBlock(
        laggingHeading,
        lagging.length,
        CELLS_BASE,
        (i, compact) => {
          const c = lagging[i];
          return c ? coverageEntry(c, compact) : "";
        },
        "chi bộ",
      ),
    );
  }
  if (rollup.cells.length > 0) {
    const cells = rollup.cells;
    blocks.push("");
    blocks.push(
      bulletBlock(
        "Từng chi bộ, đăng ký / tự đánh giá",
        cells.length,
        CELLS_BASE,
        (i) => {
          const c = cells[i];
          return c ? `${c.unitName}: ${pctText(c.registeredPct)} / ${pctText(c.assessedPct)}` : "";
        },
        "chi bộ",
      ),
    );
  }
  const footer = options.dashboardUrl ? `Xem đầy đủ trên trang quản lý: ${options.dashboardUrl}` : null;
  return fit(blocks, footer, limit);
}
