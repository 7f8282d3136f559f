// Every XLSX and DOCX the project produces is built here: the digest and roll-up (CLI and
// dashboard), the cell's registrations and assessments, and a member's documents. Shared layout:
// xlsx.ts (print-ready sheets) and docx.ts (party-document layout). See docs/exports.md.
export { digestToXlsx, rollupToXlsx, rollupPeriodLabel, DIGEST_SHEETS, ROLLUP_SHEETS, DIGEST_DOCUMENT, ROLLUP_DOCUMENT } from "./digest-sheets.ts";
export {
  registrationsXlsx,
  assessmentsXlsx,
  REGISTRATION_SHEETS,
  ASSESSMENT_SHEETS,
  YEAR_COLUMN,
  REGISTRATIONS_DOCUMENT,
  ASSESSMENTS_DOCUMENT,
} from "./cell-sheets.ts";
export { registrationDocx, notebookDocx, yearEndDocx } from "./member-documents.ts";
export { YEAR_END_FORMS, DEFAULT_YEAR_END_FORM, yearEndForm, type YearEndForm, type FormSection, type SectionFill } from "./templates.ts";
export { safeText, HEADER_ROW, DATE_FORMAT } from "./xlsx.ts";
export { dateLine, headerLines, placeOf, type DocumentUnit } from "./units.ts";
