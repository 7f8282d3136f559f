// Features of one commitment item, shared by the vagueness coach and the registration reader so
// both judge an item the same way. Pure: works on the text alone.
//
// Matching runs on diacritic-folded, punctuation-free text, so "hoc tap va lam theo guong Bac"
// reads like "học tập và làm theo gương Bác".

import { fold } from "./text.ts";
import {
  ABSTRACT,
  CONCRETE,
  DOC_NAME,
  DOC_REF_PATTERNS,
  FREQUENCY_ACCENTED,
  FREQUENCY_FOLDED,
  GENERIC_TARGET_PHRASE,
  NUMBER_WORD_MEASURE,
  OUTCOME_PATTERNS,
  PLACE_BEFORE,
  PROHIBITED_ACTS,
  RECURRING,
  RULE_CONTEXT,
  NEGATED_CLAUSE,
  TRIGGER_RESPONSE,
  VAGUE_NEGATION,
  SERVICE_DEADLINE,
  SLOGANS,
  STRONG_TIME,
  UNIT,
  VAGUE_MEASURE,
  WEAK_TIME,
} from "./vagueness-lexicon.ts";

// ---------------------------------------------------------------------------------------------
// Normalization

/**
 * Folded, punctuation-free form used for phrase matching. Digit groups keep their separators
 * squeezed out ("200.000" → "200000", "1,5%" → "15%") because only "is there a number" matters;
 * dates keep their slash ("30/6"); "2 lần/tháng" becomes "2 lần mỗi tháng".
 */
export function words(folded: string): string {
  return folded
    .replace(/(\d)[.,](?=\d)/g, "$1")
    .replace(/\s*\/\s*(ngay|tuan|thang|quy|nam|ky)\b/g, " moi $1")
    .replace(/(\d)\s*%/g, "$1% ")
    .replace(/[^a-z0-9%/]+/g, " ")
    .replace(/(^|[^0-9])\/|\/(?![0-9])/g, "$1 ")
    .replace(/\s+/g, " ")
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Feature extraction

export type Level = "none" | "weak" | "strong";

export interface Features {
  wordCount: number;
  measure: Level | "hollow";
  time: Level;
  concrete: string[];
  abstract: string[];
  slogans: string[];
  named: string[];
  docRefs: number;
  /** A checkable rule: 0 none, 1 trigger ("khi…", "nếu…"), 2 prohibition of a concrete act. */
  rule: 0 | 1 | 2;
  /** Named deliverables that are checkable without a number: a certificate, a finished book, a report submitted. */
  outcomes: string[];
  /** A comparative with nothing to compare against ("tốt hơn", "hiệu quả hơn"). */
  vagueMeasure: string | null;
  /** A count that needs a period to mean anything ("30 phút", "2 giờ"). */
  rateOnly: boolean;
  /** A recurring time ("mỗi tuần", "sáng thứ Hai hằng tuần"): each occurrence can be checked. */
  recurring: boolean;
  /** A clock time that sets a standard ("trước 7 giờ", "trước 7 giờ 30"). */
  clock: boolean;
}

function compile(list: string[]): { source: string; re: RegExp }[] {
  return list.map((source) => ({ source, re: new RegExp(`(^| )(${source})(?= |$)`) }));
}
const CONCRETE_RE = compile(CONCRETE);
const ABSTRACT_RE = compile(ABSTRACT);
const SLOGAN_RE = compile(SLOGANS);

function matched(list: { source: string; re: RegExp }[], text: string): string[] {
  const out: string[] = [];
  for (const { source, re } of list) {
    const m = re.exec(text);
    if (m) out.push(m[2] ?? source);
  }
  return out;
}

export function extractFeatures(text: string): Features {
  let folded = fold(text);

  // Quoted titles name a specific work or model ("Sửa đổi lối làm việc"), unless the quote is
  // itself a slogan ("tự diễn biến").
  const named: string[] = [];
  for (const m of folded.matchAll(/["“”«»„‟'‘’]([^"“”«»„‟]{3,120})["“”«»„‟'‘’]/g)) {
    const inner = words(m[1] ?? "");
    if (inner.split(" ").length >= 2 && matched(SLOGAN_RE, inner).length === 0) named.push(inner);
  }

  let docRefs = 0;
  for (const re of DOC_REF_PATTERNS) {
    folded = folded.replace(re, () => {
      docRefs++;
      return " vbref ";
    });
  }

  const w = words(folded);
  const padded = ` ${w} `;
  const tokens = w.length > 0 ? w.split(" ") : [];

  // Numbers: classify each as date, year, place name, deadline duration, percentage or count.
  let measure: Features["measure"] = "none";
  const upgrade = (level: Features["measure"]): void => {
    const rank = { none: 0, hollow: 1, weak: 2, strong: 3 } as const;
    if (rank[level] > rank[measure]) measure = level;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? "";
    if (!/^\d/.test(tok)) continue;
    const prev = tokens[i - 1] ?? "";
    const next = tokens[i + 1] ?? "";
    if (/^\d{1,2}\/\d{1,2}/.test(tok)) continue; // a date: time, not a measure
    if (/^\d+[a-z]+\d*$/.test(tok)) {
      named.push(`${prev} ${tok}`.trim()); // "9a", "12b": a class or block
      continue;
    }
    if (/^(19|20)\d\d$/.test(tok) && !/^(dong|trieu|nghin|nguoi|ho|cay|km|kg)$/.test(next)) continue;
    const unitAfter = new RegExp(`^${UNIT}( |$)`).test(`${next} ${tokens[i + 2] ?? ""}`.trim());
    if (PLACE_BEFORE.test(prev) && !unitAfter) {
      if (!/^(thang|quy|nam|ky|hoc)$/.test(prev)) named.push(`${prev} ${tok}`);
      continue;
    }
    const deadlineWord = /^(trong|vong|qua|sau|truoc|khong|da)$/;
    const before = prev === "nhat" || prev === "thieu" || prev === "da" ? (tokens[i - 3] ?? "") : prev;
    if ((deadlineWord.test(prev) || deadlineWord.test(before)) && /^(ngay|tuan|thang|gio|phut|tieng)$/.test(next)) {
      continue; // "trong vòng 10 ngày": a deadline, counted as time
    }
    const percent = tok.endsWith("%") || next === "phan";
    // A number that counts generic targets ("100% nhiệm vụ", "3 năm liền hoàn thành tốt nhiệm
    // vụ", "5 chuẩn mực") measures nothing the chi ủy can check.
    const after = ` ${tokens.slice(i + 1, i + 6).join(" ")} `;
    const hollow = GENERIC_TARGET_PHRASE.test(after) && matched(CONCRETE_RE, after).length === 0;
    if (hollow) upgrade("hollow");
    else if (percent || /^\d/.test(tok)) upgrade("strong");
  }
  if (NUMBER_WORD_MEASURE.test(padded)) upgrade("strong");
  // Full coverage or zero tolerance is a measure too: "mọi văn bản", "đủ các buổi", "không vắng buổi nào".
  if (
    /\b(moi|toan bo|tat ca|100%|du|day du) (cac )?(van ban|ho so|don|don thu|khieu nai|hoc sinh|ho|buoi|lan|ky|phien)\b/.test(padded) ||
    /\bkhong (vang|bo|nghi|tre|cham|sot)( \w+)? (buoi|lan|ngay|ho so|don|hen) nao\b/.test(padded)
  ) {
    upgrade("weak");
  }

  const accented = /[^\u0000-\u007f]/.test(text);
  const original = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%/]+/gu, " ");
  // Accented text is read with its marks ("mới tháng" is no frequency); a stretch typed without
  // them inside it (an answer without marks joined to an item with them: "… tại nhà. hang ngay
  // phan loai rac") is read as unaccented text is.
  const bare = accented ? original.split(/\s*[^\u0000-\u007f\s]*[^\u0000-\u007f][^\u0000-\u007f\s]*\s*/u) : [];
  const frequency = accented
    ? FREQUENCY_ACCENTED.test(original) || bare.some((run) => FREQUENCY_FOLDED.test(` ${run.trim()} `))
    : FREQUENCY_FOLDED.test(padded);
  let time = "none" as Level;
  if (frequency || STRONG_TIME.some((re) => re.test(padded))) time = "strong";
  else if (WEAK_TIME.some((re) => re.test(padded))) time = "weak";

  const concrete = matched(CONCRETE_RE, padded);
  const abstract = matched(ABSTRACT_RE, padded);
  const slogans = matched(SLOGAN_RE, padded);
  for (const m of padded.matchAll(/\b(lop|khu pho|to dan pho|thon|ap|xom|to) (so )?(\d+[a-z]?)\b/g)) {
    named.push(m[0]);
  }

  // A checkable rule: a trigger ("khi", "nếu", "rời phòng là…") or a prohibition of a concrete
  // act ("không nhận quà", "không hút thuốc") can be verified without any number: any breach is
  // visible to colleagues, so the rule itself is the measure and it holds all year.
  const trigger = /\b(khi|neu|moi khi|la tat)\b/.test(padded);
  // Clause-opening "không + verb" is a rule unless the verb names an attitude ("không ngừng").
  const punctuated = fold(text)
    .replace(/[^a-z0-9%/,;.:]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  let negatedAct = false;
  for (const m of punctuated.matchAll(NEGATED_CLAUSE)) {
    if (!VAGUE_NEGATION.test((m[1] ?? "").trim())) negatedAct = true;
  }
  const prohibitedAct = negatedAct || PROHIBITED_ACTS.some((re) => re.test(padded)) || TRIGGER_RESPONSE.test(padded);
  const prohibition =
    prohibitedAct ||
    (/\bkhong (de|nhan|su dung|dung|hut|uong|di|choi|in|xa|dot|lan chiem|roi|nghi|bo|danh|day them|vang)\b/.test(padded) && concrete.length >= 1);
  // A clock-time standard ("có mặt trước 7 giờ mỗi sáng") is a rule as well: lateness is seen.
  const clock = /\b(truoc|luc|tu|den) \d{1,2} (gio|h)\b|\b(truoc|luc|tu) \d{1,2}h\d*\b/.test(padded);
  const standard = clock && (frequency || /\b(co mat|den|di lam|mo cua|vao ca|bat dau)\b/.test(padded));
  const rule = prohibition || standard ? 2 : trigger && concrete.length >= 2 ? 1 : 0;
  if (rule === 2 && RULE_CONTEXT.test(padded)) time = "strong";

  const outcomes: string[] = [];
  for (const re of OUTCOME_PATTERNS) {
    const m = re.exec(padded);
    if (m) outcomes.push(m[0].trim());
  }
  if (outcomes.length > 0) upgrade("strong");
  if (SERVICE_DEADLINE.test(padded)) upgrade("weak");

  const vague = VAGUE_MEASURE.exec(padded);
  // "30 phút", "2 giờ" measure effort only per day or week; without a period they say nothing.
  const rateOnly = time === "none" && /\b\d+ (phut|gio|tieng)\b/.test(padded) && !/\b\d+ (phut|gio|tieng) (moi|hang)\b/.test(padded);

  return {
    wordCount: tokens.length,
    measure,
    time,
    concrete,
    abstract,
    slogans,
    named: [...new Set(named)],
    docRefs: docRefs + (DOC_NAME.test(padded) ? 1 : 0),
    rule,
    outcomes,
    vagueMeasure: vague ? vague[0].trim() : null,
    rateOnly,
    recurring: frequency || RECURRING.test(padded),
    clock,
  };
}
