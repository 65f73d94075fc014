import { Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleDefinition, ScheduledInvocation } from '../../functions/schedules.js';
import { assertTimeZone } from '../../shared/domain/calendar/wall-clock.js';
import { parseScheduleExpression } from '../../shared/domain/schedule/expression.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { nagResource } from './nag-resource.js';

/**
 * How long Scheduler keeps trying to hand a run to its function (throttling, a deployment) before the run goes to the
 * schedule's dead-letter queue: as for event rules, long enough to ride out an incident, short enough that the
 * on-call engineer hears of it the same day. The function's own failures are its async failure queue's business.
 */
export const SCHEDULE_TARGET_RETRY = { retryAttempts: 20, maxEventAge: Duration.hours(4) } as const;

/**
 * What the target of schedule `name` receives: {@link ScheduledInvocation}, with the time the run was due, which
 * Scheduler substitutes for its context attribute at each run.
 */
export function scheduledInvocation(name: string): ScheduledInvocation {
  return { schedule: name, scheduledTime: ContextAttribute.scheduledTime };
}

/** What the {@link ComplianceSchedules} are built from. */
export interface ComplianceSchedulesProps {
  /** The schedule group, named for the app and stage. */
  groupName: string;
  /** Every schedule (`functions/schedules.ts`). */
  schedules: readonly ScheduleDefinition[];
  /** The catalog functions, by name: each schedule invokes the one its `function` names. */
  functions: ReadonlyMap<string, { readonly function: IFunction }>;
}

/** One schedule in AWS and what it owns. */
export interface ComplianceSchedule {
  readonly schedule: Schedule;
  /** Assumed by Scheduler only: may invoke the schedule's function and write to its dead-letter queue, nothing else. */
  readonly role: Role;
  /** Runs that Scheduler could not hand to the function. */
  readonly deadLetters: Queue;
}

/**
 * EventBridge Scheduler in AWS, built from the schedule list: one group, and per entry a schedule with the entry's
 * expression and time zone (no flexible window: a run happens when it is due), a retry policy, a dead-letter queue
 * and a role of its own. Synthesis fails on a schedule the local runtime could not run either: an unknown function,
 * expression or time zone, or a name used twice.
 */
export class ComplianceSchedules extends Construct {
  readonly group: ScheduleGroup;
  /** By schedule name. */
  readonly schedules: ReadonlyMap<string, ComplianceSchedule>;

  constructor(scope: Construct, id: string, props: ComplianceSchedulesProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: props.groupName,
      // The stack owns every schedule in it: a retained group would block the next deployment of the same name.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const schedules = new Map<string, ComplianceSchedule>();
    for (const definition of props.schedules) {
      if (schedules.has(definition.name)) {
        throw new Error(`schedule ${definition.name} is declared twice in functions/schedules.ts`);
      }
      schedules.set(definition.name, this.addSchedule(definition, props.functions));
    }
    this.schedules = schedules;
  }

  private addSchedule(
    definition: ScheduleDefinition,
    functions: ComplianceSchedulesProps['functions'],
  ): ComplianceSchedule {
    const target = functions.get(definition.function);
    if (!target) {
      throw new Error(
        `schedule ${definition.name} invokes ${definition.function}, which is not in functions/catalog.ts`,
      );
    }
    const expression = checked(definition);
    const deadLetters = new DeadLetterQueue(this, `${definition.name}DeadLetters`).queue;
    const role = this.roleFor(definition);
    // Scheduler sends dead letters with this role, and SQS encrypts them with the queue's key on the sender's behalf.
    deadLetters.encryptionMasterKey?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
    const schedule = new Schedule(this, definition.name, {
      scheduleGroup: this.group,
      scheduleName: definition.name,
      description: definition.description,
      schedule: expression,
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(target.function, {
        role,
        input: ScheduleTargetInput.fromObject(scheduledInvocation(definition.name)),
        deadLetterQueue: deadLetters,
        ...SCHEDULE_TARGET_RETRY,
      }),
    });
    // The L2 names the group by its name, not by a reference: without this, CloudFormation may create the schedule first.
    schedule.node.addDependency(this.group);
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(this, `${target.function.functionArn}:*`)}]`,
      reason:
        `Added by the CDK grant behind LambdaInvoke: the versions and aliases of ${definition.function} only, ` +
        'beside its unqualified ARN (the one Scheduler invokes); no other function is reachable.',
    });
    return { schedule, role, deadLetters };
  }

  /** A role per schedule, which only Scheduler acting for this account's group may assume (confused deputy). */
  private roleFor(definition: ScheduleDefinition): Role {
    return new Role(this, `${definition.name}Role`, {
      description: `Lets schedule ${definition.name} invoke ${definition.function}`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': this.group.scheduleGroupArn,
          },
        },
      }),
    });
  }
}

/** The entry's expression in its zone, refused here when the local scheduler (which reads it the same way) would. */
function checked(definition: ScheduleDefinition): ScheduleExpression {
  try {
    parseScheduleExpression(definition.expression);
    assertTimeZone(definition.timeZone);
  } catch (error) {
    throw new Error(`schedule ${definition.name}: ${(error as Error).message}`);
  }
  // As written: the canonical spelling Node knows may be newer than the one Scheduler accepts.
  return ScheduleExpression.expression(definition.expression, TimeZone.of(definition.timeZone));
}
