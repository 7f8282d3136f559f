// Shares as people read them on a report: rounded to the nearest whole percent (3/7 is 43%, not
// 42%), never above 100, and no percentage at all when there is nobody to count. 100% means
// everyone: 199/200 reads 99%, so a cell is never shown complete while someone is missing.

/** Whole percent of count in total, rounded half up (99 at most until complete); null when total is 0. */
export function percent(count: number, total: number): number | null {
  if (!(total > 0)) return null;
  const p = Math.min(100, Math.max(0, Math.round((count * 100) / total)));
  return p === 100 && count < total ? 99 : p;
}

/** "2/12 (17%)"; "0/0" when there is nobody to count. */
export function countWithPercent(count: number, total: number): string {
  const p = percent(count, total);
  return p === null ? `${count}/${total}` : `${count}/${total} (${p}%)`;
}
