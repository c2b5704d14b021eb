import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

/**
 * linkedom gives every node (elements, text, attributes) its own listener map in a WeakMap when
 * it is made; the patch in `patches/` makes the map on the first `addEventListener` instead,
 * which takes that per-node garbage out of every page parse. Events must work as before.
 */
describe('linkedom with the listener-map patch', () => {
  const root = dirname(createRequire(import.meta.url).resolve('linkedom/package.json'));

  it('is installed: no node allocates a listener map when it is made (esm and cjs builds)', () => {
    for (const build of ['esm', 'cjs']) {
      const source = readFileSync(join(root, build, 'interface', 'event-target.js'), 'utf8');
      const ctor = /constructor\(\)\s*\{([^}]*)\}/.exec(source);
      expect(ctor, `${build} build`).not.toBeNull();
      expect(ctor![1].trim(), `${build} build: run npm install (postinstall applies patches/)`).toBe('');
    }
  });

  it('still delivers, bubbles, stops and removes listeners', () => {
    const { document, Event } = parseHTML('<html><body><div id="outer"><p id="inner">x</p></div></body></html>');
    const outer = document.getElementById('outer')!;
    const inner = document.getElementById('inner')!;
    const seen: string[] = [];
    const onInner = () => seen.push('inner');
    inner.addEventListener('ping', onInner);
    outer.addEventListener('ping', () => seen.push('outer'));
    inner.addEventListener('once', () => seen.push('once'), { once: true });

    inner.dispatchEvent(new Event('ping', { bubbles: true }));
    inner.dispatchEvent(new Event('once'));
    inner.dispatchEvent(new Event('once'));
    expect(seen).toEqual(['inner', 'outer', 'once']);

    inner.removeEventListener('ping', onInner);
    // Removing from a node that never had a listener is a no-op, as in browsers.
    document.body.removeEventListener('ping', onInner);
    inner.dispatchEvent(new Event('ping', { bubbles: false }));
    expect(seen).toEqual(['inner', 'outer', 'once']);
    // A node without listeners dispatches without error.
    expect(() => document.body.dispatchEvent(new Event('ping'))).not.toThrow();
  });
});
