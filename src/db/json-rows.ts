// Rows read as JSON (to_jsonb, jsonb_agg) in one statement instead of several of Prisma's: their
// DateTime columns come back as text and are revived here.

/** The keys of T that hold dates. */
type DateKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends Date ? K : never }[keyof T];
type Unlisted<T, Listed> = Exclude<DateKeys<T>, Listed>;
/** Passes when every date key of T is listed, else names the missing ones in the type error. */
type EveryDate<T, Listed> = [Unlisted<T, Listed>] extends [never] ? unknown : { unlistedDates: Unlisted<T, Listed> };

/**
 * The reviver of a model's row read with to_jsonb, given every DateTime column of the model: a
 * column added later fails the type check where the reviver is made until it is listed (an
 * unlisted one would reach the callers as a string typed Date).
 */
export function jsonRow<T>() {
  return <const Keys extends readonly DateKeys<T>[]>(...keys: Keys & EveryDate<T, Keys[number]>) =>
    (row: Record<string, unknown>): T => {
      // timestamp(3) columns hold UTC without a zone.
      for (const key of keys as readonly PropertyKey[]) {
        const value = row[key as string];
        if (typeof value === "string") row[key as string] = new Date(`${value}Z`);
      }
      return row as T;
    };
}
