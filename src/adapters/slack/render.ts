/**
 * Pure Block Kit rendering of a Reply. Every message stays within Slack's limits (50 blocks,
 * 3,000 characters per section text, 150 per header, 10 context elements) by truncating
 * single fields and splitting long lists over several sections and several messages: a
 * reply is never too big to post. Every message carries a plain-text `text` fallback for
 * notifications and screen readers.
 */
import { formatAge } from '../../core/digest/format-age.js';
import type { types } from '@slack/bolt';
import type { Digest, Reply, SourceRef, StoryView, TopicCount } from '../../core/model.js';

/** A Block Kit block. */
export type Block = types.KnownBlock;

/** One message ready for chat.postMessage or response_url. */
export interface SlackMessage {
  /** Plain-text fallback (notifications, screen readers); at most {@link SLACK_LIMITS.fallbackText}. */
  text: string;
  blocks: Block[];
}

/** Slack's published Block Kit limits that rendering respects. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  /** Slack accepts 40,000; notifications show far less, so keep the fallback short. */
  fallbackText: 3000,
} as const;

/** Action ids of the story buttons; the value is the story id. */
export const ACTIONS = { discuss: 'nd_discuss', more: 'nd_more', related: 'nd_related' } as const;

/** Rendering options. */
export interface RenderOptions {
  now: Date;
}

/** Escapes the three characters Slack mrkdwn treats as control characters. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `s` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** `<url|label>` for http(s) URLs, else just the escaped label. */
export function link(url: string | undefined, label: string): string {
  const text = escapeText(label).replace(/\|/g, '¦');
  if (!url || !/^https?:\/\//i.test(url)) return text;
  const safe = url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
  return `<${safe}|${text}>`;
}

function mrkdwnSection(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text.replace(/\s+/g, ' ').trim() || 'Newsdesk', SLACK_LIMITS.headerText), emoji: true } };
}

function context(parts: string[]): Block {
  const elements = parts
    .filter(Boolean)
    .slice(0, SLACK_LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn' as const, text: truncate(t, SLACK_LIMITS.contextText) }));
  return { type: 'context', elements: elements.length ? elements : [{ type: 'mrkdwn', text: ' ' }] };
}

const divider: Block = { type: 'divider' };

/**
 * Packs lines into as few sections as possible, each within the section limit; a line
 * longer than the limit is truncated on its own.
 */
export function linesToSections(lines: string[], title?: string): Block[] {
  const out: Block[] = [];
  let cur = title ? `*${escapeText(title)}*` : '';
  for (const raw of lines) {
    const line = truncate(raw, SLACK_LIMITS.sectionText - 2);
    const next = cur ? `${cur}\n${line}` : line;
    if (next.length > SLACK_LIMITS.sectionText) {
      out.push(mrkdwnSection(cur));
      cur = line;
    } else cur = next;
  }
  if (cur) out.push(mrkdwnSection(cur));
  return out;
}

/**
 * Splits groups of blocks into messages of at most `max` blocks without cutting a group
 * (a story's section, context, buttons and divider stay together). A group larger than
 * `max` on its own is cut.
 */
export function packMessages(groups: Block[][], fallback: (part: number, parts: number) => string, max: number = SLACK_LIMITS.blocksPerMessage): SlackMessage[] {
  const pages: Block[][] = [];
  let cur: Block[] = [];
  for (const group of groups) {
    for (let i = 0; i < group.length; i += max) {
      const piece = group.slice(i, i + max);
      if (cur.length + piece.length > max) {
        pages.push(cur);
        cur = [];
      }
      cur.push(...piece);
    }
  }
  if (cur.length || !pages.length) pages.push(cur);
  // A trailing divider adds nothing at the end of a message.
  for (const p of pages) while (p.length > 1 && p[p.length - 1].type === 'divider') p.pop();
  return pages.map((blocks, i) => ({ text: truncate(fallback(i + 1, pages.length), SLACK_LIMITS.fallbackText), blocks }));
}

function publishers(s: StoryView): string[] {
  return [...new Set(s.sources.map((x) => x.publisher))];
}

/** "Reuters, AP +2 (4 sources) · 3 h ago". */
export function sourcesLine(s: StoryView, now: Date): string {
  const names = publishers(s);
  const shown = names.slice(0, 4).map(escapeText).join(', ') + (names.length > 4 ? ` +${names.length - 4}` : '');
  const count = names.length > 1 ? ` (${names.length} sources)` : '';
  const age = formatAge(s.updatedAt, now);
  return `${shown}${count}${age ? ` · ${age}` : ''}${s.teaser ? ' · teaser only' : ''}`;
}

/** "#space #science". */
export function topicTags(s: StoryView): string {
  return s.topics.slice(0, 4).map((t) => `#${escapeText(t.id)}`).join(' ');
}

/** The three story buttons. */
export function storyButtons(storyId: number, which: (keyof typeof ACTIONS)[] = ['discuss', 'more', 'related']): Block {
  const labels = { discuss: 'Discuss', more: 'More', related: 'Related' } as const;
  return {
    type: 'actions',
    elements: which.map((k) => ({
      type: 'button' as const,
      action_id: ACTIONS[k],
      text: { type: 'plain_text' as const, text: labels[k] },
      value: String(storyId),
    })),
  };
}

/** Blocks of one story in a list: linked title and TL;DR, sources and age, tags, buttons. */
export function storyBlocks(s: StoryView, opts: RenderOptions, buttons = true): Block[] {
  const title = `*${link(s.url, s.title)}*  \`#${s.id}\``;
  const body = s.tldr ? `${title}\n${escapeText(s.tldr)}` : title;
  const blocks: Block[] = [mrkdwnSection(body), context([sourcesLine(s, opts.now), topicTags(s)])];
  if (buttons) blocks.push(storyButtons(s.id));
  blocks.push(divider);
  return blocks;
}

/** One digest story as its own message (its thread holds the discussion). */
export function renderStoryMessage(s: StoryView, opts: RenderOptions, mentions: string[] = []): SlackMessage {
  const mention = mentionLine(mentions);
  const blocks = [...(mention ? [mrkdwnSection(mention)] : []), ...storyBlocks(s, opts).filter((b) => b.type !== 'divider')];
  return { text: truncate(`${mention ? `${mention} ` : ''}${s.title} — ${s.tldr}`, SLACK_LIMITS.fallbackText), blocks };
}

/** A source as one list line: "• <url|Publisher: title> · 2 h ago". */
export function sourceLine(src: SourceRef, now: Date): string {
  const when = src.publishedAt ? ` · ${formatAge(src.publishedAt, now)}` : '';
  return `• ${link(src.url, `${src.publisher}: ${src.title}`)}${when}`;
}

function keyPointLines(s: StoryView): string[] {
  const points = s.keyPoints.length ? s.keyPoints : s.short.length ? s.short : [s.tldr];
  return points.filter(Boolean).map((p) => `• ${escapeText(p)}`);
}

/**
 * The first reply in a story's thread: key points and every source. Long source lists are
 * split over sections and, past 50 blocks, over several messages.
 */
export function renderThreadDetails(s: StoryView, opts: RenderOptions): SlackMessage[] {
  const blocks = [...linesToSections(keyPointLines(s), 'Key points'), ...linesToSections(s.sources.map((x) => sourceLine(x, opts.now)), `Sources (${s.sources.length})`)];
  return packMessages(blocks.map((b) => [b]), (i, n) => `Key points and sources: ${s.title}${n > 1 ? ` (${i}/${n})` : ''}`);
}

/** A thread reply announcing new coverage of a story already posted in this channel. */
export function renderThreadUpdate(s: StoryView, fresh: SourceRef[], opts: RenderOptions): SlackMessage[] {
  const intro = mrkdwnSection(`*New coverage* (${fresh.length} new ${fresh.length === 1 ? 'source' : 'sources'})\n${escapeText(s.tldr)}`);
  const blocks = [intro, ...linesToSections(fresh.map((x) => sourceLine(x, opts.now)))];
  return packMessages(blocks.map((b) => [b]), (i, n) => `New coverage: ${s.title}${n > 1 ? ` (${i}/${n})` : ''}`);
}

/** The key points of a story, for the More button. */
export function renderKeyPoints(s: StoryView, opts: RenderOptions): SlackMessage[] {
  const blocks = [
    mrkdwnSection(`*${link(s.url, s.title)}*  \`#${s.id}\``),
    context([sourcesLine(s, opts.now), topicTags(s)]),
    ...linesToSections(keyPointLines(s), 'Key points'),
  ];
  return packMessages(blocks.map((b) => [b]), () => `Key points: ${s.title}`);
}

/** The message that opens a threaded digest. */
export function renderDigestHeader(d: Digest, counts: { fresh: number; updates: number; unchanged: number }, mentions: string[] = []): SlackMessage {
  const parts = [`${d.total} ${d.total === 1 ? 'story' : 'stories'}`, `${d.from.slice(0, 16).replace('T', ' ')} to ${d.to.slice(0, 16).replace('T', ' ')} UTC`];
  if (counts.updates) parts.push(`${counts.updates} with new coverage in ${counts.updates === 1 ? 'its thread' : 'their threads'}`);
  if (counts.unchanged) parts.push(`${counts.unchanged} already posted, no news since`);
  const topics = d.sections.map((s) => escapeText(s.topic.label)).join(' · ');
  const mention = mentionLine(mentions);
  return {
    text: truncate(`${mention ? `${mention} ` : ''}${d.title}: ${d.total} stories`, SLACK_LIMITS.fallbackText),
    blocks: [header(d.title), ...(mention ? [mrkdwnSection(mention)] : []), context([parts.join(' · '), topics])],
  };
}

/**
 * Mentions for a message: Slack tokens (`<!subteam^S1>`, `<@U1>`, `<!here>`, `<!channel>`)
 * as given, `@here`/`@channel` as their tokens, any other name as plain text (it will not
 * notify: Slack needs the group's id). `<!everyone>` and malformed tokens are dropped.
 */
export function mentionLine(mentions: string[]): string {
  return mentions
    .map((m) => m.trim())
    .map((m) => (m === '@here' || m === '@channel' ? `<!${m.slice(1)}>` : m))
    .filter((m) => m && m.length <= 100 && m !== '<!everyone>')
    .map((m) => (/^<(?:@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+|!here|!channel)>$/.test(m) ? m : m.startsWith('<') ? '' : escapeText(m)))
    .filter(Boolean)
    .join(' ');
}

function renderDigest(d: Digest, opts: RenderOptions, mentions: string[] = []): SlackMessage[] {
  const mention = mentionLine(mentions);
  const groups: Block[][] = [[header(d.title), ...(mention ? [mrkdwnSection(mention)] : []), context([`${d.total} stories · ${d.from.slice(0, 16).replace('T', ' ')} to ${d.to.slice(0, 16).replace('T', ' ')} UTC`])]];
  for (const section of d.sections) {
    section.stories.forEach((s, i) => groups.push([...(i === 0 ? [mrkdwnSection(`*${escapeText(section.topic.label)}*`)] : []), ...storyBlocks(s, opts)]));
  }
  return packMessages(groups, (i, n) => `${i === 1 && mention ? `${mention} ` : ''}${d.title}: ${d.total} stories${n > 1 ? ` (part ${i} of ${n})` : ''}`);
}

function renderStory(s: StoryView, related: StoryView[] | undefined, opts: RenderOptions): SlackMessage[] {
  const blocks: Block[] = [
    header(s.title),
    context([`${sourcesLine(s, opts.now)} · story \`#${s.id}\``, topicTags(s)]),
    ...(s.tldr ? [mrkdwnSection(`${link(s.url, 'Read')} · ${escapeText(s.tldr)}`)] : []),
    ...linesToSections(keyPointLines(s), 'Key points'),
    ...linesToSections(s.sources.map((x) => sourceLine(x, opts.now)), `Sources (${s.sources.length})`),
  ];
  if (s.entities.length) blocks.push(context([`Names: ${s.entities.slice(0, 8).map((e) => escapeText(e.name)).join(', ')}`]));
  blocks.push(storyButtons(s.id, ['discuss', 'related']));
  if (related?.length) {
    blocks.push(divider, ...linesToSections(related.map((r) => `• ${link(r.url, r.title)} \`#${r.id}\``), 'Related stories'));
  }
  return packMessages(blocks.map((b) => [b]), (i, n) => `${s.title}${n > 1 ? ` (${i}/${n})` : ''}`);
}

function topicLines(topics: TopicCount[]): string[] {
  return topics.map((t) => `• *${escapeText(t.label)}* (\`${escapeText(t.id)}\`): ${t.count} ${t.count === 1 ? 'story' : 'stories'}`);
}

const TONE_ICON = { info: ':information_source:', success: ':white_check_mark:', warning: ':warning:', error: ':x:' } as const;

/** Draws any Reply as one or more messages, each within Slack's limits. */
export function renderReply(reply: Reply, opts: RenderOptions): SlackMessage[] {
  switch (reply.kind) {
    case 'stories': {
      const head = [mrkdwnSection(`*Stories about “${escapeText(reply.query)}”*${reply.pageCount > 1 ? `  (page ${reply.page} of ${reply.pageCount})` : ''}`)];
      const groups = [head, ...reply.stories.map((s) => storyBlocks(s, opts))];
      const titles = reply.stories.map((s) => s.title).join('; ');
      return packMessages(groups, (i, n) => `${reply.stories.length} stories about ${reply.query}${n > 1 ? ` (part ${i} of ${n})` : ''}: ${titles}`);
    }
    case 'no-match': {
      const blocks = [
        mrkdwnSection(`No stories about “${escapeText(reply.query)}” yet.${reply.available.length ? ' Topics with stories:' : ''}`),
        ...linesToSections(topicLines(reply.available.slice(0, 40))),
        context(['Try `/news <topic>` with one of these, or `/topics`.']),
      ];
      return packMessages(blocks.map((b) => [b]), () => `No stories about ${reply.query} yet.`);
    }
    case 'story':
      return renderStory(reply.story, reply.related, opts);
    case 'digest':
      return renderDigest(reply.digest, opts, reply.mentions);
    case 'topics': {
      const blocks = [header('Topics'), ...linesToSections(topicLines(reply.topics)), context(['`/news <topic>` shows the stories of a topic.'])];
      return packMessages(blocks.map((b) => [b]), () => `Topics: ${reply.topics.map((t) => `${t.label} (${t.count})`).join(', ')}`);
    }
    case 'help': {
      const lines = reply.commands.map((c) => `\`${escapeText(c.usage)}\`\n      ${escapeText(c.description)}`);
      const blocks = [header('Newsdesk commands'), ...linesToSections(lines)];
      return packMessages(blocks.map((b) => [b]), () => `Newsdesk commands: ${reply.commands.map((c) => c.usage.split(' ')[0]).join(', ')}`);
    }
    case 'text': {
      const body = `${TONE_ICON[reply.tone]} ${reply.title ? `*${escapeText(reply.title)}*\n` : ''}${reply.lines.map(escapeText).join('\n')}`;
      return packMessages(linesToSections(body.split('\n')).map((b) => [b]), () => [reply.title, ...reply.lines].filter(Boolean).join(' — '));
    }
  }
}
