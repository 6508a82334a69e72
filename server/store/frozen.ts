/**
 * Records that can never change. The caching store hands out deep-frozen records (finished
 * jobs, users), so whatever is derived from one of them (a response body, a tool result) can be
 * computed once and reused for as long as the record lives, without a cache to invalidate.
 */

/** Freezes `value` and everything inside it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * `derive`, remembered per frozen input: a frozen record's derived value is computed on its
 * first use and then reused until the record is collected. Inputs that are not frozen can
 * still change, so they are derived anew each time.
 */
export function memoFrozen<K extends object, V>(derive: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => {
    if (!Object.isFrozen(key)) return derive(key);
    if (memo.has(key)) return memo.get(key) as V;
    const value = derive(key);
    memo.set(key, value);
    return value;
  };
}
