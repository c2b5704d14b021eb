/**
 * `/feeds add|remove|list|import|export`: the feeds a Discord server, Slack workspace or the
 * terminal follows, with each feed's health. Adding checks the URL is a feed (and names the feed a
 * web page links to); import reads an OPML file from a URL (in the terminal also from a path).
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../src/core/errors.js';
import { feedScope, unwrapUrl, type FeedRegistry, type FeedStatus } from '../src/core/feeds/feed-registry.js';
import type { Reply } from '../src/core/model.js';
import type { CommandContext, CommandDefinition } from './types.js';

/** Feeds shown by /feeds list (the reply stays within a few chat messages). */
const MAX_LISTED = 40;

/** Largest OPML file read from a terminal path (1 MB). */
const MAX_OPML_BYTES = 1024 * 1024;

function needFeeds(ctx: CommandContext): FeedRegistry {
  if (!ctx.feeds) throw new UserError('NOT_FOUND', 'Feeds are not available in this Newsdesk.');
  return ctx.feeds;
}

/** "5 min ago", "in 3 h": a time relative to now, coarse. */
export function relativeTime(iso: string | undefined, now: Date): string {
  if (!iso) return 'never';
  const ms = Date.parse(iso) - now.getTime();
  if (!Number.isFinite(ms)) return 'unknown';
  const abs = Math.abs(ms);
  const text =
    abs < 60_000 ? 'less than a minute' : abs < 3_600_000 ? `${Math.round(abs / 60_000)} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} d`;
  if (abs < 60_000) return ms <= 0 ? 'just now' : 'within a minute';
  return ms < 0 ? `${text} ago` : `in ${text}`;
}

/** The two lines `/feeds list` shows for one feed. */
export function describeFeed(f: FeedStatus, now: Date): string[] {
  const head = `#${f.id} ${f.title ? `${f.title} — ` : ''}${f.url}`;
  const marks = [f.illFormed ? 'ill-formed (read leniently)' : '', f.fullText ? '' : 'no full text'].filter(Boolean);
  const stored = `${f.itemsStored} stored`;
  const next = Date.parse(f.nextPollAt) <= now.getTime() ? 'next poll: next pass' : `next poll ${relativeTime(f.nextPollAt, now)}`;
  let state: string;
  switch (f.health) {
    case 'new':
      state = `new, not polled yet · ${next}`;
      break;
    case 'healthy':
      state = `healthy · fetched ${relativeTime(f.lastFetchAt, now)} · last new item ${relativeTime(f.lastNewItemAt, now)} · ${stored} · ${next}`;
      break;
    case 'failing':
      state = `failing (${f.failures} in a row): ${f.lastError ?? 'unknown error'} · ${stored} · retry ${relativeTime(f.nextPollAt, now)}`;
      break;
    case 'unhealthy':
      state = `UNHEALTHY since ${relativeTime(f.unhealthySince, now)} (${f.failures} failures in a row): ${f.lastError ?? 'unknown error'} · last success ${relativeTime(f.lastSuccessAt, now)} · ${stored} · retry ${relativeTime(f.nextPollAt, now)}`;
      break;
  }
  return [head, `  ${state}${marks.length ? ` · ${marks.join(' · ')}` : ''}`];
}

async function importSource(ctx: CommandContext, source: string): Promise<string> {
  const s = unwrapUrl(source);
  if (/^https?:\/\//i.test(s)) {
    const res = await needFeeds(ctx).fetchText(s);
    return res.text ?? '';
  }
  if (ctx.channel.platform !== 'console') {
    throw new UserError('BAD_OPTION', 'Give the address (https://…) of an OPML file: files cannot be read from chat.');
  }
  let size: number;
  try {
    size = statSync(s).size;
  } catch {
    throw new UserError('NOT_FOUND', `No file ${s}.`);
  }
  if (size > MAX_OPML_BYTES) throw new UserError('INPUT_TOO_LARGE', `${s} is larger than ${MAX_OPML_BYTES / 1024 / 1024} MB; an OPML file is much smaller.`);
  return readFileSync(s, 'utf8');
}

function text(tone: 'info' | 'success' | 'warning' | 'error', lines: string[], title?: string, ephemeral = false): Reply {
  return title ? { kind: 'text', tone, title, lines, ephemeral } : { kind: 'text', tone, lines, ephemeral };
}

/** The /feeds command. */
export const feeds: CommandDefinition = {
  name: 'feeds',
  description: 'Feeds this server follows: add, remove, list, import or export (OPML)',
  usage: '/feeds add <url> [fulltext:no] | remove <id> | list | import <OPML url> | export',
  slow: true,
  options: [],
  subcommands: [
    {
      name: 'add',
      description: 'Follow an RSS, Atom or JSON feed',
      manages: true,
      options: [
        { name: 'url', description: 'Address of the feed', type: 'string', required: true },
        { name: 'fulltext', description: 'Fetch the full page of teaser-only items (default yes)', type: 'boolean' },
      ],
    },
    { name: 'remove', description: 'Stop following a feed', manages: true, options: [{ name: 'id', description: 'Feed number from /feeds list', type: 'integer', required: true, min: 1 }] },
    { name: 'list', description: 'Feeds followed here, with their health', options: [] },
    {
      name: 'import',
      description: 'Follow every feed of an OPML file',
      manages: true,
      options: [{ name: 'source', description: 'Address of the OPML file (a path in the terminal)', type: 'string', required: true }],
    },
    { name: 'export', description: 'The feeds followed here as OPML', options: [] },
  ],
  async run(input, ctx) {
    const registry = needFeeds(ctx);
    const scope = feedScope(ctx.channel);
    switch (input.subcommand) {
      case 'add': {
        const fullText = input.options.fulltext === undefined ? undefined : Boolean(input.options.fulltext);
        const r = await registry.add(scope, String(input.options.url), { fullText, addedBy: ctx.caller.id });
        const name = r.feed.title ? `${r.feed.title} (${r.feed.url})` : r.feed.url;
        if (!r.added) {
          const setting = fullText === undefined ? '' : ` Full pages for teaser items: ${r.feed.fullText ? 'on' : 'off'}.`;
          return text('info', [`Already following ${name} as feed #${r.feed.id}.${setting}`], undefined, true);
        }
        const items = r.items === undefined ? '' : ` It has ${r.items} item${r.items === 1 ? '' : 's'} now;`;
        return text('success', [`Now following ${name} as feed #${r.feed.id}.${items} new stories arrive with the next poll.`]);
      }
      case 'remove': {
        const id = Number(input.options.id);
        const removed = registry.remove(scope, id);
        if (!removed) throw new UserError('NOT_FOUND', `No feed #${id} here. See /feeds list.`);
        return text('success', [`Stopped following feed #${id} (${removed.title ?? removed.url}). Stories already stored stay.`]);
      }
      case 'import': {
        const source = String(input.options.source);
        const report = registry.importOpml(scope, await importSource(ctx, source), ctx.caller.id);
        const lines = [`Imported ${report.added.length} feed${report.added.length === 1 ? '' : 's'} from ${source}; ${report.existing.length} already followed.`];
        for (const s of report.skipped.slice(0, 10)) lines.push(`Skipped ${s.url}: ${s.reason}`);
        if (report.added.length) lines.push('They are polled from the next pass; /feeds list shows how each is doing.');
        return text(report.added.length || report.existing.length ? 'success' : 'warning', lines);
      }
      case 'export': {
        const list = registry.list(scope);
        if (!list.length) return text('info', ['No feeds to export. Add one: /feeds add https://example.com/feed.xml'], undefined, true);
        return text('info', registry.exportOpml(scope).trimEnd().split('\n'), `${list.length} feed${list.length === 1 ? '' : 's'} as OPML`, true);
      }
      default: {
        const list = registry.list(scope);
        if (!list.length) return text('info', ['No feeds followed here. Add one: /feeds add https://example.com/feed.xml'], undefined, true);
        // Unhealthy feeds first: they are what a manager must act on.
        const order = [...list].sort((a, b) => Number(b.health === 'unhealthy') - Number(a.health === 'unhealthy'));
        const lines = order.slice(0, MAX_LISTED).flatMap((f) => describeFeed(f, ctx.now));
        if (list.length > MAX_LISTED) lines.push(`… and ${list.length - MAX_LISTED} more (/feeds export lists them all).`);
        const unhealthy = list.filter((f) => f.health === 'unhealthy').length;
        if (unhealthy) lines.push(`${unhealthy} feed${unhealthy === 1 ? ' is' : 's are'} unhealthy: ${unhealthy === 1 ? 'it is' : 'they are'} still retried, less often; fix or remove ${unhealthy === 1 ? 'it' : 'them'}.`);
        return text(unhealthy ? 'warning' : 'info', lines, `Feeds (${list.length})`, true);
      }
    }
  },
};
