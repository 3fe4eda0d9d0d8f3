#!/usr/bin/env python3
"""Builds de-nouns.txt: every one-word form of the German common nouns of Wiktionary.

    pip download --no-deps german-nouns==1.2.5 -d /tmp/german-nouns
    python3 crates/entities/data/build-de-nouns.py /tmp/german-nouns/german_nouns-1.2.5-py3-none-any.whl \
        > crates/entities/data/de-nouns.txt

Only entries whose part of speech is `Substantiv` (optionally with adjectival declension,
`Abgeordnete`): proper nouns (`Eigenname`, `Toponym`, `Vorname`, `Nachname`) are left out,
because the list tells the German tagger which capitalised words are ordinary nouns.
Forms are lower-cased (the tagger's `TokenInfo::lower`), one a line, sorted.
"""
import csv
import io
import sys
import zipfile

COMMON = {"Substantiv", "adjektivische Deklination"}

with zipfile.ZipFile(sys.argv[1]) as wheel:
    text = wheel.read("german_nouns/nouns.csv").decode("utf-8")
rows = csv.reader(io.StringIO(text))
header = next(rows)
first_form = header.index("nominativ singular")
forms = set()
for row in rows:
    if not set(row[1].split(",")) <= COMMON:
        continue
    for form in [row[0]] + row[first_form:]:
        form = form.strip()
        if form and form[0].isupper() and " " not in form and not any(c.isdigit() for c in form):
            forms.add(form.lower())
sys.stdout.write("".join(f + "\n" for f in sorted(forms)))
