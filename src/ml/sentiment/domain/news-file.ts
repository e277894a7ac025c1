/**
 * Archive files for `npm run ml:import-news`: JSON Lines (one item object per line, the fields of POST
 * /api/ml/news) or CSV with a header row naming those fields (`symbols` separated by spaces, commas or semicolons
 * inside its cell). Quoted CSV cells may contain commas, doubled quotes and line breaks (RFC 4180).
 */
export interface FileRow {
  line: number;
  item: unknown;
  error?: string;
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export function parseNewsFile(name: string, content: string): FileRow[] {
  const text = content.replace(/^\uFEFF/, '');
  if (/\.jsonl?$/i.test(name) || /\.ndjson$/i.test(name)) {
    const out: FileRow[] = [];
    text.split(/\r?\n/).forEach((l, i) => {
      if (!l.trim()) return;
      try {
        out.push({ line: i + 1, item: JSON.parse(l) as unknown });
      } catch {
        out.push({ line: i + 1, item: null, error: 'not a JSON object' });
      }
    });
    return out;
  }
  const rows = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
  if (!rows.length) return [];
  const header = rows[0].map((h) => h.trim().toLowerCase());
  return rows.slice(1).map((r, i) => {
    const o: Record<string, unknown> = {};
    header.forEach((h, k) => {
      const v = (r[k] ?? '').trim();
      if (v === '') return;
      o[h] = h === 'symbols' ? v.split(/[\s,;]+/).filter(Boolean) : v;
    });
    return { line: i + 2, item: o };
  });
}
