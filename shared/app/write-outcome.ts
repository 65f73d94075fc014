/** What recording a fact exactly once did: `applied` the first time, `duplicate` for any later delivery. */
export type WriteOutcome = 'applied' | 'duplicate';
