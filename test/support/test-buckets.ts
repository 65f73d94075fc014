/** The recordings bucket of the integration run's S3 stand-in, created by test/support/global-setup.ts. */
export const TEST_RECORDINGS_BUCKET = 'ccc-recordings-it';
