/**
 * Feed and page fixtures for polling tests: RSS documents whose items carry real article text,
 * teaser-only feeds, and the article pages they link to.
 */

const SUBJECTS = [
  ['The city council of Lyon', 'approved a new budget for public transport', 'trams and buses', 'Mayor Grégory Doucet'],
  ['Engineers at the European Space Agency', 'tested a reusable rocket engine', 'the launch site in Kourou', 'Director Josef Aschbacher'],
  ['Farmers in northern Spain', 'reported the worst olive harvest in a decade', 'the dry summer', 'Minister Luis Planas'],
  ['The central bank of Norway', 'raised its main interest rate by a quarter point', 'inflation and the krone', 'Governor Ida Wolden Bache'],
  ['Researchers in Kyoto', 'published a study on earthquake early warnings', 'the coastal railway lines', 'Professor Kenji Satake'],
  ['The national football team of Ghana', 'qualified for the continental championship', 'the final group match', 'Coach Otto Addo'],
  ['Doctors at a hospital in Toronto', 'began a trial of a new heart drug', 'three hundred patients', 'Doctor Sarah Levine'],
] as const;

/** Four paragraphs of plausible news text about subject `i` (distinct for each i). */
export function articleParagraphs(i: number): string[] {
  const [who, what, about, quote] = SUBJECTS[i % SUBJECTS.length];
  const n = i + 1;
  return [
    `${who} ${what} on Tuesday, in a decision that officials described as report number ${n} of the season. The move followed months of debate about ${about}.`,
    `${quote} told reporters that the plan would be reviewed in the spring. "We have listened to everyone involved and we believe this is the right step for the region," the statement said.`,
    `Critics said the change came too late and asked for an independent review of the figures. Local groups plan to hold public meetings in ${2025 + (i % 3)} to discuss the details of case ${n}.`,
    `The decision will take effect next month. Further announcements about ${about} are expected after the summer, according to people familiar with the matter.`,
  ];
}

/** Title of item `i`. */
export function articleTitle(i: number): string {
  const [who, what] = SUBJECTS[i % SUBJECTS.length];
  return `${who} ${what} (${i + 1})`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An RSS 2.0 feed of full-text items `ids`, links under `base`. */
export function fullTextRss(base: string, ids: number[], title = 'Fixture News'): string {
  const items = ids.map((i) => {
    const html = articleParagraphs(i).map((p) => `<p>${esc(p)}</p>`).join('');
    return `<item><title>${esc(articleTitle(i))}</title><link>${base}/articles/${i}</link><guid isPermaLink="false">item-${i}</guid>
<pubDate>Tue, 0${1 + (i % 8)} Jul 2025 0${i % 10}:00:00 GMT</pubDate><description>${esc(articleParagraphs(i)[0])}</description>
<content:encoded><![CDATA[${html}]]></content:encoded></item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(title)}</title><link>${base}/</link>
${items.join('\n')}
</channel></rss>`;
}

/** An RSS 2.0 feed whose items have only a one-sentence teaser; each links to `${base}/pages/<i>`. */
export function teaserRss(base: string, ids: number[]): string {
  const items = ids.map(
    (i) => `<item><title>${esc(articleTitle(i))}</title><link>${base}/pages/${i}</link><guid>${base}/pages/${i}</guid>
<description>${esc(articleParagraphs(i)[0].split('. ')[0])}.</description></item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Teaser News</title><link>${base}/</link>
${items.join('\n')}
</channel></rss>`;
}

/** The full article page of item `i`. */
export function articlePage(i: number): string {
  const paras = [...articleParagraphs(i), ...articleParagraphs(i + 20).slice(1)];
  return `<!DOCTYPE html><html lang="en"><head><title>${esc(articleTitle(i))}</title>
<meta property="og:site_name" content="Fixture Post"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${esc(articleTitle(i))}</h1>${paras.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article>
<footer>© Fixture Post</footer></body></html>`;
}

/** A site home page that advertises its feed and holds no article. */
export function homePage(feedPath: string): string {
  return `<!DOCTYPE html><html><head><title>Fixture Post — home</title>
<link rel="alternate" type="application/rss+xml" title="Fixture Post RSS" href="${feedPath}"></head>
<body><ul>${Array.from({ length: 12 }, (_, i) => `<li><a href="/articles/${i}">${esc(articleTitle(i))}</a></li>`).join('')}</ul></body></html>`;
}

/** A page that only says JavaScript is needed. */
export const JS_SHELL = `<!DOCTYPE html><html><head><title>App</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div><script>boot()</script></body></html>`;
