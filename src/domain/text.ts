// Vietnamese text helpers: matching with and without diacritics, given names, sorting.

/** Lower-case, strip diacritics (đ → d), collapse white space: "Đăng  Ký" → "dang ky". */
export function fold(input: string): string {
  return input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Tidy a person's name as typed: trimmed, single spaces, NFC. */
export function cleanName(input: string): string {
  return input.normalize("NFC").replace(/\s+/g, " ").trim();
}

/** The given name is the last word of a Vietnamese full name ("Nguyễn Văn Hùng" → "Hùng"). */
export function givenName(fullName: string): string {
  const words = cleanName(fullName).split(" ");
  return words[words.length - 1] ?? fullName;
}

const collator = new Intl.Collator("vi", { sensitivity: "base" });

/** Vietnamese order for lists of people: by given name, then by the full name. */
export function compareVietnameseNames(a: string, b: string): number {
  return collator.compare(givenName(a), givenName(b)) || collator.compare(a, b);
}

export function sortByVietnameseName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((x, y) => compareVietnameseNames(name(x), name(y)));
}
