// What every list answer carries: when it was asked for (events after this are newer than the
// list) and when it arrived.

export type Listed = {readonly requestedAt: number; readonly at: number};
