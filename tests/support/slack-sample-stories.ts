/**
 * Sample stories for the Slack tests, built directly as AnalysedArticle objects so the tests
 * do not depend on the parsers and the analyser. Twelve unrelated stories (one of them the
 * SpaceX Dragon docking, topic "space"), plus a second outlet's report of the Dragon docking
 * that joins that story as new coverage.
 */
import type { AnalysedArticle, TopicScore } from '../../src/core/model.js';
import type { SqliteStore } from '../../src/core/store/sqlite-store.js';

interface Spec {
  title: string;
  publisher: string;
  slug: string;
  hoursAgo: number;
  topic: TopicScore;
  entities: string[];
  paragraphs: string[];
}

const T = {
  space: { id: 'space', label: 'Space', score: 0.92 },
  politics: { id: 'politics', label: 'Politics', score: 0.8 },
  sport: { id: 'sport', label: 'Sport', score: 0.85 },
  business: { id: 'business', label: 'Business', score: 0.75 },
  health: { id: 'health', label: 'Health', score: 0.8 },
  climate: { id: 'climate-environment', label: 'Climate & environment', score: 0.8 },
  technology: { id: 'technology', label: 'Technology', score: 0.8 },
  science: { id: 'science', label: 'Science', score: 0.7 },
  war: { id: 'war-conflict', label: 'War & conflict', score: 0.85 },
  culture: { id: 'culture-entertainment', label: 'Culture & entertainment', score: 0.7 },
  disasters: { id: 'disasters', label: 'Disasters', score: 0.85 },
  education: { id: 'education', label: 'Education', score: 0.7 },
} satisfies Record<string, TopicScore>;

const SPECS: Spec[] = [
  {
    title: 'SpaceX Dragon capsule docks with the International Space Station carrying four astronauts',
    publisher: 'Orbital Times',
    slug: 'dragon-docks',
    hoursAgo: 3,
    topic: T.space,
    entities: ['SpaceX', 'NASA', 'Dragon', 'International Space Station'],
    paragraphs: [
      'A SpaceX Dragon capsule carrying four astronauts docked with the International Space Station on Tuesday after a 28-hour flight.',
      'NASA said the crew would spend six months aboard the orbiting laboratory running experiments.',
      'The Dragon launched from Florida on a Falcon 9 rocket on Monday morning.',
    ],
  },
  {
    title: 'Parliament passes budget after late-night vote',
    publisher: 'Capital Herald',
    slug: 'budget-vote',
    hoursAgo: 5,
    topic: T.politics,
    entities: ['Parliament', 'Finance Minister Ana Costa'],
    paragraphs: ['Lawmakers approved the annual budget by 214 votes to 190 after a debate that ran past midnight.', 'Finance Minister Ana Costa called the vote a mandate for her tax plan.'],
  },
  {
    title: 'Riverside United win cup final on penalties',
    publisher: 'Sports Wire',
    slug: 'cup-final',
    hoursAgo: 7,
    topic: T.sport,
    entities: ['Riverside United', 'Harbour City'],
    paragraphs: ['Riverside United beat Harbour City 5-4 on penalties to lift the cup for the first time in 31 years.', 'Their goalkeeper saved two spot kicks in the shoot-out.'],
  },
  {
    title: 'Chipmaker shares jump on record quarterly revenue',
    publisher: 'Market Daily',
    slug: 'chip-revenue',
    hoursAgo: 9,
    topic: T.business,
    entities: ['Lumina Semiconductors'],
    paragraphs: ['Lumina Semiconductors reported revenue of 12.4 billion dollars, sending its shares up 9 percent.', 'Demand from data centres drove the growth, the company said.'],
  },
  {
    title: 'Hospitals trial weekend clinics to cut waiting lists',
    publisher: 'Health Report',
    slug: 'weekend-clinics',
    hoursAgo: 11,
    topic: T.health,
    entities: ['Northern Health Trust'],
    paragraphs: ['Eleven hospitals will open outpatient clinics on Saturdays and Sundays from next month.', 'The Northern Health Trust expects waiting lists to fall by a fifth.'],
  },
  {
    title: 'Glacier retreat doubles in alpine survey',
    publisher: 'Earth Desk',
    slug: 'glacier-retreat',
    hoursAgo: 13,
    topic: T.climate,
    entities: ['Alpine Glacier Monitoring Service'],
    paragraphs: ['Alpine glaciers lost ice twice as fast this summer as the average of the past decade, a survey found.', 'Researchers blamed two long heatwaves.'],
  },
  {
    title: 'Open-source browser ships built-in translation',
    publisher: 'Tech Ledger',
    slug: 'browser-translation',
    hoursAgo: 15,
    topic: T.technology,
    entities: ['Quill Browser'],
    paragraphs: ['Quill Browser version 30 translates pages on the device without sending text to a server.', 'Developers said the feature supports 40 languages.'],
  },
  {
    title: 'Fossil find reveals feathered dinosaur in desert quarry',
    publisher: 'Science Now',
    slug: 'feathered-dinosaur',
    hoursAgo: 17,
    topic: T.science,
    entities: ['Gobi Desert', 'Museum of Natural History'],
    paragraphs: ['Palaeontologists uncovered a nearly complete feathered dinosaur skeleton in a Gobi Desert quarry.', 'The Museum of Natural History will display the fossil next year.'],
  },
  {
    title: 'Ceasefire talks resume in border conflict',
    publisher: 'World Bulletin',
    slug: 'ceasefire-talks',
    hoursAgo: 19,
    topic: T.war,
    entities: ['Geneva', 'United Nations'],
    paragraphs: ['Negotiators met in Geneva for a third round of ceasefire talks mediated by the United Nations.', 'Both sides exchanged lists of prisoners.'],
  },
  {
    title: 'Film festival opens with debut from young director',
    publisher: 'Culture Post',
    slug: 'film-festival',
    hoursAgo: 21,
    topic: T.culture,
    entities: ['Lakeside Film Festival', 'Mira Okafor'],
    paragraphs: ['The Lakeside Film Festival opened with the first feature by 24-year-old director Mira Okafor.', 'Critics praised its long single takes.'],
  },
  {
    title: 'Earthquake shakes coastal towns, no casualties reported',
    publisher: 'Coastal News',
    slug: 'earthquake-coast',
    hoursAgo: 22,
    topic: T.disasters,
    entities: ['Seismological Institute'],
    paragraphs: ['A magnitude 5.8 earthquake shook coastal towns early on Wednesday, the Seismological Institute said.', 'Officials reported cracked walls but no casualties.'],
  },
  {
    title: 'Schools adopt four-day week in rural district',
    publisher: 'Education Weekly',
    slug: 'four-day-week',
    hoursAgo: 23,
    topic: T.education,
    entities: ['Valley County School Board'],
    paragraphs: ['The Valley County School Board voted to move its 18 schools to a four-day week.', 'Teachers said the change would help recruitment.'],
  },
];

function build(spec: Spec, now: Date): AnalysedArticle {
  const published = new Date(now.getTime() - spec.hoursAgo * 3_600_000).toISOString();
  return {
    title: spec.title,
    publisher: spec.publisher,
    url: `https://news.example/${spec.slug}`,
    publishedAt: published,
    headings: [],
    blocks: spec.paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
    language: 'en',
    summary: { tldr: spec.paragraphs[0], short: spec.paragraphs.slice(0, 2), keyPoints: spec.paragraphs },
    topics: [spec.topic],
    entities: spec.entities.map((name) => ({ name, kind: 'organisation' as const, count: 2 })),
    keywords: spec.title.toLowerCase().split(/\W+/).filter((w) => w.length > 4).slice(0, 5),
  };
}

/** The twelve sample articles, published between 3 and 23 hours before `now`. */
export function sampleArticles(now: Date): AnalysedArticle[] {
  return SPECS.map((s) => build(s, now));
}

/** A second outlet's report of the Dragon docking, published one hour before `now`. */
export function dragonFollowUp(now: Date): AnalysedArticle {
  return build(
    {
      title: 'SpaceX Dragon capsule docks at International Space Station with four astronauts aboard',
      publisher: 'Space Wire',
      slug: 'dragon-docks-follow-up',
      hoursAgo: 1,
      topic: T.space,
      entities: ['SpaceX', 'NASA', 'Dragon', 'International Space Station'],
      paragraphs: [
        'Four astronauts arrived at the International Space Station aboard a SpaceX Dragon capsule after a 28-hour flight.',
        'NASA officials said the hatch opened two hours after docking.',
      ],
    },
    now,
  );
}

/** An article of its own story with `n` invented sources' worth of long text, for split tests. */
export function longStoryArticle(now: Date, index: number): AnalysedArticle {
  const a = build(
    {
      title: `Long report number ${index} on regional water policy ${'and its many consequences '.repeat(3)}`,
      publisher: `Outlet ${index}`,
      slug: `long-${index}`,
      hoursAgo: 2,
      topic: T.politics,
      entities: [`Water Board ${index}`],
      paragraphs: [`Water policy report ${index}: ${'Officials debated the reservoir allocation for hours. '.repeat(20)}`],
    },
    now,
  );
  return a;
}

/** Stores every sample article; returns the story id of the Dragon docking. */
export function seedSampleStories(store: SqliteStore, now: Date): { dragonStoryId: number; storyIds: number[] } {
  const ids = sampleArticles(now).map((a) => store.ingest(a, { now }).storyId);
  return { dragonStoryId: ids[0], storyIds: ids };
}
