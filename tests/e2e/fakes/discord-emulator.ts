/**
 * A local emulator of the Discord gateway (WebSocket, JSON frames) and REST API (HTTP) on
 * 127.0.0.1, enough for the real discord.js 14 client. It records every request, checks every
 * payload against Discord's documented limits (a violation is recorded and answered with 400
 * like Discord would), and lets tests inject 429s, failures, dropped gateway connections and
 * interactions (slash commands, autocomplete, button clicks).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One REST request as received. `path` is decoded and has no `/api/v10` prefix or query. */
export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  body: any;
  /** Milliseconds on the emulator's clock (performance.now() since start). */
  at: number;
  status: number;
}

/** A payload that Discord would have rejected. */
export interface Violation {
  method: string;
  path: string;
  problem: string;
}

/** A message stored by the emulator. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: any[];
  components: any[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; roles?: string[]; users?: string[] };
}

/** A channel (text, forum or thread). */
export interface StoredChannel {
  id: string;
  type: number;
  name: string;
  guild_id: string;
  parent_id?: string | null;
  available_tags?: { id: string; name: string; moderated: boolean; emoji_id: string | null; emoji_name: string | null }[];
  applied_tags?: string[];
  messages: StoredMessage[];
}

interface Injection {
  method: string;
  path: RegExp;
  status: number;
  retryAfterSec?: number;
  times: number;
  /** Matching requests to let through before injecting. */
  skip: number;
}

/** A sent interaction: its id, token and dispatch time on the emulator's clock. */
export interface SentInteraction {
  id: string;
  token: string;
  at: number;
}

const ADMIN = String(1n << 3n);
const ALL = String((1n << 41n) - 1n);

let snowflake = 1_200_000_000_000_000_000n;
function nextId(): string {
  snowflake += 1n;
  return snowflake.toString();
}

/** Starts the emulator on 127.0.0.1 (port 0). */
export async function startDiscordEmulator(opts: { token?: string; applicationId?: string } = {}) {
  const token = opts.token ?? `emu.${randomBytes(12).toString('hex')}.token`;
  const applicationId = opts.applicationId ?? nextId();
  const botUser = { id: nextId(), username: 'newsdesk', discriminator: '0', global_name: 'Newsdesk', avatar: null, bot: true };
  const guildId = nextId();
  const textChannelId = nextId();
  const forumChannelId = nextId();
  const t0 = performance.now();
  const clock = () => performance.now() - t0;

  const channels = new Map<string, StoredChannel>();
  channels.set(textChannelId, { id: textChannelId, type: 0, name: 'news', guild_id: guildId, parent_id: null, messages: [] });
  channels.set(forumChannelId, { id: forumChannelId, type: 15, name: 'news-forum', guild_id: guildId, parent_id: null, available_tags: [], messages: [] });

  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const injections: Injection[] = [];
  const events = new EventEmitter();
  const interactions = new Map<string, { token: string; at: number; acked: boolean; channelId: string; original?: StoredMessage }>();
  const commands = new Map<string, any[]>();
  let seqNo = 0;

  // ---------- validation ----------
  const isUrl = (u: unknown) => {
    if (typeof u !== 'string') return false;
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  };
  function checkMessage(body: any, where: { method: string; path: string }, opts2: { requireContent?: boolean } = {}): string[] {
    const p: string[] = [];
    if (!body || typeof body !== 'object') return ['body is not an object'];
    const content = body.content ?? '';
    if (typeof content !== 'string') p.push('content is not a string');
    else if (content.length > 2000) p.push(`content has ${content.length} > 2000 characters`);
    const embeds: any[] = body.embeds ?? [];
    if (embeds.length > 10) p.push(`${embeds.length} embeds > 10`);
    let total = 0;
    embeds.forEach((e, i) => {
      const t = e.title ?? '';
      const d = e.description ?? '';
      if (t.length > 256) p.push(`embed ${i} title ${t.length} > 256`);
      if (d.length > 4096) p.push(`embed ${i} description ${d.length} > 4096`);
      const fields: any[] = e.fields ?? [];
      if (fields.length > 25) p.push(`embed ${i} has ${fields.length} fields > 25`);
      let n = t.length + d.length + (e.footer?.text?.length ?? 0) + (e.author?.name?.length ?? 0);
      fields.forEach((f, j) => {
        if (!f.name || f.name.length > 256) p.push(`embed ${i} field ${j} name length ${f.name?.length ?? 0}`);
        if (!f.value || f.value.length > 1024) p.push(`embed ${i} field ${j} value length ${f.value?.length ?? 0}`);
        n += (f.name?.length ?? 0) + (f.value?.length ?? 0);
      });
      if ((e.footer?.text?.length ?? 0) > 2048) p.push(`embed ${i} footer > 2048`);
      if ((e.author?.name?.length ?? 0) > 256) p.push(`embed ${i} author > 256`);
      if (e.url !== undefined && !isUrl(e.url)) p.push(`embed ${i} url is not http(s)`);
      if (e.color !== undefined && (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff)) p.push(`embed ${i} colour ${e.color}`);
      if (e.timestamp !== undefined && Number.isNaN(Date.parse(e.timestamp))) p.push(`embed ${i} timestamp invalid`);
      if (n === 0) p.push(`embed ${i} is empty`);
      total += n;
    });
    if (total > 6000) p.push(`embeds total ${total} > 6000 characters`);
    const rows: any[] = body.components ?? [];
    if (rows.length > 5) p.push(`${rows.length} action rows > 5`);
    const ids = new Set<string>();
    rows.forEach((r, i) => {
      if (r.type !== 1) p.push(`row ${i} is not an action row`);
      const cs: any[] = r.components ?? [];
      if (cs.length < 1 || cs.length > 5) p.push(`row ${i} has ${cs.length} components`);
      cs.forEach((c, j) => {
        if (c.type !== 2) return;
        if (c.label !== undefined && c.label.length > 80) p.push(`row ${i} button ${j} label > 80`);
        if (c.style === 5) {
          if (!isUrl(c.url)) p.push(`row ${i} link button without url`);
        } else {
          if (typeof c.custom_id !== 'string' || !c.custom_id || c.custom_id.length > 100) p.push(`row ${i} button ${j} custom_id length ${c.custom_id?.length}`);
          else if (ids.has(c.custom_id)) p.push(`duplicate custom_id ${c.custom_id}`);
          else ids.add(c.custom_id);
        }
      });
    });
    if (opts2.requireContent && !content && !embeds.length && !rows.length) p.push('empty message');
    return p.map((problem) => {
      violations.push({ ...where, problem });
      return problem;
    });
  }
  function checkThreadName(name: unknown, where: { method: string; path: string }): string[] {
    if (typeof name === 'string' && name.length >= 1 && name.length <= 100) return [];
    const problem = `thread name length ${typeof name === 'string' ? name.length : 'missing'}`;
    violations.push({ ...where, problem });
    return [problem];
  }
  function checkCommands(list: any[], where: { method: string; path: string }): string[] {
    const p: string[] = [];
    const nameOk = (n: unknown) => typeof n === 'string' && /^[-_\p{Ll}\p{N}]{1,32}$/u.test(n);
    const descOk = (d: unknown) => typeof d === 'string' && d.length >= 1 && d.length <= 100;
    const checkOptions = (opts3: any[] | undefined, at: string) => {
      if (!opts3) return;
      if (opts3.length > 25) p.push(`${at}: ${opts3.length} options > 25`);
      let optionalSeen = false;
      for (const o of opts3) {
        if (!nameOk(o.name)) p.push(`${at}: option name ${o.name}`);
        if (!descOk(o.description)) p.push(`${at}.${o.name}: description`);
        if (o.type === 1 || o.type === 2) checkOptions(o.options, `${at} ${o.name}`);
        else {
          if (o.required && optionalSeen) p.push(`${at}.${o.name}: required after optional`);
          if (!o.required) optionalSeen = true;
        }
        if (o.choices && o.choices.length > 25) p.push(`${at}.${o.name}: > 25 choices`);
        if (o.choices && o.autocomplete) p.push(`${at}.${o.name}: choices with autocomplete`);
      }
    };
    if (list.length > 100) p.push('more than 100 commands');
    for (const c of list) {
      if (!nameOk(c.name)) p.push(`command name ${c.name}`);
      if (!descOk(c.description)) p.push(`/${c.name}: description`);
      checkOptions(c.options, `/${c.name}`);
    }
    for (const problem of p) violations.push({ ...where, problem });
    return p;
  }

  // ---------- REST ----------
  function message(channelId: string, body: any): StoredMessage & Record<string, unknown> {
    const m: StoredMessage = { id: nextId(), channel_id: channelId, content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [], flags: body.flags, allowed_mentions: body.allowed_mentions };
    return m as StoredMessage & Record<string, unknown>;
  }
  function apiMessage(stored: StoredMessage) {
    const { allowed_mentions: _sentOnly, ...m } = stored;
    return {
      ...m,
      guild_id: channels.get(m.channel_id)?.guild_id,
      author: botUser,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      type: 0,
      flags: m.flags ?? 0,
    };
  }
  function apiChannel(c: StoredChannel) {
    const base: Record<string, unknown> = { id: c.id, type: c.type, name: c.name, guild_id: c.guild_id, parent_id: c.parent_id ?? null, position: 0, permission_overwrites: [], flags: 0, nsfw: false, rate_limit_per_user: 0, topic: null, last_message_id: c.messages.at(-1)?.id ?? null };
    if (c.type === 15) Object.assign(base, { available_tags: c.available_tags, default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0, default_thread_rate_limit_per_user: 0 });
    if (c.type === 11 || c.type === 10) {
      Object.assign(base, {
        owner_id: botUser.id,
        applied_tags: c.applied_tags ?? [],
        message_count: c.messages.length,
        member_count: 1,
        total_message_sent: c.messages.length,
        thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: false },
      });
    }
    return base;
  }

  type Handler = (m: RegExpExecArray, body: any, req: { method: string; path: string; auth?: string }) => { status: number; json?: unknown };
  const bad = (problems: string[]) => ({ status: 400, json: { code: 50035, message: 'Invalid Form Body', errors: problems } });
  const botAuth = (auth?: string) => auth === `Bot ${token}`;
  const unauthorized = { status: 401, json: { code: 0, message: '401: Unauthorized' } };

  const routes: [string, RegExp, Handler][] = [
    ['GET', /^\/gateway\/bot$/, (_m, _b, r) => (botAuth(r.auth) ? { status: 200, json: { url: `ws://127.0.0.1:${port()}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } } : unauthorized)],
    ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (m, body, r) => {
      const it = interactions.get(m[1]);
      if (!it || it.token !== m[2]) return { status: 404, json: { code: 10062, message: 'Unknown interaction' } };
      if (it.acked) {
        violations.push({ ...r, problem: `interaction ${m[1]} acknowledged twice` });
        return { status: 400, json: { code: 40060, message: 'Interaction has already been acknowledged.' } };
      }
      if (clock() - it.at > 3000) {
        violations.push({ ...r, problem: `interaction ${m[1]} answered after ${Math.round(clock() - it.at)} ms` });
        return { status: 404, json: { code: 10062, message: 'Unknown interaction' } };
      }
      let problems: string[] = [];
      if (body.type === 4 || body.type === 7) problems = checkMessage(body.data ?? {}, r, { requireContent: true });
      if (body.type === 8) {
        const choices: any[] = body.data?.choices ?? [];
        if (choices.length > 25) problems.push(`${choices.length} choices > 25`);
        for (const c of choices) if (!c.name || c.name.length > 100 || String(c.value).length > 100) problems.push(`bad choice ${JSON.stringify(c)}`);
        for (const p of problems) violations.push({ ...r, problem: p });
      }
      if (![1, 4, 5, 6, 7, 8, 9].includes(body.type)) problems.push(`callback type ${body.type}`);
      if (problems.length) return bad(problems);
      it.acked = true;
      if (body.type === 4) it.original = message(it.channelId, body.data);
      return { status: 204 };
    }],
    ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, (m, body, r) => {
      const it = [...interactions.values()].find((x) => x.token === m[2]);
      if (!it || m[1] !== applicationId) return { status: 404, json: { code: 10015, message: 'Unknown Webhook' } };
      if (!it.acked) violations.push({ ...r, problem: 'edit of an unacknowledged interaction' });
      const problems = checkMessage(body, r);
      if (problems.length) return bad(problems);
      it.original = { ...(it.original ?? message(it.channelId, {})), ...message(it.channelId, body), id: it.original?.id ?? nextId() };
      return { status: 200, json: apiMessage(it.original) };
    }],
    ['DELETE', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, (m) => {
      const it = [...interactions.values()].find((x) => x.token === m[2]);
      if (!it) return { status: 404, json: { code: 10015, message: 'Unknown Webhook' } };
      it.original = undefined;
      return { status: 204 };
    }],
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (m, body, r) => {
      const it = [...interactions.values()].find((x) => x.token === m[2]);
      if (!it || m[1] !== applicationId) return { status: 404, json: { code: 10015, message: 'Unknown Webhook' } };
      if (!it.acked) violations.push({ ...r, problem: 'follow-up before acknowledging' });
      const problems = checkMessage(body, r, { requireContent: true });
      if (problems.length) return bad(problems);
      return { status: 200, json: apiMessage(message(it.channelId, body)) };
    }],
    ['GET', /^\/channels\/(\d+)$/, (m, _b, r) => {
      if (!botAuth(r.auth)) return unauthorized;
      const c = channels.get(m[1]);
      return c ? { status: 200, json: apiChannel(c) } : { status: 404, json: { code: 10003, message: 'Unknown Channel' } };
    }],
    ['PATCH', /^\/channels\/(\d+)$/, (m, body, r) => {
      if (!botAuth(r.auth)) return unauthorized;
      const c = channels.get(m[1]);
      if (!c) return { status: 404, json: { code: 10003, message: 'Unknown Channel' } };
      if (body.available_tags) {
        if (c.type !== 15) return bad(['available_tags on a non-forum channel']);
        if (body.available_tags.length > 20) return bad([`${body.available_tags.length} tags > 20`]);
        const problems = body.available_tags.filter((t: any) => !t.name || t.name.length > 20).map((t: any) => `tag name ${t.name}`);
        for (const p of problems) violations.push({ ...r, problem: p });
        if (problems.length) return bad(problems);
        c.available_tags = body.available_tags.map((t: any) => ({ id: t.id ?? nextId(), name: t.name, moderated: !!t.moderated, emoji_id: t.emoji_id ?? null, emoji_name: t.emoji_name ?? null }));
      }
      return { status: 200, json: apiChannel(c) };
    }],
    ['POST', /^\/channels\/(\d+)\/messages$/, (m, body, r) => {
      if (!botAuth(r.auth)) return unauthorized;
      const c = channels.get(m[1]);
      if (!c) return { status: 404, json: { code: 10003, message: 'Unknown Channel' } };
      if (c.type === 15) return { status: 400, json: { code: 50008, message: 'Cannot send messages in a non-text channel' } };
      const problems = checkMessage(body, r, { requireContent: true });
      if (problems.length) return bad(problems);
      const msg = message(c.id, body);
      c.messages.push(msg);
      return { status: 200, json: apiMessage(msg) };
    }],
    ['POST', /^\/channels\/(\d+)\/threads$/, (m, body, r) => {
      if (!botAuth(r.auth)) return unauthorized;
      const parent = channels.get(m[1]);
      if (!parent) return { status: 404, json: { code: 10003, message: 'Unknown Channel' } };
      const problems = checkThreadName(body.name, r);
      if (parent.type === 15) {
        if (!body.message) problems.push('forum post without a message');
        else problems.push(...checkMessage(body.message, r, { requireContent: true }));
        const tags: string[] = body.applied_tags ?? [];
        if (tags.length > 5) problems.push(`${tags.length} applied tags > 5`);
        for (const t of tags) if (!parent.available_tags?.some((a) => a.id === t)) problems.push(`unknown tag ${t}`);
      } else if (parent.type === 0) {
        if (body.type !== undefined && body.type !== 11 && body.type !== 12) problems.push(`thread type ${body.type} in a text channel`);
      } else problems.push(`threads in channel type ${parent.type}`);
      if (problems.length) {
        for (const p of problems) if (!violations.some((v) => v.problem === p && v.path === r.path)) violations.push({ ...r, problem: p });
        return bad(problems);
      }
      const thread: StoredChannel = { id: nextId(), type: body.type ?? 11, name: body.name, guild_id: parent.guild_id, parent_id: parent.id, applied_tags: body.applied_tags, messages: [] };
      channels.set(thread.id, thread);
      let first: StoredMessage | undefined;
      if (body.message) {
        first = message(thread.id, body.message);
        first.id = thread.id;
        thread.messages.push(first);
      }
      return { status: 201, json: { ...apiChannel(thread), ...(first ? { message: apiMessage(first) } : {}) } };
    }],
    ['POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, (m, body, r) => {
      if (!botAuth(r.auth)) return unauthorized;
      const parent = channels.get(m[1]);
      if (!parent) return { status: 404, json: { code: 10003, message: 'Unknown Channel' } };
      const problems = checkThreadName(body.name, r);
      if (!parent.messages.some((x) => x.id === m[2])) return { status: 404, json: { code: 10008, message: 'Unknown Message' } };
      if (channels.has(m[2])) problems.push(`a thread already exists for message ${m[2]}`);
      for (const p of problems) if (!violations.some((v) => v.problem === p)) violations.push({ ...r, problem: p });
      if (problems.length) return bad(problems);
      const thread: StoredChannel = { id: m[2], type: 11, name: body.name, guild_id: parent.guild_id, parent_id: parent.id, messages: [] };
      channels.set(thread.id, thread);
      return { status: 201, json: apiChannel(thread) };
    }],
    ['PUT', /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/, (m, body, r) => {
      if (!botAuth(r.auth)) return unauthorized;
      if (m[1] !== applicationId) return { status: 403, json: { code: 50001, message: 'Missing Access' } };
      const problems = checkCommands(body ?? [], r);
      if (problems.length) return bad(problems);
      const stored = (body as any[]).map((c) => ({ ...c, id: nextId(), application_id: applicationId, version: nextId(), ...(m[2] ? { guild_id: m[2] } : {}) }));
      commands.set(m[2] ?? 'global', stored);
      return { status: 200, json: stored };
    }],
    ['GET', /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/, (m, _b, r) => {
      if (!botAuth(r.auth)) return unauthorized;
      return { status: 200, json: commands.get(m[2] ?? 'global') ?? [] };
    }],
  ];

  function send(res: ServerResponse, status: number, json?: unknown, headers: Record<string, string> = {}) {
    if (json === undefined) {
      // No content-type on an empty body: discord.js would try to parse it as JSON.
      res.writeHead(status, headers);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(json));
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const method = req.method ?? 'GET';
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const rec: RecordedRequest = { seq: ++seqNo, method, path, body, at: clock(), status: 0 };
    requests.push(rec);
    let inj = injections.find((i) => i.method === method && i.path.test(path) && i.times > 0);
    if (inj && inj.skip > 0) {
      inj.skip -= 1;
      inj = undefined;
    }
    if (inj) {
      inj.times -= 1;
      rec.status = inj.status;
      if (inj.status === 429) {
        send(res, 429, { message: 'You are being rate limited.', retry_after: inj.retryAfterSec, global: false }, { 'retry-after': String(inj.retryAfterSec), 'x-ratelimit-scope': 'user' });
      } else {
        send(res, inj.status, { code: 0, message: `injected ${inj.status}` });
      }
      events.emit('request', rec);
      return;
    }
    const route = routes.find(([m, re]) => m === method && re.test(path));
    let out: { status: number; json?: unknown };
    if (!route) {
      violations.push({ method, path, problem: 'unknown route' });
      out = { status: 404, json: { code: 0, message: '404: Not Found' } };
    } else {
      try {
        out = route[2](route[1].exec(path)!, body ?? {}, { method, path, auth: req.headers.authorization });
      } catch (err) {
        out = { status: 500, json: { code: 0, message: String(err) } };
      }
    }
    rec.status = out.status;
    send(res, out.status, out.json);
    events.emit('request', rec);
  }

  // ---------- gateway ----------
  const server: Server = createServer((req, res) => void onRequest(req, res));
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  let live: WebSocket | undefined;
  let sessionId = '';
  let gatewaySeq = 0;
  let identifies = 0;
  let resumes = 0;
  const port = () => (server.address() as AddressInfo).port;

  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/gateway')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  function dispatch(ws: WebSocket, t: string, d: unknown) {
    gatewaySeq += 1;
    ws.send(JSON.stringify({ op: 0, t, s: gatewaySeq, d }));
  }

  function guildCreate() {
    const ch = [...channels.values()].filter((c) => c.type === 0 || c.type === 15).map(apiChannel);
    return {
      id: guildId,
      name: 'Newsroom',
      icon: null,
      owner_id: nextId(),
      roles: [{ id: guildId, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      channels: ch,
      threads: [],
      members: [],
      emojis: [],
      stickers: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      features: [],
      member_count: 2,
      large: false,
      unavailable: false,
      joined_at: new Date().toISOString(),
      preferred_locale: 'en-US',
      premium_tier: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      system_channel_flags: 0,
    };
  }

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 30_000 }, s: null, t: null }));
    ws.on('message', (data) => {
      let frame: any;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return ws.close(4002, 'decode error');
      }
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (frame.op === 2) {
        if (frame.d?.token !== token && frame.d?.token !== `Bot ${token}`) return ws.close(4004, 'Authentication failed');
        identifies += 1;
        sessionId = randomBytes(8).toString('hex');
        gatewaySeq = 0;
        live = ws;
        dispatch(ws, 'READY', {
          v: 10,
          user: botUser,
          guilds: [{ id: guildId, unavailable: true }],
          session_id: sessionId,
          resume_gateway_url: `ws://127.0.0.1:${port()}/gateway`,
          shard: [0, 1],
          application: { id: applicationId, flags: 0 },
        });
        dispatch(ws, 'GUILD_CREATE', guildCreate());
        events.emit('identify');
      } else if (frame.op === 6) {
        if (frame.d?.session_id !== sessionId || (frame.d?.token !== token && frame.d?.token !== `Bot ${token}`)) {
          ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
          return;
        }
        resumes += 1;
        live = ws;
        dispatch(ws, 'RESUMED', {});
        events.emit('resume');
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  function member(permissions: string, userId: string) {
    return {
      user: { id: userId, username: `user${userId.slice(-4)}`, discriminator: '0', global_name: null, avatar: null },
      roles: [],
      permissions,
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      premium_since: null,
      communication_disabled_until: null,
    };
  }

  function sendInteraction(type: number, data: unknown, o: { channelId?: string; permissions?: string; userId?: string; message?: unknown }): SentInteraction {
    if (!live || live.readyState !== live.OPEN) throw new Error('no gateway session');
    const channelId = o.channelId ?? textChannelId;
    const ch = channels.get(channelId);
    const id = nextId();
    const itoken = `itok_${randomBytes(16).toString('hex')}`;
    const at = clock();
    interactions.set(id, { token: itoken, at, acked: false, channelId });
    dispatch(live, 'INTERACTION_CREATE', {
      id,
      application_id: applicationId,
      type,
      data,
      guild_id: guildId,
      channel_id: channelId,
      channel: ch ? apiChannel(ch) : undefined,
      member: member(o.permissions ?? ADMIN, o.userId ?? '1200000000000000099'),
      token: itoken,
      version: 1,
      app_permissions: ALL,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...(o.message ? { message: o.message } : {}),
    });
    return { id, token: itoken, at };
  }

  function optionsJson(options: Record<string, string | number | boolean> = {}, focused?: string) {
    return Object.entries(options).map(([name, value]) => ({
      name,
      type: typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3,
      value,
      ...(focused === name ? { focused: true } : {}),
    }));
  }

  function commandData(name: string, options: Record<string, string | number | boolean> | undefined, subcommand: string | undefined, focused?: string) {
    const opts4 = optionsJson(options, focused);
    // Like Discord, a subcommand without options carries no `options` field.
    return { id: nextId(), name, type: 1, guild_id: guildId, options: subcommand ? [{ name: subcommand, type: 1, ...(opts4.length ? { options: opts4 } : {}) }] : opts4 };
  }

  function waitFor<T>(event: string, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off(event, on);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const on = () => {
        const v = check();
        if (v === undefined) return;
        clearTimeout(timer);
        events.off(event, on);
        resolve(v);
      };
      events.on(event, on);
    });
  }

  return {
    /** REST base URL for discord.js (`rest.api`). */
    apiUrl: `http://127.0.0.1:${port()}/api`,
    token,
    applicationId,
    guildId,
    textChannelId,
    forumChannelId,
    botUser,
    requests,
    violations,
    channels,
    events,
    clock,
    get identifies() {
      return identifies;
    },
    get resumes() {
      return resumes;
    },
    /** Permission bitfields for members. */
    perms: { admin: ADMIN, manageGuild: String(1n << 5n), manageChannels: String(1n << 4n), plain: String((1n << 10n) | (1n << 11n)) },
    /** Registered commands by scope (guild id or "global"). */
    commands,
    /** Resolves once a gateway session is ready. */
    waitForSession: (timeoutMs = 5000) => waitFor('identify', () => (live && live.readyState === live.OPEN ? true : undefined), timeoutMs, 'a gateway session'),
    /** A slash command from a member (Administrator unless `permissions` says otherwise). */
    sendCommand(name: string, o: { options?: Record<string, string | number | boolean>; subcommand?: string; channelId?: string; permissions?: string; userId?: string } = {}) {
      return sendInteraction(2, commandData(name, o.options, o.subcommand), o);
    },
    /** An autocomplete request with `focused` the option being typed. */
    sendAutocomplete(name: string, focused: string, o: { options: Record<string, string | number | boolean>; subcommand?: string; channelId?: string }) {
      return sendInteraction(4, commandData(name, o.options, o.subcommand, focused), o);
    },
    /** A click on a button of a message. */
    clickButton(customId: string, o: { message?: StoredMessage; channelId?: string; permissions?: string } = {}) {
      const msg = o.message ?? message(o.channelId ?? textChannelId, { content: '', embeds: [], components: [] });
      return sendInteraction(3, { custom_id: customId, component_type: 2 }, { ...o, channelId: o.channelId ?? msg.channel_id, message: apiMessage(msg) });
    },
    /** The callback (and what followed) of an interaction. */
    callbackOf: (id: string) => requests.find((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`)),
    /** Requests made with an interaction's token (callback, edits, follow-ups), in order. */
    requestsFor: (it: SentInteraction) => requests.filter((r) => r.path.includes(`/${it.token}`)),
    /** Waits until `check` finds something in the recorded requests. */
    waitForRequest: (check: (r: RecordedRequest) => boolean, timeoutMs = 15_000, what = 'a request') => waitFor('request', () => requests.find(check), timeoutMs, what),
    /** Waits until `check` over all requests returns a value. */
    waitUntil: <T>(check: () => T | undefined, timeoutMs = 15_000, what = 'a condition') => waitFor('request', check, timeoutMs, what),
    waitForResume: (timeoutMs = 15_000) => waitFor('resume', () => (resumes > 0 ? resumes : undefined), timeoutMs, 'a gateway resume'),
    /** The next `times` requests matching get a 429 with this retry-after (seconds). */
    rateLimitNext(method: string, path: RegExp, retryAfterSec: number, o: { times?: number; skip?: number } = {}) {
      injections.push({ method, path, status: 429, retryAfterSec, times: o.times ?? 1, skip: o.skip ?? 0 });
    },
    /** The next `times` requests matching (after `skip`) fail with `status`. */
    failNext(method: string, path: RegExp, status: number, o: { times?: number; skip?: number } = {}) {
      injections.push({ method, path, status, times: o.times ?? 1, skip: o.skip ?? 0 });
    },
    /** Drops every gateway connection without a close frame (as a network failure would). */
    dropGateway() {
      for (const ws of sockets) ws.terminate();
    },
    /** Threads (and forum posts) created under a channel. */
    threadsOf: (parentId: string) => [...channels.values()].filter((c) => c.parent_id === parentId),
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The running emulator. */
export type DiscordEmulator = Awaited<ReturnType<typeof startDiscordEmulator>>;
