/**
 * The few interfaces the core needs from the outside world.
 */
import type { ChannelRef, Reply } from './model.js';

/** The current time. Injected everywhere so tests never sleep on the wall clock. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A minimal structured logger (pino's shape), passed into core modules. */
export interface Log {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  child(bindings: object): Log;
}

/** A logger that drops everything (tests, library use). */
export const silentLog: Log = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLog;
  },
};

/** Result of posting one message. */
export interface Posted {
  /** Platform message id (opaque). */
  messageId: string;
  /** Thread id when the message opened or went into a thread (opaque, e.g. `slack:C1:1700000000.0001`). */
  threadId?: string;
}

/**
 * Delivers replies to a channel. Each chat adapter implements it; the scheduler and the
 * digest job only know this interface.
 */
export interface Publisher {
  readonly platform: ChannelRef['platform'];
  /** Posts a reply to a channel; may split it into several messages and returns each. */
  post(channel: ChannelRef, reply: Reply): Promise<Posted[]>;
}
