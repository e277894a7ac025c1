import { CandlestickSeries, ColorType, createChart, HistogramSeries, LineSeries, type IChartApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../lib/context';

function colors(theme: 'light' | 'dark') {
  return theme === 'dark'
    ? { bg: '#14171c', text: '#d6dbe2', grid: '#262b33', up: '#3fb27f', down: '#ef6060', line: '#5aa9ff' }
    : { bg: '#ffffff', text: '#1c2330', grid: '#eef0f3', up: '#13875a', down: '#c62f2f', line: '#1f6feb' };
}

/** Daily bars carry `YYYY-MM-DD`; intraday ones a full timestamp (seconds since the epoch for the chart). */
function toTime(date: string): Time {
  return (date.length === 10 ? date : (Math.floor(new Date(date).getTime() / 1000) as UTCTimestamp)) as Time;
}

function useChart(build: (chart: IChartApi, c: ReturnType<typeof colors>) => void, deps: unknown[]) {
  const el = useRef<HTMLDivElement>(null);
  const { theme } = useApp();
  useEffect(() => {
    if (!el.current) return;
    const c = colors(theme);
    const chart = createChart(el.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: c.bg }, textColor: c.text, attributionLogo: false },
      grid: { vertLines: { color: c.grid }, horzLines: { color: c.grid } },
      timeScale: { borderColor: c.grid },
      rightPriceScale: { borderColor: c.grid },
    });
    build(chart, c);
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [theme, ...deps]);
  return el;
}

export interface Bar { date: string; open: number; high: number; low: number; close: number; volume: number }

export function PriceChart({ bars, label }: { bars: Bar[]; label: string }) {
  const el = useChart((chart, c) => {
    const candles = chart.addSeries(CandlestickSeries, { upColor: c.up, downColor: c.down, borderVisible: false, wickUpColor: c.up, wickDownColor: c.down });
    candles.setData(bars.map((b) => ({ time: toTime(b.date), open: b.open, high: b.high, low: b.low, close: b.close })));
    const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: '' });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    volume.setData(bars.map((b) => ({ time: toTime(b.date), value: b.volume, color: b.close >= b.open ? `${c.up}66` : `${c.down}66` })));
  }, [bars]);
  return <figure class="chart-fig"><div class="chart" ref={el} /><figcaption class="sr-only">{label}</figcaption></figure>;
}

type Points = Array<{ date: string; value: number }>;

export function LineChart({ points, label, extra, extra2 }: { points: Points; label: string; extra?: Points; extra2?: Points }) {
  const el = useChart((chart, c) => {
    const line = chart.addSeries(LineSeries, { color: c.line, lineWidth: 2 });
    line.setData(points.map((p) => ({ time: toTime(p.date), value: p.value })));
    for (const more of [extra, extra2]) {
      if (more) chart.addSeries(LineSeries, { color: c.text, lineWidth: 1, lineStyle: 2 }).setData(more.map((p) => ({ time: toTime(p.date), value: p.value })));
    }
  }, [points, extra, extra2]);
  return <figure class="chart-fig"><div class="chart small" ref={el} /><figcaption class="sr-only">{label}</figcaption></figure>;
}
