// Preloaded (`node -r`) into server processes that tests start: shifts the wall clock by
// OCTOPUS_CLOCK_OFFSET_MS so a run at any hour sees an NYSE session in progress (the simulated market has
// volume, hence liquidity, only while a session runs). Time still advances normally. Tests and benchmarks only.
const offset = Number(process.env.OCTOPUS_CLOCK_OFFSET_MS || 0);
if (offset) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
