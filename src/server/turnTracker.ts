/**
 * Counts the requests in flight so that a shutdown can wait for them. Once closing,
 * `isClosing` tells handlers to refuse new work; `drained` resolves when the count is 0.
 */
export interface TurnTracker {
  readonly inFlight: number;
  readonly isClosing: boolean;
  /** Runs `work` counted as in flight (also while closing: the caller decides to refuse). */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Marks the tracker closing and resolves once nothing is in flight. */
  close(): Promise<void>;
}

export function createTurnTracker(): TurnTracker {
  let inFlight = 0;
  let isClosing = false;
  let waiters: Array<() => void> = [];
  const wakeIfIdle = (): void => {
    if (inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  return {
    get inFlight() {
      return inFlight;
    },
    get isClosing() {
      return isClosing;
    },
    async track<T>(work: () => Promise<T>): Promise<T> {
      inFlight += 1;
      try {
        return await work();
      } finally {
        inFlight -= 1;
        wakeIfIdle();
      }
    },
    close(): Promise<void> {
      isClosing = true;
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        wakeIfIdle();
      });
    },
  };
}
