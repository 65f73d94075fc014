import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RuleDefinition } from '../../events/rules.js';
import { DeadLetterQueue } from './dead-letter-queue.js';

type SourceFilter = string | { prefix?: unknown };

function sourcesOf(definition: RuleDefinition): SourceFilter[] {
  const source = definition.eventPattern.source;
  return Array.isArray(source) ? (source as SourceFilter[]) : [];
}

/** AWS services (`aws.connect`, ...) emit their events on the account's default bus; partners have buses of their own. */
const isAwsServiceSource = (source: SourceFilter) =>
  typeof source === 'string' && source.startsWith('aws.') && !source.startsWith('aws.partner/');

/**
 * The rules whose every source is an AWS service, hence whose events arrive on the account's default bus
 * (Amazon Connect contact events, for one) rather than on the compliance bus.
 */
export function rulesForAwsServiceEvents(definitions: readonly RuleDefinition[]): RuleDefinition[] {
  return definitions.filter((definition) => {
    const sources = sourcesOf(definition);
    return sources.length > 0 && sources.every(isAwsServiceSource);
  });
}

/** The rules that match events of the partner event source `eventSourceName`, by exact name or by prefix. */
export function rulesForPartnerSource(
  definitions: readonly RuleDefinition[],
  eventSourceName: string,
): RuleDefinition[] {
  return definitions.filter((definition) =>
    sourcesOf(definition).some((source) =>
      typeof source === 'string'
        ? source === eventSourceName
        : typeof source.prefix === 'string' && eventSourceName.startsWith(source.prefix),
    ),
  );
}

/** What an {@link EventForwarding} connects. */
export interface EventForwardingProps {
  /** Where the events arrive: the default bus, or a partner event bus. */
  from: IEventBus;
  /** Where the rules that process them are: the compliance bus. */
  to: IEventBus;
  /** Those rules: each gets a forwarding rule with the very same pattern on `from`. */
  rules: readonly RuleDefinition[];
}

/** One forwarding rule and its dead-letter queue. */
export interface ForwardingRule {
  readonly rule: Rule;
  readonly deadLetters: Queue;
}

/**
 * Brings vendor events to the compliance bus from the bus they arrive on. Each forwarding rule copies the pattern of
 * one compliance-bus rule, so exactly what that rule routes is forwarded, unchanged (source, detail-type and detail
 * are kept), and the rule then invokes its function as it does for events sent to the compliance bus directly; the
 * archive keeps the forwarded events too. EventBridge delivers with a role allowed `events:PutEvents` on the
 * compliance bus only, and keeps what it could not deliver in a dead-letter queue.
 */
export class EventForwarding extends Construct {
  /** By the name of the compliance-bus rule whose pattern each one forwards. */
  readonly rules: ReadonlyMap<string, ForwardingRule>;

  constructor(scope: Construct, id: string, props: EventForwardingProps) {
    super(scope, id);
    this.rules = new Map(props.rules.map((definition) => [definition.name, this.forward(definition, props)]));
  }

  private forward(definition: RuleDefinition, { from, to }: EventForwardingProps): ForwardingRule {
    const deadLetters = new DeadLetterQueue(this, `${definition.name}DeadLetters`).queue;
    const rule = new Rule(this, definition.name, {
      eventBus: from,
      description: `Forwards to the compliance bus what ${definition.name} routes there`,
      eventPattern: definition.eventPattern as EventPattern,
      targets: [new EventBusTarget(to, { deadLetterQueue: deadLetters })],
    });
    return { rule, deadLetters };
  }
}
