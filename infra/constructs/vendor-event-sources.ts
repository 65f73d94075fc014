import { Annotations, Duration } from 'aws-cdk-lib';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { RuleDefinition } from '../../events/rules.js';
import { DeploymentConfigError, type VendorSourcesConfig } from '../config.js';
import type { AlarmTopic } from './alarm-topic.js';
import { ConnectCtrStream } from './connect-ctr-stream.js';
import { EventForwarding, rulesForAwsServiceEvents, rulesForPartnerSource } from './event-forwarding.js';

/** The account's default bus, where AWS services such as Amazon Connect publish their events. */
export const DEFAULT_EVENT_BUS_NAME = 'default';

/** How far behind the contact-record consumer may fall before someone is told (Kinesis keeps 24 h by default). */
export const CTR_STREAM_MAX_LAG = Duration.hours(1);

/** What the {@link VendorEventSources} connect. */
export interface VendorEventSourcesProps extends VendorSourcesConfig {
  /** The compliance bus, whose rules (`rules`) route vendor events to the translators. */
  bus: IEventBus;
  /** Every rule of the compliance bus (`events/rules.ts`): the forwarding rules copy the vendor ones. */
  rules: readonly RuleDefinition[];
  /** The function that records contact records from the Amazon Connect stream. */
  ctrConsumer: IFunction;
  alarms: AlarmTopic;
}

/**
 * Where vendor platforms deliver in AWS, connected to the compliance bus and the consumers: Amazon Connect contact
 * events from the account's default bus (always: they cost nothing until Connect sends some); Genesys Cloud events
 * from their partner event bus, when `genesysPartnerEventSource` names it; and the Amazon Connect contact-record
 * stream, when `connectCtrStreamArn` names it. A feed left out is said so at synthesis. Every place where events or
 * records can be left undelivered has an alarm.
 */
export class VendorEventSources extends Construct {
  readonly fromDefaultBus: EventForwarding;
  /** The partner event bus and its forwarding, when configured. */
  readonly genesys: { bus: EventBus; forwarding: EventForwarding } | undefined;
  /** The stream consumer, when configured. */
  readonly connectCtr: ConnectCtrStream | undefined;

  constructor(scope: Construct, id: string, props: VendorEventSourcesProps) {
    super(scope, id);
    this.fromDefaultBus = this.forward(
      'FromDefaultBus',
      EventBus.fromEventBusName(this, 'DefaultBus', DEFAULT_EVENT_BUS_NAME),
      rulesForAwsServiceEvents(props.rules),
      props,
    );
    this.genesys = this.addGenesys(props);
    this.connectCtr = this.addConnectCtr(props);
  }

  private addGenesys(props: VendorEventSourcesProps): VendorEventSources['genesys'] {
    const source = props.genesysPartnerEventSource;
    if (source === undefined) {
      Annotations.of(this).addInfo(
        'No context genesysPartnerEventSource: Genesys Cloud events are not forwarded to the compliance bus.',
      );
      return undefined;
    }
    const forwarded = rulesForPartnerSource(props.rules, source);
    if (forwarded.length === 0) {
      throw new DeploymentConfigError(`context genesysPartnerEventSource ${source} matches no rule of events/rules.ts`);
    }
    // A partner bus takes the name of its event source; deleting it only detaches the source, which stays pending.
    const bus = new EventBus(this, 'GenesysBus', { eventSourceName: source });
    return { bus, forwarding: this.forward('FromGenesysBus', bus, forwarded, props) };
  }

  private addConnectCtr(props: VendorEventSourcesProps): ConnectCtrStream | undefined {
    if (props.connectCtrStream === undefined) {
      Annotations.of(this).addInfo(
        'No context connectCtrStreamArn: no Kinesis event source mapping, ingest-connect-ctr-stream reads nothing.',
      );
      return undefined;
    }
    const stream = new ConnectCtrStream(this, 'ConnectCtrStream', {
      ...props.connectCtrStream,
      consumer: props.ctrConsumer,
    });
    props.alarms.alarmOnDeadLetters(
      'ConnectCtrStreamFailures',
      stream.failures,
      'contact-record batches given up on; each message names a shard and sequence range to read again from the stream',
    );
    props.alarms.alarmOnIteratorAge(
      'ConnectCtrStreamLag',
      props.ctrConsumer,
      CTR_STREAM_MAX_LAG,
      'The Amazon Connect contact-record consumer',
    );
    return stream;
  }

  private forward(
    id: string,
    from: IEventBus,
    rules: readonly RuleDefinition[],
    props: VendorEventSourcesProps,
  ): EventForwarding {
    const forwarding = new EventForwarding(this, id, { from, to: props.bus, rules });
    for (const [name, { deadLetters }] of forwarding.rules) {
      props.alarms.alarmOnDeadLetters(
        `${id}${name}Undelivered`,
        deadLetters,
        `events for rule ${name} could not be forwarded to the compliance bus`,
      );
    }
    return forwarding;
  }
}
