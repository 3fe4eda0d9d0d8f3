#!/usr/bin/env python3
"""Finds lines of the shared language-ID sentence set that are not clean examples of their
file's language, without asking our own detector (so the list cannot hide its mistakes).

    pip install ftfy langid pycld2
    python3 scripts/langid-mislabelled.py ../shared/langid/sentences > crates/bench/data/langid-mislabelled.tsv

A line is flagged, with the first reason that applies:
- `mojibake`: letters were mis-decoded: ftfy's repair changes a letter of the line, or it holds
  U+FFFD or "ďż˝" (a replacement character read in the wrong code page), or, in the Turkish
  file, ý þ ð (Windows-1254's ı ş ğ read as Windows-1252; ftfy does not see it). A stray C1
  control character in place of a quote (French, Norwegian) leaves the letters alone and is kept;
- `script`: under half of its letters are in the script most of the file is written in
  (English HTTP headers in the Urdu file);
- `other_language:<code>`: two independent detectors (langid.py and CLD2, trained on other
  data than ours), both of which know the file's language, agree on another language, CLD2
  calling it reliable and langid.py giving it a probability of at least 0.99 (not within
  bs/hr/sr or ms/id: see ONE_LANGUAGE).
Output: `code<TAB>line<TAB>reason`, line numbers from 1 (the set's own text is not copied:
`sed -n 'Np' ../shared/langid/sentences/<code>.txt` shows a line).
"""
import collections
import os
import sys
import unicodedata

import ftfy
import langid
import pycld2
from langid.langid import LanguageIdentifier, model

IDENTIFIER = LanguageIdentifier.from_modelstring(model, norm_probs=True)
LANGID_CODES = set(IDENTIFIER.nb_classes)
# CLD2's and langid.py's names for codes the set files under another name.
RENAME = {"no": "nb", "iw": "he", "zh-Hant": "zh", "jw": "jv", "tl": "tl", "fil": "tl"}
CLD2_CODES = {RENAME.get(code, code) for _, code in pycld2.LANGUAGES}
# One language in several standards, told apart by a handful of words: two detectors agreeing
# on the neighbour is no evidence (read: Bosnian lines with `preduzeća`, `maja` flagged as
# Croatian), so the other-language rule is not applied within these.
ONE_LANGUAGE = [{"bs", "hr", "sr"}, {"ms", "id"}]


def script_of(char):
    name = unicodedata.name(char, "")
    first = name.split(" ")[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA"):
        return "CJK"
    return first


def letters(line):
    return [c for c in line if c.isalpha()]


def mis_decoded(code, line):
    if "\ufffd" in line or "ďż˝" in line:
        return True
    if code == "tr" and any(c in "ýþðÝÞÐ" for c in line):
        return True
    return letters(ftfy.fix_encoding(line)) != letters(line)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "../shared/langid/sentences"
    counts = collections.Counter()
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        code = name[:-4]
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        file_scripts = collections.Counter(script_of(c) for line in lines for c in letters(line))
        main_script = file_scripts.most_common(1)[0][0]
        for number, line in enumerate(lines, 1):
            if not line:
                continue
            reason = None
            if mis_decoded(code, line):
                reason = "mojibake"
            else:
                chars = letters(line)
                if chars and sum(script_of(c) == main_script for c in chars) * 2 < len(chars):
                    reason = "script"
            if reason is None and code in LANGID_CODES and code in CLD2_CODES:
                try:
                    found, _, details = pycld2.detect(line)[:3]
                except pycld2.error:  # C1 control characters: CLD2 refuses the line
                    continue
                cld2 = RENAME.get(details[0][1], details[0][1])
                lid, prob = IDENTIFIER.classify(line)
                lid = RENAME.get(lid, lid)
                same = any(code in group and lid in group for group in ONE_LANGUAGE)
                if found and cld2 == lid and lid != code and prob >= 0.99 and not same:
                    reason = f"other_language:{lid}"
            if reason:
                counts[(code, reason.split(":")[0])] += 1
                print(f"{code}\t{number}\t{reason}")
    for (code, reason), n in sorted(counts.items()):
        print(f"{code} {reason}: {n}", file=sys.stderr)


if __name__ == "__main__":
    main()
