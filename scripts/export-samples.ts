// Writes every dashboard export for the demo data (the dashboard test harness: seeded cells,
// registrations, assessments, comments) into a folder, for printing them with LibreOffice:
//   npx tsx scripts/export-samples.ts /tmp/exports
//   cd /tmp/exports && soffice --headless --convert-to pdf *.xlsx *.docx && for f in *.pdf; do pdfinfo "$f" | grep Pages; done
// Needs the test PostgreSQL and Redis (see README, "Tests").
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureTemplateDb } from "../test/support/global-setup.ts";
import { login, startDashboard } from "../test/integration/dashboard-harness.ts";

const out = process.argv[2] ?? "./export-samples";
mkdirSync(out, { recursive: true });
await ensureTemplateDb();
const h = await startDashboard();
try {
  const hung = await login(h, "hung");
  const khanh = await login(h, "khanh");
  const office = (rest: string) => `/dashboard/cells/${h.officeId}${rest}`;
  const files: Array<[string, typeof hung, string]> = [
    ["digest.xlsx", hung, office("/export/digest.xlsx")],
    ["registrations.xlsx", hung, office("/export/registrations.xlsx?year=2026")],
    ["assessments.xlsx", hung, office("/export/assessments.xlsx?year=2026")],
    ["notebook.docx", hung, office(`/members/${h.ids.tuan}/notebook.docx?year=2026`)],
    ["year-end.docx", hung, office(`/members/${h.ids.tuan}/year-end.docx?year=2026`)],
    ["registration-form.docx", hung, office(`/members/${h.ids.tuan}/registration.docx?year=2026`)],
    ["rollup.xlsx", khanh, `/dashboard/committees/${h.committeeId}/export/rollup.xlsx`],
  ];
  for (const [name, who, url] of files) {
    const res = await who.get(url);
    if (res.status !== 200) {
      console.log(`${name}: HTTP ${res.status} (skipped)`);
      continue;
    }
    writeFileSync(join(out, name), res.raw);
    console.log(`${name}: ${res.raw.length} bytes`);
  }
} finally {
  await h.close();
}
