// Large digest answers come back as a single row whose columns each hold the values of all rows:
// strings as a JSON array, numbers and enum values joined by a separator (the counts are checked).
// PostgreSQL writes that several times faster than JSON rows, and the client builds no object per
// value. These read such columns back.

/** Values (enum names, numbers, periods: never the separator) joined by `separator`, checked to be `n`. */
export function split(text: string | null, separator: string, n: number): string[] {
  const parts = text === null || text === "" ? [] : text.split(separator);
  if (parts.length !== n) throw new Error(`Digest query: expected ${n} values, got ${parts.length}`);
  return parts;
}

/** A column of `n` integers (|x| < 2^53) joined by one separator character, parsed without splitting. */
export function parseIntegers(text: string | null, n: number): Float64Array {
  const out = new Float64Array(n);
  let count = 0;
  if (text !== null && text !== "") {
    let value = 0;
    let sign = 1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : -1;
      if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
      else if (c === 45)
        sign = -1; // "-"
      else {
        if (count < n) out[count] = sign * value;
        count++;
        value = 0;
        sign = 1;
      }
    }
  }
  if (count !== n) throw new Error(`Digest query: expected ${n} values, got ${count}`);
  return out;
}

/** A column given as a JSON array (json_agg), checked to hold `n` values. */
export function parseArray<T>(json: string | null, n: number): T[] {
  const values = json === null ? [] : (JSON.parse(json) as T[]);
  if (values.length !== n) throw new Error(`Digest query: expected ${n} values, got ${values.length}`);
  return values;
}
