// A clone with nothing beside it must work: no file of the project may point outside the
// repository into a sibling folder (the design notes and samples the project started from).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Spelled in pieces so that this file does not match itself.
const SIBLING = ["..", "shared"].join("/");
/** The design note the project started from lives outside the repository: pointing to it is a dead end. */
const OUTSIDE_NOTE = new RegExp(["DESIGN", "(\\.md|\\s*§)"].join(""));
const CHECKED = [
  "src",
  "test",
  "scripts",
  "jobs",
  "prisma",
  ".ci",
  "docs",
  "examples",
  "README.md",
  "Dockerfile",
  "docker-compose.yml",
  "prisma.config.ts",
  "package.json",
];
const SKIPPED = new Set(["generated", "node_modules"]);

function files(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !SKIPPED.has(name))
    .flatMap((name) => files(join(path, name)));
}

describe("self-contained repository", () => {
  it(`nothing under ${CHECKED.join(", ")} refers to ${SIBLING}`, () => {
    const all = CHECKED.flatMap((p) => files(join(root, p)));
    expect(all.length).toBeGreaterThan(100);
    const offending = all.filter((file) => readFileSync(file, "latin1").includes(SIBLING)).map((file) => relative(root, file));
    expect(offending).toEqual([]);
  });

  it("nothing points to the design note the project started from (the docs/ folder says it in the project's words)", () => {
    const all = CHECKED.flatMap((p) => files(join(root, p)));
    const offending = all.filter((file) => OUTSIDE_NOTE.test(readFileSync(file, "utf8"))).map((file) => relative(root, file));
    expect(offending).toEqual([]);
  });

  it("every relative link in README.md and docs/ points at a file of the repository", () => {
    const docs = [join(root, "README.md"), ...files(join(root, "docs")).filter((f) => f.endsWith(".md"))];
    const broken: string[] = [];
    for (const doc of docs) {
      const text = readFileSync(doc, "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^(https?:|mailto:|#)/.test(target)) continue;
        const path = target.split("#")[0]!;
        const resolved = join(doc, "..", path);
        let exists = true;
        try {
          statSync(resolved);
        } catch {
          exists = false;
        }
        if (!exists) broken.push(`${relative(root, doc)} → ${target}`);
        expect(relative(root, resolved).startsWith(".."), `${relative(root, doc)} links outside the repository: ${target}`).toBe(false);
      }
    }
    expect(broken).toEqual([]);
  });
});
