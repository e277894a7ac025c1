import { useState } from 'preact/hooks';
import { ErrorBox } from '../components/common';
import { OctopusError } from '../lib/api';
import { useApp } from '../lib/context';
import { money } from '../lib/format';
import { allowedTimesInForce, apiFieldErrors, buildOrder, estimatedCost, needsLimit, needsStop, ORDER_TYPES, type FieldErrors, type TicketInput } from '../lib/ticket';

const LABELS: Record<string, string> = { market: 'Market', limit: 'Limit', stop: 'Stop', stop_limit: 'Stop limit', day: 'Day', gtc: 'GTC (until canceled)', ioc: 'IOC (immediate or cancel)', fok: 'FOK (fill or kill)' };

function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? <span class="field-error" id={id} role="alert">{text}</span> : null;
}

export function OrderTicket({ portfolioId, buyingPower, lastPrice, onPlaced, symbol, onSymbol }: {
  portfolioId: string;
  buyingPower: number;
  lastPrice: number | null;
  onPlaced: () => void;
  symbol: string;
  onSymbol: (s: string) => void;
}) {
  const { client } = useApp();
  const [placed, setPlaced] = useState<string | null>(null);
  const [t, setT] = useState<Omit<TicketInput, 'portfolio_id' | 'symbol'>>({ side: 'buy', order_type: 'market', time_in_force: 'day', quantity: '', price: '', stop_price: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof t>) => setT((v) => {
    const next = { ...v, ...patch };
    if (!allowedTimesInForce(next.order_type).includes(next.time_in_force)) next.time_in_force = 'day';
    return next;
  });
  const input: TicketInput = { ...t, portfolio_id: portfolioId, symbol };
  const cost = t.side === 'buy' ? estimatedCost(input, lastPrice) : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    setPlaced(null);
    const built = buildOrder(input);
    if (built.errors) return setErrors(built.errors);
    setErrors({});
    setBusy(true);
    try {
      const order = await client.orders.create(built.body);
      // Its events (new, fill…) arrive as toasts over /ws/trading; this line confirms the API took it.
      setPlaced(`Placed: ${order.side} ${order.quantity} ${order.symbol} ${order.order_type.replace('_', ' ')}, ${order.status.replace('_', ' ')}`);
      set({ quantity: '', price: '', stop_price: '' });
      onPlaced();
    } catch (err) {
      if (err instanceof OctopusError) {
        const mapped = apiFieldErrors(err);
        setErrors(mapped);
        if (mapped.form) setFormError(err);
      } else setFormError(err);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof FieldErrors) => ({ 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? `err-${name}` : undefined });

  return (
    <form class="ticket" onSubmit={submit} aria-label="Order ticket" noValidate>
      <fieldset class="segmented">
        <legend>Side</legend>
        {(['buy', 'sell'] as const).map((s) => (
          <label key={s} class={t.side === s ? 'on' : ''}>
            <input type="radio" name="side" value={s} checked={t.side === s} onChange={() => set({ side: s })} /> {s === 'buy' ? 'Buy' : 'Sell'}
          </label>
        ))}
      </fieldset>
      <label>
        Symbol
        <input name="symbol" value={symbol} onInput={(e) => onSymbol(e.currentTarget.value.toUpperCase())} autoComplete="off" {...field('symbol')} />
        <FieldError id="err-symbol" text={errors.symbol} />
      </label>
      <label>
        Order type
        <select name="order_type" value={t.order_type} onChange={(e) => set({ order_type: e.currentTarget.value as TicketInput['order_type'] })} {...field('order_type')}>
          {ORDER_TYPES.map((o) => <option key={o} value={o}>{LABELS[o]}</option>)}
        </select>
        <FieldError id="err-order_type" text={errors.order_type} />
      </label>
      <label>
        Quantity
        <input name="quantity" inputMode="decimal" value={t.quantity} onInput={(e) => set({ quantity: e.currentTarget.value })} {...field('quantity')} />
        <FieldError id="err-quantity" text={errors.quantity} />
      </label>
      {needsLimit(t.order_type) && (
        <label>
          Limit price
          <input name="price" inputMode="decimal" value={t.price} onInput={(e) => set({ price: e.currentTarget.value })} {...field('price')} />
          <FieldError id="err-price" text={errors.price} />
        </label>
      )}
      {needsStop(t.order_type) && (
        <label>
          Stop price
          <input name="stop_price" inputMode="decimal" value={t.stop_price} onInput={(e) => set({ stop_price: e.currentTarget.value })} {...field('stop_price')} />
          <FieldError id="err-stop_price" text={errors.stop_price} />
        </label>
      )}
      <label>
        Time in force
        <select name="time_in_force" value={t.time_in_force} onChange={(e) => set({ time_in_force: e.currentTarget.value as TicketInput['time_in_force'] })} {...field('time_in_force')}>
          {allowedTimesInForce(t.order_type).map((o) => <option key={o} value={o}>{LABELS[o]}</option>)}
        </select>
        <FieldError id="err-time_in_force" text={errors.time_in_force} />
      </label>
      <p class="muted small">
        Buying power <strong data-testid="buying-power">{money(buyingPower)}</strong>
        {cost !== null && <> · estimated cost {money(cost)}{cost > buyingPower && <strong class="warn"> (more than your buying power)</strong>}</>}
      </p>
      {formError !== null && <ErrorBox error={formError} title="Order refused" />}
      <button type="submit" disabled={busy}>{busy ? 'Placing…' : `Place ${t.side} order`}</button>
      <p class="muted small" role="status" aria-live="polite">{placed}</p>
    </form>
  );
}
