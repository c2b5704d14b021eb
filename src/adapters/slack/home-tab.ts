/**
 * The App Home tab: what Newsdesk holds (stories, topics) and, once those services are wired,
 * the workspace's subscriptions and the health of its feeds. Published with views.publish
 * whenever someone opens the tab.
 */
import type { Newsdesk } from '../../core/newsdesk.js';
import type { Subscriptions } from '../../core/subscriptions/index.js';
import type { Clock, Log } from '../../core/ports.js';
import type { SlackCalls } from './slack-call.js';
import { escapeText, linesToSections, SLACK_LIMITS, truncate, type Block } from './render.js';
import { safeError } from './slack-log.js';

/**
 * Where the Home tab gets what the core does not offer yet. Wire these from main.ts when
 * the subscription and feed services exist; each returns ready-to-show mrkdwn lines.
 */
export interface HomeTabHooks {
  /** One line per subscription of the workspace, e.g. "#news: space, daily 08:00 Europe/Paris". */
  subscriptions?(teamId: string): Promise<string[]> | string[];
  /** One line per feed with its health, e.g. "BBC World: ok, 2 min ago". */
  feedHealth?(teamId: string): Promise<string[]> | string[];
}

/**
 * The subscriptions hook over the subscription service: one line per Slack subscription of
 * the workspace, with its channel, topics, schedule and next run.
 * Wire with `home: { subscriptions: subscriptionLines(subscriptions) }`.
 */
export function subscriptionLines(subscriptions: Subscriptions): NonNullable<HomeTabHooks['subscriptions']> {
  return (teamId) =>
    subscriptions
      .active()
      .map((st) => st.sub)
      .filter((sub) => sub.channel.platform === 'slack' && sub.channel.scope === teamId)
      .slice(0, 200)
      .map((sub) => {
        const next = subscriptions.nextRun(sub);
        const when = next ? `, next ${next.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
        return `• <#${sub.channel.channel}> \`#${sub.id}\` ${escapeText(sub.topics.join(', '))}: ${escapeText(sub.schedule)} (${escapeText(sub.timeZone)})${when}${sub.threads ? ', a thread per story' : ''}`;
      });
}

/** A Home tab view. */
export interface HomeView {
  type: 'home';
  blocks: Block[];
}

/** Builds the Home view (pure); at most 100 blocks. */
export function buildHomeView(input: {
  counts: { articles: number; stories: number };
  topics: { id: string; label: string; count: number }[];
  subscriptions?: string[];
  feedHealth?: string[];
}): HomeView {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Newsdesk', emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${input.counts.stories} stories from ${input.counts.articles} articles` }] },
    { type: 'divider' },
    ...linesToSections(
      input.topics.length ? input.topics.slice(0, 30).map((t) => `• *${escapeText(t.label)}*: ${t.count} ${t.count === 1 ? 'story' : 'stories'} (\`/news ${escapeText(t.id)}\`)`) : ['No stories yet.'],
      'Topics',
    ),
    { type: 'divider' },
    ...linesToSections(
      input.subscriptions === undefined
        ? ['Subscriptions are not available in this version.']
        : input.subscriptions.length
          ? input.subscriptions
          : ['No subscriptions yet. `/subscribe <topic> daily 08:00` in a channel posts a digest there.'],
      'Subscriptions',
    ),
    { type: 'divider' },
    ...linesToSections(
      input.feedHealth === undefined ? ['Feed health is not available in this version.'] : input.feedHealth.length ? input.feedHealth : ['No feeds yet. `/feeds add <url>` adds one.'],
      'Feed health',
    ),
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate('Commands: `/news <topic>`, `/digest`, `/story <id>`, `/topics`, `/help`', SLACK_LIMITS.contextText) }] },
  ];
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.blocksPerHomeView) };
}

/** The parts of Bolt's app_home_opened arguments the handler uses. */
export interface HomeArgs {
  event: { user: string; tab?: string };
  body: { team_id?: string };
}

/** Creates the app_home_opened handler. */
export function createHomeTabHandler(deps: { newsdesk: Newsdesk; calls: SlackCalls; hooks?: HomeTabHooks; clock: Clock; log: Log; redact: (t: string) => string }) {
  const { newsdesk, calls, hooks, log, redact } = deps;
  return async function handleHomeOpened({ event, body }: HomeArgs): Promise<void> {
    if (event.tab && event.tab !== 'home') return;
    const teamId = body.team_id ?? '';
    try {
      const view = buildHomeView({
        counts: newsdesk.store.counts(),
        topics: newsdesk.topics(),
        subscriptions: hooks?.subscriptions ? await hooks.subscriptions(teamId) : undefined,
        feedHealth: hooks?.feedHealth ? await hooks.feedHealth(teamId) : undefined,
      });
      await calls.call('views.publish', { user_id: event.user, view });
    } catch (err) {
      log.warn({ teamId, user: event.user, err: safeError(err, redact) }, 'home tab not published');
    }
  };
}
