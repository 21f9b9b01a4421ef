"""Combine the dense, BM25 and entity signals into one score per passage.

Default: weighted reciprocal rank fusion (RRF, Cormack et al. 2009): a passage
gets ``weight / (k + rank)`` from each ranked list it appears in. Ranks are
comparable across signals whose raw scores are not (cosines near 0.8 against
unbounded BM25 sums). The alternative ``method="score"`` adds min-max
normalized raw scores instead; the benchmark compares both.

Language balance (``balance="lang"``): each signal ranks the passages of
each language separately, so the best Chinese and the best English passage
are both rank 1. Raw scores of the two languages do not compare: the encoder
gives any same-language passage a higher cosine than the right passage in
the other language, and BM25 over the query's own words only reaches its own
language. Ranked together, same-language passages buried every cross-language
answer (dev corpus: the answer within the top 5 of its own language for 19
of 44 cross-language queries, in the overall top 5 for 2). ``balance="none"``
ranks all passages together; the benchmark compares both.

Entity mentions are a third, flat signal: every passage tagged with an entity
the query names gets ``entity`` times the contribution of a rank-1 hit,
scaled by the share of the mentioned entities it carries.

Cross-lingual lift: the two editions of the report are aligned passage by
passage. A passage scores at least ``translation`` times the best own score
of its aligned passages (``lift="max"``), so an English query that matches
the English paragraph lifts the Chinese one too (multilingual-e5-small
matches English queries to Chinese text poorly), and the other way round.
``lift="sum"`` adds the two instead; it rewards pairs where both editions
match somewhat over a pair where one matches well, and the benchmark found
it worse (en->zh dense matches are noisy).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FusionConfig:
    """Weights and depths of the fusion; defaults are the benchmark's best."""

    method: str = "rrf"  # "rrf" or "score"
    # RRF constant: larger flattens the head of each list. 5, not 60: ranks are per language and the
    # cross-language lists have a noisy tail (bench/README.md "Search", cross-language table).
    k: int = 5
    dense: float = 1.0
    # Below 1: with equal weights, dense rank 1 + BM25 rank 3 ties exactly with the reverse, and ties fell to
    # passage order. Dev corpus hit@5: 1.0 0.783, 0.7-0.9 0.833-0.850, 0.5-0.6 0.767 (bench/README.md).
    bm25: float = 0.8
    # A passage tagged with a mentioned entity (its system, its jurisdiction, its name in the other language,
    # or its document's title: ``Searcher``) gains entity x a rank-1 hit. At 1, once places tag the passages
    # of their systems, every passage about a named place outranked the one that answers: dev corpus + dev2
    # half, two stores (89 queries each), hit@5 1.0 0.798 / 0.798, 0.5 0.831 / 0.865, 0.3 0.854 / 0.876,
    # 0.1 0.854 / 0.865, none 0.854 / 0.854 (bench/README.md "Search, session 8").
    entity: float = 0.3
    translation: float = 1.0  # weight of the aligned passage's score
    lift: str = "max"  # "max" or "sum": how that score combines with the passage's own
    depth: int = 100  # passages taken from each ranked list (of each language, balanced)
    balance: str = "lang"  # "lang": rank each language's passages apart; "none": all together
    translated: float = 1.0  # BM25 weight of a query term's translations against the term itself
    # Dense weight of the query's translated terms (a bag of words, ``Searcher.bag``) on the other language's
    # passages without a translation. 0: the bag is not encoded. It was a second encoding as long as the query's
    # (the encoder's time is linear in tokens, a batch of two costs the two), so every new query cost two
    # (search / encoder p50 2.09 in-process at load 2.3, 1.17 without it). Since the translated terms feed BM25 and
    # coverage, the bag moved 15 of 140 tuning queries, 8 won and 7 lost; without it coverage is worth more
    # (below). Fourteen-pack dev tuning half hit@5 (MRR): bag at coverage 1 0.714 (0.349), 1.25-2 0.707-0.714; no
    # bag at coverage 1 0.707 (0.347), 1.75 0.736 (0.361) (bench/README.md "Search, session 12").
    dense_translated: float = 0.0
    # Translations per query term in that bag. Session 7's three-pack dev corpus: 1 and 3 alike (0.767). Session 9,
    # six-pack dev tuning half: before the policy terms 1 / 2 / 3 hit@5 0.700 / 0.717 / 0.733 (a word's first
    # dictionary sense was often not the one meant: "allowance" -> "补助"); with them 0.767 / 0.750 / 0.750, hit@20
    # 0.883 / 0.883 / 0.917. Three doubled the bag's encoding (p50 9.7 -> 18.6 ms at load 3.9), which then
    # outlasted the query's own and made every search slower (bench/README.md "Search, session 9"): 1.
    bag_terms: int = 1
    merge: str = "rank"  # how the languages' final scores meet: "score" as they are, "norm" over each one's best, "rank"
    # Own score factor of a fragment (``index.is_fragment``: a title or label line, no sentence). Dev corpus:
    # 0.7 to 0 alike (+0.05 hit@5); the bundled report's infographic lines answer some queries, and keep them below 0.7.
    fragment: float = 0.7
    # Entity share of a passage whose document's title names the entity (``Searcher._entity_share``): a news
    # item's later paragraphs seldom repeat its subject. With entity 0.3, title 1 / 0.5: 0.854 / 0.865 and
    # 0.876 / 0.854 on the two stores.
    title_entity: float = 1.0
    # Entity share of a passage whose document is about the entity though the passage does not name it: the
    # entity tags at least ``document_share`` of the document's passages (``Searcher._about``). An interview's
    # answers, a province's articles, a news item's later paragraphs say "we", "本省", "the scheme". Store of all
    # 24 packs' dev and frozen splits, the 12 tune packs' 360 queries, hit@5: none 0.600; share 0.5, weight 0.5 /
    # 1: 0.603 / 0.606; share 0.3, weight 1 / 1.5: 0.614 / 0.614; share 0.7: 0.600; share 0.2, weight 0.5 / 1:
    # 0.611 / 0.617; share 0.1: 0.611 / 0.617 (bench/README.md "Search, session 17").
    document_entity: float = 1.0
    document_share: float = 0.2
    # Share of the query's terms (and named entities) a passage holds, as written or as one of their
    # translations, idf-weighted (``Searcher._coverage``): a passage gains coverage x a rank-1 score x that share
    # before the languages are ranked apart, so it reorders passages within a language only. RRF keeps only
    # each signal's rank: the encoders rank first a passage on the topic, BM25 one that repeats one rare term,
    # above the one that holds most of what the query asks. Twelve-pack dev tuning half hit@5 (MRR), terms only:
    # 0 0.767 (0.365), 0.2 0.767, 0.5 0.783 (0.370), 1 0.783 (0.380), 1.5 0.775, 2 0.750; with entities,
    # 0.5 0.783 (0.369), 1 0.783 (0.382), 1.5 0.783 (0.382) (bench/README.md "Search, session 11"). Without the
    # encoded bag (``dense_translated`` 0), fourteen-pack tuning half: 0.5 0.671, 1 0.707, 1.25 0.721, 1.5 0.729,
    # 1.75 0.736 (0.361), 2 0.736 (0.360), 2.5 0.721, 3 0.707 (bench/README.md "Search, session 12").
    coverage: float = 1.75
    # Second stage (``rerank``): each language's ``rerank_depth`` best passages gain weight x share x a rank-1
    # score for their best sentence's share of the query's predicate terms (``sentence``) and the best share among
    # sentences holding the kind of value the query asks for, a date or a figure (``answer_type``). All-22-pack dev
    # store, hit@5 tune / check / leave one pack out: none 0.664 / 0.600 / 0.632; sentence 0.4375 0.677 / 0.600 /
    # 0.639, 0.875 0.650 / 0.586, 1.75 0.632 / 0.582; answer_type 0.875 0.664 / 0.600, 1.75 0.655 / 0.595; both
    # 0.4375 + 0.875 0.664 / 0.600; depth 30 0.673 / 0.600 (bench/README.md "Search, session 16"). A small gain (3
    # of 440 queries): the answer holds fewer of the query's words than the passages above it more often than not.
    rerank_depth: int = 20
    sentence: float = 0.4375
    answer_type: float = 0.0

    def __post_init__(self) -> None:
        if self.method not in ("rrf", "score"):
            raise ValueError(f"unknown fusion method {self.method!r}")
        if self.lift not in ("max", "sum"):
            raise ValueError(f"unknown lift {self.lift!r}")
        if self.merge not in ("score", "norm", "rank"):
            raise ValueError(f"unknown merge {self.merge!r}")
        if self.balance not in ("lang", "none"):
            raise ValueError(f"unknown balance {self.balance!r}")


@dataclass
class Ranked:
    """One signal's top passages: position -> 1-based rank and raw score."""

    ranks: dict[int, int]
    scores: dict[int, float]

    @classmethod
    def from_scores(cls, scores: dict[int, float], depth: int, group=None) -> "Ranked":
        """Keep the ``depth`` best passages, best first; with ``group`` (position -> key), of each group apart."""
        by_group: dict[object, list[int]] = {}
        for i in scores:
            by_group.setdefault(None if group is None else group[i], []).append(i)
        ranks: dict[int, int] = {}
        for members in by_group.values():
            order = sorted(members, key=lambda i: (-scores[i], i))[:depth]
            ranks.update({i: r for r, i in enumerate(order, 1)})
        return cls(ranks, {i: scores[i] for i in ranks})


def _contributions(signal: Ranked, weight: float, config: FusionConfig) -> dict[int, float]:
    if weight == 0 or not signal.ranks:
        return {}
    if config.method == "rrf":
        return {i: weight / (config.k + r) for i, r in signal.ranks.items()}
    low, high = min(signal.scores.values()), max(signal.scores.values())
    span = high - low
    return {i: weight * ((s - low) / span if span > 0 else 1.0) for i, s in signal.scores.items()}


def own_scores(
    dense: Ranked,
    bm25: Ranked,
    entity_share: dict[int, float],
    config: FusionConfig,
    dense_translated: Ranked | None = None,
) -> dict[int, float]:
    """Fused score of each passage from its own signals (no translation lift)."""
    total: dict[int, float] = {}
    parts = [_contributions(dense, config.dense, config), _contributions(bm25, config.bm25, config)]
    if dense_translated is not None:
        parts.append(_contributions(dense_translated, config.dense_translated, config))
    for part in parts:
        for i, value in part.items():
            total[i] = total.get(i, 0.0) + value
    if config.entity:
        top = config.entity / (config.k + 1) if config.method == "rrf" else config.entity
        for i, share in entity_share.items():
            total[i] = total.get(i, 0.0) + top * share
    return total


def lift(own: dict[int, float], aligned: list[list[int]], config: FusionConfig) -> tuple[dict[int, float], dict[int, int]]:
    """Raise each passage by ``config.translation`` x its best aligned passage's own score.

    Returns the final scores and, for each passage with a scoring aligned
    passage, which one that is (for the result's ``why``).
    """
    final = dict(own)
    via: dict[int, int] = {}
    weight = config.translation
    if weight == 0:
        return final, via
    for i, score in own.items():
        for j in aligned[i]:
            final.setdefault(j, 0.0)
    for j in list(final):
        best = max(aligned[j], key=lambda a: own.get(a, 0.0), default=None)
        if best is not None and own.get(best, 0.0) > 0:
            lifted = weight * own[best]
            final[j] = final[j] + lifted if config.lift == "sum" else max(final[j], lifted)
            via[j] = best
    return final, via


def merge_languages(final: dict[int, float], group, config: FusionConfig) -> dict[int, float]:
    """Final scores made comparable across languages (``config.merge``).

    Fused scores still favour the query's language, where both signals agree
    more often, so a cross-language answer ranked 2nd among Chinese passages
    came 7th to 14th overall. "norm" divides each score by the best of its
    language; "rank" scores each passage by its rank within its language.
    """
    if config.merge == "score" or config.balance != "lang" or not final:
        return final
    by_group: dict[object, list[int]] = {}
    for i in final:
        by_group.setdefault(group[i], []).append(i)
    out: dict[int, float] = {}
    for members in by_group.values():
        if config.merge == "norm":
            top = max(final[i] for i in members) or 1.0
            out.update({i: final[i] / top for i in members})
        else:
            # Ties between languages (each has a rank 1) go to the passage nearer its language's best.
            top = max(final[i] for i in members) or 1.0
            order = sorted(members, key=lambda i: (-final[i], i))
            out.update({i: 1.0 / (config.k + r) + 1e-6 * final[i] / top for r, i in enumerate(order, 1)})
    return out
