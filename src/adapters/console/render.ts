/**
 * Pure rendering of a Reply as terminal text: wrapped to a width, ANSI colour only when asked.
 */
import type { Digest, Reply, StoryView } from '../../core/model.js';
import { formatAge } from '../../core/digest/format-age.js';

/** Rendering options. */
export interface ConsoleStyle {
  width: number;
  colour: boolean;
  now: Date;
}

const codes = { bold: [1, 22], dim: [2, 22], cyan: [36, 39], yellow: [33, 39], red: [31, 39], green: [32, 39], magenta: [35, 39] } as const;

function paint(style: ConsoleStyle, code: keyof typeof codes, text: string): string {
  if (!style.colour) return text;
  const [on, off] = codes[code];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

/** Wraps text at word boundaries; every line starts with `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  const max = Math.max(20, width - indent.length);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function sourcesLine(s: StoryView): string {
  const names = [...new Set(s.sources.map((x) => x.publisher))];
  const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` +${names.length - 4}` : '');
  return `${shown}${names.length > 1 ? ` (${names.length} sources)` : ''}`;
}

function storyBlock(s: StoryView, style: ConsoleStyle, full = false): string[] {
  const out: string[] = [];
  out.push(...wrap(`${paint(style, 'cyan', `[${s.id}]`)} ${paint(style, 'bold', s.title)}`, style.width + (style.colour ? 20 : 0), '  ').map((l, i) => (i ? `    ${l.trimStart()}` : l)));
  out.push(paint(style, 'dim', `    ${sourcesLine(s)} · ${formatAge(s.updatedAt, style.now)}${s.topics.length ? ` · ${s.topics.slice(0, 3).map((t) => `#${t.id}`).join(' ')}` : ''}${s.teaser ? ' · teaser only' : ''}`));
  if (full) {
    out.push('', paint(style, 'bold', '    Key points'));
    for (const p of s.keyPoints) out.push(...wrap(p, style.width, '      ').map((l, i) => (i ? l : `    • ${l.trimStart()}`)));
    out.push('', paint(style, 'bold', '    Sources'));
    for (const src of s.sources) out.push(...wrap(`${src.publisher}: ${src.title}${src.url ? ` <${src.url}>` : ''}`, style.width, '      ').map((l, i) => (i ? l : `    - ${l.trimStart()}`)));
    if (s.entities.length) out.push('', ...wrap(`Names: ${s.entities.slice(0, 8).map((e) => e.name).join(', ')}`, style.width, '    '));
  } else {
    out.push(...wrap(s.tldr, style.width, '    '));
    if (s.url) out.push(paint(style, 'dim', `    ${s.url}`));
  }
  return out;
}

function renderDigest(d: Digest, style: ConsoleStyle): string[] {
  const out = [paint(style, 'bold', `== ${d.title} ==`), paint(style, 'dim', `${d.total} stories · ${d.from.slice(0, 16).replace('T', ' ')} to ${d.to.slice(0, 16).replace('T', ' ')} UTC`)];
  for (const section of d.sections) {
    out.push('', paint(style, 'magenta', `— ${section.topic.label} —`));
    for (const s of section.stories) out.push(...storyBlock(s, style), '');
  }
  return out;
}

/** Renders a reply as lines of text. */
export function renderReply(reply: Reply, style: ConsoleStyle): string {
  const out: string[] = [];
  switch (reply.kind) {
    case 'stories':
      out.push(paint(style, 'bold', `Stories for "${reply.query}"${reply.pageCount > 1 ? ` (page ${reply.page} of ${reply.pageCount})` : ''}:`));
      for (const s of reply.stories) out.push(...storyBlock(s, style), '');
      if (reply.page < reply.pageCount) out.push(paint(style, 'dim', `More: /news ${reply.query} page:${reply.page + 1}`));
      break;
    case 'no-match':
      out.push(paint(style, 'yellow', `Nothing matches "${reply.query}".`));
      out.push(
        reply.available.length
          ? `Topics with stories: ${reply.available.map((t) => `${t.label} (${t.count})`).join(', ')}`
          : 'No stories are stored yet.',
      );
      break;
    case 'story':
      out.push(...storyBlock(reply.story, style, true));
      if (reply.related?.length) {
        out.push('', paint(style, 'bold', '    Related'));
        for (const r of reply.related) out.push(...wrap(`[${r.id}] ${r.title}`, style.width, '      '));
      }
      break;
    case 'digest':
      out.push(...renderDigest(reply.digest, style));
      break;
    case 'topics':
      out.push(paint(style, 'bold', 'Topics with stories:'));
      for (const t of reply.topics) out.push(`  ${t.label.padEnd(26)} ${String(t.count).padStart(5)}  (/news ${t.id})`);
      break;
    case 'help':
      out.push(paint(style, 'bold', 'Commands:'));
      for (const c of reply.commands) out.push(`  ${c.usage}`, ...wrap(c.description, style.width, '      '));
      break;
    case 'text': {
      const colour = reply.tone === 'error' ? 'red' : reply.tone === 'warning' ? 'yellow' : reply.tone === 'success' ? 'green' : undefined;
      if (reply.title) out.push(paint(style, 'bold', reply.title));
      for (const l of reply.lines) out.push(...wrap(colour ? paint(style, colour, l) : l, style.width + (colour && style.colour ? 10 : 0)));
      break;
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
}
