/**
 * A small gazetteer: country names (lowercase) and common short forms of places, so the
 * entity extractor classifies them without a lexicon look-up.
 */

/** Sovereign states and widely used territory names, lowercase. */
export const COUNTRIES: ReadonlySet<string> = new Set(
  (
    'afghanistan,albania,algeria,andorra,angola,argentina,armenia,australia,austria,azerbaijan,bahamas,bahrain,' +
    'bangladesh,barbados,belarus,belgium,belize,benin,bhutan,bolivia,bosnia,bosnia and herzegovina,botswana,brazil,' +
    'brunei,bulgaria,burkina faso,burundi,cambodia,cameroon,canada,cape verde,central african republic,chad,chile,' +
    'china,colombia,comoros,congo,costa rica,croatia,cuba,cyprus,czech republic,czechia,denmark,djibouti,dominica,' +
    'dominican republic,ecuador,egypt,el salvador,equatorial guinea,eritrea,estonia,eswatini,ethiopia,fiji,finland,' +
    'france,gabon,gambia,georgia,germany,ghana,greece,grenada,guatemala,guinea,guinea-bissau,guyana,haiti,honduras,' +
    'hungary,iceland,india,indonesia,iran,iraq,ireland,israel,italy,ivory coast,jamaica,japan,jordan,kazakhstan,' +
    'kenya,kiribati,kosovo,kuwait,kyrgyzstan,laos,latvia,lebanon,lesotho,liberia,libya,liechtenstein,lithuania,' +
    'luxembourg,madagascar,malawi,malaysia,maldives,mali,malta,mauritania,mauritius,mexico,moldova,monaco,mongolia,' +
    'montenegro,morocco,mozambique,myanmar,burma,namibia,nauru,nepal,netherlands,new zealand,nicaragua,niger,nigeria,' +
    'north korea,north macedonia,norway,oman,pakistan,palau,palestine,panama,papua new guinea,paraguay,peru,' +
    'philippines,poland,portugal,qatar,romania,russia,rwanda,samoa,san marino,saudi arabia,senegal,serbia,seychelles,' +
    'sierra leone,singapore,slovakia,slovenia,somalia,south africa,south korea,south sudan,spain,sri lanka,sudan,' +
    'suriname,sweden,switzerland,syria,taiwan,tajikistan,tanzania,thailand,togo,tonga,trinidad and tobago,tunisia,' +
    'turkey,turkiye,turkmenistan,tuvalu,uganda,ukraine,united arab emirates,united kingdom,united states,' +
    'united states of america,uruguay,uzbekistan,vanuatu,vatican,venezuela,vietnam,yemen,zambia,zimbabwe,' +
    'england,scotland,wales,northern ireland,britain,great britain,greenland,hong kong,macau,tibet,gaza,west bank,' +
    'crimea,kashmir,puerto rico,europe,asia,africa,antarctica,north america,south america,latin america,' +
    'central america,middle east,caribbean,balkans,scandinavia'
  ).split(','),
);

/** Abbreviations and short forms that name places. */
export const PLACE_ALIASES: ReadonlySet<string> = new Set(['u.s.', 'us', 'usa', 'u.s.a.', 'uk', 'u.k.', 'uae', 'drc']);
