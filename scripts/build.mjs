// npm run build (after tsc --noEmit): a clean dist/ for production (`node dist/main.js`).
import { build, DIST } from "./build-lib.mjs";

const started = Date.now();
await build({ clean: true });
process.stdout.write(`Built ${DIST} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
