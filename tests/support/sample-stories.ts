/**
 * Hand-made analysed articles for adapter tests: twelve distinct stories (one about SpaceX's
 * Dragon and NASA, topic "space"), a follow-up that joins the Dragon story, and a generator
 * of many distinct stories for oversized digests. Independent of the parsers and analyser.
 */
import type { AnalysedArticle, Entity, EntityKind } from '../../src/core/model.js';
import { createSqliteStore, type SqliteStore } from '../../src/core/store/sqlite-store.js';

/** The fixed "now" of tests using these stories. */
export const SAMPLE_NOW = new Date('2026-03-10T12:00:00Z');

interface Spec {
  title: string;
  publisher: string;
  slug: string;
  topic: [string, string];
  entities: [string, EntityKind][];
  paragraphs: string[];
  hoursAgo: number;
}

const SPECS: Spec[] = [
  {
    title: 'SpaceX Dragon capsule docks with the International Space Station carrying four NASA astronauts',
    publisher: 'Orbital Times',
    slug: 'dragon-docks',
    topic: ['space', 'Space'],
    entities: [['SpaceX', 'organisation'], ['NASA', 'organisation'], ['Dragon', 'organisation'], ['International Space Station', 'place']],
    paragraphs: [
      'A SpaceX Dragon capsule docked with the International Space Station early on Tuesday, delivering four NASA astronauts for a six-month mission.',
      'The spacecraft launched from Florida on Monday atop a Falcon 9 rocket and completed an automated approach to the orbiting laboratory.',
      'NASA said the crew will run more than 200 experiments, including studies of plant growth and muscle loss in microgravity.',
      'The docking marks the tenth crew rotation flight that SpaceX has flown for the agency under its commercial crew contract.',
    ],
    hoursAgo: 3,
  },
  {
    title: 'Parliament passes budget after marathon overnight session',
    publisher: 'Capital Ledger',
    slug: 'budget-passes',
    topic: ['politics', 'Politics'],
    entities: [['Parliament', 'organisation'], ['Finance Ministry', 'organisation']],
    paragraphs: [
      'Lawmakers approved the annual budget after a marathon overnight session that ended shortly before dawn.',
      'The finance ministry said the plan trims the deficit while raising spending on schools and hospitals.',
      'Opposition parties voted against the bill, calling its revenue forecasts unrealistic.',
    ],
    hoursAgo: 5,
  },
  {
    title: 'Central bank holds interest rates steady as inflation cools',
    publisher: 'Market Wire',
    slug: 'rates-steady',
    topic: ['economy', 'Economy'],
    entities: [['Central Bank', 'organisation']],
    paragraphs: [
      'The central bank kept its benchmark interest rate unchanged on Wednesday, pointing to cooling inflation.',
      'Policymakers signalled that cuts could follow later in the year if price growth keeps slowing.',
      'Bond yields fell after the announcement while the currency edged lower against the dollar.',
    ],
    hoursAgo: 6,
  },
  {
    title: 'Chipmaker unveils processor built for laptops with longer battery life',
    publisher: 'Circuit Daily',
    slug: 'chip-laptops',
    topic: ['technology', 'Technology'],
    entities: [['Siliconia', 'organisation']],
    paragraphs: [
      'Siliconia unveiled a processor designed for thin laptops, promising longer battery life and faster graphics.',
      'The company said machines using the chip will reach shops before the autumn.',
      'Analysts expect the launch to intensify competition in the premium notebook market.',
    ],
    hoursAgo: 7,
  },
  {
    title: 'Storm brings flooding to coastal towns, thousands evacuated',
    publisher: 'Coast Herald',
    slug: 'storm-flooding',
    topic: ['disasters', 'Disasters'],
    entities: [['Marlow Bay', 'place']],
    paragraphs: [
      'Heavy rain and strong winds flooded several coastal towns overnight, forcing thousands of residents to leave their homes.',
      'Emergency crews used boats to reach people trapped in Marlow Bay.',
      'Forecasters warned that more rain is expected over the weekend.',
    ],
    hoursAgo: 8,
  },
  {
    title: 'Underdogs win the cup final with a late penalty',
    publisher: 'Sports Desk',
    slug: 'cup-final',
    topic: ['sport', 'Sport'],
    entities: [['Riverside Rovers', 'organisation']],
    paragraphs: [
      'Riverside Rovers won the cup final with a penalty in the last minute of stoppage time.',
      'The club had never reached the final before this season.',
      'Thousands of supporters celebrated in the streets of the town late into the night.',
    ],
    hoursAgo: 9,
  },
  {
    title: 'New malaria vaccine shows strong results in large trial',
    publisher: 'Health Journal',
    slug: 'malaria-vaccine',
    topic: ['health', 'Health'],
    entities: [['World Health Organization', 'organisation']],
    paragraphs: [
      'A new malaria vaccine cut infections by three quarters in a large trial among young children.',
      'Researchers said the shot was cheap to produce and easy to store.',
      'The World Health Organization will review the data before recommending wider use.',
    ],
    hoursAgo: 10,
  },
  {
    title: 'Glacier melt accelerates, satellite survey finds',
    publisher: 'Climate Observer',
    slug: 'glacier-melt',
    topic: ['climate-environment', 'Climate & environment'],
    entities: [['Alps', 'place']],
    paragraphs: [
      'Mountain glaciers lost ice faster over the past decade than in any comparable period, a satellite survey found.',
      'Scientists said the Alps were among the worst affected regions.',
      'The melt threatens water supplies for millions of people downstream.',
    ],
    hoursAgo: 11,
  },
  {
    title: 'Museum returns looted bronze sculptures to their country of origin',
    publisher: 'Arts Review',
    slug: 'bronzes-returned',
    topic: ['culture-entertainment', 'Culture & entertainment'],
    entities: [['National Museum', 'organisation']],
    paragraphs: [
      'The national museum handed back a collection of bronze sculptures taken during colonial rule.',
      'A ceremony marked the return, attended by officials from both countries.',
      'Curators said the pieces will go on display in a new gallery next year.',
    ],
    hoursAgo: 12,
  },
  {
    title: 'Court convicts former mayor of corruption',
    publisher: 'Justice Report',
    slug: 'mayor-convicted',
    topic: ['crime-justice', 'Crime & justice'],
    entities: [['Harbourton', 'place']],
    paragraphs: [
      'A court convicted the former mayor of Harbourton of taking bribes from construction firms.',
      'Judges said the payments influenced the award of public contracts worth millions.',
      'Sentencing is scheduled for next month.',
    ],
    hoursAgo: 13,
  },
  {
    title: 'Wind farm opens off the northern coast',
    publisher: 'Energy Now',
    slug: 'wind-farm',
    topic: ['energy', 'Energy'],
    entities: [['Northwind', 'organisation']],
    paragraphs: [
      'An offshore wind farm began supplying power to the grid from turbines off the northern coast.',
      'Northwind said the site can supply electricity to half a million homes.',
      'The operator plans a second phase that would double its capacity.',
    ],
    hoursAgo: 14,
  },
  {
    title: 'Universities agree to freeze tuition fees for two years',
    publisher: 'Campus Post',
    slug: 'tuition-freeze',
    topic: ['education', 'Education'],
    entities: [['Universities Council', 'organisation']],
    paragraphs: [
      'Universities agreed to freeze tuition fees for two years after talks with student unions.',
      'The universities council said the deal protects access for poorer students.',
      'Student leaders welcomed the freeze but asked for more grant funding.',
    ],
    hoursAgo: 15,
  },
];

function entity(name: string, kind: EntityKind, count = 2): Entity {
  return { name, kind, count };
}

function article(s: Spec, now: Date): AnalysedArticle {
  const publishedAt = new Date(now.getTime() - s.hoursAgo * 3_600_000).toISOString();
  return {
    title: s.title,
    publisher: s.publisher,
    url: `https://news.example/${s.slug}`,
    publishedAt,
    headings: [],
    blocks: s.paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
    summary: { tldr: s.paragraphs[0], short: s.paragraphs.slice(0, 2), keyPoints: s.paragraphs.slice(0, 3) },
    topics: [{ id: s.topic[0], label: s.topic[1], score: 0.9 }],
    entities: s.entities.map(([n, k]) => entity(n, k, 3)),
    keywords: s.title.toLowerCase().split(/\W+/).filter((w) => w.length > 4).slice(0, 6),
  };
}

/** The twelve sample articles (one story each). The first is the Dragon story. */
export function sampleArticles(now = SAMPLE_NOW): AnalysedArticle[] {
  return SPECS.map((s) => article(s, now));
}

/** A second outlet's report of the Dragon docking: joins the Dragon story as new coverage. */
export function dragonFollowUp(now = SAMPLE_NOW): AnalysedArticle {
  const base = article(SPECS[0], now);
  return {
    ...base,
    title: 'SpaceX Dragon capsule docks with the International Space Station with four NASA astronauts aboard',
    publisher: 'Launch Report',
    url: 'https://other.example/dragon-docking-iss',
    publishedAt: new Date(now.getTime() - 1 * 3_600_000).toISOString(),
    blocks: [
      { kind: 'paragraph', text: 'Four NASA astronauts arrived at the International Space Station on Tuesday after their SpaceX Dragon capsule docked with the orbiting laboratory.' },
      { kind: 'paragraph', text: 'The Dragon spacecraft lifted off from Florida on Monday on a Falcon 9 rocket for the six-month mission.' },
      { kind: 'paragraph', text: 'NASA said the crew plans more than 200 experiments in microgravity.' },
    ],
    summary: {
      tldr: 'Four NASA astronauts arrived at the International Space Station after their SpaceX Dragon capsule docked.',
      short: ['Four NASA astronauts arrived at the International Space Station on Tuesday.'],
      keyPoints: ['Four NASA astronauts arrived at the International Space Station on Tuesday.', 'The crew plans more than 200 experiments.'],
    },
  };
}

/** Letters-only word unique to `n` (the similarity ignores digits), e.g. 0 → "qabaka". */
function uniqueWord(n: number, salt: string): string {
  const syll = ['ba', 'ke', 'lo', 'mu', 'ri', 'sa', 'te', 'vo', 'zu', 'ni'];
  let out = salt;
  let x = n + 11;
  do {
    out += syll[x % 10];
    x = Math.floor(x / 10);
  } while (x > 0);
  return out;
}

/** `count` distinct stories with long text (for oversized digests), spread over topics. */
export function manyArticles(count: number, now = SAMPLE_NOW): AnalysedArticle[] {
  const topics: [string, string][] = [['space', 'Space'], ['politics', 'Politics'], ['technology', 'Technology'], ['sport', 'Sport'], ['health', 'Health']];
  return Array.from({ length: count }, (_, i) => {
    const a = uniqueWord(i, 'qa');
    const b = uniqueWord(i, 'xe');
    const c = uniqueWord(i, 'jo');
    const place = `${a[0].toUpperCase()}${a.slice(1)}`;
    const org = `${b[0].toUpperCase()}${b.slice(1)} ${c[0].toUpperCase()}${c.slice(1)}`;
    const long = `${org} officials in ${place} described the ${a} ${b} ${c} arrangement in detail, `.repeat(6).trim();
    const [tid, tlabel] = topics[i % topics.length];
    return {
      title: `${org} announces ${a} ${b} plan for ${place} — a very long headline that goes on and on about ${c} details, negotiations, timetables and consequences for everyone in the region ${i}`,
      publisher: `${place} Gazette`,
      url: `https://many.example/${a}-${b}`,
      publishedAt: new Date(now.getTime() - (i + 1) * 600_000).toISOString(),
      headings: [],
      blocks: [
        { kind: 'paragraph' as const, text: `${long}.` },
        { kind: 'paragraph' as const, text: `The ${c} plan for ${place} follows months of ${a} talks.` },
      ],
      summary: { tldr: `${long}.`.slice(0, 280), short: [`${long}.`], keyPoints: [`${long}.`, `The ${c} plan for ${place} follows months of ${a} talks.`] },
      topics: [{ id: tid, label: tlabel, score: 0.8 }],
      entities: [entity(place, 'place', 4), entity(org, 'organisation', 4)],
      keywords: [a, b, c],
    };
  });
}

/** An in-memory store holding the twelve sample stories (plus `extra` articles). */
export function sampleStore(opts: { now?: Date; extra?: AnalysedArticle[] } = {}): SqliteStore {
  const now = opts.now ?? SAMPLE_NOW;
  const store = createSqliteStore(':memory:');
  for (const a of [...sampleArticles(now), ...(opts.extra ?? [])]) store.ingest(a, { now });
  return store;
}
