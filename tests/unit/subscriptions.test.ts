import { describe, expect, it } from 'vitest';
import type { StoryView } from '../../src/core/model.js';
import { hasCode } from '../../src/core/errors.js';
import { parseSubscription, splitFreeText, compileFilter, splitTerms } from '../../src/core/subscriptions/index.js';
import { MAX_SUBJECT, compileSafeRegex, safeTest } from '../../src/core/subscriptions/safe-regex.js';
import { planDigest } from '../../src/core/delivery/plan-digest.js';
import type { Subscription } from '../../src/core/subscriptions/index.js';
import type { PostedStory } from '../../src/core/delivery/outbox.js';
import { parseCommandText } from '../../commands/parse-options.js';
import { subscribe } from '../../commands/subscribe.js';

function story(id: number, p: Partial<Omit<StoryView, 'sources'>> & { topic?: string; sources?: number } = {}): StoryView {
  const n = p.sources ?? 1;
  return {
    id,
    title: p.title ?? `Story ${id} headline`,
    sources: Array.from({ length: n }, (_, i) => ({ articleId: id * 10 + i, publisher: `Outlet ${i}`, title: 't' })),
    publishedAt: p.publishedAt ?? '2026-06-01T05:00:00.000Z',
    updatedAt: p.updatedAt ?? '2026-06-01T05:00:00.000Z',
    tldr: p.tldr ?? `First sentence of story ${id}.`,
    short: p.short ?? [`First sentence of story ${id}.`, 'Second sentence.'],
    keyPoints: p.keyPoints ?? [`First sentence of story ${id}.`, 'Second sentence.', 'Third point.'],
    topics: p.topics ?? [{ id: p.topic ?? 'space', label: p.topic ?? 'Space', score: 0.9 }],
    entities: p.entities ?? [],
  };
}

function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
  throw new Error('expected an error');
}

describe('subscription options', () => {
  it('given free text, topics, schedule and zone are told apart', () => {
    expect(splitFreeText('space daily 08:00 Europe/Paris')).toEqual({ topics: 'space', schedule: 'daily 08:00', tz: 'Europe/Paris' });
    expect(splitFreeText('north korea weekly mon 09:30')).toEqual({ topics: 'north korea', schedule: 'weekly mon 09:30' });
    expect(splitFreeText('space, science hourly UTC')).toEqual({ topics: 'space, science', schedule: 'hourly', tz: 'UTC' });
    expect(splitFreeText('ai live')).toEqual({ topics: 'ai', schedule: 'live' });
  });

  it('given the named terminal syntax, every option lands in the spec', () => {
    const input = parseCommandText(subscribe, 'topics:space,science schedule:"weekdays 07:30" tz:Europe/Paris max:8 min:2 quiet:note threads:yes exclude:sport');
    const o = input.options;
    const { spec } = parseSubscription({ topics: o.topics as string, schedule: o.schedule as string, tz: o.tz as string, max: o.max as number, min: o.min as number, quiet: o.quiet as string, threads: o.threads as boolean, exclude: o.exclude as string });
    expect(spec).toMatchObject({ topics: ['space', 'science'], schedule: 'weekdays 07:30', timeZone: 'Europe/Paris', maxStories: 8, minStories: 2, quiet: 'note', threads: true, exclude: ['sport'] });
  });

  it('given defaults, a daily 08:00 digest of up to 8 stories in the default zone', () => {
    const { spec } = parseSubscription({ text: 'space' }, 'Asia/Tokyo');
    expect(spec).toMatchObject({ schedule: 'daily 08:00', timeZone: 'Asia/Tokyo', maxStories: 8, minStories: 1, quiet: 'skip', summary: 'tldr', threads: false });
  });

  it('given bad options, each gets a coded error that says what to do', () => {
    expect(errorOf(() => parseSubscription({ text: 'daily 08:00' }))).toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/Choose at least one topic/) });
    expect(errorOf(() => parseSubscription({ topics: ' , ' }))).toMatchObject({ code: 'BAD_OPTION' });
    expect(errorOf(() => parseSubscription({ topics: 'space', schedule: '0 25 * * *' }))).toMatchObject({ code: 'SCHEDULE_INVALID', message: expect.stringMatching(/hour 25 is outside 0-23/) });
    expect(errorOf(() => parseSubscription({ text: 'space daily 08:00 Europe/Atlantis' }))).toMatchObject({ code: 'TIMEZONE_INVALID' });
    expect(errorOf(() => parseSubscription({ topics: 'space', min: 5, max: 3 }))).toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/min \(5\) cannot be above max \(3\)/) });
    expect(errorOf(() => parseSubscription({ topics: 'space', mention: '<@&1>' }))).toMatchObject({ message: expect.stringMatching(/mention needs mention_on/) });
    expect(errorOf(() => parseSubscription({ topics: '/(a+)+$/' }))).toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/repeated group/) });
  });

  it('given comma lists, commas inside /regex/ stay in the regex', () => {
    expect(splitTerms('space, /a{1,3}b/ ,north korea')).toEqual(['space', '/a{1,3}b/', 'north korea']);
  });
});

describe('safe regular expressions', () => {
  it('given simple patterns, they compile case-insensitively', () => {
    expect(safeTest(compileSafeRegex('breach(es)?|ransomware'), 'Data BREACHES at a bank')).toBe(true);
    expect(safeTest(compileSafeRegex('^nasa\\b'), 'NASA launches')).toBe(true);
    expect(safeTest(compileSafeRegex('[a-z]+ing'), 'nothing')).toBe(true);
  });

  it('given catastrophic or unsupported patterns, each is refused with the reason', () => {
    const cases: [string, RegExp][] = [
      ['(a+)+$', /repeated group/],
      ['(a|aa)*b', /repeated group/],
      ['(?:x*)*', /repeated group/],
      ['(a)\\1', /back-references/],
      ['foo(?=bar)', /lookarounds/],
      ['a*b*c', /too many open-ended repeats/],
      ['foo.*bar.*baz', /too many open-ended repeats/],
      ['a{1,1000}', /above 100/],
      ['x'.repeat(101), /longer than 100/],
      ['(abc', /unbalanced/],
    ];
    for (const [p, why] of cases) expect(errorOf(() => compileSafeRegex(p)).message, p).toMatch(why);
  });

  it('matches the worst accepted shape on at most MAX_SUBJECT characters of a long subject', () => {
    // The work of a match is bounded by the subject length times the accepted ambiguity, so the
    // subject is cut: a match that only the text past the cut would give is not found.
    const re = compileSafeRegex('a*a?a?b');
    expect(safeTest(re, `${'a'.repeat(50)}b`)).toBe(true);
    expect(safeTest(re, `${'a'.repeat(MAX_SUBJECT - 1)}b`)).toBe(true);
    expect(safeTest(re, `${'a'.repeat(MAX_SUBJECT)}b`)).toBe(false);
    expect(safeTest(re, 'a'.repeat(50_000))).toBe(false);
  });
});

describe('story filters', () => {
  it('given include and exclude terms, the verdict names the rule', () => {
    const f = compileFilter(['space', 'north korea', '/breach(es)?/'], ['sport', 'rumour']);
    expect(f.check(story(1, { topic: 'space' }))).toEqual({ ok: true, matched: ['space'] });
    expect(f.check(story(2, { topic: 'world', entities: [{ name: 'North Korea', kind: 'place', count: 3 }] }))).toMatchObject({ ok: true, matched: ['north korea'] });
    expect(f.check(story(3, { topic: 'business', title: 'Bank reports data breaches' }))).toMatchObject({ ok: true });
    expect(f.check(story(4, { topic: 'sport' }))).toEqual({ ok: false, rule: 'excluded by "sport"' });
    expect(f.check(story(5, { topic: 'space', title: 'Mars rumour denied' }))).toEqual({ ok: false, rule: 'excluded by "rumour"' });
    expect(f.check(story(6, { topic: 'health' }))).toEqual({ ok: false, rule: 'not about "space" or "north korea" or "/breach(es)?/"' });
  });

  it('given word terms, each word must be a whole word of the headline or summary, whatever the case and punctuation', () => {
    const f = compileFilter(['data breach', 'café', 'x'], []);
    const ok = (title: string) => f.check(story(1, { topic: 'world', title, tldr: '', short: [] })).ok;
    expect(ok('Hospital DATA-breach exposes records')).toBe(true);
    expect(ok('Breach of data at the port')).toBe(true);
    expect(ok('Bank reports data breaches')).toBe(false);
    expect(ok('Databreach')).toBe(false);
    expect(ok('Le Café, rue X')).toBe(true);
    expect(ok('Cafés close')).toBe(false);
    // Letters outside the basic plane (two UTF-16 units) join a word like any other letter.
    expect(ok('Sign 𝒳x and 𝒳X')).toBe(false);
    expect(ok('Sign 𝒳 x')).toBe(true);
    expect(ok('x')).toBe(true);
    // A lone surrogate is no letter, and the character before it is not taken for one.
    expect(ok('a\udc00x')).toBe(true);
    expect(f.check(story(2, { topic: 'world', title: 'Nothing', tldr: 'A breach', short: ['Of data, again.'] })).ok).toBe(true);
  });
});

describe('planning a digest', () => {
  const base: Subscription = {
    id: 1,
    channel: { platform: 'console', scope: 'local', channel: 'main' },
    createdAt: '2026-05-01T00:00:00Z',
    topics: ['space'],
    exclude: [],
    schedule: 'daily 08:00',
    timeZone: 'Europe/Paris',
    maxStories: 2,
    minStories: 1,
    quiet: 'skip',
    summary: 'tldr',
    threads: false,
  };
  const at = { dueAt: new Date('2026-06-01T06:00:00Z'), windowFrom: new Date('2026-05-31T06:00:00Z'), windowTo: new Date('2026-06-01T06:00:00Z'), now: new Date('2026-06-01T06:00:00Z'), catchUp: false, live: false };
  const posted = (id: number, sourceCount: number): [number, PostedStory] => [id, { storyId: id, subscriptionId: 1, outboxId: 9, postedAt: '2026-05-31T06:00:00Z', sourceCount }];

  it('given more stories than the maximum, the best go out and the rest are recorded with their rank; filtered and already-posted ones too', () => {
    const plan = planDigest({ ...at, sub: base, candidates: [story(1, { sources: 3 }), story(2), story(3, { sources: 2 }), story(4, { topic: 'sport' }), story(5)], posted: new Map([posted(5, 1)]) });
    expect(plan.storyIds).toEqual([1, 3]);
    expect(plan.decisions).toMatchObject({ 2: { kind: 'over-max', rank: 3, max: 2 }, 4: { kind: 'filtered', rule: 'not about "space"' }, 5: { kind: 'already-posted' } });
    expect(plan.messages).toHaveLength(1);
    expect(plan.messages[0].reply).toMatchObject({ kind: 'digest', threadPerStory: false, digest: { title: 'Newsdesk: space', total: 2 } });
  });

  it('given a story with new coverage since it was posted, it goes out again (into its thread)', () => {
    const plan = planDigest({ ...at, sub: { ...base, threads: true }, candidates: [story(7, { sources: 3 })], posted: new Map([posted(7, 1)]) });
    expect(plan.storyIds).toEqual([7]);
    expect(plan.messages.map((m) => m.reply.kind)).toEqual(['text', 'digest']);
    expect(plan.messages[0].reply.kind === 'text' && plan.messages[0].reply.lines[0]).toMatch(/1 story \(1 with new coverage\)/);
    expect(plan.messages[1].reply).toMatchObject({ threadPerStory: true });
  });

  it('given fewer stories than the minimum, skip records below-minimum; quiet:note posts one note and no stories', () => {
    const sub = { ...base, minStories: 3 };
    const skip = planDigest({ ...at, sub, candidates: [story(1), story(2)], posted: new Map() });
    expect(skip).toMatchObject({ status: 'skipped', storyIds: [], messages: [] });
    expect(skip.decisions[1]).toEqual({ kind: 'below-minimum', count: 2, min: 3 });
    const note = planDigest({ ...at, sub: { ...sub, quiet: 'note' }, candidates: [story(1)], posted: new Map() });
    expect(note.status).toBe('pending');
    expect(note.messages).toHaveLength(1);
    expect(note.messages[0].reply.kind === 'text' && note.messages[0].reply.lines[0]).toMatch(/Quiet day: only 1 new story .*minimum 3/);
  });

  it('given a mention filter, the mention is attached only to messages with a matching story', () => {
    const sub = { ...base, topics: ['all'], threads: true, maxStories: 5, mention: { target: '<@&42>', filter: ['breach'] } };
    const plan = planDigest({ ...at, sub, candidates: [story(1, { title: 'Hospital data breach exposes records', topic: 'technology' }), story(2, { topic: 'space' })], posted: new Map() });
    const digests = plan.messages.filter((m) => m.reply.kind === 'digest').map((m) => m.reply as { mentions?: string[]; digest: { sections: { stories: { id: number }[] }[] } });
    const byStory = new Map(digests.map((d) => [d.digest.sections[0].stories[0].id, d.mentions]));
    expect(byStory.get(1)).toEqual(['<@&42>']);
    expect(byStory.get(2)).toBeUndefined();
  });

  it('given summary:keypoints, each story shows its key points', () => {
    const plan = planDigest({ ...at, sub: { ...base, summary: 'keypoints' }, candidates: [story(1)], posted: new Map() });
    const reply = plan.messages[0].reply;
    expect(reply.kind === 'digest' && reply.digest.sections[0].stories[0].tldr).toBe('First sentence of story 1. Second sentence. Third point.');
  });
});

describe('error codes', () => {
  it('given hasCode, schedule errors are branchable', () => {
    let err: unknown;
    try {
      parseSubscription({ topics: 'x', schedule: 'fortnightly' });
    } catch (e) {
      err = e;
    }
    expect(hasCode(err, 'SCHEDULE_INVALID')).toBe(true);
  });
});
