"""Copies of corpus packs with every invented place renamed, to check that extraction does not hang on the names.

    python bench/rename_places.py SEED OUTDIR PACK...
    python bench/extract_eval.py OUT.jsonl OUTDIR/PACK/dev/*.txt --gold OUTDIR/PACK/dev

A pack's README marks its invented markets as *system-id*; for each such market whose jurisdiction the gazetteer
does not know, the English stem of the jurisdiction's name ("Calvetra" in "Republic of Calvetra") becomes a random
one of the same length and initial, and its Chinese stem (卡尔韦特拉 in 卡尔韦特拉共和国) random transliteration
characters, everywhere in the split's texts and gold (derived forms follow: "Calvetran" keeps its ending). If the
scores of the copies match the originals', the rules read the shapes of names, not the names they were written
against (bench/README.md "Extraction / Session 16").
"""
from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.gazetteer import gazetteer  # noqa: E402

# Words of a jurisdiction's name that say what kind of place it is, not which.
KIND_WORDS = {"Republic", "State", "Province", "City", "Kingdom", "Federation", "Federal", "of", "the", "The", "Islands",
              "Island", "Commonwealth", "Union", "Territory", "Region", "Emirate", "Principality", "Free", "United",
              "Democratic", "People", "Capital", "Special", "Administrative", "Autonomous", "Grand", "Duchy",
              "Municipality", "County", "Prefecture", "Metropolitan", "Greater", "Sultanate", "Confederation", "States",
              "Northern", "Southern", "Eastern", "Western", "North", "South", "East", "West", "Canton", "Land"}
ZH_KIND = ("共和国", "联邦", "王国", "合众国", "自治区", "特别行政区", "群岛", "公国", "酋长国", "苏丹国", "州", "省", "市", "国",
           "县", "区", "岛", "邦")
ZH_CHARS = "阿巴贝达德多尔菲格哈赫基卡科拉勒利林伦罗马米莫纳尼诺帕佩萨斯索塔特托瓦维乌西雅亚泽凯扎库明图兰恩"
VOWELS, CONSONANTS = "aeiou", "bdfgklmnprstvz"


def invented_stems(pack: Path, split: str) -> tuple[set[str], set[str]]:
    """The English and Chinese stems of the invented jurisdictions of one split of a pack."""
    readme = (pack / "README.md").read_text(encoding="utf-8")
    en, zh = set(), set()
    with open(pack / split / "systems.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            je, jz = row["jurisdiction_en"], row["jurisdiction_zh"]
            if (not re.search(r"\*" + re.escape(row["system_id"]) + r"\*", readme)
                    or gazetteer().find(je, "en") or gazetteer().find(jz, "zh")):
                continue
            en |= {w for w in re.findall(r"[A-Z][a-zà-ÿ'’-]+", je) if w not in KIND_WORDS and len(w) >= 4}
            stem = jz
            while any(stem.endswith(k) and len(stem) > len(k) + 1 for k in ZH_KIND):
                stem = next(stem[:-len(k)] for k in ZH_KIND if stem.endswith(k) and len(stem) > len(k) + 1)
            if len(stem) >= 2:
                zh.add(stem)
    return en, zh


def new_names(en: set[str], zh: set[str], rnd: random.Random) -> dict[str, str]:
    out = {}
    for word in sorted(en):
        name, vowel = word[0].upper(), word[0].lower() in VOWELS
        while len(name) < len(word):
            name += rnd.choice(CONSONANTS if vowel else VOWELS)
            vowel = not vowel
        out[word] = name
    for stem in sorted(zh):
        out[stem] = "".join(rnd.choice(ZH_CHARS) for _ in stem)
    return out


def main(argv: list[str]) -> None:
    seed, out_dir, packs = int(argv[0]), Path(argv[1]), argv[2:]
    rnd = random.Random(seed)
    en, zh = set(), set()
    for name in packs:
        e, z = invented_stems(ROOT / "tests" / "corpus" / name, "dev")
        en |= e
        zh |= z
    names = new_names(en, zh, rnd)
    if not names:
        sys.exit("no invented places found in these packs")
    # Longest first, so that a stem inside a longer one is replaced whole.
    rx = re.compile("|".join(re.escape(k) for k in sorted(names, key=len, reverse=True)))
    for name in packs:
        src, dst = ROOT / "tests" / "corpus" / name / "dev", out_dir / name / "dev"
        dst.mkdir(parents=True, exist_ok=True)
        for f in src.iterdir():
            if f.is_file():
                (dst / f.name).write_text(rx.sub(lambda m: names[m.group(0)], f.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{len(names)} stems renamed into {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
