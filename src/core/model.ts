/**
 * The data Newsdesk works with, independent of any chat platform.
 *
 * Flow: raw input → {@link ParsedArticle} (parse/) → {@link AnalysedArticle}
 * (summarise/ + topics/) → stored {@link Article} grouped into a {@link Story}
 * (store/ + cluster/) → {@link StoryView} / {@link Digest} (digest/) → {@link Reply}.
 */

/** One block of article body, in reading order. Headings are never merged into paragraphs. */
export interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
}

/** Where a dispatch was filed from, e.g. "CHERNIHIV REGION, Ukraine (AP) —". */
export interface Dateline {
  /** The place as written, e.g. "CHERNIHIV REGION, Ukraine". */
  place: string;
  /** The agency in parentheses, e.g. "AP"; absent when the dateline names none. */
  agency?: string;
}

/** What every parser (copied page text, HTML page, feed item) produces. */
export interface ParsedArticle {
  title: string;
  /** Outlet name, e.g. "The Associated Press". */
  publisher?: string;
  /** Author line without the leading "By". */
  byline?: string;
  url?: string;
  guid?: string;
  /** ISO 8601 instant. */
  publishedAt?: string;
  /** ISO 8601 instant. */
  updatedAt?: string;
  dateline?: Dateline;
  /** Photo caption, kept out of the body. */
  caption?: string;
  /** Section subheadings, in order (also present as heading blocks). */
  headings: string[];
  /** Body in reading order: headings and paragraphs. */
  blocks: Block[];
  /** BCP 47 language tag when known. */
  language?: string;
  /** Feed categories or page keywords given by the publisher. */
  categories?: string[];
  /** Lead image URL. */
  image?: string;
  /** True when the text is only a teaser (feed summary, paywall) and not the full article. */
  teaser?: boolean;
  /** File path or URL the article came from. */
  source?: string;
}

/** Extractive summaries at three lengths; every string is a whole body sentence. */
export interface Summary {
  /** One sentence, at most 280 characters. */
  tldr: string;
  /** Two or three sentences, in article order. */
  short: string[];
  /** Up to five sentences, in article order. */
  keyPoints: string[];
}

/** A taxonomy topic with the tagger's confidence in [0, 1]. */
export interface TopicScore {
  id: string;
  label: string;
  score: number;
}

export type EntityKind = 'person' | 'place' | 'organisation';

/** A named entity found in an article. */
export interface Entity {
  name: string;
  kind: EntityKind;
  /** Number of mentions in title and body. */
  count: number;
}

/** A parsed article with everything the understanding steps add. */
export interface AnalysedArticle extends ParsedArticle {
  summary: Summary;
  topics: TopicScore[];
  entities: Entity[];
  keywords: string[];
}

/** A stored article. */
export interface Article extends AnalysedArticle {
  id: number;
  storyId: number;
  /** ISO instant at which Newsdesk stored it. */
  ingestedAt: string;
  /** Where the article came from: a file path, a URL or a feed id. */
  origin?: string;
}

/** One outlet's coverage of a story. */
export interface SourceRef {
  articleId: number;
  publisher: string;
  title: string;
  url?: string;
  publishedAt?: string;
  origin?: string;
}

/** A story as shown to people: one event, possibly covered by several outlets. */
export interface StoryView {
  id: number;
  title: string;
  url?: string;
  sources: SourceRef[];
  /** ISO instant of the earliest coverage. */
  publishedAt: string;
  /** ISO instant of the latest coverage. */
  updatedAt: string;
  tldr: string;
  short: string[];
  keyPoints: string[];
  topics: TopicScore[];
  entities: Entity[];
  /** Relevance or importance score of the listing that produced this view; higher is better. */
  score?: number;
  /** True when only teaser text is known for every source. */
  teaser?: boolean;
}

/** A platform-neutral digest: top stories of a window grouped by topic. */
export interface Digest {
  title: string;
  from: string;
  to: string;
  generatedAt: string;
  sections: { topic: { id: string; label: string }; stories: StoryView[] }[];
  /** Number of stories across all sections. */
  total: number;
}

/** A chat channel, opaque outside its adapter: `console:main`, `discord:<guild>:<channel>`, `slack:<team>:<channel>`. */
export interface ChannelRef {
  platform: 'console' | 'discord' | 'slack';
  /** Server (Discord guild) or workspace (Slack team) id; "local" for the terminal. */
  scope: string;
  channel: string;
}

/** Topic names with how many stories carry each. */
export interface TopicCount {
  id: string;
  label: string;
  count: number;
}

/**
 * What a command answers. A plain tagged union: each adapter draws it with a pure `render`.
 * `ephemeral` asks the platform to show it only to the caller where it can.
 */
export type Reply =
  | { kind: 'stories'; query: string; stories: StoryView[]; page: number; pageCount: number; ephemeral?: boolean }
  | { kind: 'no-match'; query: string; available: TopicCount[]; ephemeral?: boolean }
  | { kind: 'story'; story: StoryView; related?: StoryView[]; ephemeral?: boolean }
  | {
      kind: 'digest';
      digest: Digest;
      ephemeral?: boolean;
      /** Scheduled delivery: the stories each get their own message and discussion thread (true) or share one message (false). */
      threadPerStory?: boolean;
      /** Opaque platform mention tokens to put in the message (a Discord role `<@&id>`, a Slack group `<!subteam^id>`). */
      mentions?: string[];
    }
  | { kind: 'topics'; topics: TopicCount[]; ephemeral?: boolean }
  | { kind: 'help'; commands: { usage: string; description: string }[]; ephemeral?: boolean }
  | { kind: 'text'; title?: string; lines: string[]; tone: 'info' | 'success' | 'warning' | 'error'; ephemeral?: boolean };
