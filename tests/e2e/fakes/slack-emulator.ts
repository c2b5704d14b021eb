/**
 * A local Slack emulator on 127.0.0.1 for end-to-end tests of the real Bolt app.
 *
 * - Web API: `POST /api/<method>` (form-encoded or JSON, as the WebClient sends them). Every
 *   call is recorded; messages and views are checked against Slack's Block Kit limits and a
 *   violation is recorded and answered with `invalid_blocks`, as Slack does. Failures can be
 *   injected per method: a 429 with Retry-After, or an `{ok: false, error}` answer.
 * - response_url: `POST /respond/<id>` records what a handler sent through `respond()`.
 * - Socket Mode: `apps.connections.open` hands out `ws://127.0.0.1:PORT/link`; the emulator
 *   says hello, pushes envelopes, collects the acks and can ask the client to reconnect.
 * - Request signing helpers for HTTP mode.
 */
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One Web API call as received. */
export interface ApiCall {
  method: string;
  args: Record<string, any>;
  /** Bearer token of the call (kept for assertions; never printed). */
  token?: string;
  /** HTTP status answered. */
  status: number;
  /** Order of arrival across calls and responses. */
  seq: number;
}

/** A message posted with chat.postMessage. */
export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: any[];
  seq: number;
}

/** A body POSTed to a response_url. */
export interface ResponseUrlPost {
  id: string;
  body: any;
  seq: number;
}

/** A Block Kit limit broken by a payload. */
export interface Violation {
  where: string;
  problem: string;
}

/** A Socket Mode ack: what the client answered to an envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: any;
}

/** An injected failure for the next call of a method. */
export type Failure = { status: 429; retryAfter: number } | { error: string };

/** The running emulator. */
export interface SlackEmulator {
  readonly url: string;
  /** Web API base for `slackApiUrl`. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly calls: ApiCall[];
  readonly messages: PostedMessage[];
  readonly responses: ResponseUrlPost[];
  readonly violations: Violation[];
  /** Socket Mode connections opened so far. */
  readonly connections: number;
  /** users.info answers by user id (unknown users are plain members). */
  users: Map<string, { is_admin?: boolean; is_owner?: boolean }>;
  /** A response_url on this emulator; posts to it are recorded under `id`. */
  responseUrl(id: string): string;
  /** After `after` more successful calls of `method`, the next `times` calls fail this way. */
  failNext(method: string, failure: Failure, opts?: { times?: number; after?: number }): void;
  /** The response_url answers with this HTTP status (default 200) from now on. */
  setResponseUrlStatus(status: number): void;
  callsOf(method: string): ApiCall[];
  /** Resolves with the first truthy value of `probe`, re-checked on every recorded event; rejects after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number, what?: string): Promise<T>;
  /** Pushes an envelope over the current socket; resolves with the client's ack. */
  push(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown, timeoutMs?: number): Promise<SocketAck>;
  /** Asks the connected client to reconnect (`{type: 'disconnect'}`). */
  askToReconnect(): void;
  close(): Promise<void>;
}

const BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'divider', 'image', 'input', 'rich_text', 'video', 'file']);

/** Checks blocks against Slack's limits; returns one entry per broken limit. */
export function validateBlocks(blocks: unknown, where: string, maxBlocks: number): Violation[] {
  const out: Violation[] = [];
  const bad = (problem: string) => out.push({ where, problem });
  if (!Array.isArray(blocks)) {
    bad('blocks is not an array');
    return out;
  }
  if (blocks.length > maxBlocks) bad(`${blocks.length} blocks > ${maxBlocks}`);
  const ids = new Set<string>();
  blocks.forEach((b: any, i: number) => {
    const at = `block ${i} (${b?.type})`;
    if (!b || !BLOCK_TYPES.has(b.type)) return bad(`${at}: unknown type`);
    if (b.block_id !== undefined) {
      if (String(b.block_id).length > 255) bad(`${at}: block_id > 255`);
      if (ids.has(b.block_id)) bad(`${at}: duplicate block_id`);
      ids.add(b.block_id);
    }
    if (b.type === 'section') {
      if (!b.text && !b.fields) bad(`${at}: no text or fields`);
      if (b.text && (typeof b.text.text !== 'string' || b.text.text.length === 0)) bad(`${at}: empty text`);
      if (b.text?.text?.length > 3000) bad(`${at}: text ${b.text.text.length} > 3000`);
      if (b.fields && (b.fields.length > 10 || b.fields.some((f: any) => f.text.length > 2000))) bad(`${at}: fields over limit`);
    }
    if (b.type === 'header') {
      if (b.text?.type !== 'plain_text') bad(`${at}: header text must be plain_text`);
      if (!b.text?.text || b.text.text.length > 150) bad(`${at}: header text length ${b.text?.text?.length}`);
    }
    if (b.type === 'context') {
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10) bad(`${at}: ${b.elements?.length} elements`);
      for (const e of b.elements ?? []) if (typeof e.text === 'string' && (e.text.length > 3000 || e.text.length === 0)) bad(`${at}: element text length ${e.text.length}`);
    }
    if (b.type === 'actions') {
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25) bad(`${at}: ${b.elements?.length} elements`);
      const actionIds = new Set<string>();
      for (const e of b.elements ?? []) {
        if (e.type === 'button') {
          if (e.text?.type !== 'plain_text' || !e.text.text || e.text.text.length > 75) bad(`${at}: button text`);
          if (e.value !== undefined && String(e.value).length > 2000) bad(`${at}: button value > 2000`);
        }
        if (e.action_id !== undefined) {
          if (String(e.action_id).length > 255) bad(`${at}: action_id > 255`);
          if (actionIds.has(e.action_id)) bad(`${at}: duplicate action_id`);
          actionIds.add(e.action_id);
        }
      }
    }
  });
  return out;
}

/** Checks a message payload: blocks within limits and a text fallback when there are blocks. */
export function validateMessage(msg: { text?: unknown; blocks?: unknown }, where: string): Violation[] {
  const out: Violation[] = [];
  if (msg.blocks !== undefined) {
    out.push(...validateBlocks(msg.blocks, where, 50));
    if (typeof msg.text !== 'string' || !msg.text.trim()) out.push({ where, problem: 'blocks without a text fallback' });
  } else if (typeof msg.text !== 'string' || !msg.text) out.push({ where, problem: 'no text and no blocks' });
  if (typeof msg.text === 'string' && msg.text.length > 40_000) out.push({ where, problem: `text ${msg.text.length} > 40000` });
  return out;
}

/** `v0=` + hex HMAC-SHA256 of `v0:<ts>:<body>`, as Slack signs requests. */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a body to a Bolt HTTP endpoint with Slack's signature headers. */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  opts: { contentType?: string; timestamp?: number; signature?: string } = {},
): Promise<{ status: number; text: string }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? signSlackRequest(secret, ts, body),
    },
    body,
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, text: await res.text() };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.includes('application/json')) return raw ? JSON.parse(raw) : {};
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // Nested arguments arrive as JSON strings.
    out[k] = (k === 'blocks' || k === 'view' || k === 'attachments') && v ? JSON.parse(v) : v;
  }
  return out;
}

/** Starts the emulator on 127.0.0.1 with a free port. */
export async function startSlackEmulator(opts: { teamId?: string; botUserId?: string; botId?: string; appId?: string } = {}): Promise<SlackEmulator> {
  const teamId = opts.teamId ?? 'T0TEAM';
  const botUserId = opts.botUserId ?? 'U0NEWSBOT';
  const botId = opts.botId ?? 'B0NEWSBOT';
  const appId = opts.appId ?? 'A0NEWSDESK';
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const calls: ApiCall[] = [];
  const messages: PostedMessage[] = [];
  const responses: ResponseUrlPost[] = [];
  const violations: Violation[] = [];
  const failures = new Map<string, { skip: number; failure: Failure }[]>();
  const users = new Map<string, { is_admin?: boolean; is_owner?: boolean }>();
  const pendingAcks = new Map<string, (ack: SocketAck) => void>();
  const sockets = new Set<WebSocket>();
  let current: WebSocket | undefined;
  let seq = 0;
  let tsCounter = 0;
  let connections = 0;
  let envelopeCounter = 0;
  let responseStatus = 200;
  let url = '';

  const nextTs = () => `1764057600.${String(++tsCounter).padStart(6, '0')}`;
  const changed = () => events.emit('change');

  function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function methodResult(method: string, args: Record<string, any>, token: string | undefined): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        if (!token?.startsWith('xoxb-')) return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: 'https://emulated.slack.test/', team: 'Newsroom', user: 'newsdesk', team_id: teamId, user_id: botUserId, bot_id: botId };
      case 'apps.connections.open':
        if (!token?.startsWith('xapp-')) return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: `${url.replace('http', 'ws')}/link?n=${connections + 1}` };
      case 'chat.postMessage': {
        const where = `chat.postMessage → ${args.channel}${args.thread_ts ? ' (thread)' : ''}`;
        const problems = validateMessage(args, where);
        if (problems.length) {
          violations.push(...problems);
          return { ok: false, error: 'invalid_blocks' };
        }
        if (String(args.channel).startsWith('CPRIVATE')) return { ok: false, error: 'not_in_channel' };
        const ts = nextTs();
        messages.push({ channel: args.channel, ts, thread_ts: args.thread_ts, text: args.text, blocks: args.blocks, seq: ++seq });
        return { ok: true, channel: args.channel, ts, message: { text: args.text, ts, thread_ts: args.thread_ts } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.getPermalink':
        return { ok: true, channel: args.channel, permalink: `https://emulated.slack.test/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}` };
      case 'users.info': {
        const u = users.get(args.user) ?? {};
        return { ok: true, user: { id: args.user, team_id: teamId, name: args.user, is_admin: Boolean(u.is_admin), is_owner: Boolean(u.is_owner), is_primary_owner: false } };
      }
      case 'views.publish': {
        const problems = args.view?.type === 'home' ? validateBlocks(args.view.blocks, `views.publish → ${args.user_id}`, 100) : [{ where: 'views.publish', problem: 'view type is not home' }];
        if (problems.length) {
          violations.push(...problems);
          return { ok: false, error: 'invalid_blocks' };
        }
        return { ok: true, view: { id: 'V1', ...args.view } };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: args.channel, name: 'news', is_member: true } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const raw = await readBody(req);
      if (req.method === 'POST' && path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        const args = parseArgs(raw, req.headers['content-type']);
        const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') || args.token;
        const queue = failures.get(method);
        let failure: Failure | undefined;
        if (queue?.length) {
          if (queue[0].skip > 0) queue[0].skip--;
          else failure = queue.shift()!.failure;
          if (!queue.length) failures.delete(method);
        }
        if (failure && 'status' in failure) {
          calls.push({ method, args, token, status: 429, seq: ++seq });
          changed();
          return answer(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
        }
        const result = failure ? { ok: false, error: failure.error } : methodResult(method, args, token);
        calls.push({ method, args, token, status: 200, seq: ++seq });
        changed();
        return answer(res, 200, result);
      }
      if (req.method === 'POST' && path.startsWith('/respond/')) {
        const id = decodeURIComponent(path.slice('/respond/'.length));
        const body = raw ? JSON.parse(raw) : {};
        const problems = validateMessage(body, `response_url ${id}`);
        violations.push(...problems);
        responses.push({ id, body, seq: ++seq });
        changed();
        res.writeHead(responseStatus, { 'content-type': 'text/plain' });
        return res.end(responseStatus === 200 ? 'ok' : 'error');
      }
      res.writeHead(404);
      res.end();
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/link')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections++;
      sockets.add(ws);
      current = ws;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as SocketAck;
        pendingAcks.get(msg.envelope_id)?.(msg);
        pendingAcks.delete(msg.envelope_id);
      });
      ws.on('close', () => {
        sockets.delete(ws);
        if (current === ws) current = undefined;
        changed();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'emulator' }, connection_info: { app_id: appId } }));
      changed();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v) {
          done();
          resolve(v);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`emulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        events.off('change', check);
      };
      if (!check()) events.on('change', check);
    });
  }

  return {
    url,
    apiUrl: `${url}/api/`,
    teamId,
    calls,
    messages,
    responses,
    violations,
    get connections() {
      return connections;
    },
    users,
    responseUrl: (id) => `${url}/respond/${encodeURIComponent(id)}`,
    failNext(method, failure, { times = 1, after = 0 } = {}) {
      const entries = Array.from({ length: times }, (_, i) => ({ skip: i === 0 ? after : 0, failure }));
      failures.set(method, [...(failures.get(method) ?? []), ...entries]);
    },
    setResponseUrlStatus(status) {
      responseStatus = status;
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    waitFor,
    async push(type, payload, timeoutMs = 5000) {
      const ws = await waitFor(() => (current && current.readyState === current.OPEN ? current : undefined), timeoutMs, 'a socket connection');
      const envelope_id = `env-${++envelopeCounter}`;
      const acked = new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(envelope_id);
          reject(new Error(`emulator: no ack for ${envelope_id} within ${timeoutMs} ms`));
        }, timeoutMs);
        pendingAcks.set(envelope_id, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
      });
      ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
      return acked;
    },
    askToReconnect() {
      current?.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'emulator' } }));
    },
    async close() {
      // Wait for each client's close frame (bounded), so no client timer outlives the test.
      await Promise.all(
        [...sockets].map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) return resolve();
              const timer = setTimeout(() => {
                ws.terminate();
                resolve();
              }, 2000);
              ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              ws.close(1000);
            }),
        ),
      );
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
