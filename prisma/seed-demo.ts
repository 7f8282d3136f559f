// Demo data: a party committee (đảng bộ) with two cells, members in every role (one EXEMPT),
// a supervisor of the committee, a meeting rule per cell and this year's theme. Safe to run twice.
import type { Db } from "../src/db/client.ts";
import { ensureUnit } from "../src/db/units.ts";
import { upsertMember } from "../src/db/members.ts";
import type { MemberInput } from "../src/domain/member-row.ts";

export const DEMO_COMMITTEE = "Đảng bộ Phường An Phú (demo)";
export const DEMO_CELLS = ["Chi bộ Văn phòng UBND phường (demo)", "Chi bộ Khu phố 4 (demo)"] as const;

// The term theme of the 13th Congress (quoted in the seed articles) stands in for the year's theme.
const THEME = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc";

type Row = [fullName: string, position: string, role: MemberInput["role"], phone: string, status?: MemberInput["status"]];

const OFFICE: Row[] = [
  ["Nguyễn Văn Hùng", "Bí thư chi bộ; Chủ tịch UBND phường", "SECRETARY", "0912000001"],
  ["Trần Thị Mai", "Phó bí thư chi bộ; Phó chủ tịch UBND phường", "DEPUTY_SECRETARY", "0912000002"],
  ["Lê Quang Vinh", "Chi ủy viên; Công chức tư pháp - hộ tịch", "COMMITTEE", "0912000003"],
  ["Phạm Thị Hồng Nhung", "Công chức một cửa", "MEMBER", "0912000004"],
  ["Hoàng Minh Tuấn", "Công chức địa chính", "MEMBER", "0912000005"],
  ["Võ Thị Thu Hà", "Kế toán", "MEMBER", "0912000006"],
  ["Đặng Văn Lợi", "Văn thư", "MEMBER", "0912000007"],
  ["Ngô Văn Bảy", "Hưu trí", "MEMBER", "0912000011", "EXEMPT"],
];

const RESIDENTIAL: Row[] = [
  ["Lý Thị Hoa", "Bí thư chi bộ; Trưởng khu phố", "SECRETARY", "0913000001"],
  ["Trương Văn Phúc", "Phó bí thư chi bộ", "DEPUTY_SECRETARY", "0913000002"],
  ["Đinh Thị Lan", "Chi ủy viên; Chi hội trưởng phụ nữ", "COMMITTEE", "0913000003"],
  ["Mai Văn Sơn", "Tổ trưởng tổ dân phố 2", "MEMBER", "0913000004"],
  ["Cao Thị Yến", "Giáo viên tiểu học", "MEMBER", "0913000005"],
  ["Tạ Văn Đức", "Hưu trí", "MEMBER", "0913000006", "EXEMPT"],
];

async function addMembers(db: Db, unitId: string, rows: Row[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [fullName, position, role, phone, status] of rows) {
    const { id } = await upsertMember(db, unitId, { fullName, position, role, phone, status: status ?? "ACTIVE" });
    ids.push(id);
  }
  return ids;
}

export async function seedDemo(db: Db, options: { year: number }): Promise<{ committeeId: string; cellIds: string[] }> {
  const committee = await ensureUnit(db, { name: DEMO_COMMITTEE, kind: "COMMITTEE" });
  const office = await ensureUnit(db, { name: DEMO_CELLS[0], kind: "CELL", parentId: committee.id });
  const residential = await ensureUnit(db, { name: DEMO_CELLS[1], kind: "CELL", parentId: committee.id });

  await addMembers(db, office.id, OFFICE);
  await addMembers(db, residential.id, RESIDENTIAL);
  const [supervisorId] = await addMembers(db, committee.id, [["Phạm Quốc Khánh", "Bí thư Đảng ủy phường", "SECRETARY", "0914000001"]]);
  await db.unitAccess.upsert({
    where: { memberId_unitId: { memberId: supervisorId!, unitId: committee.id } },
    update: {},
    create: { memberId: supervisorId!, unitId: committee.id },
  });

  const theme = await db.theme.findFirst({ where: { unitId: committee.id, year: options.year } });
  if (!theme) await db.theme.create({ data: { unitId: committee.id, year: options.year, title: THEME } });

  if ((await db.meetingRule.count({ where: { unitId: office.id } })) === 0) {
    await db.meetingRule.create({
      data: { unitId: office.id, kind: "DAY_OF_MONTH", dayOfMonth: 5, time: "14:00", place: "Hội trường UBND phường" },
    });
  }
  if ((await db.meetingRule.count({ where: { unitId: residential.id } })) === 0) {
    await db.meetingRule.create({
      data: { unitId: residential.id, kind: "NTH_WEEKDAY", nth: 1, weekday: 7, time: "08:00", place: "Nhà văn hóa khu phố 4" },
    });
  }
  return { committeeId: committee.id, cellIds: [office.id, residential.id] };
}
