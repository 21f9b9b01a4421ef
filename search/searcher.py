"""Hybrid cross-lingual search over an index: the public query entry point.

``Searcher.search(query, k, ...)`` encodes the query, takes the dense (faiss)
and BM25 (bm25s) top passages, adds the entity signal, fuses them (see
``fusion``), lifts each passage by its aligned translation and returns one
result per aligned group: the passage in the query's language when that
edition has it, with the other edition attached as ``translations``. Showing
the pair once keeps the top k for k different places in the report.

Filters restrict which passages may be *returned*; evidence still comes from
their translations, so ``lang="zh"`` with an English query ranks Chinese
passages by how well their English counterparts match.

* ``lang``: "zh" | "en"
* ``doc``: a document id
* ``section``: a section slug; "review" also matches "review/north-america"
* ``entity``: an IRI the passage (or its translation) is tagged with
* ``filters``: ``{key: value or [values]}``; the four keys above are taken
  as those filters, any other key is checked against ``facets``: a
  mapping or callable giving, for a passage id, ``{key: set of values}``
  (e.g. ``{"sector": {"power", "industry"}}``). A passage passes when, for
  every key, one of the wanted values is among its values. The graph side
  knows facets like sectors; search only applies them.
"""
from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import faiss
import numpy as np

from ingest.transliterate import with_paired_labels

from . import rerank
from .encoders import Encoder, get_encoder
from .entities import EntityMatcher
from .fusion import FusionConfig, Ranked, lift, merge_languages, own_scores
from .index import SearchIndex, document_titles, is_fragment
from .sound import SoundNames
from .tokenize import CJK_RUN, cjk_share, has_cjk, normalize, token_spans, tokenize, warm_up
from .translate import UNTRANSLATED, english_bases, english_derivations, english_variants, pinyin_key, place_terms

ENCODING_THREADS = 4  # concurrent searches beyond this wait for a thread; the cores are busy by then anyway
# Index words looked for inside a Chinese query (``Searcher._query_terms``): from three characters, since two
# straddle a word boundary too often, up to eight (a long name).
INDEX_WORD_CHARS = 3
INDEX_WORD_MAX = 8
MAX_QUERY_CHARS = 1000  # past this a query is a pasted document: keep its head
NO_TIME_TO_ENCODE = ("the query could not be encoded within the request's time limit (the server is busy): "
                     "these results match its words and names only, not its meaning")


class Results(list):
    """A search's results (a list of dicts, best first), ``notes`` on how they were found and the query's
    terms in the other language (``translated``: source term -> its translations), for a reader of the
    results that weighs words as the search did."""

    def __init__(self, items=(), notes: list[str] | None = None, translated: dict[str, list[str]] | None = None):
        super().__init__(items)
        self.notes = notes or []
        self.translated = translated or {}
Facets = Mapping[str, Mapping[str, Iterable[str]]] | Callable[[str], Mapping[str, Iterable[str]]]


def prepare_query(query: str) -> str:
    """Collapse white space and cut over-long queries; ``ValueError`` when empty.

    The cut falls on a space when one is near, so the last English word is
    not chopped; Chinese has none and is cut at the limit.
    """
    if not isinstance(query, str) or not query.strip():
        raise ValueError("empty query")
    text = " ".join(query.split())
    if len(text) > MAX_QUERY_CHARS:
        head = text[:MAX_QUERY_CHARS]
        space = head.rfind(" ")
        text = head[:space] if space > MAX_QUERY_CHARS * 0.8 else head
    return text


def translated_query(translated: dict[str, list[str]], per_term: int, target: str | None = None,
                     order: Callable[[str, str], object] | None = None, names: Mapping[str, list[str]] | None = None) -> str:
    """The query in the other language, as a bag of words: each term's ``per_term`` translations.

    Encoded as a second query (``FusionConfig.dense_translated`` above 0; off by
    default since session 12: it doubled a new query's encoding, and BM25 and
    coverage already read the translated terms), it meets the other language's
    passages as a same-language query does (session 7's dev corpus: cross-language hit@5 +0.07).

    * ``target`` ("zh" | "en"): only words of that language's script go in (an entity's labels hold both).
    * ``order(term, translation)``: a sort key of a term's translations, best first (``Searcher.bag``: those
      that translate back to the term, then those the passages use most: the corpus's sense of the word,
      "power": 发电 before 力量, the dictionary's first sense). Without it, dictionary order.
    * ``names``: source key -> whole names to put in instead of its terms (an entity's label in the target
      language, "哈萨克斯坦", not the pieces jieba cut it into).
    * A word of a translated phrase ("power sector") is left out where the phrase's translation says it: one
      of the word's translations is inside one of the phrase's ("行业" in "电力行业"). A phrase translated by
      only some of its words keeps the others ("power plant" -> "发电" says nothing of "plant": 工厂 stays).
    """
    phrase_translations = {key: translated[key] for key in translated if " " in key}
    covered = {w for key, said in phrase_translations.items() for w in key.split(" ")
               if any(t in p for t in translated.get(w, ()) for p in said)}
    words = []
    for key, others in translated.items():
        if key in covered:
            continue
        if names and names.get(key):
            words += names[key][:per_term]
            continue
        if target is not None:
            others = [t for t in others if has_cjk(t) == (target == "zh")]
        if order is not None:
            others = sorted(others, key=lambda t: order(key, t))  # stable: dictionary order among equals
        words += others[:per_term]
    return " ".join(dict.fromkeys(words))


_POOL: ThreadPoolExecutor | None = None


# A passage is mixed when each language holds at least this share of its words and ``MIXED_WORDS`` words.
MIXED_SHARE = 0.25
MIXED_WORDS = 6
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def lanes(passages, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each passage's language lane by what it is written in, and which passages are mixed.

    Languages are ranked apart (``FusionConfig.balance``), so a passage's label decides whom it competes with. A
    document's label is not each paragraph's language: a chat log or a bilingual FAQ quotes whole Chinese lines
    in an English document. Labelled English, such a passage met a Chinese query in the English lane with the
    query's own words (BM25) and its own script (the encoder), and took the cross-language slots from every
    English passage that answered by translation (one store of ten packs: the five most frequent top-5 passages
    were all long or code-switched). A mixed passage competes in the query's language; one written mostly in
    the other language than its label, in that language. A Chinese character counts as 2/3 of a word.
    """
    lane, mixed = labels.copy(), np.zeros(len(labels), dtype=bool)
    if set(labels) != {"en", "zh"}:
        return lane, mixed
    for i, p in enumerate(passages):
        zh = sum(len(run) for run in CJK_RUN.findall(p.text)) / 1.5
        en = len(_LATIN_WORD.findall(p.text))
        if zh + en == 0:
            continue
        share = zh / (zh + en)
        if min(zh, en) >= MIXED_WORDS and MIXED_SHARE <= share <= 1 - MIXED_SHARE:
            mixed[i] = True
        elif share > 1 - MIXED_SHARE or share < MIXED_SHARE:
            lane[i] = "zh" if share > 0.5 else "en"
    return lane, mixed


def encoding_pool() -> ThreadPoolExecutor:
    """This process's threads for query encodings (searches', Q&A's); made on first use, and again in a forked child.

    A pool made in a parent is useless after ``fork`` (its threads are not
    copied), and gunicorn forks its workers from the process that loaded the app.
    """
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=ENCODING_THREADS, thread_name_prefix="query-encoding")
    return _POOL


def done_by(futures: list, deadline: float | None) -> list | None:
    """The encodings' results (``encoding_pool`` futures), or None when not all done by ``deadline`` (``time.monotonic()``).

    The encoder cannot be interrupted: an encoding that has started when the
    deadline comes runs on in its thread and its vectors are cached (a repeat
    of the query gets them); one still waiting for a thread is dropped.
    """
    out = []
    for future in futures:
        if future is None:
            out.append(None)
            continue
        try:
            out.append(future.result(timeout=None if deadline is None else max(0.0, deadline - time.monotonic())))
        except FutureTimeout:
            for f in futures:
                if f is not None:
                    f.cancel()
            return None
    return out


def _forget_pool() -> None:
    global _POOL
    _POOL = None


os.register_at_fork(after_in_child=_forget_pool)


def _merge(spans: list[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def highlights(text: str, terms: set[str]) -> list[list[int]]:
    """[start, end) spans of ``text`` whose tokens are query terms, merged."""
    if not terms:
        return []
    return _merge([(s, e) for tok, s, e in token_spans(text) if tok in terms])


class Searcher:
    """Answers queries against one ``SearchIndex``.

    ``entity_labels`` (``{iri: {"zh": [...], "en": [...]}}``) come from the
    graph; without them the entity boost is off and result entities carry
    no labels. ``facets`` feeds the ``filters`` argument of ``search``. Both
    default to what was saved with the index.
    """

    def __init__(
        self,
        index: SearchIndex,
        encoder: Encoder | None = None,
        *,
        entity_labels: dict[str, dict[str, list[str]]] | None = None,
        facets: Facets | None = None,
        config: FusionConfig | None = None,
    ) -> None:
        self.index = index
        self.encoder = encoder or get_encoder(index.encoder_name)
        if self.encoder.name != index.encoder_name:
            raise ValueError(f"index was built with {index.encoder_name}, not {self.encoder.name}")
        self.config = config or FusionConfig()
        # A place named only in English texts and one named only in Chinese texts may be one place
        # ("Carobel" / "卡罗贝尔"): paired by sound, each is found by the other's names and tags.
        labels, self._name_pairs = with_paired_labels(index.entity_labels if entity_labels is None else entity_labels)
        self.entities = EntityMatcher(labels)
        self.facets = facets if facets is not None else (index.facets or None)
        passages = index.passages
        self._pos = {p.id: i for i, p in enumerate(passages)}
        aligned: list[set[int]] = [set() for _ in passages]
        # Alignment is symmetric even when only one edition lists it.
        for i, p in enumerate(passages):
            for other in p.aligned:
                j = self._pos.get(other)
                if j is not None and j != i:
                    aligned[i].add(j)
                    aligned[j].add(i)
        self._aligned = [sorted(a) for a in aligned]
        self._unaligned = np.array([not a for a in aligned], dtype=bool)
        self._fragment = np.array([is_fragment(p.text) for p in passages], dtype=bool)
        self._lang = np.array([p.lang for p in passages], dtype=object)
        self._doc = np.array([p.doc for p in passages], dtype=object)
        self._section = np.array([p.section for p in passages], dtype=object)
        self._tagged: dict[str, set[int]] = {}
        for i, p in enumerate(passages):
            for iri in p.entities:
                self._tagged.setdefault(iri, set()).update([i, *self._aligned[i]])
        # A passage about a system is about its jurisdiction too: a query names places ("Carobel") more often
        # than systems ("Carobel ETS"), and the graph tags passages with systems only.
        # The index's own facets (ingest saves each passage's systems' jurisdictions), not ``facets``: that may be
        # a callable of the graph, asked only for the passages a filter looks at.
        for i, p in enumerate(passages):
            for iri in index.facets.get(p.id, {}).get("jurisdiction", ()):
                self._tagged.setdefault(iri, set()).update([i, *self._aligned[i]])
        for iri, other in self._name_pairs.items():
            self._tagged.setdefault(iri, set()).update(self._tagged.get(other, ()))
        # Entities the document's title names -> the passages of that document (and their translations).
        self._titled: dict[str, set[int]] = {}
        by_doc: dict[str, list[int]] = {}
        for i, p in enumerate(passages):
            by_doc.setdefault(p.doc, []).append(i)
        for doc, title in document_titles(passages).items():
            for iri in self.entities.mentioned(title):
                self._titled.setdefault(iri, set()).update(j for i in by_doc[doc] for j in [i, *self._aligned[i]])
        # Entities a document is about -> its passages: those tagging at least ``document_share`` of its passages. An
        # interview's answers, a regulation's articles seldom name the market each time ("本省", "we").
        self._about: dict[str, set[int]] = {}
        for doc, members in by_doc.items():
            counts: dict[str, int] = {}
            for i in members:
                p = passages[i]
                for iri in {*p.entities, *index.facets.get(p.id, {}).get("jurisdiction", ())}:
                    counts[iri] = counts.get(iri, 0) + 1
            for iri, n in counts.items():
                if n >= self.config.document_share * len(members):
                    self._about.setdefault(iri, set()).update(j for i in members for j in [i, *self._aligned[i]])
        self._sentences = rerank.Sentences(passages)
        self._chunks_per_passage = max(1.0, len(index.chunk_passage) / max(1, len(passages)))
        # BM25 scores chunks (``index``), in passage order: a passage's first chunk starts its run. None for an
        # index whose BM25 has one document per passage.
        self._bm25_runs = (np.searchsorted(index.chunk_passage, np.arange(len(passages)))
                           if index.bm25.scores["num_docs"] != len(passages) else None)
        # Passages (BM25 documents) holding each term: a translation the corpus uses often is its sense of the word.
        indptr = index.bm25.scores["indptr"]
        self._df = {t: int(indptr[i + 1] - indptr[i]) for t, i in index.bm25.vocab_dict.items() if i + 1 < len(indptr)}
        # English phrases of the translation table by their first word, tried when the query has all its words.
        self._phrases: dict[str, list[tuple[str, set[str]]]] = {}
        for key in index.translations:
            if " " in key:
                words = key.split(" ")
                self._phrases.setdefault(words[0], []).append((key, set(words)))
        # Names the passages write by sound ("Sabundra" / "萨本德拉") that nothing else links across languages.
        table = index.translations
        self._sound = SoundNames(passages, lambda w: any(t in table for t in [w, *english_bases(w), *english_variants(w)]))
        self._langs = sorted(set(self._lang))
        self._lane, self._mixed = lanes(passages, self._lang)
        self._chunk_lane = self._lane[index.chunk_passage] if len(passages) else np.array([], dtype=object)
        self._chunk_mixed = self._mixed[index.chunk_passage] if len(passages) else np.array([], dtype=bool)
        # Built once: a selector over 100k chunk ids costs milliseconds to make. A mixed passage's chunks are in
        # both languages' searches: its lane is the query's (``_groups``).
        self._lang_selectors = {None: None}
        if len(self._langs) > 1:
            self._lang_selectors.update({
                lang: faiss.IDSelectorBatch(np.nonzero((self._chunk_lane == lang) | self._chunk_mixed)[0].astype(np.int64))
                for lang in self._langs
            })
        else:
            self._lang_selectors.update({lang: None for lang in self._langs})
        warm_up()

    @classmethod
    def load(cls, directory: Path | str, encoder: Encoder | None = None, **kwargs) -> "Searcher":
        """Load a saved index (``IndexCorrupt`` if damaged) and wrap it."""
        return cls(SearchIndex.load(directory), encoder, **kwargs)

    # -- filters -----------------------------------------------------------

    def _facet_values(self, passage_id: str) -> Mapping[str, Iterable[str]]:
        if callable(self.facets):
            return self.facets(passage_id) or {}
        return self.facets.get(passage_id, {})

    def _allowed(self, lang, doc, section, entity, filters) -> np.ndarray | None:
        """Mask of passages that may be returned, None when nothing is filtered."""
        if not (lang or doc or section or entity or filters):
            return None
        n = len(self.index.passages)
        mask = np.ones(n, dtype=bool)
        if lang:
            mask &= self._lang == lang
        if doc:
            mask &= self._doc == doc
        if section:
            section = section.strip("/")
            mask &= np.array([s == section or s.startswith(section + "/") for s in self._section], dtype=bool)
        if entity:
            tagged = np.zeros(n, dtype=bool)
            tagged[list(self._tagged.get(entity, ()))] = True
            mask &= tagged
        if filters:
            if self.facets is None:
                raise ValueError(f"no facets were given to the searcher, cannot filter on {sorted(filters)}")
            wanted = {k: {v} if isinstance(v, str) else set(v) for k, v in filters.items()}
            for i in np.nonzero(mask)[0]:
                values = self._facet_values(self.index.passages[i].id)
                if not all(wanted[k] & set(values.get(k, ())) for k in wanted):
                    mask[i] = False
        return mask

    def _evidence(self, allowed: np.ndarray | None) -> np.ndarray | None:
        """Allowed passages plus their translations: where scores may come from."""
        if allowed is None:
            return None
        evidence = allowed.copy()
        for i in np.nonzero(allowed)[0]:
            evidence[self._aligned[i]] = True
        return evidence

    # -- signals -----------------------------------------------------------

    def _dense(self, vector: np.ndarray, evidence: np.ndarray | None, group: np.ndarray | None,
               skip: str | None = None) -> Ranked:
        """Best chunk cosine of each passage for a query ``vector``; searched per language when balanced.

        One search over all chunks returns only same-language passages at its
        head (the encoder scores any passage in the query's language above the
        right one in the other), so each language is searched on its own.
        ``skip``: a language not to search.
        """
        index = self.index
        if index.dense.ntotal == 0:
            return Ranked({}, {})
        fetch = min(index.dense.ntotal, math.ceil(self.config.depth * self._chunks_per_passage) + 16)
        searched = self._langs if self.config.balance == "lang" else [None]
        best: dict[int, float] = {}
        # One query is too little work to share: faiss's OpenMP threads only
        # contend with the encoder's (bench: flat search p95 56 -> 31 ms at 34k
        # vectors). The setting is per calling thread, and is put back.
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            for lang in searched:
                if lang is not None and lang == skip:
                    continue
                selector = self._selector(lang, evidence)
                if selector is False:
                    continue
                params = None
                if index.hnsw:
                    params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(index.params.hnsw_ef_search, fetch))
                elif selector is not None:
                    params = faiss.SearchParameters(sel=selector)
                scores, rows = index.dense.search(vector[None, :], fetch, params=params)
                for score, row in zip(scores[0], rows[0]):
                    if row < 0:
                        continue
                    p = int(index.chunk_passage[row])
                    if p not in best:  # rows come best first
                        best[p] = float(score)
        finally:
            faiss.omp_set_num_threads(threads)
        return Ranked.from_scores(best, self.config.depth, group)

    def _unaligned_evidence(self, evidence: np.ndarray | None) -> np.ndarray | None:
        """Passages with no aligned translation: an aligned one already gets the other language's evidence (``lift``)."""
        if evidence is None:
            return None if self._unaligned.all() else self._unaligned
        return evidence & self._unaligned

    def _bag_reaches(self, evidence: np.ndarray | None, query_lang: str) -> bool:
        """Whether a passage the translated bag is searched against may score: one of another language than the
        query's, with no aligned translation, within ``evidence``."""
        unaligned = self._unaligned_evidence(evidence)
        reach = self._lang != query_lang
        return bool((reach if unaligned is None else reach & unaligned).any())

    def _selector(self, lang: str | None, evidence: np.ndarray | None):
        """faiss selector of the chunks of ``lang`` (None: any) within ``evidence``; False when none qualify."""
        if evidence is None:
            return self._lang_selectors.get(lang)
        chunk_ok = evidence[self.index.chunk_passage]
        if lang is not None:
            chunk_ok &= (self._chunk_lane == lang) | self._chunk_mixed
        chunk_ids = np.nonzero(chunk_ok)[0].astype(np.int64)
        return faiss.IDSelectorBatch(chunk_ids) if len(chunk_ids) else False

    def _query_terms(self, text: str) -> list[str]:
        """The query's BM25 terms, plus the index's Chinese words of ``INDEX_WORD_CHARS`` or more characters
        that its Chinese runs contain and jieba did not cut out.

        jieba cuts a name it does not know by its neighbours, so a short query and a passage cut it apart
        differently ("表格中扎赫伦" -> "中扎", "赫伦"; "扎赫伦酋长国" -> "扎赫伦"); the passages' own words, found
        whole in the query, are matched as the passages were cut.
        """
        terms = tokenize(text)
        if not has_cjk(text):
            return terms
        vocab = self.index.bm25.vocab_dict
        seen = set(terms)
        for run in CJK_RUN.findall(normalize(text)):
            for size in range(min(len(run), INDEX_WORD_MAX), INDEX_WORD_CHARS - 1, -1):
                for start in range(len(run) - size + 1):
                    word = run[start:start + size]
                    if word not in seen and word in vocab:
                        seen.add(word)
                        terms.append(word)
        return terms

    def _translations(self, terms: list[str], mentioned: list[str], text: str, query_lang: str) -> dict[str, list[str]]:
        """Query term (entity IRI, or place name as written) -> its index terms in the other language.

        Dictionary translations come from the index's table; a mentioned
        entity adds the terms of all its labels, so a system's name in one
        language finds its name in the other; a place of the gazetteer named
        in ``text`` adds its other names (``translate.place_terms``).
        """
        own = set(terms)
        table = self.index.translations
        keys = [t for t in dict.fromkeys(terms) if t not in UNTRANSLATED]
        if query_lang == "zh":
            # The pieces jieba cuts an unknown foreign name into are no words ("安布雷尔州" -> "安", "布雷": "set",
            # "content"): a word inside a run of name characters is not translated, the run's own name is.
            runs = self._sound.name_runs(text)
            keys = [t for t in keys if not any(t in run and t != run for run in runs)]
        keys += [key for t in keys for key, words in self._phrases.get(t, ()) if words <= own]
        out: dict[str, list[str]] = {}
        vocab = self.index.bm25.vocab_dict
        for key in keys:
            # An inflected English word the dictionary lacks is looked up as its base ("traded" -> "trade").
            # A derived one, failing that, as the word it derives from ("reduction" -> "reduce").
            entry = table.get(key) or next((table[b] for b in [*english_bases(key), *english_variants(key),
                                                               *english_derivations(key)] if b in table), ())
            others = [t for t in entry if t not in own]
            # A Chinese name written in pinyin by the English passages ("琴屿" -> "qinyu"). Only for a word the table
            # does not translate: a name's table entry holds its pinyin already, and a common word's pinyin is a
            # name by chance (背景, background, is "beijing").
            romanized = pinyin_key(key) if len(key) >= 2 and has_cjk(key) and not entry else ""
            if romanized.isalpha() and romanized in vocab and romanized not in own and romanized not in others:
                others.append(romanized)
            if others:
                out[key] = others
        for iri in mentioned:
            if self._name_pairs.get(iri) in out:
                continue  # the pair has the same names: its terms would count twice
            names = self.entities.labels.get(iri, {})
            label_terms = {t for lang_names in names.values()
                           for name in ([lang_names] if isinstance(lang_names, str) else lang_names)
                           for t in tokenize(name)}
            others = sorted(t for t in label_terms - own if t in vocab)
            if others:
                out[iri] = others
        # A name no table, label or place links: the other language's names that sound like it. Only for a name
        # whose every term is still untranslated ("Korean" has its own translations already).
        for written, others in self._sound.query_names(text, query_lang).items():
            if all(t not in out for t in tokenize(written)):
                out[written] = [t for t in others if t in vocab and t not in own]
                if not out[written]:
                    del out[written]
        for written, others in place_terms(text, query_lang, vocab).items():
            known = out.setdefault(written, [])
            known += [t for t in others if t not in own and t not in known]
            if not known:
                del out[written]
        return out

    def bag(self, translated: dict[str, list[str]], query_lang: str) -> str:
        """The translated query the dense side encodes (``translated_query``) for the other language's passages."""
        target = "en" if query_lang == "zh" else "zh"
        names = {}
        for key in translated:
            labels = self.entities.labels.get(key, {}).get(target)
            if labels:
                names[key] = [labels] if isinstance(labels, str) else list(labels)
        table = self.index.translations

        def order(key: str, t: str):
            # A translation that translates back to the term is a sense of it; a word that only shares one of a
            # policy term's phrases is not ("阶段" -> "compliance" of "compliance period"; "phase" comes back).
            back = table.get(t, ())
            return (not all(w in back for w in key.split(" ")), -self._df.get(t, 0))

        return translated_query(translated, self.config.bag_terms, target, order, names)

    def _bm25(self, terms: list[str], translated: dict[str, list[str]], evidence: np.ndarray | None,
              group: np.ndarray | None) -> Ranked:
        """BM25 of the query's terms plus, weighted, of their translations.

        The translations of one term share that term's weight, so a word with
        eight dictionary senses does not outweigh a word with one.
        """
        bm25 = self.index.bm25
        scores = None
        ids = list(dict.fromkeys(bm25.get_tokens_ids(terms)))
        if ids:
            scores = bm25.get_scores_from_ids(ids)
        if self.config.translated:
            for others in translated.values():
                other_ids = list(dict.fromkeys(bm25.get_tokens_ids(others)))
                if other_ids:
                    part = bm25.get_scores_from_ids(other_ids) * (self.config.translated / len(other_ids))
                    scores = part if scores is None else scores + part
        if scores is None:
            return Ranked({}, {})
        if self._bm25_runs is not None:
            scores = np.maximum.reduceat(scores, self._bm25_runs)  # a passage scores as its best chunk
        if evidence is not None:
            scores = np.where(evidence, scores, 0.0)
        positive = np.nonzero(scores > 0)[0]
        return Ranked.from_scores({int(i): float(scores[i]) for i in positive}, self.config.depth, group)

    def _weighted_terms(self, terms: list[str], translated: dict[str, list[str]]) -> list[tuple[float, list[int], set[str]]]:
        """(idf weight, BM25 ids, forms) of each query term the index holds, as written or as its translations:
        the terms ``_coverage`` and the sentence signals (``rerank``) count."""
        bm25 = self.index.bm25
        vocab, indptr, docs = bm25.vocab_dict, bm25.scores["indptr"], bm25.scores["num_docs"]
        out = []
        for term in dict.fromkeys(terms):
            if term in UNTRANSLATED:
                continue
            forms = [t for t in dict.fromkeys([term, *translated.get(term, ())]) if t in vocab and vocab[t] + 1 < len(indptr)]
            if not forms:
                continue
            ids = [vocab[t] for t in forms]
            # A term as rare as its rarest form: "配额" counts as much as "allowance" whichever the passages say.
            weight = math.log(1 + docs / max(1, min(int(indptr[i + 1] - indptr[i]) for i in ids)))
            out.append((weight, ids, set(forms)))
        return out

    def _coverage(self, terms: list[str], translated: dict[str, list[str]], mentioned: list[str],
                  candidates: list[int]) -> dict[int, float]:
        """Passage -> idf-weighted share of the query's terms and ``mentioned`` entities it holds, each term as
        written or as one of its translations: the same measure for a passage of either language
        (``FusionConfig.coverage``)."""
        indices = self.index.bm25.scores["indices"]
        indptr = self.index.bm25.scores["indptr"]
        chosen = np.asarray(candidates, dtype=np.int64)
        held = np.zeros(len(chosen))
        total = 0.0
        for weight, ids, _ in self._weighted_terms(terms, translated):
            rows = np.concatenate([indices[indptr[i]:indptr[i + 1]] for i in ids])
            has = np.zeros(len(self.index.passages), dtype=bool)
            has[rows if self._bm25_runs is None else self.index.chunk_passage[rows]] = True
            held += weight * has[chosen]
            total += weight
        # A named entity is held by the passages tagged with it or under a title that names it (``_entity_share``),
        # whether or not they repeat its name.
        for iri in mentioned:
            holders = (self._tagged.get(iri, set()) | (self._titled.get(iri, set()) if self.config.title_entity else set())
                       | (self._about.get(iri, set()) if self.config.document_entity else set()))
            if holders:
                weight = math.log(1 + len(self.index.passages) / len(holders))
                held += weight * np.isin(chosen, list(holders))
                total += weight
        return dict(zip(chosen.tolist(), (held / total).tolist())) if total else {}

    def _entity_share(self, mentioned: list[str], evidence: np.ndarray | None) -> dict[int, float]:
        """Passage -> share of the mentioned entities it names; a passage whose document's title names one
        counts for ``config.title_entity`` of it (a news item's later paragraphs seldom repeat its subject), one whose
        document is about it (``_about``) for ``config.document_entity``."""
        share: dict[int, float] = {}
        for iri in mentioned:
            weight = {i: self.config.document_entity for i in self._about.get(iri, ())}
            weight.update({i: self.config.title_entity for i in self._titled.get(iri, ())})
            weight.update(dict.fromkeys(self._tagged.get(iri, ()), 1.0))
            for i, w in weight.items():
                if w and (evidence is None or evidence[i]):
                    share[i] = share.get(i, 0.0) + w / len(mentioned)
        return share

    def _rerank(self, fused: dict[int, float], terms: list[str], translated: dict[str, list[str]],
                mentioned: list[str], text: str, group: np.ndarray | None) -> dict[int, dict]:
        """The second stage's signals (``rerank``) of each language's ``rerank_depth`` best passages by ``fused``:
        passage -> {"sentence", "answer_type": shares; "asks": the kind of value asked for; "best": the sentence
        that gave them; "bonus": their weighted sum}. Empty when both weights are 0."""
        config = self.config
        if not config.rerank_depth or not (config.sentence or config.answer_type):
            return {}
        weighted = [(w, forms) for w, _, forms in self._weighted_terms(terms, translated)]
        # A term that is part of a mentioned name says which market, not what is asked of it.
        name_terms = {t for iri in mentioned for names in self.entities.labels.get(iri, {}).values()
                      for name in ([names] if isinstance(names, str) else names) for t in tokenize(name)}
        predicate = [not forms & name_terms for _, forms in weighted]
        kind = rerank.asks(text) if config.answer_type else None
        by_lang: dict[str, list[int]] = {}
        for i in fused:
            by_lang.setdefault(None if group is None else group[i], []).append(i)
        out = {}
        for members in by_lang.values():
            head = sorted(members, key=lambda i: (-fused[i], i))[:config.rerank_depth]
            sentences = [self._sentences(i) for i in head]
            held = [{t for t, (_, forms) in enumerate(weighted) if any(forms & tokens for tokens, _ in sents)}
                    for sents in sentences]
            weights = rerank.head_weights(weighted, held)
            for i, sents in zip(head, sentences):
                best, typed, at = rerank.sentence_shares(sents, weighted, weights, predicate, kind)
                out[i] = {"sentence": round(best, 3), "answer_type": round(typed, 3), "asks": kind, "best": at,
                          "bonus": config.sentence * best + config.answer_type * typed}
        return out

    # -- search ------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        lang: str | None = None,
        doc: str | None = None,
        section: str | None = None,
        entity: str | None = None,
        filters: Mapping[str, str | Iterable[str]] | None = None,
        deadline: float | None = None,
    ) -> "Results":
        """Top ``k`` results for ``query``; ``ValueError("empty query")`` for blank input.

        ``deadline`` (``time.monotonic()``, a web request's): when the
        query's encoding is not done by then, the results come from the
        other signals (BM25, entities) and ``notes`` says so.
        """
        text = prepare_query(query)
        if k <= 0:
            return Results()
        # The query's own vector is encoded meanwhile, on another thread (the model releases the GIL).
        own_vector = encoding_pool().submit(self.encoder.encode_queries, [text]) if self.config.dense else None
        # The built-in filters may also come through ``filters`` (a CLI's key=value list).
        filters = dict(filters or {})
        lang = lang or filters.pop("lang", None)
        doc = doc or filters.pop("doc", None)
        section = section or filters.pop("section", None)
        entity = entity or filters.pop("entity", None)
        allowed = self._allowed(lang, doc, section, entity, filters)
        evidence = self._evidence(allowed)
        terms = self._query_terms(text)
        mentioned = self.entities.mentioned(text)
        query_lang = "zh" if cjk_share(text) > 0.3 else "en"
        translated = self._translations(terms, mentioned, text, query_lang)
        group = self._groups(query_lang)
        # A signal weighted 0 is not computed: no cost, and ``why`` stays truthful.
        dense = dense_translated = Ranked({}, {})
        # The bag searches only the other language's passages without a translation: where a filter leaves none
        # (or the store has none), it is not encoded.
        bag = (self.bag(translated, query_lang)
               if self.config.dense_translated and self.config.balance == "lang"
               and self._bag_reaches(evidence, query_lang) else "")
        # The translated query too, on a second thread: on two idle cores the two cost one.
        bag_vector = encoding_pool().submit(self.encoder.encode_queries, [bag]) if own_vector is not None and bag else None
        bm25 = self._bm25(terms, translated, evidence, group) if self.config.bm25 else Ranked({}, {})
        notes = []
        if own_vector is not None:
            vectors = done_by([own_vector, bag_vector], deadline)
            if vectors is None:
                notes.append(NO_TIME_TO_ENCODE)
            else:
                dense = self._dense(vectors[0][0], evidence, group)
                if bag_vector is not None:
                    dense_translated = self._dense(vectors[1][0], self._unaligned_evidence(evidence), group,
                                                   skip=query_lang)
        own = own_scores(dense, bm25, self._entity_share(mentioned, evidence), self.config, dense_translated)
        if self.config.fragment != 1.0:
            own = {i: v * self.config.fragment if self._fragment[i] else v for i, v in own.items()}
        lifted, via = lift(own, self._aligned, self.config)
        coverage = self._coverage(terms, translated, mentioned, list(lifted)) if self.config.coverage and lifted else {}
        top = self.config.coverage / (self.config.k + 1)
        fused = {i: score + top * coverage.get(i, 0.0) for i, score in lifted.items()}
        reranked = self._rerank(fused, terms, translated, mentioned, text, group)
        for i, parts in reranked.items():
            fused[i] += parts["bonus"] / (self.config.k + 1)  # weight x share x a rank-1 score
        final_all = merge_languages(fused, group, self.config)
        final = final_all if allowed is None else {i: s for i, s in final_all.items() if allowed[i]}
        # Two languages' best passages tie (``merge_languages``): the query's language goes first.
        order = sorted(final, key=lambda i: (-final[i], self._lane[i] != query_lang and not self._mixed[i], i))
        signals = {"dense": dense, "dense_translated": dense_translated, "bm25": bm25, "mentioned": set(mentioned), "via": via, "own": own,
                   "final": lifted, "terms": set(terms), "translated": translated,
                   "coverage": coverage, "reranked": reranked}
        results = Results(notes=notes, translated=translated)
        used: set[int] = set()
        # Highlights show the translations a passage matched as well as the query's own words.
        term_set = set(terms).union(*translated.values())
        for i in order:
            if i in used:
                continue
            primary = self._primary(i, query_lang, allowed, used)
            used.update([i, primary, *self._aligned[primary]])
            results.append(self._result(primary, final[i], term_set, signals))
            if len(results) == k:
                break
        return results

    def _groups(self, query_lang: str) -> np.ndarray | None:
        """Each passage's language for ranking this query (``lanes``): a mixed passage's is the query's."""
        if self.config.balance != "lang":
            return None
        group = self._lane.copy()
        if query_lang in self._langs:
            group[self._mixed] = query_lang
        return group

    def _primary(self, i: int, query_lang: str, allowed: np.ndarray | None, used: set[int]) -> int:
        """The group member to show: the query's language when that edition has it."""
        if self._lang[i] == query_lang:
            return i
        for j in self._aligned[i]:
            if self._lang[j] == query_lang and j not in used and (allowed is None or allowed[j]):
                return j
        return i

    def _why(self, i: int, signals: dict) -> dict:
        """Ranks (within the passage's language when balanced) and raw scores of each signal."""
        dense, bm25, dense_translated = signals["dense"], signals["bm25"], signals["dense_translated"]
        return {
            "dense_rank": dense.ranks.get(i),
            "dense_score": round(dense.scores[i], 4) if i in dense.scores else None,
            "dense_translated_rank": dense_translated.ranks.get(i),
            "bm25_rank": bm25.ranks.get(i),
            "bm25_score": round(bm25.scores[i], 4) if i in bm25.scores else None,
        }

    def _terms_in(self, i: int, signals: dict) -> tuple[list[str], dict[str, list[str]]]:
        """The query's own terms and its translated terms (by source term) that passage ``i`` contains."""
        tokens = {tok for tok, _, _ in token_spans(self.index.passages[i].text)}
        own = sorted(signals["terms"] & tokens)
        translated = {}
        for source, others in signals["translated"].items():
            found = [t for t in others if t in tokens]
            if found:
                translated[self.entities.display(source)["labels"].get("en", source) if source in self.entities.labels else source] = found
        return own, translated

    def _result(self, i: int, score: float, terms: set[str], signals: dict) -> dict:
        passage = self.index.passages[i]
        why = self._why(i, signals)
        matched = [name for name in ("dense", "dense_translated", "bm25") if why[f"{name}_rank"] is not None]
        why["terms"], why["translated_terms"] = self._terms_in(i, signals)
        group = [i, *self._aligned[i]]
        # The mentioned entities this passage scored for: tagged with them (or with their system, or their
        # name in the other language), or in a document whose title names them or that is about them.
        entity_hits = sorted(
            iri for iri in signals["mentioned"]
            if i in self._tagged.get(iri, ()) or (self.config.title_entity and i in self._titled.get(iri, ()))
            or (self.config.document_entity and i in self._about.get(iri, ()))
        )
        why["entities"] = entity_hits
        if entity_hits:
            matched.append("entity")
        best = signals["via"].get(i)
        why["translation"] = None if best is None else {"id": self.index.passages[best].id, **self._why(best, signals)}
        # Counted as a reason only when the translation actually raised the score.
        if signals["final"].get(i, 0.0) > signals["own"].get(i, 0.0) + 1e-12:
            matched.append("translation")
        why["matched"] = matched
        why["coverage"] = round(signals["coverage"].get(i, 0.0), 3)  # share of the query's terms it holds
        # The second stage's shares (``rerank``), with the sentence they came from, when this passage was reranked.
        parts = signals["reranked"].get(i)
        if parts is not None:
            sentences = self._sentences.texts(i)
            why["rerank"] = {**{key: parts[key] for key in ("sentence", "answer_type", "asks")},
                             "best_sentence": sentences[parts["best"]] if 0 <= parts["best"] < len(sentences) else None}
        why["fragment"] = bool(self._fragment[i])  # its score was lowered (``FusionConfig.fragment``)
        entities = list(dict.fromkeys(iri for j in group for iri in self.index.passages[j].entities))
        return {
            "id": passage.id,
            "text": passage.text,
            "doc": passage.doc,
            "lang": passage.lang,
            "section": passage.section,
            "heading": passage.heading,
            "start": passage.start,
            "end": passage.end,
            "score": round(score, 6),
            "highlights": highlights(passage.text, terms),
            "entities": [self.entities.display(iri) for iri in entities],
            "translations": [self._translation(j, terms) for j in self._aligned[i]],
            "why": why,
        }

    def _translation(self, j: int, terms: set[str]) -> dict:
        p = self.index.passages[j]
        return {
            "id": p.id,
            "lang": p.lang,
            "doc": p.doc,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "highlights": highlights(p.text, terms),
        }
