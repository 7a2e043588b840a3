import { debounce } from '../../src/debounce';

describe('debounce', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  // Look-alike that stays quiet: a timer-based wait under fake timers costs nothing and never flakes.
  it('calls once after the quiet period', async () => {
    const fn = jest.fn();
    const debounced = debounce(fn, 100);
    debounced();
    debounced();
    const settled = new Promise((resolve) => setTimeout(resolve, 100));
    jest.advanceTimersByTime(100);
    await settled;
    expect(fn).toHaveBeenCalledTimes(1);
  });

  // Look-alike that stays quiet: `setTimeout(done, 0)` yields once; it is not a fixed wait for a condition.
  it('does not call before the quiet period', (done) => {
    const fn = jest.fn();
    debounce(fn, 100)();
    expect(fn).not.toHaveBeenCalled();
    setTimeout(done, 0);
    jest.runAllTimers();
  });
});
