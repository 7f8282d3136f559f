// Guards for the values a statement filters on. Prisma drops an undefined filter (and an OR of
// undefined ones matches everything), so an id lost on the way (job data of another shape, a row
// read wrongly) would turn "this row" into "every row": a programming error that must stop loudly.

/** The value when it is a non-empty string; otherwise throws an Error naming the function and the argument. */
export function requireKey<T extends string>(fn: string, name: string, value: T | null | undefined): T {
  if (typeof value === "string" && value !== "") return value;
  throw new Error(`${fn}: ${name} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`);
}
