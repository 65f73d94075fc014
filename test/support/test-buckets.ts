/** The recordings bucket of the integration run's S3 stand-in, created by test/support/global-setup.ts. */
export const TEST_RECORDINGS_BUCKET = 'ccc-recordings-it';

/** The reports bucket (evidence packs) and the ledger-anchor bucket of the same stand-in. */
export const TEST_REPORTS_BUCKET = 'ccc-reports-it';
export const TEST_LEDGER_ANCHOR_BUCKET = 'ccc-ledger-anchors-it';
