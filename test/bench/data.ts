// Generated party organisations for the benchmarks: committees of cells of members with linked
// accounts, and optionally a year of registrations, monthly assessments (with per-item progress and
// chi ủy comments), exemplars, collective items, meetings and meeting rules. Deterministic (a seeded
// generator), bulk-inserted in batches.
import type pg from "pg";
import { bulkInsert, fullNameOf, idOf, searchNameOf } from "./support.ts";

export interface CommitteeSpec {
  key: string;
  name: string;
  cells: number;
  membersPerCell: number;
}

export interface PartySpec {
  committees: CommitteeSpec[];
  /** The "now" the data is built around; assessments cover the 12 months up to it. */
  now: Date;
  /** Registrations, 12 monthly assessments with item progress, reviews, exemplars, collective items. */
  history?: boolean;
  /** One upcoming meeting per cell (so digests have a meeting). */
  meetings?: boolean;
  /** One meeting rule per cell ("day 5 each month, 14:00"), for the planner. */
  meetingRules?: boolean;
  /** A supervisor (UnitAccess) on each committee, so the planner plans its monthly roll-up. */
  supervisors?: boolean;
}

export interface GeneratedCommittee {
  id: string;
  cellIds: string[];
  members: number;
}

export interface GeneratedParty {
  committees: Record<string, GeneratedCommittee>;
  members: number;
  rows: Record<string, number>;
}

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ITEM_TEXTS = {
  STUDY: [
    "Học và viết thu hoạch chuyên đề năm, nộp chi bộ trước 30/6",
    "Đọc 2 tác phẩm về tư tưởng Hồ Chí Minh mỗi quý, ghi sổ tay",
    "Tích cực học tập và làm theo Bác",
  ],
  FOLLOW: [
    "Giải quyết hồ sơ đúng hạn 100%, không để tồn đọng quá 3 ngày",
    "Tiết kiệm 10% chi phí văn phòng phẩm của tổ so với năm trước",
    "Làm theo lời Bác dạy",
  ],
  EXAMPLE: ["Đi làm đúng giờ, không sử dụng điện thoại trong giờ họp", "Nhận kèm cặp 1 đảng viên trẻ trong năm", "Gương mẫu đi đầu"],
} as const;
const CATEGORIES = ["STUDY", "FOLLOW", "EXAMPLE"] as const;
const PROGRESS = ["DONE", "ON_TRACK", "ON_TRACK", "ON_TRACK", "BEHIND", "NOT_STARTED"] as const;

export async function generateParty(sql: pg.Client, spec: PartySpec): Promise<GeneratedParty> {
  const rnd = random(20261205);
  const nowIso = spec.now.toISOString();
  const year = spec.now.getUTCFullYear();
  const units: unknown[][] = [];
  const members: unknown[][] = [];
  const identities: unknown[][] = [];
  const registrations: unknown[][] = [];
  const items: unknown[][] = [];
  const assessments: unknown[][] = [];
  const assessmentItems: unknown[][] = [];
  const reviews: unknown[][] = [];
  const exemplars: unknown[][] = [];
  const meetings: unknown[][] = [];
  const rules: unknown[][] = [];
  const collective: unknown[][] = [];
  const accesses: unknown[][] = [];
  const committees: Record<string, GeneratedCommittee> = {};
  let memberNo = 0;
  let counter = 0;
  const next = (prefix: string) => idOf(prefix, counter++);

  // The 12 monthly periods up to now's month, and when each was submitted.
  const months: Array<{ period: string; year: number; at: string }> = [];
  for (let back = 11; back >= 0; back--) {
    const d = new Date(Date.UTC(spec.now.getUTCFullYear(), spec.now.getUTCMonth() - back, 1));
    const submitted = new Date(Math.min(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 25, 3), spec.now.getTime() - 86_400_000));
    months.push({ period: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`, year: d.getUTCFullYear(), at: submitted.toISOString() });
  }

  for (const c of spec.committees) {
    const committeeId = `u_${c.key}`;
    units.push([committeeId, c.name, "COMMITTEE", null, nowIso]);
    const generated: GeneratedCommittee = { id: committeeId, cellIds: [], members: 0 };
    let supervisorId: string | null = null;
    for (let cell = 0; cell < c.cells; cell++) {
      const cellId = idOf(`u_${c.key}_`, cell);
      units.push([cellId, `Chi bộ ${c.key.toUpperCase()} số ${cell + 1}`, "CELL", committeeId, nowIso]);
      generated.cellIds.push(cellId);
      if (spec.meetings) {
        const startsAt = new Date(spec.now.getTime() + (3 + (cell % 20)) * 86_400_000);
        meetings.push([next("mt"), cellId, startsAt.toISOString(), "REGULAR", "SCHEDULED", nowIso]);
      }
      if (spec.meetingRules) rules.push([next("mr"), cellId, "DAY_OF_MONTH", 5, "14:00", nowIso]);
      if (spec.history) {
        const n = 1 + (cell % 2);
        for (let p = 1; p <= n; p++)
          collective.push([next("cc"), cellId, year, p, `Công trình chi bộ số ${p}: giải quyết dứt điểm đơn thư tồn đọng`, "APPROVED", nowIso]);
      }
      let secretaryId = "";
      for (let k = 0; k < c.membersPerCell; k++) {
        const memberId = idOf("m", memberNo);
        const fullName = fullNameOf(memberNo);
        const role = k === 0 ? "SECRETARY" : k === 1 ? "DEPUTY_SECRETARY" : k === 2 ? "COMMITTEE" : "MEMBER";
        if (k === 0) secretaryId = memberId;
        if (!supervisorId) supervisorId = memberId;
        const status = rnd() < 0.04 ? "EXEMPT" : "ACTIVE";
        const platform = rnd() < 0.7 ? "TELEGRAM" : "ZALO";
        members.push([memberId, cellId, fullName, searchNameOf(fullName), role, status, platform, nowIso]);
        if (rnd() < 0.92) {
          const chat = String(10_000_000 + memberNo);
          identities.push([idOf("i", memberNo), platform, chat, chat, memberId, rnd() > 0.03, nowIso]);
        }
        memberNo += 1;
        generated.members += 1;
        if (!spec.history) continue;

        const r = rnd();
        if (r < 0.08) continue; // not registered
        const registrationId = idOf("r", memberNo);
        const regStatus = r < 0.15 ? "SUBMITTED" : r < 0.18 ? "RETURNED" : "APPROVED";
        registrations.push([registrationId, memberId, year, regStatus, true, months[0]!.at, nowIso]);
        const itemIds: string[] = [];
        for (const [position, category] of CATEGORIES.entries()) {
          const itemId = `${registrationId}_${position}`;
          const texts = ITEM_TEXTS[category];
          const choice = Math.floor(rnd() * texts.length);
          const vague = choice === texts.length - 1;
          items.push([itemId, registrationId, position + 1, category, texts[choice], vague ? "vague" : "concrete", vague && rnd() < 0.5, nowIso]);
          itemIds.push(itemId);
        }
        const diligence = rnd();
        for (const month of months) {
          if (rnd() > 0.55 + diligence * 0.45) continue; // skipped this month
          const assessmentId = next("a");
          assessments.push([assessmentId, memberId, "MONTHLY", month.period, month.year, month.at, month.at, nowIso]);
          for (const itemId of itemIds) {
            const progress = PROGRESS[Math.floor(rnd() * PROGRESS.length)]!;
            assessmentItems.push([
              `${assessmentId}_${itemId.slice(-1)}`,
              assessmentId,
              itemId,
              progress,
              progress === "BEHIND" ? "Chưa bố trí được thời gian" : null,
            ]);
          }
          if (rnd() < 0.3) reviews.push([next("rv"), secretaryId, assessmentId, "Đồng chí thực hiện tốt, cần cụ thể hơn ở nội dung nêu gương.", month.at]);
        }
        if (rnd() < 0.02) exemplars.push([next("ex"), memberId, secretaryId, year, "Hoàn thành xuất sắc công trình cải cách thủ tục hành chính"]);
      }
    }
    if (spec.supervisors && supervisorId) accesses.push([next("ua"), supervisorId, committeeId, "SUPERVISOR"]);
    committees[c.key] = generated;
  }

  const t = "timestamp";
  await bulkInsert(
    sql,
    "Unit",
    [
      ["id", "text"],
      ["name", "text"],
      ["kind", '"UnitKind"'],
      ["parentId", "text"],
      ["updatedAt", t],
    ],
    units,
  );
  await bulkInsert(
    sql,
    "Member",
    [
      ["id", "text"],
      ["unitId", "text"],
      ["fullName", "text"],
      ["searchName", "text"],
      ["role", '"MemberRole"'],
      ["status", '"MemberStatus"'],
      ["preferredPlatform", '"Platform"'],
      ["updatedAt", t],
    ],
    members,
  );
  await bulkInsert(
    sql,
    "Identity",
    [
      ["id", "text"],
      ["platform", '"Platform"'],
      ["externalUserId", "text"],
      ["chatId", "text"],
      ["memberId", "text"],
      ["reachable", "boolean"],
      ["updatedAt", t],
    ],
    identities,
  );
  await bulkInsert(
    sql,
    "UnitAccess",
    [
      ["id", "text"],
      ["memberId", "text"],
      ["unitId", "text"],
      ["role", "text"],
    ],
    accesses,
  );
  await bulkInsert(
    sql,
    "Meeting",
    [
      ["id", "text"],
      ["unitId", "text"],
      ["startsAt", t],
      ["kind", '"MeetingKind"'],
      ["status", '"MeetingStatus"'],
      ["updatedAt", t],
    ],
    meetings,
  );
  await bulkInsert(
    sql,
    "MeetingRule",
    [
      ["id", "text"],
      ["unitId", "text"],
      ["kind", "text"],
      ["dayOfMonth", "int"],
      ["time", "text"],
      ["updatedAt", t],
    ],
    rules,
  );
  await bulkInsert(
    sql,
    "CollectiveCommitment",
    [
      ["id", "text"],
      ["unitId", "text"],
      ["year", "int"],
      ["position", "int"],
      ["text", "text"],
      ["status", '"RegistrationStatus"'],
      ["updatedAt", t],
    ],
    collective,
  );
  await bulkInsert(
    sql,
    "Registration",
    [
      ["id", "text"],
      ["memberId", "text"],
      ["year", "int"],
      ["status", '"RegistrationStatus"'],
      ["pledgeAccepted", "boolean"],
      ["submittedAt", t],
      ["updatedAt", t],
    ],
    registrations,
  );
  await bulkInsert(
    sql,
    "CommitmentItem",
    [
      ["id", "text"],
      ["registrationId", "text"],
      ["position", "int"],
      ["category", '"CommitmentCategory"'],
      ["text", "text"],
      ["vagueVerdict", "text"],
      ["vagueKept", "boolean"],
      ["updatedAt", t],
    ],
    items,
  );
  await bulkInsert(
    sql,
    "Assessment",
    [
      ["id", "text"],
      ["memberId", "text"],
      ["kind", '"AssessmentKind"'],
      ["period", "text"],
      ["year", "int"],
      ["submittedAt", t],
      ["createdAt", t],
      ["updatedAt", t],
    ],
    assessments,
  );
  await bulkInsert(
    sql,
    "AssessmentItem",
    [
      ["id", "text"],
      ["assessmentId", "text"],
      ["itemId", "text"],
      ["progress", '"ItemProgress"'],
      ["note", "text"],
    ],
    assessmentItems,
  );
  await bulkInsert(
    sql,
    "Review",
    [
      ["id", "text"],
      ["authorId", "text"],
      ["assessmentId", "text"],
      ["text", "text"],
      ["createdAt", t],
    ],
    reviews,
  );
  await bulkInsert(
    sql,
    "Exemplar",
    [
      ["id", "text"],
      ["memberId", "text"],
      ["nominatedById", "text"],
      ["year", "int"],
      ["reason", "text"],
    ],
    exemplars,
  );
  await sql.query("ANALYZE");
  return {
    committees,
    members: memberNo,
    rows: {
      units: units.length,
      members: members.length,
      identities: identities.length,
      registrations: registrations.length,
      commitmentItems: items.length,
      assessments: assessments.length,
      assessmentItems: assessmentItems.length,
      reviews: reviews.length,
      meetings: meetings.length,
      meetingRules: rules.length,
    },
  };
}
