// pcapng timestamps are 64-bit tick counts in a per-interface unit (if_tsresol). Splitting them into
// whole seconds and nanoseconds must be exact: a nanosecond count since 1970 (~1.7e18) is beyond
// what a double holds exactly, so the decimal units up to nanoseconds are split exactly with integer
// tricks and no allocation; only unusual units fall back to BigInt.

const TWO_32 = 4294967296;

export interface SecondsAndNanos {
  seconds: number;
  nanos: number;
}

export class TimestampUnits {
  /** Ticks per second when it is a power of ten up to 10^9 (the fast path), else 0. */
  private readonly decimal: number;
  private readonly nanosPerTick: number;
  /** 2^32 / ticks per second: seconds per unit of the high 32-bit word. */
  private readonly ticksPerHighUnit: number;
  private readonly bigTicksPerSecond: bigint;

  /** `tsresol` is pcapng's if_tsresol byte: 6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n s. */
  constructor(readonly tsresol: number = 6) {
    const powerOfTwo = (tsresol & 0x80) !== 0;
    const exponent = tsresol & 0x7f;
    if (!powerOfTwo && exponent <= 9) {
      this.decimal = 10 ** exponent;
      this.nanosPerTick = 10 ** (9 - exponent);
      this.bigTicksPerSecond = BigInt(this.decimal);
      this.ticksPerHighUnit = TWO_32 / this.decimal;
    } else {
      this.decimal = 0;
      this.nanosPerTick = 0;
      this.ticksPerHighUnit = 0;
      this.bigTicksPerSecond = powerOfTwo ? 1n << BigInt(exponent) : 10n ** BigInt(exponent);
    }
  }

  /** Splits the tick count high * 2^32 + low into `out.seconds` and `out.nanos`. */
  split(high: number, low: number, out: SecondsAndNanos): void {
    const d = this.decimal;
    if (d !== 0) {
      if (high < 0x200000) {
        // Below 2^53 the sum is exact as a double (every microsecond timestamp until year 2255).
        const ticks = high * TWO_32 + low;
        const seconds = Math.floor(ticks / d);
        out.seconds = seconds;
        out.nanos = (ticks - seconds * d) * this.nanosPerTick;
        return;
      }
      // Estimate the seconds in floating point (off by at most one), then get the remainder exactly
      // from the low 32 bits of ticks - seconds * d, which fits an int32 whenever d <= 10^9.
      let seconds = Math.floor(high * this.ticksPerHighUnit + low / d);
      let rest = (low - Math.imul(seconds, d)) | 0;
      while (rest < 0) {
        seconds--;
        rest += d;
      }
      while (rest >= d) {
        seconds++;
        rest -= d;
      }
      out.seconds = seconds;
      out.nanos = rest * this.nanosPerTick;
      return;
    }
    const ticks = (BigInt(high) << 32n) | BigInt(low);
    const perSecond = this.bigTicksPerSecond;
    out.seconds = Number(ticks / perSecond);
    out.nanos = Number(((ticks % perSecond) * 1_000_000_000n) / perSecond);
  }
}

/**
 * A timestamp as the two 32-bit halves of a 64-bit tick count in nanoseconds or microseconds,
 * computed exactly (nanoseconds since 1970 do not fit a double).
 */
export function splitTicks(seconds: number, nanos: number, nanoseconds: boolean): [number, number] {
  if (!nanoseconds) {
    const ticks = seconds * 1e6 + Math.floor(nanos / 1000);
    return [Math.floor(ticks / 4294967296), ticks % 4294967296];
  }
  const secondsHigh = Math.floor(seconds / 65536);
  const a = (seconds - secondsHigh * 65536) * 1e9 + nanos; // < 2^47
  const b = secondsHigh * 1e9; // ticks = b * 65536 + a
  const bHigh = Math.floor(b / 65536);
  const c = (b - bHigh * 65536) * 65536 + a; // ticks = bHigh * 2^32 + c
  const carry = Math.floor(c / 4294967296);
  return [bHigh + carry, c - carry * 4294967296];
}
