// ESLint: typescript-eslint's type-checked recommended rules, plus the layer boundaries of
// docs/ARCHITECTURE.md. Formatting is Prettier's job (eslint-config-prettier turns off the rules
// that would fight it); `npm run lint` runs both.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

// ---- What a layer may not import ------------------------------------------------------------
// no-restricted-imports takes one option object per file (a later config block replaces an
// earlier one, it does not add to it), so each layer's list is assembled here from these parts.

/** Prisma itself: only src/db talks to it. The Db handle and the row types src/db exports are fine. */
const PRISMA = [
  { group: ["@prisma/*", "**/generated/**", "*/generated/*"], message: "Only src/db imports Prisma: use a repository in src/db." },
  {
    group: ["**/db/client.ts"],
    importNames: ["Prisma", "PrismaClient", "createDb"],
    message: "Only src/db (and src/runtime, which opens the database) uses the Prisma client itself.",
  },
];

/** Anything with I/O, or a layer above the domain. src/domain is pure: no I/O and no clock. */
const IO = [
  {
    group: [
      "**/db/**",
      "**/channels/**",
      "**/conversations/**",
      "**/usecases/**",
      "**/web/**",
      "**/cli/**",
      "**/jobs/**",
      "**/import/**",
      "**/exports/**",
      "**/runtime/**",
    ],
    message: "src/domain is pure: it imports only other domain files and pure libraries.",
  },
  { group: ["**/config.ts", "**/log.ts", "**/redis.ts", "**/app.ts", "**/main.ts"], message: "src/domain is pure: no configuration, logging or connections." },
  {
    group: [
      "node:fs",
      "node:fs/*",
      "fs",
      "fs/*",
      "node:net",
      "net",
      "node:http",
      "node:https",
      "http",
      "https",
      "node:child_process",
      "child_process",
      "node:dgram",
      "node:os",
      "os",
    ],
    message: "src/domain does no I/O: read or send in src/db, src/channels or an entry point and pass the values in.",
  },
  {
    group: ["bullmq", "ioredis", "pino", "pino-*", "fastify", "@fastify/*", "telegraf", "pg", "@electric-sql/*", "exceljs", "docx", "node-cron", "prom-client"],
    message: "src/domain does no I/O: this library belongs to an outer layer.",
  },
];

/** The channels deliver messages; what a message means is decided above them. */
const CONVERSATIONS = [
  { group: ["**/conversations/**"], message: "src/channels does not import src/conversations: the dispatcher receives the engine as a handler." },
];

// Repository functions that carry out a decision a use case owns: an entry point (web, CLI, job)
// calls the use case instead, so chat, dashboard and CLI cannot disagree. Reads stay allowed.
const DECISION_WRITES = [
  {
    group: ["**/db/invites.ts"],
    importNames: ["createInvite", "redeemInvite"],
    message: "Use src/usecases/invite-member.ts or link-account.ts.",
  },
  { group: ["**/db/local-chat.ts"], importNames: ["linkLocalIdentity"], message: "Use linkLocally in src/usecases/link-account.ts." },
  {
    group: ["**/db/meetings.ts"],
    importNames: ["materializeMeetings", "createManualMeeting", "moveMeeting", "cancelMeeting"],
    message: "Use the meeting use cases in src/usecases (plan-rule-meetings, add-, move-, cancel-meeting).",
  },
  {
    group: ["**/db/member-imports.ts"],
    importNames: ["applyMemberImport", "confirmStagedImport", "createStagedImport", "claimStagedImport", "failStagedImport", "recordImportProgress"],
    message: "Use src/usecases/import-members.ts.",
  },
  { group: ["**/db/meeting-rules.ts"], importNames: ["replaceMeetingRule"], message: "Use src/usecases/change-meeting-rule.ts." },
  {
    group: ["**/db/units.ts"],
    importNames: ["ensureUnit"],
    message: "Use src/usecases/import-members.ts (a new cell is made only by an import that asks for it).",
  },
  { group: ["**/db/members.ts"], importNames: ["upsertMember"], message: "Use src/usecases/import-members.ts." },
  {
    group: ["**/db/registrations.ts"],
    importNames: [
      "addItem",
      "addItems",
      "updateItem",
      "deleteItem",
      "submitRegistration",
      "withdrawRegistration",
      "deleteDraft",
      "markEnteredBy",
      "saveCollective",
      "deleteCollective",
    ],
    message: "Use the registration use cases in src/usecases (register, submit-, withdraw-registration, enter-registration-on-behalf, register-collective).",
  },
  {
    group: ["**/db/assessments.ts"],
    importNames: ["saveAssessment", "saveAssessmentDraft", "deleteAssessmentDraft"],
    message: "Use src/usecases/submit-assessment.ts or save-assessment-draft.ts.",
  },
  {
    group: ["**/db/approvals.ts"],
    importNames: ["approveRegistration", "returnRegistration"],
    message: "Use src/usecases/approve-registration.ts or return-registration.ts.",
  },
  { group: ["**/db/reviews.ts"], importNames: ["createAssessmentReview"], message: "Use src/usecases/comment-assessment.ts." },
  { group: ["**/db/broadcasts.ts"], importNames: ["createBroadcast"], message: "Use src/usecases/broadcast.ts." },
  { group: ["**/db/exemplars.ts"], importNames: ["nominateExemplar"], message: "Use src/usecases/nominate-exemplar.ts." },
];

// Direct Prisma calls (db.member.findMany(), ctx.db.x.update(), tx.$transaction()) outside src/db.
const PRISMA_CALLS = [
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.object.type='MemberExpression'][callee.object.object.name=/^(db|tx|prisma)$/]",
    message: "No Prisma calls outside src/db: add or use a repository function there.",
  },
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.object.type='MemberExpression'][callee.object.object.property.name='db']",
    message: "No Prisma calls outside src/db: add or use a repository function there.",
  },
  {
    // $disconnect stays allowed: closing the client at shutdown is the entry point's job.
    selector: "CallExpression[callee.property.name=/^\\$(transaction|queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe)$/]",
    message: "No Prisma calls outside src/db: add or use a repository function there.",
  },
];

const restrict = (...parts) => ["error", { patterns: parts.flat() }];

export default defineConfig(
  { ignores: ["node_modules/", "dist/", "src/generated/", "prisma/migrations/", "coverage/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a value that is deliberately unused (a destructured field left out of a copy).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Numbers and booleans read fine in a text. Nullish is allowed because, with
      // noUncheckedIndexedAccess, every regex group and array element reads as `| undefined` even
      // where the pattern guarantees it; objects, arrays and `never` in a template stay errors.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // An async function that implements a Promise-returning interface (an adapter's start/stop,
      // a route handler) need not await anything; the real hazard, a forgotten await, is
      // no-floating-promises' and no-misused-promises' job.
      "@typescript-eslint/require-await": "off",
      // The sanitizers (src/domain/text.ts, the import's hygiene, the channel core) match control
      // characters on purpose: stripping them is what they are for.
      "no-control-regex": "off",
      // `let x; … x = …` where a closure made in between reads x (the chat's readline): const would throw.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // Handlers passed to fastify, readline and node:events return promises by design.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    // The dashboard's one browser script.
    files: ["src/web/dashboard/static/**/*.js"],
    languageOptions: { globals: { document: "readonly", window: "readonly", Element: "readonly" } },
  },
  {
    // Plain JavaScript (build scripts, this file): no type information.
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },

  // ---- Layers ---------------------------------------------------------------------------------
  {
    files: ["src/**/*.ts", "jobs/**/*.ts", "scripts/**/*.ts"],
    ignores: ["src/db/**", "src/runtime/**"],
    rules: { "no-restricted-imports": restrict(PRISMA), "no-restricted-syntax": ["error", ...PRISMA_CALLS] },
  },
  {
    // Opens the database for the entry points (createDb); still no Prisma calls of its own.
    files: ["src/runtime/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...PRISMA_CALLS] },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: { "no-restricted-imports": restrict(PRISMA, IO) },
  },
  {
    files: ["src/channels/**/*.ts"],
    rules: { "no-restricted-imports": restrict(PRISMA, CONVERSATIONS) },
  },
  {
    // Entry points: they translate input and output, the use cases decide.
    files: ["src/web/**/*.ts", "src/cli/**/*.ts", "jobs/**/*.ts", "src/conversations/**/*.ts"],
    rules: { "no-restricted-imports": restrict(PRISMA, DECISION_WRITES) },
  },
  {
    // Flows of access "member" or higher get their actor by type, never by `actor!`.
    files: ["src/conversations/flows/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "error" },
  },
  {
    // Tests set up and inspect state with Prisma directly; that is what a test database is for.
    files: ["test/**/*.ts"],
    rules: {
      "no-restricted-imports": "off",
      "no-restricted-syntax": "off",
      // Tests read JSON printed by the CLI and cells of generated XLSX files, then assert on them:
      // an `any` or an object stringified there makes the assertion fail, which is the check.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-base-to-string": "off",
      // expect(fake.method) and spies take methods unbound on purpose.
      "@typescript-eslint/unbound-method": "off",
    },
  },
  prettier,
);
