"""Ingest: text -> passages -> mentions and systems -> relations -> facts -> one graph's records.

It reads any prose about carbon markets (news, encyclopedia entries, laws,
factsheets, reports, interviews) by the shape of names and general
predicate classes, with no layout of one report assumed; a report's layout
(headings, section status lines) is one more signal. It is measured against
the hand-labelled development corpus (``tests/corpus``) with
``bench/extract_eval.py``.

Each document goes through the stages on its own (``read_document_facts``);
then the documents' systems are merged into entities. Systems are the same
across documents and languages when they are keyed by the same place (a
gazetteer place has one id in every language; a place the gazetteer does
not know is keyed by its name, Chinese names by their pinyin so that
"岚江省" and "Lanjiang" meet) or by the same name ("RGGI"). Two editions
of one report are aligned passage by passage for search.

Every document's statements are kept, disagreeing ones included: which one
holds, and when, is decided over the documents' dates in ``kg/views.py``.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ingest.align import align_passages, profile, translation_score
from ingest.clean import IngestError
from ingest.formats import read_sources
from ingest.document import DocumentInfo, describe, edition_key, to_simplified
from ingest.entities import DocSystem, Frame, document_systems, slug
from ingest.facts import document_facts
from ingest.gazetteer import gazetteer
from ingest.mentions import demonym_base
from ingest.model import ID, Entity, Fact, GraphFact, Ingested, SourceDocument
from ingest.passages import split_text
from ingest.transliterate import name_pairs
from ingest.vocab import PLACE_MARKET_NAME
from ingest.relations import partner_markets, read_relations

BUNDLED = Path(__file__).resolve().parent / "corpus"


def bundled_corpus() -> list[Path]:
    return sorted(BUNDLED.glob("*.txt"))


def _plain_name(name: str, lang: str) -> str:
    if lang == "zh":
        return re.sub(r"的(?=[^的]*$)", "", name)
    name = re.sub(r"(?<=\w)['’]s?\s+", " ", name)
    # "Omburu's new Emissions Trading System": how new a market is, or whose own, is no part of its name.
    return re.sub(r"\s+(?:own|very own|new|brand-new|fledgling)\s+", " ", name).strip()


@dataclass
class DocumentResult:
    source: SourceDocument
    info: DocumentInfo
    passages: list
    systems: dict[str, DocSystem]
    frames: list[Frame]
    facts: list[Fact]


def read_document_facts(text: str, doc: str, path: str = "", date: str = "") -> DocumentResult:
    """All stages for one document's text."""
    passages = split_text(text, doc)
    info = describe(doc, text, passages[0].lang, date)
    systems, frames = document_systems(passages, info)
    partner_markets(systems, frames)
    facts = document_facts(systems, frames, read_relations(frames), info)
    source = SourceDocument(doc, info.lang, path, hashlib.sha1(text.encode()).hexdigest(), len(text),
                            info.date, info.series, info.edition)
    return DocumentResult(source, info, passages, systems, frames, facts)


def read_documents(paths: list[str | Path], progress: Callable[[str], None] = lambda _: None, date: str = ""):
    """Read and extract each file; errors name the file and stop before anything is written."""
    results = []
    for path, doc, read in read_sources(paths):
        result = read_document_facts(read.text, doc, str(path), date)
        # A PDF's page (an HTML page's element) goes with each passage and each fact's evidence.
        read.locate(result.passages)
        read.locate(f.evidence for f in result.facts)
        result.source.format = read.kind
        results.append(result)
        progress(f"extracted {path.name}")
    return results


def global_key(key: str) -> str:
    """A document's system key as the whole ingest knows it."""
    base, _, ordinal = key.partition("#")
    if base.startswith("new:"):
        name = base[4:]
        if re.search(r"[\u4e00-\u9fff]", name):
            from pypinyin import lazy_pinyin

            name = "".join(lazy_pinyin(re.sub(r"(?:省|市|州|县|国|岛|区)$", "", name)))
        base = "new:" + slug(name)
    return base + ("#" + ordinal if ordinal else "")


def system_iri(key: str) -> str:
    base, _, ordinal = key.partition("#")
    kind, _, rest = base.partition(":")
    if kind == "place":
        place = gazetteer().get(rest)
        rest = place.label("en") if place else rest
    return ID + "system/" + slug(rest) + ("-" + ordinal if ordinal else "")


def jurisdiction_iri(key: str) -> str:
    base = key.partition("#")[0]
    kind, _, rest = base.partition(":")
    if kind == "place":
        place = gazetteer().get(rest)
        rest = place.label("en") if place else rest
    return ID + "jurisdiction/" + slug(rest)


def ingest_files(paths: list[str | Path], progress: Callable[[str], None] = lambda _: None, date: str = "") -> Ingested:
    results = read_documents(paths, progress, date)
    if not results:
        raise IngestError("no documents to ingest")
    aligned: dict[str, list[str]] = {}
    same: dict[str, str] = {}  # key of an unknown place in one edition -> its key in the English edition
    for left, right in pair_editions(results):
        left_places, right_places = _place_of(left), _place_of(right)
        # Only a gazetteer place has one id in both languages; unknown places align by numbers and order.
        pairs = align_passages(left.passages, right.passages, _known(left_places), _known(right_places))
        for a, b in pairs:
            aligned.setdefault(a, []).append(b)
            aligned.setdefault(b, []).append(a)
            # "Kestria:" and "凯斯特里亚：" head aligned paragraphs: one place the gazetteer does not know,
            # whose names no transliteration relates.
            ka, kb = left_places.get(a, ""), right_places.get(b, "")
            if ka.startswith("new:") and kb.startswith("new:") and ka != kb:
                same.setdefault(kb, ka)
        progress(f"aligned {left.source.doc} with {right.source.doc}: {len(pairs)} passages")
    _pair_demonyms(results, same)
    _pair_by_sound(results, same)
    return build(results, aligned, same)


def _pair_demonyms(results: list[DocumentResult], same: dict[str, str]) -> None:
    """"the Veltranian ETS" in one text and Veltrania in another are one place the gazetteer does not know
    (``mentions.demonym_base``, which joins them inside one text); chains of joined keys are followed to the end."""
    # The keys' own names ("new:veltranian"): a text that joined the two itself keys the place by its base name
    # and may still call it by the demonym.
    keys = {_canonical(global_key(key), same).partition("#")[0] for r in results if r.info.lang == "en"
            for key, s in r.systems.items() if s.new_place and key.startswith("new:")}
    names = {key[4:]: key for key in keys}
    for name, key in names.items():
        base = demonym_base(name, set(names) - {name})
        if base and names[base] != key:
            same.setdefault(key, names[base])
    for key in list(same):
        seen, target = {key}, same[key]
        while target in same and target not in seen:
            seen.add(target)
            target = same[target]
        same[key] = target


def _pair_by_sound(results: list[DocumentResult], same: dict[str, str]) -> None:
    """Places the gazetteer does not know, named only in Chinese texts, join the place named only in English texts
    whose name they transliterate ("卡罗贝尔" / "Carobel", ``ingest.transliterate``): one entity across languages
    also where no edition aligns them."""
    names: dict[str, dict[str, set[str]]] = {}  # canonical key -> language -> the place's names
    for r in results:
        for key, s in r.systems.items():
            if s.new_place:
                base = _canonical(global_key(key), same).partition("#")[0]
                names.setdefault(base, {}).setdefault(r.info.lang, set()).add(s.new_place)
    labels = {"place/" + key: {lang: sorted(n) for lang, n in by_lang.items()} for key, by_lang in names.items()}
    for a, b in name_pairs(labels).items():
        ka, kb = a.partition("/")[2], b.partition("/")[2]
        if "zh" in names[ka] and "en" in names[kb]:
            same.setdefault(ka, kb)  # keyed by the English name, as aligned editions are


def pair_editions(results: list[DocumentResult]) -> list[tuple[DocumentResult, DocumentResult]]:
    """(English, Chinese) editions of the same text: same name but for the language suffix, else by content.

    Documents the names do not pair are paired when they state the same
    numbers (``align.translation_score``), the best-scoring first, each
    document at most once: a translation saved under another name
    ("year-in-review.txt" / "年度回顾.txt") is aligned like an edition.
    """
    en = [r for r in results if r.info.lang == "en"]
    zh = [r for r in results if r.info.lang == "zh"]
    pairs = []
    for z in zh:
        same = [e for e in en if edition_key(e.source.doc) == edition_key(z.source.doc) and e.source.doc != z.source.doc]
        if same:
            pairs.append((same[0], z))
    paired = {id(r) for pair in pairs for r in pair}
    rest_en, rest_zh = [e for e in en if id(e) not in paired], [z for z in zh if id(z) not in paired]
    prof = {id(r): profile("\n".join(p.text for p in r.passages)) for r in rest_en + rest_zh}
    scored = [(translation_score(prof[id(e)], prof[id(z)]), i, j) for i, e in enumerate(rest_en) for j, z in enumerate(rest_zh)]
    for score, i, j in sorted(scored, key=lambda c: (-c[0], c[1], c[2])):
        e, z = rest_en[i], rest_zh[j]
        if score > 0 and id(e) not in paired and id(z) not in paired:
            pairs.append((e, z))
            paired.update((id(e), id(z)))
    return pairs


def _known(places: dict[str, str]) -> dict[str, str]:
    return {pid: key for pid, key in places.items() if not key.startswith("new:")}


def _canonical(key: str, same: dict[str, str]) -> str:
    base, sep, ordinal = key.partition("#")
    return same.get(base, base) + sep + ordinal


def _place_of(result: DocumentResult) -> dict[str, str]:
    """Passage id -> the place its heading names, for alignment."""
    out = {}
    for f in result.frames:
        for r in f.refs:
            if r.how == "heading":
                out[f.passage.id] = global_key(r.key)
    return out


def build(results: list[DocumentResult], aligned: dict[str, list[str]], same: dict[str, str]) -> Ingested:
    entities: dict[str, Entity] = {}
    facts: dict[tuple[str, str, str], GraphFact] = {}
    passages = []
    name_counts: dict[tuple[str, str], Counter] = {}
    written: set[str] = set()  # names read in a text, not made from a place
    geography: dict[str, str] = {}  # system IRI -> the region of its place's country
    for r in sorted(results, key=lambda r: r.info.lang != "en"):
        lang = r.info.lang
        canonical = {key: _canonical(global_key(key), same) for key in r.systems}
        iri = {key: system_iri(canonical[key]) for key in r.systems}
        mentioned: dict[str, list[str]] = {}
        for f in r.frames:
            for ref in f.refs:
                if ref.key in iri:
                    mentioned.setdefault(f.passage.id, []).append(iri[ref.key])
        for key, s in r.systems.items():
            if not any(key == ref.key for f in r.frames for ref in f.refs):
                continue
            ent = entities.setdefault(iri[key], Entity(iri[key], "System", {}))
            name_counts.setdefault((iri[key], lang), Counter()).update(_names(s, lang))
            if s.place is not None:
                # A market of a known place has a name in the other language too ("魁北克碳市场" for a market only
                # English texts name): it labels the market there until a text of that language names it.
                other = "zh" if lang == "en" else "en"
                name_counts.setdefault((iri[key], other), Counter())[_place_market_name(s.place.label(other), key, other)] += 0
            written.update(_plain_name(n, lang) for n in s.names)
            if s.place is not None or s.new_place:
                jiri = jurisdiction_iri(canonical[key])
                ent.jurisdiction = ent.jurisdiction or jiri
                jur = entities.setdefault(jiri, Entity(jiri, "Jurisdiction", {}))
                if s.place is not None:
                    for l2 in ("en", "zh"):
                        names2 = s.place.names.get(l2) or []
                        if names2:
                            jur.labels.setdefault(l2, names2[0])
                            jur.aliases.setdefault(l2, [n for n in names2[1:]])
                elif jur.labels.get(lang) in (None, s.new_place):
                    # A later document that writes the formal name ("the Republic of X") upgrades the bare name an
                    # earlier one gave: the label does not depend on the order documents are ingested in.
                    jur.labels[lang] = official_name(s.new_place, r.passages, lang)
            section = next((f.passage.section for f in r.frames for ref in f.refs
                            if ref.key == key and f.passage.section.startswith("review/")), "")
            ent.region = ent.region or section
            geography.setdefault(iri[key], gazetteer().region(s.place))
            for pid, iris in mentioned.items():
                if iri[key] in iris and pid not in ent.passages:
                    ent.passages.append(pid)
        for fact in r.facts:
            subject = iri[fact.system]
            if subject not in entities:
                continue
            if fact.relation == "jurisdiction":
                value = entities[subject].jurisdiction
                if not value:
                    continue
            elif fact.relation in ("linked_with", "linkage_planned", "linkage_ended"):
                value = iri.get(fact.value)
                if value is None or value == subject or value not in entities:
                    continue
            else:
                value = fact.value
            gf = facts.setdefault((subject, fact.relation, value), GraphFact(subject, fact.relation, value, []))
            if not any(e.doc == fact.evidence.doc for e in gf.evidence):
                gf.evidence.append(fact.evidence)
        for p in r.passages:
            p.aligned = aligned.get(p.id, [])
            p.entities = list(dict.fromkeys(mentioned.get(p.id, [])))
            passages.append(p)
    for iri_, region in geography.items():
        # A system no report section places is in its country's region: "systems in Asia" reaches news and laws too.
        entities[iri_].region = entities[iri_].region or region
    for (iri_, lang), counts in name_counts.items():
        # A name any text gives outranks acronyms and the names built from the place ("EU ETS 2" over
        # "European Union ETS 2").
        ranked = [n for n, _ in sorted(counts.items(), key=lambda kv: (kv[0] not in written, -kv[1], -len(kv[0])))]
        entities[iri_].labels[lang] = ranked[0]
        entities[iri_].aliases[lang] = ranked[1:]
    return Ingested([r.source for r in results], passages, list(entities.values()), list(facts.values()))


STATE_WORDS_EN = r"Republic|Kingdom|Federation|Province|State|City|Prefecture|Canton|Principality|Commonwealth|Emirate|Territory|Municipality"
STATE_WORDS_ZH = r"联邦共和国|共和国|王国|酋长国|联邦|公国|省|市(?!场)|州"


def official_name(name: str, passages, lang: str) -> str:
    """The fullest form the text gives a place the gazetteer does not know ("State of Ambrell", "维斯卡里亚共和国"),
    as its label; the bare name when the text never writes one."""
    text = "\n".join(to_simplified(p.text) if lang == "zh" else p.text for p in passages)
    if lang == "zh":
        forms = re.findall(re.escape(name) + "(?:" + STATE_WORDS_ZH + ")", text) if not re.search(
            "(?:" + STATE_WORDS_ZH + ")$", name) else []
    else:
        forms = re.findall(r"\b(?:(?:" + STATE_WORDS_EN + r") of (?:the )?" + re.escape(name) + r"|" + re.escape(name)
                           + r" (?:Province|Prefecture|Canton|City|Municipality|State))\b", text)
    if not forms:
        return name
    # The formal name whenever the text writes it, even once beside a bare name used more often ("the Republic of
    # Norvessa passed a law … Norvessa will start trading"): the name a jurisdiction is known by in law.
    return Counter(forms).most_common(1)[0][0]


def _place_market_name(place: str, key: str, lang: str) -> str:
    """The name built from a market's place ("Korea ETS", "韩国碳市场"; "EU ETS 2" for the place's second market)."""
    return PLACE_MARKET_NAME[lang].format(place=place) + (" 2" if key.endswith("#2") else "")


def _names(s: DocSystem, lang: str) -> Counter:
    """Names of a system in one document and language, with how often the text uses each.

    Names are kept as the text writes them, less the grammar around them ("Massachusetts' own
    carbon market" -> "Massachusetts carbon market", "马萨诸塞州的碳市场" -> "马萨诸塞州碳市场"). A
    system of a place also gets a name built from the place ("Korea ETS"), which labels it when the
    text gives no name of its own.
    """
    place = s.place.label(lang) if s.place is not None else s.new_place
    names = Counter()
    for name, count in s.names.items():
        # "Québec's system" describes the market by its owner and a bare head; a name the text gives it ("Québec
        # cap-and-trade system") labels it first.
        described = lang == "en" and re.fullmatch(r"[\w .-]+['’]s?\s+(?:system|scheme|market|program(?:me)?)", name, re.I)
        name = _plain_name(name, lang)
        if len(name) > 3:
            names[name] += count if described else 2 * count
    if place:
        names[_place_market_name(place, s.key, lang)] += 1
    for acronym in s.acronyms:
        names[acronym] += 1
    return names or Counter({s.key: 1})


