import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { installProcessGuards } from './process-guards';

function setUp(): { target: EventEmitter; logger: { error: ReturnType<typeof vi.fn>; fatal: ReturnType<typeof vi.fn> }; exit: ReturnType<typeof vi.fn> } {
  const target = new EventEmitter();
  const logger = { error: vi.fn(), fatal: vi.fn() };
  const exit = vi.fn();
  installProcessGuards(target, logger, exit);
  return { target, logger, exit };
}

describe('installProcessGuards', () => {
  it('logs an unhandled rejection with its reason and keeps running', () => {
    const { target, logger, exit } = setUp();
    const reason = new Error('AMI write after close');
    target.emit('unhandledRejection', reason);
    expect(logger.error).toHaveBeenCalledWith({ err: reason }, expect.stringContaining('unhandled promise rejection'));
    expect(exit).not.toHaveBeenCalled();
  });

  it('logs an uncaught exception as fatal, then exits with 1', () => {
    const { target, logger, exit } = setUp();
    const error = new TypeError('boom');
    target.emit('uncaughtException', error, 'uncaughtException');
    expect(logger.fatal).toHaveBeenCalledWith({ err: error, origin: 'uncaughtException' }, expect.stringContaining('uncaught exception'));
    expect(exit).toHaveBeenCalledWith(1);
  });
});
