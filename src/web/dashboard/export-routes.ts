// The dashboard's downloads, every one built by src/exports: the cell's digest, registrations and
// assessments (XLSX), a member's registration form, sổ tự tu dưỡng and year-end self-assessment
// (DOCX), and a committee's roll-up (XLSX). Each download is audited; scope as for the pages.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { cellOf, committeeOf, DOCX_TYPE, HttpError, param, sendFile, signed, XLSX_TYPE, yearOf, type DashboardDeps } from "./context.ts";
import { audit } from "../../db/audit.ts";
import { cellRegistrations, memberNotebook, yearAssessments } from "../../db/dashboard-data.ts";
import { findTheme, listCollective } from "../../db/registrations.ts";
import { loadYearEndSources } from "../../db/assessments.ts";
import { loadCellDigest, loadRollup } from "../../db/digest-loader.ts";
import { unitWithParent } from "../../db/units.ts";
import { formatDate } from "../../domain/dates.ts";
import type { DocumentUnit } from "../../exports/index.ts";

// The builders (docx, exceljs) load at the first download, not at start: a starting process answers
// /healthz sooner (issue #13).
const exporters = () => import("../../exports/index.ts");

export function registerExportRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;

  async function documentUnit(cell: { id: string; name: string; timeZone: string }): Promise<DocumentUnit> {
    const unit = await unitWithParent(db, cell.id);
    return { name: cell.name, parentName: unit?.parentName ?? null, place: deps.documents.place, timeZone: cell.timeZone };
  }

  const actor = (request: FastifyRequest) => signed(request).scope.member.id;

  app.get("/cells/:cellId/export/digest.xlsx", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const now = deps.now();
    const d = await loadCellDigest(db, cell.id, now);
    if (!d) return reply.callNotFound();
    const unit = await documentUnit(cell);
    await audit(db, { actorId: actor(request), unitId: cell.id, action: "export.digest", targetType: "Unit", targetId: cell.id });
    return sendFile(reply, {
      filename: `bao-cao-${formatDate(now, cell.timeZone).replaceAll("/", "-")}.xlsx`,
      contentType: XLSX_TYPE,
      body: await (await exporters()).digestToXlsx(d, { committee: unit.parentName }),
    });
  });

  app.get("/cells/:cellId/export/registrations.xlsx", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const now = deps.now();
    const year = yearOf(request, now, cell.timeZone);
    const [rows, collective, unit] = await Promise.all([cellRegistrations(db, cell.id, year), listCollective(db, cell.id, year), documentUnit(cell)]);
    const body = await (
      await exporters()
    ).registrationsXlsx({ unitName: cell.name, parentName: unit.parentName, year, zone: cell.timeZone, now, rows, collective });
    await audit(db, { actorId: actor(request), unitId: cell.id, action: "export.registrations", targetType: "Unit", targetId: cell.id, detail: { year } });
    return sendFile(reply, { filename: `dang-ky-${year}-${cell.name}.xlsx`, contentType: XLSX_TYPE, body });
  });

  app.get("/cells/:cellId/export/assessments.xlsx", async (request, reply) => {
    const cell = cellOf(request, param(request, "cellId"));
    const now = deps.now();
    const year = yearOf(request, now, cell.timeZone);
    const [members, unit] = await Promise.all([yearAssessments(db, cell.id, year), documentUnit(cell)]);
    const body = await (await exporters()).assessmentsXlsx({ unitName: cell.name, parentName: unit.parentName, year, zone: cell.timeZone, now, members });
    await audit(db, { actorId: actor(request), unitId: cell.id, action: "export.assessments", targetType: "Unit", targetId: cell.id, detail: { year } });
    return sendFile(reply, { filename: `tu-danh-gia-${year}-${cell.name}.xlsx`, contentType: XLSX_TYPE, body });
  });

  /** A member's notebook of the year, or 404 outside the cell. */
  async function memberOf(request: FastifyRequest) {
    const cell = cellOf(request, param(request, "cellId"));
    const now = deps.now();
    const year = yearOf(request, now, cell.timeZone);
    const nb = await memberNotebook(db, cell.id, param(request, "memberId"), year);
    if (!nb) throw new HttpError(404);
    return { cell, now, year, nb, unit: await documentUnit(cell) };
  }

  app.get("/cells/:cellId/members/:memberId/registration.docx", async (request, reply) => {
    const { cell, now, year, nb, unit } = await memberOf(request);
    const theme = await findTheme(db, cell.id, year);
    const body = await (await exporters()).registrationDocx({ notebook: nb, unit, year, theme: theme?.title ?? null, now });
    await audit(db, {
      actorId: actor(request),
      unitId: cell.id,
      action: "export.registration-form",
      targetType: "Member",
      targetId: nb.member.id,
      detail: { year },
    });
    return sendFile(reply, { filename: `dang-ky-hoc-tap-lam-theo-${year}-${nb.member.fullName}.docx`, contentType: DOCX_TYPE, body });
  });

  app.get("/cells/:cellId/members/:memberId/notebook.docx", async (request, reply) => {
    const { cell, now, year, nb, unit } = await memberOf(request);
    const theme = await findTheme(db, cell.id, year);
    const body = await (await exporters()).notebookDocx({ notebook: nb, unit, year, theme: theme?.title ?? null, now });
    await audit(db, { actorId: actor(request), unitId: cell.id, action: "export.notebook", targetType: "Member", targetId: nb.member.id, detail: { year } });
    return sendFile(reply, { filename: `so-tu-tu-duong-${year}-${nb.member.fullName}.docx`, contentType: DOCX_TYPE, body });
  });

  app.get("/cells/:cellId/members/:memberId/year-end.docx", async (request, reply) => {
    const { cell, now, year, nb, unit } = await memberOf(request);
    const sources = await loadYearEndSources(db, nb.member.id, year);
    const { yearEndDocx, yearEndForm } = await exporters();
    const body = await yearEndDocx({ notebook: nb, unit, year, form: yearEndForm(deps.documents.yearEndForm), sources, now });
    await audit(db, { actorId: actor(request), unitId: cell.id, action: "export.year-end", targetType: "Member", targetId: nb.member.id, detail: { year } });
    return sendFile(reply, { filename: `tu-danh-gia-${year}-${nb.member.fullName}.docx`, contentType: DOCX_TYPE, body });
  });

  app.get("/committees/:committeeId/export/rollup.xlsx", async (request, reply) => {
    const committee = committeeOf(request, param(request, "committeeId"));
    const now = deps.now();
    const rollup = await loadRollup(db, committee.id, now);
    if (!rollup) return reply.callNotFound();
    await audit(db, { actorId: actor(request), unitId: committee.id, action: "export.rollup", targetType: "Unit", targetId: committee.id });
    return sendFile(reply, {
      filename: `tong-hop-${formatDate(now, committee.timeZone).replaceAll("/", "-")}.xlsx`,
      contentType: XLSX_TYPE,
      body: await (await exporters()).rollupToXlsx(rollup),
    });
  });
}
