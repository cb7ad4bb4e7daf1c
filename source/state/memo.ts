// Memoisation on input identity, the way the reducer keeps unchanged parts of the state
// identical: a selector recomputes only when one of its inputs is a different object.

/**
 * Remembers the last inputs and result of `compute`; `inputs` picks them from the arguments and
 * `compute` receives them as one tuple: `memoize((s, id) => [s.a[id], s.b] as const, ([a, b]) => …)`.
 * One slot: a selector called for two gateways in turn recomputes each time (a fleet view that
 * does so should keep one memoised selector per gateway).
 */
export const memoize = <S extends readonly unknown[], I extends readonly unknown[], R>(
  inputs: (...source: S) => I,
  compute: (args: I) => R,
): ((...source: S) => R) => {
  let last: {readonly args: I; readonly result: R} | undefined;
  return (...source) => {
    const args = inputs(...source);
    if (
      last !== undefined &&
      last.args.length === args.length &&
      last.args.every((value, index) => Object.is(value, args[index]))
    ) {
      return last.result;
    }
    const result = compute(args);
    last = {args, result};
    return result;
  };
};

/**
 * `memoize` with one slot per gateway id (the second argument): a fleet view reads every
 * gateway's part each frame, and one shared slot would recompute all of them every time.
 */
export const memoizePerGateway = <
  S extends readonly [unknown, string, ...unknown[]],
  I extends readonly unknown[],
  R,
>(
  inputs: (...source: S) => I,
  compute: (args: I) => R,
): ((...source: S) => R) => {
  const slots = new Map<string, (...source: S) => R>();
  return (...source) => {
    let slot = slots.get(source[1]);
    if (slot === undefined) {
      slot = memoize(inputs, compute);
      slots.set(source[1], slot);
    }
    return slot(...source);
  };
};
