import { describe, expect, it, vi } from 'vitest';
import { runDetached } from './detached';

describe('runDetached', () => {
  it('logs a rejection once, naming the work, instead of leaving it unhandled', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failure = new Error('socket closed');
    runDetached('reloading the calendar', () => Promise.reject(failure));
    await vi.waitFor(() => expect(log).toHaveBeenCalledTimes(1));
    expect(log).toHaveBeenCalledWith('OnDeck: reloading the calendar failed', failure);
  });

  it('logs a synchronous throw the same way', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failure = new Error('no phone');
    runDetached('starting the phone', () => {
      throw failure;
    });
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith('OnDeck: starting the phone failed', failure));
  });

  it('stays quiet when the work succeeds', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let done = false;
    runDetached('signing in', async () => {
      done = true;
    });
    await vi.waitFor(() => expect(done).toBe(true));
    await Promise.resolve();
    expect(log).not.toHaveBeenCalled();
  });
});
