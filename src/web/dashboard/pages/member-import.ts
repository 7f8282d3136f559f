// Importing a member list on the dashboard, in two steps: the upload shows a preview (rows to add,
// rows to update with each change before → after, role changes called out, namesakes and refused
// rows by line); "Xác nhận nhập" queues a background job that applies the whole list in one
// transaction, and this page shows its progress until it is done. The sample list is downloadable.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../../runtime/paths.ts";
import type { FastifyInstance } from "fastify";
import { html, type SafeHtml } from "../html.ts";
import { cellPath, csrfInput } from "../layout.ts";
import { cellOf, HttpError, managedCellOf, param, sendFile, signed, XLSX_TYPE, type DashboardDeps } from "../context.ts";
import { sendCellPage } from "../frame.ts";
import { checkCsrf } from "../auth.ts";
import { findStagedImport } from "../../../db/member-imports.ts";
import { importMsg } from "../../../messages/import.ts";
import type { ImportPreview } from "../../../import/import-members.ts";
import { confirmMemberImport, stageMemberImport } from "../../../usecases/import-members.ts";
import { MemberFileError, parseMembersFile } from "../../../import/members-file.ts";
import { describeChange, ENCODING_LABELS, fieldValue } from "../../../import/preview-text.ts";
import { createMemberImportQueue, enqueueMemberImport } from "../../../../jobs/member-import.ts";

const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Rows listed per section of the preview; the counts always cover the whole file. */
const SHOWN = 200;

// Resolved from the project root, not from this module: the build bundles every module into dist/main.js,
// where a path relative to import.meta.url points elsewhere. Read when asked, so a deployment without
// examples/ still starts (the download then answers 404).
function sample(name: string): Buffer {
  try {
    return readFileSync(join(projectRoot, "examples", name));
  } catch {
    throw new HttpError(404);
  }
}

function more(total: number): SafeHtml | string {
  return total > SHOWN ? html`<p class="muted">… và ${total - SHOWN} dòng khác.</p>` : "";
}

function previewView(p: ImportPreview, confirm: SafeHtml | string): SafeHtml {
  const roleChanges = p.updates.filter((u) => u.changes.some((c) => c.field === "role"));
  return html`<section class="card">
  <h2>Xem trước: ${p.fileName}</h2>
  <p class="muted">Bảng mã: ${ENCODING_LABELS[p.encoding] ?? p.encoding} · ${p.total} dòng</p>
  <ul class="stats"><li><b>${p.adds.length}</b> thêm mới</li><li><b>${p.updates.length}</b> cập nhật</li><li><b>${p.unchanged}</b> không đổi</li><li><b>${p.namesakes.length}</b> trùng tên</li><li><b>${p.errors.length}</b> dòng lỗi</li></ul>
  ${
    p.blocked
      ? html`<p class="flash error">${p.total === 0 ? "Tệp không có dòng nào ngoài dòng tiêu đề." : "Chưa nhập được: danh sách chỉ được nhập khi mọi dòng đều đúng (nhập cả tệp hoặc không gì cả). Đồng chí sửa các dòng dưới đây trong tệp rồi tải lên lại."}</p>`
      : confirm
  }
</section>
${p.errors.length > 0 ? html`<section class="card"><h2>Dòng lỗi (${p.errors.length})</h2><ul class="items">${p.errors.slice(0, SHOWN).map((e) => html`<li>Dòng ${e.line}: ${e.error}</li>`)}</ul>${more(p.errors.length)}</section>` : ""}
${p.namesakes.length > 0 ? html`<section class="card"><h2>Trùng tên, chưa phân biệt được (${p.namesakes.length})</h2><p class="muted">Không gộp hai người làm một: đồng chí ghi thêm số điện thoại cho những dòng này.</p><ul class="items">${p.namesakes.slice(0, SHOWN).map((e) => html`<li>Dòng ${e.line}: ${e.error}</li>`)}</ul>${more(p.namesakes.length)}</section>` : ""}
${roleChanges.length > 0 ? html`<section class="card"><h2>Đổi vai trò (${roleChanges.length})</h2><ul class="items">${roleChanges.slice(0, SHOWN).map((u) => html`<li><b>Dòng ${u.line}: ${u.fullName}</b> — ${describeChange(u.changes.find((c) => c.field === "role")!)}</li>`)}</ul>${more(roleChanges.length)}</section>` : ""}
${p.updates.length > 0 ? html`<section class="card"><h2>Cập nhật (${p.updates.length})</h2><ul class="items">${p.updates.slice(0, SHOWN).map((u) => html`<li>Dòng ${u.line}: ${u.fullName}<ul>${u.changes.map((c) => html`<li>${describeChange(c)}</li>`)}</ul></li>`)}</ul>${more(p.updates.length)}</section>` : ""}
${p.adds.length > 0 ? html`<section class="card"><h2>Thêm mới (${p.adds.length})</h2><ul class="items">${p.adds.slice(0, SHOWN).map((a) => html`<li>Dòng ${a.line}: ${a.member.fullName} · ${fieldValue("role", a.member.role)}${a.member.position ? ` · ${a.member.position}` : ""}${a.member.phone ? ` · ${a.member.phone}` : ""}${a.member.status !== "ACTIVE" ? ` · ${fieldValue("status", a.member.status)}` : ""}</li>`)}</ul>${more(p.adds.length)}</section>` : ""}
${p.masked.length > 0 ? html`<section class="card"><p>Số giấy tờ cá nhân (CCCD, thẻ đảng) trong cột chức vụ ở dòng ${p.masked.join(", ")} đã được ẩn, không lưu.</p></section>` : ""}`;
}

export function importCard(cellId: string, csrfToken: string): SafeHtml {
  return html`<section class="card">
  <h2>Nhập danh sách từ tệp CSV/XLSX</h2>
  <p class="muted">Dòng đầu là tiêu đề: Họ và tên, Chức vụ, Vai trò, Số điện thoại, Trạng thái. Vai trò ghi: Đảng viên, Chi ủy viên, Phó bí thư hoặc Bí thư. Người đã có (cùng số điện thoại, hoặc cùng họ tên khi không có số) được cập nhật, không bị nhân đôi. Đồng chí xem trước rồi mới xác nhận nhập.</p>
  <p>Tệp mẫu: <a href="${cellPath(cellId, "/members/import/sample.xlsx")}" download>danh sách mẫu (XLSX)</a> · <a href="${cellPath(cellId, "/members/import/sample.csv")}" download>danh sách mẫu (CSV)</a></p>
  <form method="post" action="${cellPath(cellId, "/members/import")}" enctype="multipart/form-data" class="stack">
    ${csrfInput(csrfToken)}
    <input type="file" name="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
    <button type="submit">Xem trước</button>
  </form>
</section>`;
}

export function registerMemberImport(app: FastifyInstance, deps: DashboardDeps): void {
  const { db } = deps;
  let queue: ReturnType<typeof createMemberImportQueue> | undefined;
  // The queue shares the web process's Redis connection; jobs/member-import.ts runs them.
  const importQueue = () => (queue ??= createMemberImportQueue(deps.redis, deps.redisPrefix));

  app.get("/cells/:cellId/members/import/sample.csv", async (request, reply) => {
    cellOf(request, param(request, "cellId"));
    return sendFile(reply, { filename: "danh-sach-dang-vien-mau.csv", contentType: "text/csv; charset=utf-8", body: sample("members.csv") });
  });
  app.get("/cells/:cellId/members/import/sample.xlsx", async (request, reply) => {
    cellOf(request, param(request, "cellId"));
    return sendFile(reply, { filename: "danh-sach-dang-vien-mau.xlsx", contentType: XLSX_TYPE, body: sample("members.xlsx") });
  });

  app.post("/cells/:cellId/members/import", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const { scope, csrfToken } = signed(request);
    if (!request.isMultipart()) throw new HttpError(403, "csrf");
    let token = "";
    let file: { name: string; data: Buffer } | null = null;
    for await (const part of request.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 } })) {
      if (part.type === "field") {
        if (part.fieldname === "_csrf" && typeof part.value === "string") token = part.value;
      } else {
        const data = await part.toBuffer();
        if (part.fieldname === "file") file = { name: part.filename, data };
      }
    }
    checkCsrf(request, token);
    if (!file || file.data.length === 0) return reply.redirect(cellPath(cell.id, "/members?err=import-bad-file"), 303);
    let parsed;
    try {
      parsed = await parseMembersFile(file.name, file.data);
    } catch (error) {
      if (!(error instanceof MemberFileError)) throw error;
      return sendCellPage(request, reply, cell, {
        title: "Nhập danh sách đảng viên",
        active: "members",
        back: { href: cellPath(cell.id, "/members"), label: "Danh sách đảng viên" },
        status: 422,
        body: [
          html`<section class="card"><h2>Không đọc được tệp ${file.name}</h2><p class="flash error">${error.message}</p><p class="muted">Chưa có gì thay đổi.</p></section>`,
          importCard(cell.id, csrfToken),
        ],
      });
    }
    const staged = await stageMemberImport(
      { db, now: deps.now() },
      { unit: cell, actorId: scope.member.id, file: { fileName: file.name, encoding: parsed.encoding, rows: parsed.rows } },
    );
    return reply.redirect(cellPath(cell.id, `/members/import/${staged.importId}`), 303);
  });

  app.get("/cells/:cellId/members/import/:importId", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const { csrfToken } = signed(request);
    const id = param(request, "importId");
    const staged = await findStagedImport(db, cell.id, id);
    if (!staged) throw new HttpError(404);
    const preview = staged.status === "PREVIEWED" ? ((await findStagedImport(db, cell.id, id, { preview: true }))?.preview ?? null) : null;
    const failed = (text: string) =>
      html`<section class="card"><h2>Chưa nhập được</h2><p class="flash error">${text}</p><p class="muted">Không có thay đổi nào được lưu.</p></section>${importCard(cell.id, csrfToken)}`;
    let body: SafeHtml;
    if (staged.status === "PREVIEWED") {
      // A stored preview that no longer decodes cannot be shown or confirmed: the file is uploaded again.
      if (!preview) body = failed(importMsg.unreadable());
      else {
        const confirm = html`<form method="post" action="${cellPath(cell.id, `/members/import/${staged.id}/confirm`)}" class="stack">${csrfInput(csrfToken)}<button type="submit" class="primary">Xác nhận nhập ${preview.adds.length + preview.updates.length} thay đổi</button></form>`;
        body = html`${previewView(preview, confirm)}${preview.blocked ? importCard(cell.id, csrfToken) : ""}`;
      }
    } else if (staged.status === "QUEUED" || staged.status === "RUNNING") {
      // The row says QUEUED but Redis may have lost the job (restart): adding it again is a no-op otherwise.
      if (staged.status === "QUEUED") await enqueueMemberImport(importQueue(), staged.id);
      const pct = staged.total > 0 ? Math.round((100 * staged.processed) / staged.total) : 0;
      body = html`<meta http-equiv="refresh" content="2"><section class="card" aria-live="polite">
  <h2>Đang nhập danh sách…</h2>
  <p>${staged.status === "QUEUED" ? "Đang chờ đến lượt." : `Đã xử lý ${staged.processed}/${staged.total} dòng (${pct}%).`}</p>
  <progress max="${staged.total}" value="${staged.processed}"></progress>
  <p class="muted">Danh sách được ghi một lần, trọn vẹn: trong lúc chờ chưa có thay đổi nào hiện ra. Trang tự cập nhật; đồng chí có thể <a href="${cellPath(cell.id, `/members/import/${staged.id}`)}">tải lại</a>.</p>
</section>`;
    } else if (staged.status === "DONE") {
      const r = staged.result;
      // The import did happen; only its counts are unreadable, and no count is made up for them.
      const counts = r
        ? html`<ul class="stats"><li><b>${r.created}</b> thêm mới</li><li><b>${r.updated}</b> cập nhật</li><li><b>${r.roleChanges}</b> đổi vai trò</li><li><b>${r.unchanged}</b> không đổi</li></ul>`
        : html`<p class="muted">${importMsg.summaryUnreadable()}</p>`;
      body = html`<section class="card"><h2>Đã nhập danh sách</h2>
  ${counts}
  <p><a class="button" href="${cellPath(cell.id, "/members")}">Xem danh sách đảng viên</a></p></section>`;
    } else {
      body = failed(staged.error ?? "Không nhập được.");
    }
    return sendCellPage(request, reply, cell, {
      title: "Nhập danh sách đảng viên",
      active: "members",
      back: { href: cellPath(cell.id, "/members"), label: "Danh sách đảng viên" },
      flash: true,
      body,
    });
  });

  app.post("/cells/:cellId/members/import/:importId/confirm", async (request, reply) => {
    const cell = managedCellOf(request, param(request, "cellId"));
    const { scope } = signed(request);
    const importId = param(request, "importId");
    const confirmed = await confirmMemberImport(
      { db, now: deps.now(), enqueue: (id) => enqueueMemberImport(importQueue(), id) },
      { unitId: cell.id, importId, actorId: scope.member.id },
    );
    if (confirmed.kind === "refused" && confirmed.code === "not-found") throw new HttpError(404);
    // Blocked, or a double click or a second tab that finds it already confirmed: the page says where it stands.
    return reply.redirect(cellPath(cell.id, `/members/import/${importId}`), 303);
  });
}
