/* Shared by the risk bench scripts: the market simulator's universe and the Risk section of bench/RESULTS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { UNIVERSE } from '../src/market/data/universe';
import { universeCalibrations } from '../src/market/providers/simulated.provider';
import { MarketSimulator } from '../src/market/simulator';


export const UNIVERSE_SYMBOLS = UNIVERSE.map((u) => u.symbol);

/** Daily closes of symbols on [from, to] from a seeded simulator (all symbols share the NYSE calendar). */
export function simulatedCloses(seed: string, symbols: readonly string[], from: string, to: string): { dates: string[]; closes: number[][] } {
  const sim = new MarketSimulator(seed, universeCalibrations());
  const asOf = new Date(`${to}T23:59:59Z`);
  const bars = symbols.map((s) => sim.dailyBars(s, from, to, asOf));
  const dates = bars[0].map((b) => b.date);
  for (const [j, b] of bars.entries()) {
    if (b.length !== dates.length) throw new Error(`${symbols[j]}: ${b.length} bars, expected ${dates.length}`);
  }
  return { dates, closes: dates.map((_, t) => bars.map((b) => b[t].close)) };
}

export function machine(): string {
  return `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`;
}

const RESULTS = join(__dirname, 'RESULTS.md');
const SECTION = '## Risk';

/**
 * Replaces the text between `<!-- risk:<part>:start -->` and `<!-- risk:<part>:end -->` inside the Risk section of
 * bench/RESULTS.md (creating the file, the section or the part when missing). Nothing outside the Risk section
 * is touched: other modules keep their own sections.
 */
export function writeRiskResults(part: string, markdown: string): void {
  const start = `<!-- risk:${part}:start -->`;
  const end = `<!-- risk:${part}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
  } else if (text.includes(`\n${SECTION}\n`)) {
    const at = text.indexOf(`\n${SECTION}\n`) + SECTION.length + 2;
    const next = text.indexOf('\n## ', at);
    const insertAt = next === -1 ? text.length : next;
    text = `${text.slice(0, insertAt).trimEnd()}\n\n${block}\n${text.slice(insertAt)}`;
  } else {
    text = `${text.trimEnd()}\n\n${SECTION}\n\n${block}\n`;
  }
  writeFileSync(RESULTS, text.endsWith('\n') ? text : `${text}\n`);
}
