/**
 * Draws a platform-neutral Reply as Discord message payloads. Pure: no client, no I/O.
 * Every payload stays inside Discord's limits (10 embeds and 6,000 embed characters per
 * message, 4,096 per description, 256 per title, 25 fields, 1,024 per field value, 5 rows of
 * 5 buttons, custom ids of at most 100 characters), so Discord never rejects one.
 */
import { formatAge } from '../../core/digest/format-age.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import type { Digest, Reply, SourceRef, StoryView, TopicCount } from '../../core/model.js';

/** Discord's documented limits that rendering respects. */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedCharsPerMessage: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  label: 80,
  threadName: 100,
} as const;

/** Stories per message: each message carries one row of More, Related and Discuss buttons per action, five buttons a row. */
export const STORIES_PER_MESSAGE = 5;

/** Description budget of a list embed, so five stories stay well under 6,000 characters. */
const LIST_DESCRIPTION = 700;
/** Description budget of a detail embed (key points, sources). */
const DETAIL_DESCRIPTION = 2800;

/** A button row as Discord's JSON. */
export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** One message payload, ready for discord.js `send`, `reply`, `editReply`, `followUp` or `update`. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Stories shown in this message, in order. */
  storyIds: number[];
}

/** Options of {@link render}. */
export interface RenderOptions {
  /** The current time, for ages such as "3 h ago". */
  now: Date;
  /** Page size of a lookup, for its paging buttons (default: the page's story count, else 5). */
  pageSize?: number;
  /** Period of a lookup as typed (`7d`), kept in its paging buttons. */
  since?: string;
  /** Leave out the story buttons (e.g. a list inside a thread). */
  noButtons?: boolean;
}

const TONE_COLOUR = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 } as const;

const TOPIC_COLOUR: Record<string, number> = {
  world: 0x3498db,
  politics: 0x9b59b6,
  elections: 0x8e44ad,
  'war-conflict': 0xc0392b,
  diplomacy: 0x16a085,
  'military-defence': 0x7f8c8d,
  business: 0xf39c12,
  economy: 0xe67e22,
  technology: 0x00b0f4,
  science: 0x1abc9c,
  space: 0x2c2f8f,
  health: 0x2ecc71,
  'climate-environment': 0x27ae60,
  sport: 0xe91e63,
  'culture-entertainment': 0xff73fa,
  'crime-justice': 0x992d22,
  education: 0xf1c40f,
  disasters: 0xa84300,
  energy: 0xffc300,
};

/** The colour of a topic: a fixed one for taxonomy topics, a stable hash for others. */
export function topicColour(topicId: string | undefined): number {
  if (!topicId) return 0x99aab5;
  const known = TOPIC_COLOUR[topicId];
  if (known !== undefined) return known;
  let h = 0;
  for (const ch of topicId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h & 0xffffff;
}

/** Shortens text to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Characters Discord counts towards an embed's share of the 6,000 per message. */
export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Only http(s) URLs are accepted by Discord in embeds and links. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? (url.length <= 2000 ? url : undefined) : undefined;
  } catch {
    return undefined;
  }
}

/** Escapes text used inside a markdown link label. */
function label(text: string): string {
  return text.replace(/([[\]\\*_`~|])/g, '\\$1');
}

function sourceLink(s: SourceRef): string {
  const url = safeUrl(s.url);
  const name = label(truncate(s.publisher || 'Source', 60));
  return url ? `[${name}](${url})` : name;
}

function sourceLine(s: SourceRef): string {
  const url = safeUrl(s.url);
  const text = `${label(truncate(s.publisher || 'Source', 60))}: ${label(truncate(s.title, 180))}`;
  return url ? `• [${text}](${url})` : `• ${text}`;
}

/** Topic tags as shown under a story, e.g. "#space · #science". */
function topicTags(story: StoryView): string {
  return story.topics.slice(0, 4).map((t) => t.label).join(' · ');
}

/** A story inside a list (lookup or digest): linked title, TL;DR, sources, age, topic tags, colour. */
export function storyEmbed(story: StoryView, opts: { now: Date; index?: number; section?: string }): APIEmbed {
  const shown = story.sources.slice(0, 6).map(sourceLink);
  const more = story.sources.length > shown.length ? ` · +${story.sources.length - shown.length} more` : '';
  const sources = `${shown.join(' · ')}${more} · updated ${formatAge(story.updatedAt, opts.now)}`;
  const teaser = story.teaser ? '\n*Only a teaser is available.*' : '';
  const tldr = truncate(story.tldr || story.short[0] || '', LIST_DESCRIPTION - sources.length - teaser.length - 4);
  const embed: APIEmbed = {
    title: truncate(`${opts.index ? `${opts.index}. ` : ''}${story.title}`, LIMITS.title),
    description: truncate(`${tldr}${teaser}\n\n${sources}`, LIMITS.description),
    color: topicColour(story.topics[0]?.id),
    footer: { text: truncate(`Story #${story.id}${story.topics.length ? ` · ${topicTags(story)}` : ''}`, LIMITS.footer) },
    timestamp: toIso(story.updatedAt),
  };
  const url = storyUrl(story);
  if (url) embed.url = url;
  if (opts.section) embed.author = { name: truncate(opts.section, LIMITS.author) };
  return embed;
}

/** The story's link: its own URL, else the first source with a usable one. */
function storyUrl(story: StoryView): string | undefined {
  return safeUrl(story.url) ?? safeUrl(story.sources.find((s) => safeUrl(s.url))?.url);
}

function toIso(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** Splits lines into chunks of at most `max` characters (a longer line is truncated). */
export function packLines(lines: string[], max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (cur && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out;
}

/** Embeds holding `lines`, the first with `title`, each description within the detail budget. */
function linesEmbeds(title: string | undefined, lines: string[], color: number): APIEmbed[] {
  const chunks = packLines(lines, DETAIL_DESCRIPTION);
  if (!chunks.length) chunks.push('—');
  return chunks.map((d, i) => ({ ...(i === 0 && title ? { title: truncate(title, LIMITS.title) } : {}), description: d, color }));
}

/**
 * A story in full: TL;DR and key points, then every source, then topics (and related stories).
 * Used by /story, the "More" button and the first message of a story's thread.
 */
export function storyDetailEmbeds(story: StoryView, opts: { now: Date; related?: StoryView[]; title?: boolean }): APIEmbed[] {
  const color = topicColour(story.topics[0]?.id);
  const points = story.keyPoints.length ? story.keyPoints : story.short;
  const head: APIEmbed = {
    description: truncate(
      [story.tldr ? `**TL;DR** ${story.tldr}` : '', points.length ? `**Key points**\n${points.map((p) => `• ${p}`).join('\n')}` : '']
        .filter(Boolean)
        .join('\n\n') || 'No summary available.',
      DETAIL_DESCRIPTION,
    ),
    color,
    footer: { text: truncate(`Story #${story.id} · updated ${formatAge(story.updatedAt, opts.now)}${story.topics.length ? ` · ${topicTags(story)}` : ''}`, LIMITS.footer) },
  };
  if (opts.title !== false) {
    head.title = truncate(story.title, LIMITS.title);
    const url = storyUrl(story);
    if (url) head.url = url;
  }
  const out = [head, ...linesEmbeds(`Sources (${story.sources.length})`, story.sources.map(sourceLine), color)];
  if (opts.related?.length) {
    out.push(...linesEmbeds('Related stories', opts.related.map((r) => `• #${r.id} ${label(truncate(r.title, 200))}`), color));
  }
  return out;
}

function storyButtons(items: { id: number; index: number }[]): ButtonRow[] {
  if (!items.length) return [];
  if (items.length === 1) return [singleStoryRow(items[0].id, ['more', 'related', 'discuss'])];
  const row = (action: string, name: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): ButtonRow => ({
    type: ComponentType.ActionRow,
    components: items.map((s) => ({
      type: ComponentType.Button,
      style,
      label: truncate(items.length === 1 ? name : `${name} ${s.index}`, LIMITS.label),
      custom_id: `nd:${action}:${s.id}`,
    })),
  });
  return [row('more', 'More', ButtonStyle.Secondary), row('related', 'Related', ButtonStyle.Secondary), row('discuss', 'Discuss', ButtonStyle.Primary)];
}

/** One row of buttons for a single story. */
export function singleStoryRow(storyId: number, actions: ('more' | 'related' | 'discuss')[]): ButtonRow {
  const names = { more: 'More', related: 'Related', discuss: 'Discuss' } as const;
  return {
    type: ComponentType.ActionRow,
    components: actions.map((a) => ({
      type: ComponentType.Button,
      style: a === 'discuss' ? ButtonStyle.Primary : ButtonStyle.Secondary,
      label: names[a],
      custom_id: `nd:${a}:${storyId}`,
    })),
  };
}

/** Custom id of a paging button; the query is cut so the id fits in 100 characters. */
export function pageCustomId(page: number, pageSize: number, since: string | undefined, query: string): string {
  const head = `nd:page:${page}:${pageSize}:${since ?? ''}:`;
  return head + truncateId(query, LIMITS.customId - head.length);
}

function truncateId(text: string, max: number): string {
  let cut = text.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/** Parses a paging custom id; undefined when it is not one. */
export function parsePageCustomId(id: string): { page: number; pageSize: number; since?: string; query: string } | undefined {
  const m = /^nd:page:(\d+):(\d+):([0-9a-z]*):([\s\S]*)$/i.exec(id);
  if (!m) return undefined;
  return { page: Number(m[1]), pageSize: Number(m[2]), since: m[3] || undefined, query: m[4] };
}

/** Parses a story button's custom id (`nd:more:12`). */
export function parseStoryCustomId(id: string): { action: 'more' | 'related' | 'discuss'; storyId: number } | undefined {
  const m = /^nd:(more|related|discuss):(\d+)$/.exec(id);
  return m ? { action: m[1] as 'more' | 'related' | 'discuss', storyId: Number(m[2]) } : undefined;
}

function pagingRow(query: string, page: number, pageCount: number, pageSize: number, since: string | undefined): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '◀ Previous', custom_id: page > 1 ? pageCustomId(page - 1, pageSize, since, query) : 'nd:noop:prev', disabled: page <= 1 },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: `Page ${page} of ${pageCount}`, custom_id: 'nd:noop:page', disabled: true },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: page < pageCount ? pageCustomId(page + 1, pageSize, since, query) : 'nd:noop:next', disabled: page >= pageCount },
    ],
  };
}

/** An item to place into messages: one embed, possibly one story. */
interface Item {
  embed: APIEmbed;
  story?: { id: number; index: number };
}

/**
 * Packs embeds into messages: at most 10 embeds, 6,000 embed characters and
 * {@link STORIES_PER_MESSAGE} stories each, in order.
 */
function packItems(items: Item[], buttons: boolean): DiscordMessage[] {
  const out: DiscordMessage[] = [];
  let cur: Item[] = [];
  let chars = 0;
  const flush = () => {
    if (!cur.length) return;
    const stories = cur.flatMap((i) => (i.story ? [i.story] : []));
    out.push({ embeds: cur.map((i) => i.embed), components: buttons ? storyButtons(stories) : [], storyIds: stories.map((s) => s.id) });
    cur = [];
    chars = 0;
  };
  for (const item of items) {
    const embed = clampEmbed(item.embed);
    const len = embedLength(embed);
    const stories = cur.filter((i) => i.story).length;
    if (cur.length >= LIMITS.embedsPerMessage || chars + len > LIMITS.embedCharsPerMessage || (item.story && stories >= STORIES_PER_MESSAGE)) flush();
    cur.push({ ...item, embed });
    chars += len;
  }
  flush();
  return out;
}

/** Brings one embed within every per-embed limit, trimming the description last. */
export function clampEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title) out.title = truncate(out.title, LIMITS.title);
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.author) };
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName) || '\u200b', value: truncate(f.value, LIMITS.fieldValue) || '\u200b' }));
  }
  if (out.description) out.description = truncate(out.description, LIMITS.description);
  const over = embedLength(out) - LIMITS.embedCharsPerMessage;
  if (over > 0 && out.description) out.description = truncate(out.description, Math.max(1, out.description.length - over));
  return out;
}

function digestItems(d: Digest, now: Date): Item[] {
  const sections = d.sections.map((s) => `${s.topic.label} (${s.stories.length})`).join(' · ');
  const header: APIEmbed = {
    title: truncate(d.title, LIMITS.title),
    description: truncate(`${d.total} ${d.total === 1 ? 'story' : 'stories'} · ${sections}`, LIMITS.description),
    color: TONE_COLOUR.info,
    timestamp: toIso(d.generatedAt),
  };
  const items: Item[] = [{ embed: header }];
  const numbered = d.sections.reduce((n, s) => n + s.stories.length, 0) > 1;
  let index = 0;
  for (const section of d.sections) {
    for (const story of section.stories) {
      index += 1;
      items.push({ embed: storyEmbed(story, { now, index: numbered ? index : undefined, section: section.topic.label }), story: { id: story.id, index } });
    }
  }
  return items;
}

function topicLines(topics: TopicCount[]): string[] {
  return topics.map((t) => `**${t.label}** (\`${t.id}\`): ${t.count} ${t.count === 1 ? 'story' : 'stories'}`);
}

/** The messages for a reply, in order. Never empty. */
export function render(reply: Reply, opts: RenderOptions): DiscordMessage[] {
  const buttons = !opts.noButtons;
  switch (reply.kind) {
    case 'stories': {
      const items = reply.stories.map((s, i) => ({ embed: storyEmbed(s, { now: opts.now, index: i + 1 }), story: { id: s.id, index: i + 1 } }));
      const messages = packItems(items, buttons);
      if (!messages.length) messages.push({ embeds: [], components: [], storyIds: [] });
      messages[0].content = truncate(
        `**${reply.stories.length} ${reply.stories.length === 1 ? 'story' : 'stories'} for "${reply.query}"**${reply.pageCount > 1 ? ` · page ${reply.page} of ${reply.pageCount}` : ''}`,
        LIMITS.content,
      );
      if (reply.pageCount > 1) {
        const last = messages[messages.length - 1];
        const size = opts.pageSize ?? (reply.page < reply.pageCount ? reply.stories.length : 5);
        last.components.push(pagingRow(reply.query, reply.page, reply.pageCount, size, opts.since));
      }
      return messages;
    }
    case 'no-match': {
      const lines = reply.available.length
        ? ['Topics that have stories:', ...topicLines(reply.available.slice(0, 40))]
        : ['No stories are stored yet.'];
      return packItems(linesEmbeds(`Nothing found for "${truncate(reply.query, 200)}"`, lines, TONE_COLOUR.warning).map((embed) => ({ embed })), false);
    }
    case 'story': {
      const embeds = storyDetailEmbeds(reply.story, { now: opts.now, related: reply.related });
      const messages = packItems(embeds.map((embed) => ({ embed })), false);
      if (buttons) {
        messages[0].components = [singleStoryRow(reply.story.id, ['related', 'discuss'])];
        messages[0].storyIds = [reply.story.id];
      }
      return messages;
    }
    case 'digest':
      return packItems(digestItems(reply.digest, opts.now), buttons);
    case 'topics':
      return packItems(linesEmbeds('Topics', reply.topics.length ? topicLines(reply.topics) : ['No stories yet.'], TONE_COLOUR.info).map((embed) => ({ embed })), false);
    case 'help':
      return packItems(
        linesEmbeds('Newsdesk commands', reply.commands.map((c) => `\`${c.usage}\`\n${c.description}`), TONE_COLOUR.info).map((embed) => ({ embed })),
        false,
      );
    case 'text':
      return packItems(linesEmbeds(reply.title, reply.lines, TONE_COLOUR[reply.tone]).map((embed) => ({ embed })), false);
  }
}

/** A thread name from a headline: at most 100 characters, never empty. */
export function threadName(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  return truncate(clean || 'Story', LIMITS.threadName);
}

/** The first message of a story's thread: the story in full (key points and every source). */
export function renderThreadStart(story: StoryView, now: Date): DiscordMessage[] {
  return packItems(storyDetailEmbeds(story, { now }).map((embed) => ({ embed })), false);
}

/** A message for a thread whose story gained coverage: the new sources and the new summary. */
export function renderNewCoverage(story: StoryView, added: SourceRef[], now: Date): DiscordMessage[] {
  const color = topicColour(story.topics[0]?.id);
  const head: APIEmbed = {
    title: `New coverage (${added.length} ${added.length === 1 ? 'source' : 'sources'})`,
    description: truncate(story.tldr ? `**TL;DR** ${story.tldr}` : story.title, DETAIL_DESCRIPTION),
    color,
    footer: { text: `Story #${story.id} · updated ${formatAge(story.updatedAt, now)}` },
  };
  const embeds = [head, ...linesEmbeds(undefined, added.map(sourceLine), color)];
  return packItems(embeds.map((embed) => ({ embed })), false);
}
