/**
 * Origin allow-list matching for `/ws` upgrades and CORS on `/api`.
 * @module
 */

/**
 * Compiles patterns like `chrome-extension://*` into one predicate. `*` matches one or more
 * characters other than `/`, so a pattern can never be stretched over a path or a second origin.
 */
export function originMatcher(patterns: readonly string[]): (origin: string) => boolean {
  const compiled = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]+')}$`,
      ),
  );
  return (origin) => compiled.some((re) => re.test(origin));
}
