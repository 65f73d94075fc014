import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { DEAD_LETTERED_EVENTS, METRICS_NAMESPACE } from '../../shared/runtime/metrics.js';
import { keys } from '../../shared/store/keys.js';
import { type IndexName, tableDefinition } from '../../shared/store/table.js';

/**
 * The dimensions `countDeadLetter` writes: its own `DetailType`, and the `service` dimension Powertools Metrics adds
 * to every metric, single metrics included (its value is `POWERTOOLS_SERVICE_NAME`).
 */
export const DEAD_LETTERED_EVENTS_DIMENSIONS = ['DetailType', 'service'] as const;

/** The index that lists every dead letter across tenants, under the partition {@link keys.deadLettersAll}. */
const ALL_DEAD_LETTERS_INDEX: IndexName = 'gsi1';

/**
 * A CloudWatch Metrics Insights query for the dead-lettered events of one service, summed over every detail-type.
 * Not a plain metric: that would have to name one `DetailType`, and refused events can carry any detail-type (an
 * unexpected one, a vendor's, or `unknown`). Not a `SEARCH` expression either: CloudWatch cannot alarm on one.
 * `SCHEMA` matches exactly the dimension set Powertools writes; identifiers are quoted in case one is reserved.
 */
export function deadLetteredEventsQuery(serviceName: string): string {
  const dimensions = DEAD_LETTERED_EVENTS_DIMENSIONS.map((name) => `"${name}"`).join(', ');
  return (
    `SELECT SUM("${DEAD_LETTERED_EVENTS}") FROM SCHEMA("${METRICS_NAMESPACE}", ${dimensions}) ` +
    `WHERE "service" = '${serviceName}'`
  );
}

/** The number of events dead-lettered by the functions of `serviceName`, as an expression an alarm can watch. */
export function deadLetteredEventsMetric(serviceName: string): MathExpression {
  return new MathExpression({ expression: deadLetteredEventsQuery(serviceName), label: DEAD_LETTERED_EVENTS });
}

/** Tells the on-call engineer where the refused events of table `tableName` are and how to list them. */
export function deadLettersRunbook(tableName: string): string {
  const index = tableDefinition.globalSecondaryIndexes.find(({ indexName }) => indexName === ALL_DEAD_LETTERS_INDEX);
  if (!index) throw new Error(`the table has no index ${ALL_DEAD_LETTERS_INDEX} (shared/store/table.ts)`);
  const { indexName, partitionKey } = index;
  return (
    `Each refused event is kept with its reason in table ${tableName}, index ${indexName}, partition ` +
    `${partitionKey} = ${keys.deadLettersAll}. List them, newest first: aws dynamodb query --table-name ${tableName} ` +
    `--index-name ${indexName} --key-condition-expression "${partitionKey} = :p" ` +
    `--expression-attribute-values '{":p":{"S":"${keys.deadLettersAll}"}}' --no-scan-index-forward --max-items 50. ` +
    'On one machine: npm run dead-letters -- invalid. Fix the producer, the schema or the vendor mapping, then resend.'
  );
}
