/**
 * A bounded memo for pure string functions on words. News prose repeats a small vocabulary, so
 * most words of an article were seen before; the cache is cleared whole when it reaches `max`
 * entries, which bounds memory without bookkeeping per entry.
 */
export function memoise(fn: (key: string) => string, max = 50_000): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      if (cache.size >= max) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}
