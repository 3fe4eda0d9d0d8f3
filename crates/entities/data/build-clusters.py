#!/usr/bin/env python3
"""Builds clusters-<lang>.bin: Brown word clusters for the taggers, from spacy-lookups-data.

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/spacy-lookups-data
    python3 crates/entities/data/build-clusters.py \
        /tmp/spacy-lookups-data/spacy_lookups_data-1.0.5-py2.py3-none-any.whl crates/entities/data

For each language the package has clusters for (de, en, es): the WORDS most frequent words
(by the package's `lexeme_prob`), case as written. Format, little-endian: magic `ENRCLU01`,
u32 count, count u32 keys (sorted), count u32 values. A key is the high 32 bits of the
tagger's `FeatureHash::new(40).str(word).finish()` (`src/clusters.rs`). A value holds the
word's cluster in its low 24 bits (spaCy's integer for the Brown path: bit i is the path's
i-th step from the root, so the low k bits are the path's first k steps; 0: the package gives
the word no cluster) and its frequency in the top 8 (-8 * ln p, at most 255: smaller is more
frequent), which tells a word usually written in lower case (`Goals`, `Gobierno`) from a name.
Keys that collide are dropped (both words).
"""
import gzip
import json
import os
import struct
import sys
import zipfile

WORDS = 400_000
LANGUAGES = ["de", "en", "es"]
MASK = (1 << 64) - 1


def key(word):
    h = 0xCBF29CE484222325
    for b in bytes([40]) + word.encode("utf-8") + bytes([0xFF]):
        h ^= b
        h = (h * 0x100000001B3) & MASK
    z = h
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    z ^= z >> 31
    return z >> 32


def table(wheel, name):
    return json.loads(gzip.decompress(wheel.read(f"spacy_lookups_data/data/{name}.json.gz")))


with zipfile.ZipFile(sys.argv[1]) as wheel:
    for lang in LANGUAGES:
        clusters = table(wheel, f"{lang}_lexeme_cluster")
        prob = table(wheel, f"{lang}_lexeme_prob")
        words = [w for w in prob if w.strip()]
        words.sort(key=lambda w: (-prob[w], w))
        entries = {}
        collided = set()
        for word in words[:WORDS]:
            k = key(word)
            if k in entries:
                collided.add(k)
            cluster = clusters.get(word, 0)
            assert cluster < 1 << 24
            entries[k] = cluster | min(255, round(-8 * prob[word])) << 24
        for k in collided:
            del entries[k]
        keys = sorted(entries)
        with open(os.path.join(sys.argv[2], f"clusters-{lang}.bin"), "wb") as out:
            out.write(b"ENRCLU01")
            out.write(struct.pack("<I", len(keys)))
            out.write(struct.pack(f"<{len(keys)}I", *keys))
            out.write(struct.pack(f"<{len(keys)}I", *(entries[k] for k in keys)))
        print(f"{lang}: {len(keys)} words ({len(collided)} colliding keys dropped)", file=sys.stderr)
