// Preload for the orders server (ORDERS_SERVER_NODE_ARGS='-r ./bench/orders-statements.js', see bench/orders-server.ts):
// counts the statements the server sends (wrapping pg.Client.prototype.query), its CPU time (/proc/self/stat) and
// how long transactions stay open beyond waiting on their statements. Every 500 ms it appends a JSON line of
// running totals to /tmp/orders-statements.log (the benchmark's servers get a fixed environment); per order =
// deltas over the load phase ÷ Δorders.
const pg = require(require.resolve('pg', { paths: [process.cwd()] }));
const fs = require('node:fs');
const { setInterval } = require('node:timers');

const out = '/tmp/orders-statements.log';
const totals = { queries: 0, orders: 0, txs: 0, txMs: 0, txSqlMs: 0 };
const open = new WeakMap();
const now = () => Number(process.hrtime.bigint()) / 1e6;
const query = pg.Client.prototype.query;

pg.Client.prototype.query = function (q, ...rest) {
  totals.queries++;
  const text = typeof q === 'string' ? q : q && q.text;
  const t0 = now();
  if (text && /insert\s+into\s+"?orders"?\s*\(/i.test(text)) totals.orders++;
  if (text === 'START TRANSACTION' || text === 'BEGIN') open.set(this, { start: t0, sql: 0 });
  const result = query.call(this, q, ...rest);
  const tx = open.get(this);
  if (tx && result && typeof result.then === 'function') {
    const done = () => {
      const t1 = now();
      tx.sql += t1 - t0;
      if (text === 'COMMIT' || text === 'ROLLBACK') {
        totals.txs++;
        totals.txMs += t1 - tx.start;
        totals.txSqlMs += tx.sql;
        open.delete(this);
      }
    };
    result.then(done, done);
  }
  return result;
};

fs.writeFileSync(out, '');
setInterval(() => {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const cpuMs = (Number(stat[11]) + Number(stat[12])) * 10; // utime + stime, in clock ticks of 10 ms
  fs.appendFileSync(out, `${JSON.stringify({ t: Date.now(), cpuMs, ...totals })}\n`);
}, 500).unref();
