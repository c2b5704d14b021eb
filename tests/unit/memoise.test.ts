import { describe, expect, it } from 'vitest';
import { memoise } from '../../src/core/memoise.js';

describe('memoise', () => {
  it('given a word seen before, returns the remembered value without calling the function again', () => {
    const calls: string[] = [];
    const upper = memoise((w) => {
      calls.push(w);
      return w.toUpperCase();
    });
    expect([upper('talks'), upper('talks'), upper('vote'), upper('talks')]).toEqual(['TALKS', 'TALKS', 'VOTE', 'TALKS']);
    expect(calls).toEqual(['talks', 'vote']);
  });

  it('given more distinct words than its bound, starts afresh and still answers correctly', () => {
    const calls: string[] = [];
    const f = memoise((w) => {
      calls.push(w);
      return `${w}!`;
    }, 2);
    expect(['a', 'b', 'c', 'a'].map(f)).toEqual(['a!', 'b!', 'c!', 'a!']);
    // 'c' filled the cache past its bound, so 'a' was computed again.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
