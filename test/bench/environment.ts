/**
 * The bench's environment, set before any product module is evaluated (imports are evaluated in order, and the
 * Powertools logger reads its level when it is created): quiet logs and no access log, so the figures measure the
 * work, not the console.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.ACCESS_LOG = 'off';
