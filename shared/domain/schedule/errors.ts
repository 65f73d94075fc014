/** A schedule expression that EventBridge Scheduler would refuse; the message names the part at fault. */
export class InvalidScheduleExpressionError extends Error {
  override readonly name = 'InvalidScheduleExpressionError';

  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`Invalid schedule expression "${expression}": ${reason}`);
  }
}
