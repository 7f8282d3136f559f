// The driver adapter used only to author migrations (npm run db:new-migration): an in-process
// PGlite via pglite-prisma-adapter, patched so the shadow database can replay committed migrations.
// pglite-prisma-adapter sends whole migration scripts through PGlite.query(), which accepts one
// statement only ("cannot insert multiple commands into a prepared statement"), and does not await
// executeScript. Parameterless multi-statement SQL is routed to PGlite.exec() instead.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

type Query = { sql: string; args: unknown[] };
type Patched = { client: PGlite; performIO(q: Query): Promise<unknown>; executeScript(s: string): Promise<void> };

function patch<T>(adapter: T): T {
  const a = adapter as unknown as Patched;
  const original = a.performIO.bind(a);
  a.performIO = async (query: Query) => {
    if (query.args.length === 0 && query.sql.split(";").filter((s) => s.trim()).length > 1) {
      await a.client.exec(query.sql);
      return { fields: [], rows: [], affectedRows: 0 };
    }
    return original(query);
  };
  a.executeScript = async (script: string) => {
    await a.client.exec(script);
  };
  return adapter;
}

export function createAuthoringAdapter(dataDir: string) {
  const factory = new PrismaPGlite(new PGlite(dataDir));
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => patch(await connect());
  factory.connectToShadowDb = async () => patch(await connectToShadowDb());
  return factory;
}
