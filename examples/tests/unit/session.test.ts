import { createSession, isExpired, type Session } from '../../src/session';

describe('session', () => {
  it('stamps the start time', () => {
    const session = createSession('ada');
    // Intended finding: nondeterministic-data — the session read the clock a moment earlier.
    expect(session.startedAt).toBe(Date.now());
  });

  it('creates sessions quickly', () => {
    const start = Date.now();
    for (let i = 0; i < 1000; i++) createSession(`user-${i}`);
    // Intended finding: timing-assertion — a loaded CI machine is slower than 50 ms.
    expect(Date.now() - start).toBeLessThan(50);
  });

  it('expires some sessions', () => {
    const session: Session = createSession('ada');
    // Intended finding: nondeterministic-data — the test takes a different path on each run.
    if (Math.random() > 0.5) session.ttlMs = 0;
    expect(typeof isExpired(session)).toBe('boolean');
  });

  // Intended finding, as information only (never a warning): nondeterministic-data — random data only makes a unique name.
  it('keeps the user name', () => {
    const name = `user-${Math.random().toString(36).slice(2)}`;
    expect(createSession(name).user).toBe(name);
  });

  // Look-alike that stays quiet: the time is passed in, so the comparison is with its own echo.
  it('accepts an explicit start time', () => {
    const now = Date.now();
    expect(createSession('ada', now).startedAt).toBe(now);
  });

  // Look-alike that stays quiet: a generous lower bound cannot fail on a slow machine.
  it('waits at least the grace period', async () => {
    const start = Date.now();
    await new Promise((resolve) => setImmediate(resolve));
    expect(Date.now() - start).toBeGreaterThanOrEqual(0);
  });
});

describe('session under a frozen clock', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(new Date('2025-01-01T00:00:00Z'));
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  // Look-alikes that stay quiet: Date.now() and elapsed time under fake timers are exact.
  it('stamps the frozen time', () => {
    expect(createSession('ada').startedAt).toBe(Date.now());
  });

  it('expires after the ttl', () => {
    const start = Date.now();
    const session = createSession('ada');
    jest.advanceTimersByTime(session.ttlMs);
    expect(Date.now() - start).toBe(session.ttlMs);
    expect(isExpired(session)).toBe(true);
  });
});
