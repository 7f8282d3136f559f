// The layer rules of docs/ARCHITECTURE.md are only as good as the lint config that checks them:
// each case lints a forbidden line as if it were in a real file of that layer and expects the rule
// to name it. A config edit that drops a rule makes its case fail.
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Only the boundary rules, without type information: loading the whole TypeScript project for the
// type-checked rules would take a minute and is not what these cases test.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === "no-restricted-imports" || ruleId === "no-restricted-syntax",
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function findings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? "fatal"}: ${m.message}`);
}

const CASES: Array<{ layer: string; file: string; code: string; rule: string; says: RegExp }> = [
  {
    layer: "a flow imports Prisma",
    file: "src/conversations/flows/start.ts",
    code: 'import { PrismaClient } from "../../generated/prisma/client.ts";\nexport const x = PrismaClient;\n',
    rule: "no-restricted-imports",
    says: /Only src\/db imports Prisma/,
  },
  {
    layer: "a dashboard page calls Prisma",
    file: "src/web/dashboard/pages/meetings.ts",
    code: "export async function f(db: { member: { findMany(): Promise<unknown> } }) {\n  return db.member.findMany();\n}\n",
    rule: "no-restricted-syntax",
    says: /No Prisma calls outside src\/db/,
  },
  {
    layer: "the domain reads a file",
    file: "src/domain/dates.ts",
    code: 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n',
    rule: "no-restricted-imports",
    says: /src\/domain does no I\/O/,
  },
  {
    layer: "the domain imports a repository",
    file: "src/domain/periods.ts",
    code: 'import { cellMember } from "../db/reach.ts";\nexport const x = cellMember;\n',
    rule: "no-restricted-imports",
    says: /src\/domain is pure/,
  },
  {
    layer: "a channel imports the conversations",
    file: "src/channels/dispatcher.ts",
    code: 'import { createEngine } from "../conversations/create-engine.ts";\nexport const x = createEngine;\n',
    rule: "no-restricted-imports",
    says: /src\/channels does not import src\/conversations/,
  },
  {
    layer: "the CLI approves a registration without its use case",
    file: "src/cli/commands/meetings.ts",
    code: 'import { approveRegistration } from "../../db/approvals.ts";\nexport const x = approveRegistration;\n',
    rule: "no-restricted-imports",
    says: /approve-registration\.ts/,
  },
];

describe("lint: layer boundaries", () => {
  for (const c of CASES) {
    it(`reports ${c.layer}`, async () => {
      const found = await findings(c.file, c.code);
      expect(
        found.filter((f) => f.startsWith(`${c.rule}:`) && c.says.test(f)),
        found.join("\n"),
      ).toHaveLength(1);
    }, 120_000);
  }

  it("accepts a repository read in an entry point", async () => {
    const found = await findings("src/cli/commands/meetings.ts", 'import { cellMember } from "../../db/reach.ts";\nexport const x = cellMember;\n');
    expect(found.filter((f) => /no-restricted/.test(f))).toEqual([]);
  }, 120_000);
});
