// npm run cli -- meetings --unit "<name>" [--days 60] [--all] [--json]
//   the cell's meetings from now on (the rule's meetings are materialized first); --all also lists
//   cancelled and held ones.
// npm run cli -- meetings add --unit "<name>" --at "05/12/2026 14:00" [--place "<place>"] [--kind REGULAR|THEMATIC|QUARTERLY|YEAR_END] [--json]
// npm run cli -- meetings move --unit "<name>" --id <meetingId> --at "10/12/2026 14:00" [--place "<place>"] [--json]
// npm run cli -- meetings cancel --unit "<name>" --id <meetingId> [--reason "<text>"] [--json]
// Adding, moving and cancelling go through the meeting use cases, as in the chat and on the
// dashboard: the members' notices are written at once as Delivery rows (quiet hours from config);
// without a queue here, the scheduler's planner queues them and moves or removes the reminder jobs
// on its next run. Whom the notices reach is printed (to stderr with --json).
import { parseArgs } from "node:util";
import type { CliContext } from "../context.ts";
import type { Meeting } from "../../db/client.ts";
import { unitFromArg } from "../unit-arg.ts";
import { meetingsBetween } from "../../db/meetings.ts";
import { planRuleMeetings } from "../../usecases/plan-rule-meetings.ts";
import { addMeeting } from "../../usecases/add-meeting.ts";
import { moveMeeting } from "../../usecases/move-meeting.ts";
import { cancelMeeting } from "../../usecases/cancel-meeting.ts";
import { createNotifier, type SendReport } from "../../usecases/notifier.ts";
import type { UseCaseDeps } from "../../usecases/types.ts";
import { deliveryMsg } from "../../messages/delivery.ts";
import { silentLogger } from "../../log.ts";
import { formatDate, formatTime, formatWeekdayDate, parseDateTime } from "../../domain/dates.ts";
import { MEETING_KIND_LABELS } from "../../messages/calendar.ts";
import { MEETING_KINDS as KINDS } from "../../domain/vocabulary.ts";
import { MEETING_STATUS_LABELS } from "../../messages/dashboard.ts";
import { formatTable } from "../table.ts";
import { cliArgsError } from "../../messages/cli.ts";

type Kind = (typeof KINDS)[number];
const DAY_MS = 86_400_000;

const USAGE = [
  'Cách dùng: npm run cli -- meetings --unit "<tên chi bộ>" [--days 60] [--all] [--json]',
  '           npm run cli -- meetings add --unit "<tên chi bộ>" --at "05/12/2026 14:00" [--place "<địa điểm>"] [--kind REGULAR|THEMATIC|QUARTERLY|YEAR_END] [--json]',
  '           npm run cli -- meetings move --unit "<tên chi bộ>" --id <mã buổi họp> --at "10/12/2026 14:00" [--place "<địa điểm>"] [--json]',
  '           npm run cli -- meetings cancel --unit "<tên chi bộ>" --id <mã buổi họp> [--reason "<lý do>"] [--json]',
].join("\n");

function view(m: Meeting, zone: string) {
  return {
    id: m.id,
    startsAt: m.startsAt.toISOString(),
    local: `${formatWeekdayDate(m.startsAt, zone)}, ${formatTime(m.startsAt, zone)}`,
    kind: m.kind,
    kindLabel: MEETING_KIND_LABELS[m.kind],
    status: m.status,
    place: m.place,
    manual: m.ruleId === null,
    occurrenceKey: m.occurrenceKey,
  };
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const sub = args[0] && !args[0].startsWith("-") ? args[0] : "list";
  const rest = sub === "list" && args[0] !== "list" ? args : args.slice(1);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        unit: { type: "string" },
        json: { type: "boolean" },
        days: { type: "string" },
        all: { type: "boolean" },
        at: { type: "string" },
        place: { type: "string" },
        kind: { type: "string" },
        id: { type: "string" },
        reason: { type: "string" },
      },
    }));
  } catch (error) {
    const line = cliArgsError("meetings", error);
    if (line === null) throw error;
    ctx.err(`${line}\n${USAGE}`);
    return 2;
  }
  if (!["list", "add", "move", "cancel"].includes(sub) || !values.unit) {
    ctx.err(USAGE);
    return 2;
  }
  const db = await ctx.db();
  const unit = await unitFromArg(db, values.unit, ctx);
  if (!unit) return 1;
  const zone = unit.timeZone;
  const now = ctx.now();
  const quietHours = { start: ctx.config.quietHoursStart, end: ctx.config.quietHoursEnd };
  const deps: UseCaseDeps = { db, now, notifier: createNotifier({ db, log: silentLogger, quietHours }) };
  const tell = (report: SendReport) => {
    const line = deliveryMsg.many(
      { reachable: report.reachable.length, unreachable: report.unreachable, notBefore: report.notBefore, group: report.group, zone },
      "cli",
    );
    for (const l of line.split("\n")) (values.json ? ctx.err : ctx.out)(l);
  };
  const print = (meetings: Meeting[]) => {
    if (values.json)
      ctx.out(
        JSON.stringify(
          meetings.map((m) => view(m, zone)),
          null,
          2,
        ),
      );
    else {
      // As list-members: Vietnamese labels and dd/MM/yyyy HH:mm; the id last, for --id of move/cancel.
      const rows = meetings.map((m) => [
        `${formatDate(m.startsAt, zone)} ${formatTime(m.startsAt, zone)}`,
        MEETING_KIND_LABELS[m.kind],
        MEETING_STATUS_LABELS[m.status] ?? m.status,
        m.place ?? "",
        m.id,
      ]);
      for (const line of formatTable(["Ngày giờ", "Loại", "Trạng thái", "Địa điểm", "Mã buổi họp"], rows)) ctx.out(line);
    }
  };

  if (sub === "list") {
    const days = values.days === undefined ? ctx.config.PLANNER_HORIZON_DAYS : Number(values.days);
    if (!Number.isInteger(days) || days <= 0 || days > 3660) {
      ctx.err("--days phải là số ngày nguyên dương, ví dụ --days 60.");
      return 2;
    }
    await planRuleMeetings({ db, now }, { horizonDays: ctx.config.PLANNER_HORIZON_DAYS, unitIds: [unit.id] });
    const meetings = await meetingsBetween(db, unit.id, now, new Date(now.getTime() + days * DAY_MS), { all: Boolean(values.all) });
    print(meetings);
    return 0;
  }

  if (sub === "add" || sub === "move") {
    const startsAt = values.at ? parseDateTime(values.at, zone) : null;
    if (!startsAt) {
      ctx.err(`--at phải là ngày giờ theo mẫu "05/12/2026 14:00" (giờ ${zone}).`);
      return 2;
    }
    if (sub === "add") {
      const kind = (values.kind ?? "REGULAR").toUpperCase();
      if (!(KINDS as readonly string[]).includes(kind)) {
        ctx.err(`--kind phải là một trong ${KINDS.join(", ")}.`);
        return 2;
      }
      const added = await addMeeting(deps, { unitId: unit.id, startsAt, place: values.place?.trim() || null, kind: kind as Kind, actorId: null });
      if (added.kind === "refused") {
        ctx.err("Thời điểm này đã qua.");
        return 1;
      }
      print([added.meeting]);
      return 0;
    }
    if (!values.id) {
      ctx.err('Thiếu --id <mã buổi họp> (xem bằng: npm run cli -- meetings --unit "…").');
      return 2;
    }
    const result = await moveMeeting(deps, {
      unitId: unit.id,
      meetingId: values.id,
      startsAt,
      ...(values.place !== undefined ? { place: values.place.trim() || null } : {}),
      actorId: null,
    });
    if (result.kind === "refused") {
      ctx.err(
        result.code === "past"
          ? "Thời điểm mới đã qua."
          : result.code === "not-found"
            ? "Không có buổi họp này trong đơn vị."
            : result.code === "same"
              ? "Đây vẫn là giờ cũ của buổi họp."
              : "Buổi họp này đã qua hoặc đã hủy.",
      );
      return 1;
    }
    print([result.meeting]);
    tell(result.report);
    return 0;
  }

  if (!values.id) {
    ctx.err('Thiếu --id <mã buổi họp> (xem bằng: npm run cli -- meetings --unit "…").');
    return 2;
  }
  const result = await cancelMeeting(deps, { unitId: unit.id, meetingId: values.id, actorId: null, reason: values.reason?.trim() || null });
  if (result.kind === "refused") {
    ctx.err(result.code === "not-found" ? "Không có buổi họp này trong đơn vị." : "Buổi họp này đã qua hoặc đã hủy.");
    return 1;
  }
  print([result.meeting]);
  tell(result.report);
  return 0;
}
