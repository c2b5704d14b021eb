/**
 * The news topic taxonomy: a fixed list of topics with weighted cue vocabulary.
 *
 * Cue words are general news vocabulary for each field (not names lifted from particular
 * articles); a few household-name institutions that unambiguously signal a field (NASA,
 * NATO, FIFA) are included because they are how headlines name the field. Matching is on
 * lowercase stemmed words (see tag-topics.ts), so "elections" matches "election".
 */

/** One topic of the taxonomy. */
export interface TopicDef {
  /** Stable id used in storage and commands, kebab-case. */
  id: string;
  /** Human label shown in digests. */
  label: string;
  /** Other names people type for it ("tech", "sports"). */
  aliases: string[];
  /** Cue words and phrases with their weight (about 0.5 weak … 3 decisive). */
  keywords: Record<string, number>;
  /**
   * Cues of `keywords` with other common senses, which count only when the text has another of
   * the topic's cues or a publisher category names the topic: a three-year "trial" of tidal
   * turbines is not a court case, and towns that "judge" whether it suits them are not in court.
   */
  supportingCues?: string[];
  /** Importance in digests, 0.5–1.5 (1 = neutral). */
  weight: number;
}

/** Builds a keyword record from "word:weight" lists; words without a weight get `dflt`. */
function cues(dflt: number, list: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of list.split(',')) {
    const trimmed = item.trim();
    if (!trimmed) continue;
    const [word, w] = trimmed.split(':');
    out[word.trim().toLowerCase()] = w ? Number(w) : dflt;
  }
  return out;
}

/** Every topic Newsdesk knows, in display order. */
export const TAXONOMY: TopicDef[] = [
  {
    id: 'world',
    label: 'World',
    aliases: ['international', 'global', 'foreign', 'world news'],
    keywords: cues(1, `international, foreign, united nations:2, overseas:1.5, abroad:1.5, global:0.7,
      countries:0.7, nations:1, refugee:1.5, refugees:1.5, humanitarian:1.5, aid:0.7, embassy:1.5, border:1,
      regime:1, sovereignty:1.5, european union:1.5, eu:1, african union:2, middle east:2, asia:1, africa:1,
      europe:0.7, latin america:1.5, region:0.5, capital:0.5, president:0.5`),
    weight: 1.0,
  },
  {
    id: 'politics',
    label: 'Politics',
    aliases: ['political', 'government', 'policy'],
    keywords: cues(1, `government:1, minister:1.5, prime minister:2, parliament:2, mp:2, mps:2, commons:2,
      house of lords:2, lords:1, senate:2, senator:2, congress:2, congressman:2, lawmakers:2, legislation:1.5,
      bill:1, law:0.5, policy:1, party:1, labour:2, tory:2.5, tories:2.5, conservative:1.5, conservatives:2,
      liberal democrat:2.5, lib dem:2.5, lib dems:2.5, democrat:1.5, democrats:2, republican:2, republicans:2,
      opposition:1.5, cabinet:2, chancellor:1, home secretary:2.5, secretary:0.5, downing street:2,
      white house:1.5, politician:2, politicians:2, political:2, coalition:1, manifesto:2.5, referendum:1.5,
      reform:0.7, campaign:0.7, vote:1, voters:1.5, ministers:1.5, spokesman:0.3, leader:0.7, tax:0.5,
      constituency:2, whip:1.5, backbench:2, backbencher:2, peers:1.5, speaker:0.7, governor:1, mayor:1,
      council:0.7, ruling party:2, premier:1, president:0.5, asylum:1, immigration:1.5`),
    weight: 1.1,
  },
  {
    id: 'elections',
    label: 'Elections',
    aliases: ['election', 'vote', 'voting', 'polls'],
    keywords: cues(1.5, `election:3, elections:3, general election:3, ballot:2.5, ballots:2.5, polling:2,
      poll:1, polls:1.5, voters:2, vote:1, votes:1.5, voting:2, turnout:2.5, candidate:2, candidates:2,
      campaign:1, campaigning:2, electoral:3, constituency:1.5, seats:1.5, landslide:2, runoff:3,
      primary:1, primaries:2.5, electorate:2.5, re-election:3, reelection:3, polling station:3, opinion poll:3,
      exit poll:3, majority:1, inauguration:2, recount:3, elected:1.5, manifesto:1.5`),
    weight: 1.1,
  },
  {
    id: 'war-conflict',
    label: 'War & conflict',
    aliases: ['war', 'conflict', 'wars', 'fighting'],
    keywords: cues(1.5, `war:3, wars:2.5, warfare:2.5, fighting:2, battle:2, battlefield:3, front line:3,
      frontline:3, ceasefire:3, truce:3, invasion:3, invaded:2.5, offensive:2, attack:1, attacks:1,
      airstrike:3, airstrikes:3, strike:0.7, strikes:0.7, shelling:3, shelled:3, missile:1.5, missiles:1.5,
      drone:1.5, drones:1.5, artillery:2.5, troops:2, soldiers:2, killed:1, casualties:2.5, civilians:1.5,
      prisoner:1, prisoners:1.5, prisoner exchange:3, swap:1, captivity:2, captives:2, hostage:2.5,
      hostages:2.5, occupied:2, annexed:2.5, militants:2.5, insurgents:3, rebels:2.5, rebel:2, militia:2.5,
      bombing:2, bombardment:3, combat:2, conflict:2, siege:2.5, peace talks:2.5, hostilities:3, insurgency:3,
      terrorism:1.5, terrorist:1.5, gaza:2, hamas:2.5, hezbollah:2.5, taliban:2, mobilization:2,
      mobilisation:2, ukraine:1, kremlin:1`),
    weight: 1.3,
  },
  {
    id: 'diplomacy',
    label: 'Diplomacy',
    aliases: ['diplomatic', 'foreign affairs', 'foreign policy', 'international relations'],
    keywords: cues(1.5, `diplomacy:3, diplomatic:3, diplomat:2.5, diplomats:2.5, foreign minister:3,
      foreign ministry:2.5, secretary of state:2, ambassador:2.5, embassy:2, talks:1.5, negotiations:2,
      negotiate:1.5, summit:2.5, bilateral:3, multilateral:3, treaty:2.5, accord:1.5, agreement:1,
      sanctions:2, envoy:3, relations:1.5, ties:1.5, strategic partnership:3, partnership:1, alliance:1.5,
      allies:1.5, peace deal:2.5, peace agreement:2.5, mediation:2.5, mediator:2.5, state visit:3,
      visit:0.7, united nations:2, security council:2.5, nato:1.5, g7:2.5, g20:2.5, cooperation:1,
      counterpart:2, leaders:1, confidence-building:3, recognition:1`),
    weight: 1.0,
  },
  {
    id: 'military-defence',
    label: 'Military & defence',
    aliases: ['military', 'defence', 'defense', 'armed forces', 'army', 'navy'],
    keywords: cues(1.5, `military:3, defence:2.5, defense:2.5, army:2.5, navy:3, naval:3, air force:3,
      warship:3, warships:3, destroyer:3, frigate:3, submarine:3, aircraft carrier:3, fighter jet:3,
      fighter jets:3, weapons:2, weapon:2, arms:1.5, missile:2, missiles:2, ballistic:2.5, nuclear:1,
      nuclear-armed:3, warhead:3, troops:1.5, soldiers:1, pentagon:3, ministry of defence:3, defense ministry:2,
      defence ministry:2, joint chiefs:3, general:0.7, commander:1.5, admiral:3, drills:2.5, exercises:1.5,
      military exercises:3, arms race:3, nato:2, deterrence:3, munitions:3, artillery:1.5, radar:2,
      battalion:3, brigade:2, conscription:3, veterans:1.5, armed forces:3, defence spending:3`),
    weight: 1.0,
  },
  {
    id: 'business',
    label: 'Business',
    aliases: ['companies', 'markets', 'finance', 'corporate', 'money'],
    keywords: cues(1, `company:1.5, companies:1.5, firm:2, firms:2, business:1.5, businesses:1.5, shares:2.5,
      shareholders:3, share price:3, stock:1.5, stocks:2, stock market:3, stock exchange:3, profit:2.5,
      profits:2.5, revenue:2.5, revenues:2.5, sales:2, turnover:2, earnings:2.5, results:0.7, chief executive:2,
      ceo:2.5, chairman:1.5, board:1, investors:2.5, investor:2.5, investment:1.5, merger:3, acquisition:2.5,
      takeover:3, deal:1, bid:1.5, market:1, markets:1.5, analysts:1.5, dividend:3, bank:1, banks:1.5,
      banking:2, retailer:3, retail:2, customers:1, brand:1.5, contract:1, contracts:1, industry:1,
      manufacturer:2, airline:2, bankruptcy:2.5, debt:1, loss:1, losses:1.5, quarter:1.5, quarterly:2,
      billion:1, bn:1, corporate:2, startup:1.5, ipo:3, valuation:2, pension:1, insurer:2.5, oil:1,
      wall street:2.5, nasdaq:2.5, ftse:3, dow jones:3, executives:1.5, jobs:0.7, consumer:1, consumers:1,
      sector:1, price:0.7, prices:1, trading:1.5, founder:1, economy:1, economic:1, trade:1, exports:1,
      imports:1, inflation:1, interest rates:1, growth:0.7, tax:0.5, budget:0.5, strike:0.5, unions:0.7`),
    weight: 1.0,
  },
  {
    id: 'economy',
    label: 'Economy',
    aliases: ['economic', 'economics', 'the economy'],
    keywords: cues(1.5, `economy:3, economic:2.5, economies:3, gdp:3, growth:1.5, inflation:3, interest rates:3,
      interest rate:3, central bank:3, federal reserve:3, bank of england:3, recession:3, unemployment:3,
      jobless:3, employment:1.5, wages:2, deficit:2.5, budget:1.5, tax:1, taxes:1, spending:1, borrowing:2,
      exports:2.5, imports:2.5, trade:1.5, tariffs:3, tariff:3, currency:2.5, dollar:1.5, euro:1.5, yen:2,
      sterling:2, exchange rate:3, consumer spending:3, house prices:3, housing market:3, mortgage:2,
      productivity:2.5, fiscal:3, monetary:3, economists:3, economist:3, imf:3, world bank:3, opec:2, oil price:2,
      oil prices:2.5, forecast:1, figures:1, manufacturing:1.5, output:1.5, slowdown:2.5, stimulus:2.5, debt:1`),
    weight: 1.1,
  },
  {
    id: 'technology',
    label: 'Technology',
    aliases: ['tech', 'technology news', 'it', 'digital', 'computing'],
    keywords: cues(1.5, `technology:2.5, tech:2.5, technologies:2.5, software:3, hardware:2.5, computer:3,
      computers:3, computing:3, internet:3, online:2, web:2.5, website:2, websites:2.5, net:0.7, broadband:3,
      digital:2, mobile:2, mobile phone:3, mobiles:2.5, phone:1.5, phones:2, smartphone:3, smartphones:3,
      handset:3, handsets:3, gadget:3, gadgets:3, device:2, devices:2.5, app:2, apps:2.5, users:2, user:1.5,
      download:2.5, downloads:2.5, downloading:2.5, file-sharing:3, peer-to-peer:3, virus:1.5, viruses:2,
      spam:3, hackers:3, hacker:3, hacking:3, cyber:3, cybersecurity:3, malware:3, security:0.7, data:1,
      microsoft:3, apple:2, google:3, ibm:3, intel:3, sony:1.5, nintendo:3, playstation:3, xbox:3, console:2.5,
      consoles:3, video games:3, games:1, gaming:2.5, gamers:3, chip:2.5, chips:2, processor:3, silicon:2,
      search engine:3, blog:2.5, blogs:2.5, bloggers:3, wireless:3, wi-fi:3, wifi:3, bluetooth:3, ipod:3,
      music players:3, dvd:1.5, high-definition:2, hd:1.5, tv:0.5, robot:2.5, robots:2.5, artificial intelligence:3,
      ai:3, algorithm:2.5, satellite:1, starlink:2, e-mail:2.5, email:2.5, emails:2.5, pc:3, pcs:3, laptop:3,
      laptops:3, operating system:3, linux:3, windows:1.5, browser:3, firefox:3, open source:3, programmers:3,
      telecoms:2.5, network:1.5, networks:1.5, innovation:1.5, electronics:2.5, engineers:1, tech firms:3,
      elon musk:1, spacex:1.5`),
    weight: 1.0,
  },
  {
    id: 'science',
    label: 'Science',
    aliases: ['research', 'scientific'],
    keywords: cues(1.5, `science:3, scientific:3, scientist:3, scientists:3, researchers:2.5, research:2,
      study:1.5, studies:1.5, experiment:2.5, experiments:2.5, laboratory:2.5, lab:1.5, physics:3, chemistry:3,
      biology:3, species:2.5, evolution:2.5, fossil:3, fossils:3, dinosaur:3, genome:3, genetic:2.5, gene:2.5,
      genes:2.5, dna:3, cells:2, molecule:3, particle:3, quantum:3, discovery:1.5, journal:2, published:0.7,
      professor:1.5, university:1, archaeologists:3, telescope:2.5, nature journal:3`),
    weight: 0.9,
  },
  {
    id: 'space',
    label: 'Space',
    aliases: ['space news', 'spaceflight', 'astronomy', 'nasa'],
    keywords: cues(2, `space:2, spacecraft:3, space station:3, international space station:3, nasa:3,
      esa:3, astronaut:3, astronauts:3, cosmonaut:3, rocket:3, rockets:3, launch:1, orbit:3, orbital:3,
      orbiting:3, capsule:2.5, capsules:2.5, satellite:2, satellites:2, moon:2.5, lunar:3, mars:3, planet:3,
      planets:3, asteroid:3, comet:3, galaxy:3, telescope:2.5, spacex:3, soyuz:3, starship:3, starliner:3,
      dragon capsule:3, probe:1.5, mission:1, missions:1, space agency:3, spaceflight:3, crew:1, cosmos:2,
      solar system:3, black hole:3, astronomers:3, hubble:3, roscosmos:3`),
    weight: 0.9,
  },
  {
    id: 'health',
    label: 'Health',
    aliases: ['medicine', 'medical', 'healthcare', 'health care'],
    keywords: cues(1.5, `health:2.5, healthcare:3, hospital:2.5, hospitals:2.5, patients:3, patient:3,
      doctor:2, doctors:2.5, nurses:3, nhs:3, disease:3, diseases:3, virus:1.5, vaccine:3, vaccines:3,
      vaccination:3, cancer:3, heart disease:3, diabetes:3, obesity:3, drug:1.5, drugs:1.5, medicine:2.5,
      medical:2, treatment:2, surgery:2.5, infection:3, infections:3, outbreak:2.5, pandemic:3, epidemic:3,
      flu:3, bird flu:3, covid:3, mental health:3, clinic:2.5, gp:2.5, gps:2.5, pharmaceutical:2.5, smoking:2,
      symptoms:3, diagnosis:3, world health organization:3, illness:2.5, care:0.7`),
    weight: 1.1,
  },
  {
    id: 'climate-environment',
    label: 'Climate & environment',
    aliases: ['climate', 'environment', 'environmental', 'climate change', 'green'],
    keywords: cues(1.5, `climate:3, climate change:3, global warming:3, emissions:3, carbon:2.5,
      greenhouse:3, environment:2.5, environmental:3, pollution:3, renewable:2.5, renewables:2.5,
      solar power:2, wind farm:3, fossil fuels:3, deforestation:3, biodiversity:3, wildlife:2.5,
      conservation:2.5, endangered:2.5, species:1, habitat:2.5, recycling:3, plastic:1.5, kyoto:3,
      net zero:3, sea levels:3, drought:2, heatwave:2, glacier:3, ice:0.7, ecosystem:3, green:0.7,
      environmentalists:3, greenpeace:3`),
    weight: 1.0,
  },
  {
    id: 'sport',
    label: 'Sport',
    aliases: ['sports', 'sporting'],
    keywords: cues(1.5, `sport:2, sports:2, match:2, matches:2, game:1, games:0.7, team:1.5, teams:1.5,
      player:2.5, players:2.5, coach:2.5, manager:0.7, season:1.5, league:2.5, cup:2, world cup:3,
      champion:2.5, champions:2.5, championship:2.5, championships:2.5, tournament:2.5, final:1.5, finals:2,
      semi-final:3, quarter-final:3, goal:2, goals:2, score:0.5, scored:2.5, win:0.7, won:0.5, wins:1,
      victory:1, defeat:1, beat:0.7, draw:0.7, squad:2.5, injury:2, injured:1, fans:1.5, stadium:2.5,
      football:3, soccer:3, rugby:3, cricket:3, tennis:3, golf:3, athletics:3, olympic:3, olympics:3,
      boxing:3, marathon:2.5, race:0.5, racing:2, formula one:3, striker:3, midfielder:3, defender:2.5,
      goalkeeper:3, referee:3, penalty:1.5, premiership:3, premier league:3, fifa:3, uefa:3, club:1.5,
      clubs:1.5, captain:2, medal:3, medals:3, title:0.7, seed:1, seeded:3, wimbledon:3, grand slam:3,
      open:0.5, test match:3, innings:3, wicket:3, wickets:3, six nations:3, try:0.5, tries:1, fly-half:3,
      coach:2.5, sprinter:3, sprint:2, relay:2.5, olympian:3, world record:2.5, hurdles:3, tackle:2,
      half-time:3, kick:1.5, nba:3, nfl:3, mlb:3, playoffs:3, quarterback:3, pitch:1`),
    weight: 0.8,
  },
  {
    id: 'culture-entertainment',
    label: 'Culture & entertainment',
    aliases: ['entertainment', 'culture', 'arts', 'celebrity', 'showbiz', 'film', 'music'],
    keywords: cues(1.5, `film:3, films:3, movie:3, movies:3, cinema:3, box office:3, director:1.5,
      actor:3, actors:3, actress:3, star:1.5, stars:1.5, starring:3, starred:3, oscar:3, oscars:3, academy award:3,
      award:1.5, awards:2, nominated:2.5, nomination:2.5, nominations:2.5, bafta:3, grammy:3, grammys:3,
      golden globe:3, music:2.5, album:3, albums:3, single:1, song:3, songs:3, singer:3, band:2.5, bands:2.5,
      concert:3, tour:1.5, chart:2.5, charts:2.5, pop:2.5, rock:2, rapper:3, hip-hop:3, festival:2, theatre:3,
      theater:3, musical:3, stage:1.5, play:0.5, show:1.5, shows:1.5, television:2, tv:1.5, series:1.5,
      sitcom:3, drama:2.5, comedy:2.5, comedian:3, channel:1, bbc one:2, itv:2, audience:1.5, audiences:2,
      viewers:2, episode:3, hollywood:3, celebrity:3, celebrities:3, fashion:2, artist:2, artists:2, art:1.5,
      gallery:2.5, museum:2, exhibition:2.5, book:1.5, books:1.5, novel:3, author:2, authors:2, literary:3,
      prize:1, dvd:1, record label:3, entertainment:3, screen:1.5, studio:2, studios:2.5, sequel:3,
      soundtrack:3, premiere:3, documentary:2.5, video:0.5, royal:1, royals:1.5`),
    weight: 0.7,
  },
  {
    id: 'crime-justice',
    label: 'Crime & justice',
    aliases: ['crime', 'justice', 'courts', 'law', 'legal', 'police'],
    keywords: cues(1.5, `crime:3, crimes:3, criminal:2.5, police:2.5, officers:1.5, arrested:3, arrest:2.5,
      charged:2.5, charges:2, court:2.5, courts:2.5, trial:2.5, judge:2.5, jury:3, verdict:3, guilty:3,
      convicted:3, conviction:3, sentence:1.5, sentenced:3, jail:3, prison:2.5, prosecutors:3, prosecutor:3,
      prosecution:2.5, lawyer:2, lawyers:2, defendant:3, murder:3, murdered:3, fraud:2.5, theft:3, robbery:3,
      shooting:2, stabbing:3, investigation:1.5, detectives:3, suspect:3, suspects:3, lawsuit:2.5, sued:2.5,
      appeal:1.5, supreme court:2, high court:2.5, crown court:3, magistrates:3, victims:1.5, gang:2.5,
      drug trafficking:3, smuggling:2.5, corruption:2, bribery:3, detained:2, custody:2.5, law enforcement:2.5,
      fbi:3, scotland yard:3, anti-social behaviour:3, offenders:3, offence:2.5, offences:2.5`),
    supportingCues: ['trial', 'judge', 'sentence', 'appeal', 'charges', 'investigation', 'custody'],
    weight: 0.9,
  },
  {
    id: 'education',
    label: 'Education',
    aliases: ['schools', 'universities', 'learning'],
    keywords: cues(1.5, `education:3, school:2, schools:2.5, pupils:3, students:2.5, student:2, teachers:3,
      teacher:3, university:1.5, universities:2.5, tuition fees:3, tuition:2.5, exam:3, exams:3, gcse:3,
      a-levels:3, curriculum:3, classroom:3, college:1.5, graduates:2.5, degree:1.5, literacy:2.5, ofsted:3,
      headteacher:3, campus:2.5`),
    weight: 0.8,
  },
  {
    id: 'disasters',
    label: 'Disasters & weather',
    aliases: ['disaster', 'weather', 'natural disasters', 'accidents'],
    keywords: cues(1.5, `earthquake:3, quake:3, tsunami:3, hurricane:3, typhoon:3, cyclone:3, tornado:3,
      flood:2.5, floods:3, flooding:3, wildfire:3, wildfires:3, landslide:1.5, avalanche:3, volcano:3,
      eruption:3, storm:2.5, storms:2.5, weather:2, snow:2, heatwave:2, drought:2, disaster:3, disasters:3,
      evacuated:2.5, evacuation:2.5, rescue:2, rescuers:3, death toll:3, survivors:2, relief:1, crash:1.5,
      derailed:3, explosion:2, collapsed:2, fire:1`),
    weight: 1.2,
  },
  {
    id: 'energy',
    label: 'Energy',
    aliases: ['oil', 'gas', 'power', 'energy prices'],
    keywords: cues(1.5, `energy:3, oil:2, gas:2, crude:3, barrel:3, barrels:3, opec:3, pipeline:2.5,
      electricity:3, power station:3, power plant:3, nuclear power:3, reactor:2.5, coal:2.5, renewable:2,
      solar:2, wind power:3, fuel:2, fuel prices:3, petrol:2.5, energy prices:3, utilities:2.5, grid:2,
      refinery:3, lng:3, blackout:2.5`),
    weight: 0.9,
  },
];

/**
 * Finds a topic by id, label or alias, case-insensitively and ignoring "&"/"and" and
 * punctuation: "tech" → technology, "war" → war & conflict, "sports" → sport.
 */
export function findTopic(query: string): TopicDef | undefined {
  const q = normalise(query);
  if (!q) return undefined;
  return (
    TAXONOMY.find((t) => normalise(t.id) === q || normalise(t.label) === q) ??
    TAXONOMY.find((t) => t.aliases.some((a) => normalise(a) === q)) ??
    TAXONOMY.find((t) => normalise(t.label).split(' ').includes(q))
  );
}

function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/\band\b/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
