import type { EventBridgeEvent } from '../../../events/envelope.js';
import type { DeadLetterStore } from './dead-letter-store.js';
import type { BusTarget, DeliveryQueue } from './delivery.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';
import type { BusLogger } from './logger.js';
import { compilePattern, type EventMatcher } from './pattern.js';

/** A target's pattern is invalid: the bus refuses to start rather than route nothing to it. */
export class InvalidTargetPatternError extends Error {
  override readonly name = 'InvalidTargetPatternError';

  constructor(target: Pick<BusTarget, 'ruleName' | 'targetName'>, cause: InvalidEventPatternError) {
    super(`rule ${target.ruleName} (target ${target.targetName}): ${cause.message}`, { cause });
  }
}

/**
 * The rules of one bus: which targets an event goes to, and where a redriven dead letter goes back to.
 * Events addressed to another bus are accepted but go nowhere, as in AWS, and are reported.
 */
export class EventRouter {
  readonly stats = { received: 0, unmatched: 0 };
  private readonly routes: Array<{ target: BusTarget; matches: EventMatcher }>;

  constructor(
    private readonly busName: string,
    targets: readonly BusTarget[],
    private readonly queue: DeliveryQueue,
    private readonly deadLetters: DeadLetterStore,
    private readonly logger: BusLogger,
  ) {
    this.routes = targets.map((target) => {
      try {
        return { target, matches: compilePattern(target.eventPattern) };
      } catch (error) {
        if (error instanceof InvalidEventPatternError) throw new InvalidTargetPatternError(target, error);
        throw error;
      }
    });
  }

  /** Queues the event for every target whose pattern matches; returns how many did. */
  route(event: EventBridgeEvent, busName: string): number {
    this.stats.received++;
    if (busName !== this.busName) {
      this.stats.unmatched++;
      this.logger.warn(`event for bus "${busName}" not routed: the rules listen on "${this.busName}"`, {
        eventId: event.id,
        source: event.source,
        detailType: event['detail-type'],
      });
      return 0;
    }
    const matched = this.routes.filter((route) => route.matches(event));
    for (const { target } of matched) this.queue.enqueue(event, target);
    if (matched.length === 0) this.stats.unmatched++;
    return matched.length;
  }

  /**
   * Queues dead letters (all, or those with the given ids) for delivery to their original target again and
   * removes them from the store; a redelivery that fails again becomes a new dead letter. A dead letter whose
   * rule or target no longer exists stays in the store.
   *
   * @returns the number of dead letters queued again.
   */
  async redrive(ids?: readonly string[]): Promise<number> {
    const wanted = ids === undefined ? undefined : new Set(ids);
    const selected = (await this.deadLetters.list()).filter((entry) => wanted === undefined || wanted.has(entry.id));
    const redriven: string[] = [];
    for (const entry of selected) {
      const route = this.routes.find(
        ({ target }) => target.ruleName === entry.ruleName && target.targetName === entry.targetName,
      );
      if (route === undefined) {
        this.logger.warn('dead letter kept: its rule or target no longer exists', {
          id: entry.id,
          rule: entry.ruleName,
          target: entry.targetName,
        });
        continue;
      }
      this.queue.enqueue(entry.event, route.target);
      redriven.push(entry.id);
    }
    await this.deadLetters.remove(redriven);
    return redriven.length;
  }
}
