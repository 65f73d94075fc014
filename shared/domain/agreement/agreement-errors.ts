/**
 * The agreement's typed errors, in a module of their own: the HTTP edge maps them without pulling the agreement
 * logic (and its calendars and holiday data) into every function bundle.
 */

/** A time-zone change reaching back before today: days already counted cannot move to other days. */
export class RetroactiveTimeZoneChangeError extends Error {
  override name = 'RetroactiveTimeZoneChangeError';
}
