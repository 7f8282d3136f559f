// `npm start`, `npm run cli` and `npm run chat`: rebuild dist/ when the sources are newer, then run the
// compiled entry point in this same process (no second node), so signals reach it directly.
// Usage: node scripts/launch.mjs <main|cli|chat> [args…]
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, ENTRIES, ensureBuilt } from "./build-lib.mjs";

const entry = process.argv[2];
if (!entry || !(entry in ENTRIES)) {
  process.stderr.write(`Usage: node scripts/launch.mjs <${Object.keys(ENTRIES).join("|")}> [args…]\n`);
  process.exit(2);
}
await ensureBuilt();
const file = join(DIST, `${entry}.js`);
// The entry point sees itself as argv[1], as if started with `node dist/<entry>.js args…`.
process.argv.splice(1, 2, file);
await import(pathToFileURL(file).href);
