/**
 * Topic tagging against the {@link TAXONOMY}: weighted cue-word matching.
 *
 * Each topic's cue words and phrases (stemmed) are counted in the title (×3) and the body;
 * a cue contributes its weight times a saturating function of its count, so one word
 * repeated twenty times cannot outvote a field's broad vocabulary. The raw evidence is
 * divided by a slowly growing length factor and squashed into [0, 1]. Publisher categories
 * that name a topic ("Technology", "sports") add strong evidence; places that are countries
 * add evidence for World. Linear in the length of the text.
 */
import type { Entity, TopicScore } from '../model.js';
import { cachedStem, stem, words } from '../summarise/tokenise.js';
import { COUNTRIES } from './gazetteer.js';
import { TAXONOMY, findTopic } from './taxonomy.js';

/** Input of {@link tagTopics}. */
export interface TagInput {
  title: string;
  text: string;
  /** Publisher categories or keywords, matched against topic names and aliases. */
  categories?: string[];
  entities: Entity[];
}

/** Topics other than the best scoring below this are dropped. */
export const TOPIC_THRESHOLD = 0.35;
/** The best topic is kept down to this score, so weakly cued articles still get one topic. */
const LEAD_THRESHOLD = 0.2;
/** Topics scoring below this share of the best topic's score are dropped. */
const RELATIVE_THRESHOLD = 0.4;
/** At most this many topics per article. */
const MAX_TOPICS = 5;
const TITLE_FACTOR = 3;
/** Raw evidence at which a topic reaches a score of about 0.63. */
const SCALE = 8;
const CATEGORY_BOOST = 8;
/** Places that are the home of most of the corpus, so not a sign of foreign news. */
const HOME_PLACES = new Set(['united states', 'united kingdom', 'britain', 'great britain', 'england', 'scotland', 'wales']);

interface CompiledTopic {
  id: string;
  label: string;
  cues: Map<string, number>;
  /** Stemmed cues that count only beside another cue of the topic (see `TopicDef.supportingCues`). */
  supporting: Set<string>;
}

/** Stemmed cue phrases per topic, built once. */
const COMPILED: CompiledTopic[] = TAXONOMY.map((t) => {
  const cues = new Map<string, number>();
  for (const [phrase, weight] of Object.entries(t.keywords)) {
    const key = stemPhrase(phrase);
    if (key) cues.set(key, Math.max(cues.get(key) ?? 0, weight));
  }
  const supporting = new Set((t.supportingCues ?? []).map(stemPhrase));
  for (const key of supporting) if (!cues.has(key)) throw new Error(`topic ${t.id}: supporting cue "${key}" is not one of its keywords`);
  return { id: t.id, label: t.label, cues, supporting };
});

function stemPhrase(text: string): string {
  return words(text).map(stem).join(' ');
}

/** Every cue phrase of every topic, and the first words of the cues of two or three words. */
const CUE_KEYS = new Set(COMPILED.flatMap((t) => [...t.cues.keys()]));
const PHRASE_STARTS = new Set([...CUE_KEYS].filter((k) => k.includes(' ')).map((k) => k.slice(0, k.indexOf(' '))));

/**
 * Counts of the stemmed 1-, 2- and 3-word sequences of the text that are cues (the only ones
 * looked up), and the text's length in words.
 */
function ngramCounts(text: string): { counts: Map<string, number>; length: number } {
  const seq = words(text).map(cachedStem);
  const counts = new Map<string, number>();
  const bump = (k: string) => {
    if (CUE_KEYS.has(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  for (let i = 0; i < seq.length; i += 1) {
    bump(seq[i]);
    if (!PHRASE_STARTS.has(seq[i]) || i + 1 >= seq.length) continue;
    const two = `${seq[i]} ${seq[i + 1]}`;
    bump(two);
    if (i + 2 < seq.length) bump(`${two} ${seq[i + 2]}`);
  }
  return { counts, length: seq.length };
}

/** Raw cue evidence per topic id (exported for the quality benchmark's diagnostics). */
export function topicEvidence(input: TagInput): Map<string, number> {
  const body = ngramCounts(input.text);
  const title = ngramCounts(input.title);
  const evidence = new Map<string, number>();
  const supported = new Map<string, number>();
  for (const topic of COMPILED) {
    let raw = 0;
    let support = 0;
    for (const [cue, weight] of topic.cues) {
      const c = (body.counts.get(cue) ?? 0) + TITLE_FACTOR * (title.counts.get(cue) ?? 0);
      if (c <= 0) continue;
      if (topic.supporting.has(cue)) support += weight * (1 + Math.log(c));
      else raw += weight * (1 + Math.log(c));
    }
    evidence.set(topic.id, raw);
    if (support) supported.set(topic.id, support);
  }
  for (const category of input.categories ?? []) {
    const t = findTopic(category);
    if (t) evidence.set(t.id, (evidence.get(t.id) ?? 0) + CATEGORY_BOOST);
  }
  // Cues with other senses count only beside the topic's own evidence.
  for (const [id, support] of supported) if (evidence.get(id)! > 0) evidence.set(id, evidence.get(id)! + support);
  const foreign = new Set(
    input.entities
      .filter((e) => e.kind === 'place' && COUNTRIES.has(e.name.toLowerCase()) && !HOME_PLACES.has(e.name.toLowerCase()))
      .map((e) => e.name.toLowerCase()),
  );
  evidence.set('world', (evidence.get('world') ?? 0) + Math.min(5, 2 * foreign.size));
  // Longer texts collect more cue hits; damp that so scores stay comparable.
  const lengthFactor = 1 + Math.log(1 + body.length / 300);
  for (const [id, raw] of evidence) evidence.set(id, raw / lengthFactor);
  return evidence;
}

/**
 * Scores an article against every topic; returns the best topic when it has some evidence
 * and the others that are both above {@link TOPIC_THRESHOLD} and close to the best, best
 * first, at most five, each with a score in [0, 1].
 */
export function tagTopics(input: TagInput): TopicScore[] {
  const evidence = topicEvidence(input);
  const scored = COMPILED.map((t) => ({ id: t.id, label: t.label, score: 1 - Math.exp(-(evidence.get(t.id) ?? 0) / SCALE) }));
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((t, i) => (i === 0 && t.score >= LEAD_THRESHOLD) || (t.score >= TOPIC_THRESHOLD && t.score >= RELATIVE_THRESHOLD * best))
    .slice(0, MAX_TOPICS)
    .map((t) => ({ ...t, score: Math.round(t.score * 1000) / 1000 }));
}
