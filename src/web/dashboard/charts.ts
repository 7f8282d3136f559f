// Charts as inline SVG drawn on the server: coverage bars and a line chart of monthly percentages.
// No script, no external file. The SVG has no viewBox: it takes the card's full width, horizontal
// positions are percentages of that width and everything else is in pixels, so text keeps the
// same size on a phone and on a desktop screen instead of scaling with the width. Colours are
// attributes, so a strict Content-Security-Policy allows them.
import { html, type SafeHtml } from "./html.ts";
import { countWithPercent, percent } from "../../domain/percent.ts";

export const SERIES_COLOURS = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"] as const;
export const colourOf = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length]!;

export const NO_DATA = "Chưa có dữ liệu";
const FONT = 14;
const SMALL = 12;

export interface Bar {
  label: string;
  count: number;
  total: number;
}

/** Horizontal bars "label: count/total (pct%)", one per line, the full width of the card. */
export function coverageBars(bars: readonly Bar[], title: string): SafeHtml {
  const rowH = 48;
  const height = bars.length * rowH;
  const rows = bars.map((b, i) => {
    const p = percent(b.count, b.total);
    const y = i * rowH;
    const fill = p === null ? "#eceff1" : p >= 80 ? "#2e7d32" : p >= 50 ? "#ef6c00" : "#b71c1c";
    return html`<g>
<text x="0" y="${y + 16}" font-size="${FONT}" fill="#222">${b.label}: ${p === null ? NO_DATA.toLowerCase() : countWithPercent(b.count, b.total)}</text>
<rect x="0" y="${y + 24}" width="100%" height="16" rx="4" fill="#eceff1"/>
${p ? html`<rect x="0" y="${y + 24}" width="${p}%" height="16" rx="4" fill="${fill}"/>` : ""}
</g>`;
  });
  return html`<svg class="chart bars" width="100%" height="${height}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${rows}</svg>`;
}

export interface Series {
  name: string;
  /** Percentages 0..100 per x label; null = no data (no active member). */
  values: ReadonlyArray<number | null>;
}

/**
 * Months before a series' first non-zero value are months before anyone used the bot: shown as
 * gaps, not as a flat 0% line. A series with no value above 0 has no data at all.
 */
export function withoutLeadingZeros(values: ReadonlyArray<number | null>): Array<number | null> {
  const first = values.findIndex((v) => v !== null && v > 0);
  if (first < 0) return values.map(() => null);
  return values.map((v, i) => (i < first ? null : v));
}

/** Lines of percentages over months; the first series is drawn thicker (the total) when asked. */
export function trendChart(o: { labels: readonly string[]; series: readonly Series[]; title: string; emphasizeFirst?: boolean }): SafeHtml {
  const H = 210;
  const top = 26;
  const bottom = 30;
  const plotH = H - top - bottom;
  const n = o.labels.length;
  const x = (i: number) => `${(n <= 1 ? 50 : (100 * i) / (n - 1)).toFixed(2)}%`;
  const y = (v: number) => (top + plotH - (plotH * Math.max(0, Math.min(100, v))) / 100).toFixed(1);
  const drawn = o.series.map((s, si) => ({ ...s, index: si, values: withoutLeadingZeros(s.values) }));
  const withData = drawn.filter((s) => s.values.some((v) => v !== null));
  if (withData.length === 0) return html`<p class="nodata">${NO_DATA} trong ${n} tháng này.</p>`;

  const grid = [0, 25, 50, 75, 100].map(
    (v) => html`<line x1="0" x2="100%" y1="${y(v)}" y2="${y(v)}" stroke="#e0e0e0" stroke-width="1"/>
<text x="0" dx="-6" y="${Number(y(v)) + 4}" font-size="${SMALL}" text-anchor="end" fill="#555">${v}%</text>`,
  );
  // Few labels when crowded, always ending with the newest month; "11/2026" is written "11/26" on
  // the axis so six months fit a phone's width.
  const step = n > 6 ? 3 : 1;
  const axisLabel = (label: string) => label.replace(/^(\d{1,2})\/\d{2}(\d{2})$/, "$1/$2");
  const xLabels = o.labels.map((label, i) =>
    (n - 1 - i) % step === 0 ? html`<text x="${x(i)}" y="${H - 8}" font-size="${SMALL}" text-anchor="middle" fill="#555">${axisLabel(label)}</text>` : "",
  );
  const lines = withData.map((s) => {
    const colour = colourOf(s.index);
    const strokeW = o.emphasizeFirst && s.index === 0 ? 3.5 : 2;
    const segments = s.values.slice(1).map((v, k) => {
      const prev = s.values[k];
      return v === null || prev === null || prev === undefined
        ? ""
        : html`<line x1="${x(k)}" y1="${y(prev)}" x2="${x(k + 1)}" y2="${y(v)}" stroke="${colour}" stroke-width="${strokeW}" stroke-linecap="round"/>`;
    });
    const dots = s.values.map((v, i) =>
      v === null ? "" : html`<circle cx="${x(i)}" cy="${y(v)}" r="${strokeW + 1}" fill="${colour}"><title>${s.name} ${o.labels[i]}: ${v}%</title></circle>`,
    );
    return html`<g>${segments}${dots}</g>`;
  });
  // The newest value of each line is written next to its point (only the total's when emphasized).
  const labelled = o.emphasizeFirst ? withData.filter((s) => s.index === 0) : withData;
  const lastValues = labelled.map((s) => {
    let i = s.values.length - 1;
    while (i >= 0 && s.values[i] === null) i--;
    const v = s.values[i];
    if (v === null || v === undefined) return "";
    const anchor = i === n - 1 && n > 1 ? "end" : "middle";
    return html`<text class="last" x="${x(i)}" y="${Number(y(v)) - 9}" font-size="${FONT}" font-weight="700" text-anchor="${anchor}" fill="${colourOf(s.index)}">${v}%</text>`;
  });
  const legend =
    o.series.length > 1
      ? html`<ul class="legend">${drawn.map(
          (s) =>
            html`<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="3" fill="${colourOf(s.index)}"/></svg>${s.name}${s.values.every((v) => v === null) ? html` <span class="muted">(${NO_DATA.toLowerCase()})</span>` : ""}</li>`,
        )}</ul>`
      : "";
  return html`<figure class="trend"><svg class="chart" width="100%" height="${H}" role="img" aria-label="${o.title}" xmlns="http://www.w3.org/2000/svg"><title>${o.title}</title>${grid}${xLabels}${lines}${lastValues}</svg>${legend}</figure>`;
}
