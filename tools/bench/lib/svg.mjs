/**
 * A grouped bar chart as a standalone SVG string (no dependencies). Pure.
 *
 * @param {{ title: string, yLabel: string, categories: string[],
 *   series: Array<{ name: string, values: Array<number|undefined> }>,
 *   lines?: Array<{ value: number, label: string }>, width?: number, height?: number,
 *   format?: (v: number) => string }} chart
 */
export function barChart(chart) {
  const { title, yLabel, categories, series, lines = [], format = defaultFormat } = chart;
  const width = chart.width ?? Math.max(640, 120 + categories.length * (series.length * 26 + 30));
  const height = chart.height ?? 360;
  const margin = { top: 48, right: 20, bottom: 70 + 18 * Math.ceil(series.length / 3), left: 70 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const values = series.flatMap((s) => s.values).filter(isNumber);
  const top = niceCeiling(Math.max(0, ...values, ...lines.map((l) => l.value)) * 1.08 || 1);
  const y = (v) => margin.top + plotH - (v / top) * plotH;
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.min(28, (groupW - 16) / Math.max(1, series.length));
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const v = (top * i) / 5;
    out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${r(y(v))}" y2="${r(y(v))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${margin.left - 6}" y="${r(y(v)) + 4}" text-anchor="end" fill="#444">${escape(format(v))}</text>`);
  }
  out.push(
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#444">${escape(yLabel)}</text>`,
  );
  categories.forEach((category, c) => {
    const x0 = margin.left + c * groupW + (groupW - barW * series.length) / 2;
    series.forEach((s, k) => {
      const v = s.values[c];
      if (!isNumber(v)) return;
      const x = x0 + k * barW;
      out.push(
        `<rect x="${r(x)}" y="${r(y(v))}" width="${r(barW - 2)}" height="${r(margin.top + plotH - y(v))}" fill="${COLORS[k % COLORS.length]}"><title>${escape(`${s.name} · ${category}: ${format(v)}`)}</title></rect>`,
      );
    });
    out.push(
      `<text x="${r(margin.left + c * groupW + groupW / 2)}" y="${margin.top + plotH + 16}" text-anchor="middle">${escape(category)}</text>`,
    );
  });
  for (const line of lines) {
    out.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${r(y(line.value))}" y2="${r(y(line.value))}" stroke="#d62728" stroke-dasharray="6 4"/>`,
    );
    out.push(
      `<text x="${margin.left + plotW - 4}" y="${r(y(line.value)) - 4}" text-anchor="end" fill="#d62728">${escape(line.label)}</text>`,
    );
  }
  out.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#888"/>`);
  out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#888"/>`);
  series.forEach((s, k) => {
    const col = k % 3;
    const row = Math.floor(k / 3);
    const lx = margin.left + col * (plotW / 3);
    const ly = margin.top + plotH + 40 + row * 18;
    out.push(`<rect x="${r(lx)}" y="${ly - 10}" width="12" height="12" fill="${COLORS[k % COLORS.length]}"/>`);
    out.push(`<text x="${r(lx + 18)}" y="${ly}">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#7f7f7f', '#bcbd22'];

function isNumber(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above `v`. */
export function niceCeiling(v) {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= v - 1e-12) return step * power;
  return 10 * power;
}

function defaultFormat(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

function r(v) {
  return Math.round(v * 10) / 10;
}

export function escape(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
