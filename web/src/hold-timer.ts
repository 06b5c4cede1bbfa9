// The countdown of a held slot: how long the customer has to pay before the server
// releases it. The arithmetic is pure; the timer only ticks.

/** Whole seconds left until `expiresAt` (RFC 3339), never negative. */
export function secondsLeft(expiresAt: string, now: number): number {
  const end = Date.parse(expiresAt);
  return Number.isFinite(end) ? Math.max(0, Math.round((end - now) / 1000)) : 0;
}

/** "9:05" */
export function minutesSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export class HoldTimer {
  private timer = 0;

  /** Calls `tick` now and every second with the seconds left; `expired` once at 0. */
  start(expiresAt: string | null, tick: (left: number) => void, expired: () => void): void {
    this.stop();
    if (!expiresAt) return;
    const run = () => {
      const left = secondsLeft(expiresAt, Date.now());
      tick(left);
      if (left === 0) {
        this.stop();
        expired();
      }
    };
    this.timer = window.setInterval(run, 1000);
    run();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = 0;
  }
}
