// Packages that take long to load and that few requests need, required at their first use instead
// of at start: exceljs alone costs more than the rest of the dashboard together, and a starting
// process should answer /healthz first (issue #13: within 3 s of start). Synchronous, so callers
// keep their shape; the module is loaded once and kept.
import { createRequire } from "node:module";
import type ExcelJSModule from "exceljs";

const require = createRequire(import.meta.url);

let excel: typeof ExcelJSModule | undefined;

/** The exceljs module (spreadsheet exports and member imports). */
export const exceljs = (): typeof ExcelJSModule => (excel ??= require("exceljs") as typeof ExcelJSModule);
