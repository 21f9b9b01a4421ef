"""Property-based: any text either ingests or fails with IngestError, and offsets always point at their text."""
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.clean import FOOTNOTE_MARK, LIGATURES, ZERO_WIDTH, IngestError, fold
from ingest.pipeline import read_document_facts
from ingest.passages import split_text

WORDS = st.sampled_from([
    "Kestria", "凯斯特里亚", "ETS", "碳市场", "launched", "于2019年3月启动", "in 2021", "covers", "power", "电力",
    "linked with", "与", "联通", "8%", "：", ": ", "\n", "\n\n", " ", "，", "。", ". ", "(Canada)", "（美国）",
    "\u200b", "２０２２", "🙂", "•", "Korea", "韩国", "offsets", "抵消",
])
TEXT = st.one_of(st.lists(WORDS, max_size=60).map("".join), st.text(max_size=300))


def comparable(text: str) -> str:
    """What survives clean-up: no white space, no zero-width characters, full-width folded, ligatures spelt out, and
    no footnote markers (clean-up drops those glued to a word and keeps a unit's "m²": dropped on both sides here)."""
    spelt = "".join(unicodedata.normalize("NFKC", ch) if ch in LIGATURES else ch for ch in text)
    return "".join(fold(ch) for ch in spelt if not ch.isspace() and ch not in ZERO_WIDTH | FOOTNOTE_MARK)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@example("0²0")  # a glued footnote marker, which clean-up drops (found by Hypothesis)
@example("ﬁrms since 2022¹ pay for 10 m² of ofﬁce space")
def test_ingest_never_crashes_and_offsets_hold(text):
    try:
        passages = split_text(text, "random")
    except IngestError:
        return
    for p in passages:
        assert len(p.origin) == len(p.text)
        for s in p.sentences:
            assert comparable(text[s.start:s.end]) == comparable(s.text)
    for f in read_document_facts(text, "random").facts:
        assert comparable(text[f.evidence.start:f.evidence.end]) == comparable(f.evidence.text)
