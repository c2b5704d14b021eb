/**
 * User-written regular expressions, limited to a subset that cannot backtrack catastrophically:
 * at most 100 characters, no back-references or lookarounds, no quantified group that itself
 * contains a quantifier or an alternation (`(a+)+`, `(a|ab)*`), and a bounded amount of
 * ambiguity: the product of every quantifier's range (`?` 2, `{2,5}` 4, `*` and `+` the subject
 * length) may not exceed {@link MAX_AMBIGUITY}, so one `.*` is fine and two are not. Matching runs
 * on text capped at {@link MAX_SUBJECT} characters, so the worst case stays near
 * MAX_SUBJECT × MAX_AMBIGUITY steps (a few milliseconds).
 */
import { UserError } from '../errors.js';

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN = 100;
/** Longest text a user pattern is run against, in characters. */
export const MAX_SUBJECT = 2000;
/** Largest product of quantifier ranges accepted (see above). */
export const MAX_AMBIGUITY = 10_000;

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
  let ambiguity = 1;
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
    const brace = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) : null;
    if (c === '*' || c === '+' || c === '?' || brace) {
      let range = c === '?' ? 2 : MAX_SUBJECT;
      if (brace) {
        const lo = Number(brace[1]);
        const hi = brace[2] === undefined ? lo : brace[3] ? Number(brace[3]) : Infinity;
        if (hi !== Infinity && hi > 100) throw refuse(pattern, 'repeat counts above 100 are not allowed');
        range = hi === Infinity ? MAX_SUBJECT : hi - lo + 1;
        i += brace[0].length - 1;
      }
      if (pattern[i + 1] === '?' || pattern[i + 1] === '+') i++;
      if (prevGroupClosed) throw refuse(pattern, 'a repeated group may not itself contain a repeat or an alternation');
      if (stack.length) stack[stack.length - 1].risky = true;
      ambiguity *= range;
      if (ambiguity > MAX_AMBIGUITY) throw refuse(pattern, 'too many open-ended repeats (at most one *, + or {n,} per pattern)');
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
