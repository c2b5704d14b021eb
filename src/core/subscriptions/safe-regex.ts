/**
 * User-written regular expressions, limited to a subset that cannot backtrack catastrophically:
 * at most 100 characters, no back-references or lookarounds, no quantified group that itself
 * contains a quantifier or an alternation (`(a+)+`, `(a|ab)*`), at most two unbounded
 * quantifiers, and bounded repeats up to 100. Matching also runs on text capped at
 * {@link MAX_SUBJECT} characters, so the worst case stays polynomial and small.
 */
import { UserError } from '../errors.js';

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN = 100;
/** Longest text a user pattern is run against, in characters. */
export const MAX_SUBJECT = 2000;

function refuse(pattern: string, why: string): UserError {
  return new UserError('BAD_OPTION', `Regular expression /${pattern}/ refused: ${why}. Use plain words, or a simple pattern such as /breach(es)?|ransomware/.`);
}

/** Compiles `/pattern/flags` text after checking it is in the safe subset; always case-insensitive. */
export function compileSafeRegex(pattern: string, flags = ''): RegExp {
  if (pattern.length === 0) throw refuse(pattern, 'it is empty');
  if (pattern.length > MAX_PATTERN) throw refuse(pattern.slice(0, 20) + '…', `it is longer than ${MAX_PATTERN} characters`);
  if (/[^imsu]/.test(flags)) throw refuse(pattern, `flags may only be i, m, s or u`);
  // Per open group: does it contain a quantifier or an alternation?
  const stack: { risky: boolean }[] = [];
  let unbounded = 0;
  let lastGroupRisky = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const prevGroupClosed = lastGroupRisky;
    lastGroupRisky = false;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (/[1-9k]/.test(n)) throw refuse(pattern, 'back-references are not allowed');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] !== ':') throw refuse(pattern, 'lookarounds and named groups are not allowed');
        i += 2;
      }
      stack.push({ risky: false });
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      if (!g) throw refuse(pattern, 'unbalanced parentheses');
      lastGroupRisky = g.risky;
      if (g.risky && stack.length) stack[stack.length - 1].risky = true;
      continue;
    }
    if (c === '|') {
      if (stack.length) stack[stack.length - 1].risky = true;
      continue;
    }
    const brace = c === '{' ? /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(pattern.slice(i)) : null;
    if (c === '*' || c === '+' || c === '?' || brace) {
      if (pattern[i + 1] === '?' || pattern[i + 1] === '+') i++;
      if (brace) {
        const hi = brace[2] === undefined ? Number(brace[1]) : brace[3] ? Number(brace[3]) : Infinity;
        if (hi !== Infinity && hi > 100) throw refuse(pattern, 'repeat counts above 100 are not allowed');
        if (hi === Infinity) unbounded++;
        i += brace[0].length - 1;
      } else if (c !== '?') unbounded++;
      if (prevGroupClosed) throw refuse(pattern, 'a repeated group may not itself contain a repeat or an alternation');
      if (stack.length) stack[stack.length - 1].risky = true;
      if (unbounded > 2) throw refuse(pattern, 'at most two unbounded repeats (*, +) are allowed');
    }
  }
  if (stack.length) throw refuse(pattern, 'unbalanced parentheses');
  if (inClass) throw refuse(pattern, 'unterminated character class');
  try {
    return new RegExp(pattern, flags.includes('i') ? flags : `${flags}i`);
  } catch (err) {
    throw refuse(pattern, (err as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}

/** Tests a safe regex against text capped at {@link MAX_SUBJECT} characters. */
export function safeTest(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text.length > MAX_SUBJECT ? text.slice(0, MAX_SUBJECT) : text);
}
