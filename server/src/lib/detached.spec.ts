import { describe, expect, it, vi } from 'vitest';
import { runDetached } from './detached';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('runDetached', () => {
  it('logs a rejection with what was being done and runs the recovery', async () => {
    const logger = { error: vi.fn() };
    const recover = vi.fn();
    runDetached(logger, 'resync', () => Promise.reject(new Error('AMI gone')), recover);
    await flush();
    expect(logger.error).toHaveBeenCalledWith({ err: expect.any(Error) }, 'resync failed');
    expect(recover).toHaveBeenCalledWith(expect.objectContaining({ message: 'AMI gone' }));
  });

  it('treats a synchronous throw like a rejection', async () => {
    const logger = { error: vi.fn() };
    runDetached(logger, 'push', () => {
      throw new Error('boom');
    });
    await flush();
    expect(logger.error).toHaveBeenCalledWith({ err: expect.any(Error) }, 'push failed');
  });

  it('logs a failing recovery instead of letting it escape', async () => {
    const logger = { error: vi.fn() };
    runDetached(logger, 'rescope', () => Promise.reject(new Error('db')), () => {
      throw new Error('socket closed');
    });
    await flush();
    expect(logger.error).toHaveBeenCalledTimes(2);
  });

  it('says nothing when the work succeeds', async () => {
    const logger = { error: vi.fn() };
    runDetached(logger, 'ok', () => Promise.resolve(1));
    await flush();
    expect(logger.error).not.toHaveBeenCalled();
  });
});
