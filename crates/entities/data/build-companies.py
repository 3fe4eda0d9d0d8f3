# Builds data/companies.txt: names of listed companies the taggers read as a hint (gazetteer bit
# GAZ_COMPANY; never found as entities on their own), one a line, sorted. Source: the PyPI
# package pytickersymbols 1.17.10 (MIT), the constituents of 20 stock indices (DAX, MDAX, SDAX,
# TecDAX, CAC 40, CAC Mid 60, FTSE 100, IBEX 35, AEX, BEL 20, Switzerland 20, EURO STOXX 50,
# OMX Stockholm 30, OMX Helsinki 25, NIKKEI 225, S&P 100/500/600, NASDAQ 100, DOW JONES).
# Only the names are read. Each name is kept as the package writes it and without its legal
# form or a trailing `Group`/`Holding(s)` (`Porsche SE` -> `Porsche`, `Volkswagen Group` ->
# `Volkswagen`), as articles name them.
#
#   pip download --no-deps pytickersymbols==1.17.10 -d /tmp/tick && unzip -o /tmp/tick/*.whl -d /tmp/tick
#   PYTHONPATH=/tmp/tick python3 crates/entities/data/build-companies.py > crates/entities/data/companies.txt
import re

from pytickersymbols import PyTickerSymbols

# Legal forms and words that follow a company's name: dropped from the end, repeatedly
# (`Fresenius SE & Co. KGaA` -> `Fresenius`).
TRAILING = {
    "inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co", "co.", "company",
    "plc", "ltd", "ltd.", "limited", "ag", "se", "sa", "s.a.", "nv", "n.v.", "ab", "asa",
    "a/s", "oyj", "spa", "s.p.a.", "kgaa", "gmbh", "&", "group", "holding", "holdings",
    "the",
}


def variants(name):
    """The name as written, and without its trailing legal form."""
    name = re.sub(r"\s+", " ", name.replace(",", " ")).strip()
    yield name
    words = name.split(" ")
    while len(words) > 1 and words[-1].lower() in TRAILING:
        words.pop()
    yield " ".join(words)


names = set()
for stock in PyTickerSymbols().get_all_stocks():
    for variant in variants(stock["name"]):
        # Two characters or fewer (`3M`, `HP`) and names without letters say too little.
        if len(variant) > 2 and any(c.isalpha() for c in variant):
            names.add(variant)
for name in sorted(names):
    print(name)
