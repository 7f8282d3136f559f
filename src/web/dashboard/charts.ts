// Charts as inline SVG drawn on the server: coverage bars and a line chart of monthly percentages.
// No script, no external file: the SVG scales with the page (viewBox) and carries a text title
// for screen readers. Colours are attributes, so a strict Content-Security-Policy allows them.
import { html, type SafeHtml } from "./html.ts";

export const SERIES_COLOURS = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"] as const;
export const colourOf = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length]!;

export interface Bar {
  label: string;
  count: number;
  total: number;
}

/** Horizontal bars "label — count/total (pct%)", one per line. */
export function coverageBars(bars: readonly Bar[], title: string): SafeHtml {
  const width = 320;
  const rowH = 46;
  const height = bars.length * rowH + 4;
  const rows = bars.map((b, i) => {
    const p = b.total > 0 ? Math.min(100, Math.floor((b.count * 100) / b.total)) : 0;
    const y = i * rowH;
    const barW = Math.round(((width - 2) * p) / 100);
    const fill = p >= 80 ? "#2e7d32" : p >= 50 ? "#ef6c00" : "#b71c1c";
    return html`<g>
<text x="0" y="${y + 15}" font-size="14" fill="#222">${b.label}: ${b.count}/${b.total} (${p}%)</text>
<rect x="1" y="${y + 22}" width="${width - 2}" height="16" rx="4" fill="#eceff1"/>
<rect x="1" y="${y + 22}" width="${barW}" height="16" rx="4" fill="${fill}"/>
</g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${rows}</svg>`;
}

export interface Series {
  name: string;
  /** Percentages 0..100 per x label; null = no data (no active member). */
  values: ReadonlyArray<number | null>;
}

/** Lines of percentages over months; the first series is drawn thicker (the total). */
export function trendChart(o: { labels: readonly string[]; series: readonly Series[]; title: string; emphasizeFirst?: boolean }): SafeHtml {
  const W = 360;
  const H = 220;
  const left = 40;
  const right = 24;
  const top = 12;
  const bottom = 30;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const n = o.labels.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => top + plotH - (plotH * Math.max(0, Math.min(100, v))) / 100;
  const grid = [0, 25, 50, 75, 100].map(
    (v) => html`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#e0e0e0" stroke-width="1"/>
<text x="${left - 6}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="#555">${v}%</text>`,
  );
  // Every other label when crowded, always ending with the newest.
  const step = n > 7 ? 2 : 1;
  const xLabels = o.labels.map((label, i) =>
    (n - 1 - i) % step === 0 ? html`<text x="${x(i)}" y="${H - 10}" font-size="12" text-anchor="middle" fill="#555">${label}</text>` : "",
  );
  const lines = o.series.map((s, si) => {
    const colour = colourOf(si);
    const strokeW = o.emphasizeFirst && si === 0 ? 3.5 : 2;
    const segments: string[] = [];
    let current: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (current.length) segments.push(current.join(" "));
        current = [];
      } else {
        current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      }
    });
    if (current.length) segments.push(current.join(" "));
    const dots = s.values.map((v, i) => (v === null ? "" : html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="${strokeW + 0.5}" fill="${colour}"><title>${s.name} ${o.labels[i]}: ${v}%</title></circle>`));
    return html`<g>${segments.map((pts) => html`<polyline points="${pts}" fill="none" stroke="${colour}" stroke-width="${strokeW}" stroke-linejoin="round"/>`)}${dots}</g>`;
  });
  const legend = html`<ul class="legend">${o.series.map(
    (s, i) => html`<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="3" fill="${colourOf(i)}"/></svg>${s.name}</li>`,
  )}</ul>`;
  return html`<figure class="trend"><svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${o.title}" xmlns="http://www.w3.org/2000/svg"><title>${o.title}</title>${grid}${xLabels}${lines}</svg>${legend}</figure>`;
}
