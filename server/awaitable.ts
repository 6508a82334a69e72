/**
 * Values that may be ready now or later. The hot reads answer from memory without a promise;
 * these helpers keep them that way while the rare path that must wait still works.
 */

/** A value, or a promise of it: reads that can answer from memory return no promise. */
export type Awaitable<T> = T | Promise<T>;

/**
 * `next(arg, ready)` once `value` is ready: at once when it is not a promise, else when the
 * promise resolves. The argument is passed along rather than captured, so the path that needs
 * no waiting makes no closure either.
 */
export function after<T, A, R>(
  value: Awaitable<T>,
  next: (arg: A, ready: T) => R,
  arg: A,
): R | Promise<Awaited<R>> {
  return value instanceof Promise
    ? value.then((ready) => next(arg, ready) as Awaited<R>)
    : next(arg, value);
}
