"""Entity linking of Q&A: systems and jurisdictions named in zh and en, by labels, aliases and acronyms.

Runs on the graph of the bundled report (the names come from the graph, not from a list in the code).
"""
import pytest

from search.qa.lexicon import JURISDICTION, SYSTEM, fold

SYS = "https://etskg.org/id/system/"
JUR = "https://etskg.org/id/jurisdiction/"


def linked(qa, text):
    return [(m.text, m.kind, [s.rsplit("/", 1)[1] for s in m.systems]) for m in qa.linker.link(fold(text))]


def systems(qa, text):
    return [s.rsplit("/", 1)[1] for m in qa.linker.link(fold(text)) for s in m.systems]


@pytest.mark.parametrize("text, expected", [
    ("What is the K-ETS offset limit?", ["korea"]),
    ("韩国碳市场", ["korea"]),
    ("When did Korea's ETS start?", ["korea"]),
    ("Mexico's pilot", ["mexico"]),
    ("加州碳市场和谁联通了", ["california"]),
    ("the Swiss system", ["switzerland"]),
    ("the Chinese national market", ["china"]),
    ("BC OBPS offset limit?", ["british-columbia"]),
    ("TIER体系", ["alberta"]),
    ("印尼碳市场", ["indonesia"]),
    ("the Regional Greenhouse Gas Initiative", ["rggi"]),
    ("Offset limit for RGGI?", ["rggi"]),
    ("Which is older: Germany's nEHS or Austria's NEHG?", ["germany", "germany", "austria", "austria"]),
    ("Quebec and Québec", ["quebec", "quebec"]),
    ("纽约碳市场", ["new-york"]),
])
def test_names_aliases_and_acronyms(qa_icap, text, expected):
    assert systems(qa_icap, text) == expected


def test_eu_ets_2_is_not_the_eu_ets(qa_icap):
    assert systems(qa_icap, "When does EU ETS 2 start?") == ["european-union-2"]
    assert systems(qa_icap, "欧盟碳市场2何时启动") == ["european-union-2"]
    assert systems(qa_icap, "ETS2 and EU ETS") == ["european-union"]  # "ETS2" alone is no name; "EU ETS" is
    assert systems(qa_icap, "What is the EU ETS linked with?") == ["european-union"]


def test_jurisdiction_with_several_systems_picks_by_wording(qa_icap):
    # The EU has two systems (Canada's oil and gas system is not extracted, so the EU is the case here).
    assert systems(qa_icap, "the EU's system 2") == ["european-union-2"]  # "2": only EU ETS 2's name has it
    assert systems(qa_icap, "the EU") == ["european-union"]  # nothing said: the one in force
    assert systems(qa_icap, "欧盟") == ["european-union"]


def test_misspelt_names_still_link(qa_icap):
    assert systems(qa_icap, "Saskatchwan OBPS") == ["saskatchewan"]


def test_short_names_must_be_capitals(qa_icap):
    assert linked(qa_icap, "tell us about the eu") == []
    assert [t for t, _, _ in linked(qa_icap, "US states")] == ["us"]
    assert linked(qa_icap, "us states") == []
    assert systems(qa_icap, "UK ETS") == ["united-kingdom"]


def test_longest_name_wins_and_names_do_not_overlap(qa_icap):
    mentions = qa_icap.linker.link(fold("Newfoundland and Labrador PSS"))
    assert len(mentions) == 1 and mentions[0].kind == SYSTEM
    # A place followed by another jurisdiction's system stays two mentions.
    assert [m.kind for m in qa_icap.linker.link(fold("Newfoundland and Labrador UK ETS"))] == [JURISDICTION, SYSTEM]


def test_names_come_from_the_graph(qa_unseen):
    # The invented report's systems link although no code knows them.
    assert systems(qa_unseen, "When did trading start in the Kestria ETS?") == ["kestria"]
    assert systems(qa_unseen, "伦米尔市碳市场") == ["lunmere"]
    assert systems(qa_unseen, "K-ETS") == []  # and the ICAP report's names are not there


def test_the_initials_of_a_long_name_link_when_written_in_capitals():
    """"HCDP" names the Harbour Climate Duty Program once a text has spelt it out; initials of generic words
    alone ("ETS" of "Emissions Trading System") name no market, and lower case is prose."""
    from search.qa.lexicon import Entity, Lexicon
    from search.qa.linking import Linker

    names = {"hcdp": "Harbour Climate Duty Program", "generic": "Emissions Trading System"}
    entities = {SYS + key: Entity(SYS + key, SYSTEM, labels={"en": label}) for key, label in names.items()}
    linker = Linker(Lexicon(entities, {}, {}))
    found = lambda text: [m.iri.rsplit("/", 1)[1] for m in linker.link(fold(text))]  # noqa: E731
    assert found("What was the average price in the HCDP in 2024?") == ["hcdp"]
    assert found("the hcdp figures") == []
    assert found("Which ETS covers ports?") == []


def test_a_place_is_named_without_its_designation():
    """A jurisdiction labelled "Republic of Tarvesk" or "the Kingdom of Olmary" is named by its own name alone
    ("Tarvesk's trading system"), as "萨本德拉" names "萨本德拉共和国"; a designation alone names nothing."""
    from search.qa.lexicon import Entity, Lexicon
    from search.qa.linking import Linker

    labels = {"t": "Republic of Tarvesk", "o": "the Kingdom of Olmary", "p": "Province of Ruvena"}
    entities = {JUR + key: Entity(JUR + key, JURISDICTION, labels={"en": label}) for key, label in labels.items()}
    linker = Linker(Lexicon(entities, {}, {}))
    found = lambda text: [m.iri.rsplit("/", 1)[1] for m in linker.link(fold(text))]  # noqa: E731
    assert found("How many plants does Tarvesk's trading system cover?") == ["t"]
    assert found("Did Olmary and Ruvena link their markets?") == ["o", "p"]
    assert found("Which province runs a republic-wide market?") == []
    assert found("Does the Republic of Tarvesk tax fuel?") == ["t"]


def test_a_place_is_named_without_its_designation_after_it():
    """"Velmora City" and "Aska Prefecture" are named "Velmora" and "Aska" ("When did Velmora's market open?"),
    unless the short name is another place's: "Dunmere City" is not the country Dunmere, nor a gazetteer place's
    city ("Mexico City") the country."""
    from search.qa.lexicon import Entity, Lexicon
    from search.qa.linking import Linker

    labels = {"v": "Velmora City", "a": "Aska Prefecture", "dc": "Dunmere City", "d": "Dunmere"}
    entities = {JUR + key: Entity(JUR + key, JURISDICTION, labels={"en": label}) for key, label in labels.items()}
    entities[JUR + "m"] = Entity(JUR + "m", JURISDICTION, labels={"en": "Mexico City"})
    linker = Linker(Lexicon(entities, {}, {}, {"mx": ["Mexico", "墨西哥"]}))
    found = lambda text: [m.iri.rsplit("/", 1)[-1] for m in linker.link(fold(text))]  # noqa: E731
    assert found("When did Velmora's market open, and does Aska trade too?") == ["v", "a"]
    assert found("Which sectors does Dunmere cover?") == ["d"]
    assert found("Does Dunmere City run a market?") == ["dc"]
    assert found("Is Mexico's pilot still running?") == ["place:mx"]  # the gazetteer's Mexico, not Mexico City


def test_the_adjective_of_a_place_of_two_words_names_it():
    """"South African companies" name South Africa (a gazetteer place) as "Valdorian" names Valdoria; a word that
    only begins like the adjective ("South Africans'") or the last word alone ("African") does not."""
    from search.qa.lexicon import Entity, Lexicon
    from search.qa.linking import Linker

    entities = {JUR + "sv": Entity(JUR + "sv", JURISDICTION, labels={"en": "San Veltora"})}
    linker = Linker(Lexicon(entities, {}, {}, {"za": ["South Africa"]}))
    found = lambda text: [m.iri.rsplit("/", 1)[-1] for m in linker.link(fold(text))]  # noqa: E731
    assert found("Can South African companies trade allowances?") == ["place:za"]
    assert found("Do San Veltoran firms pay a fee?") == ["sv"]
    assert found("Which African markets trade?") == []


def test_a_possessive_without_its_apostrophe_links(qa_icap):
    assert systems(qa_icap, "what was koreas offset limit") == ["korea"]


def test_the_national_market_of_chinese_texts_is_chinas_system():
    """Chinese texts call China's national system 全国碳市场, the country unsaid; an extractor names it after
    its place ("中国碳市场"). Only a national system of China gets those names, not a province's pilot."""
    from ingest.gazetteer import gazetteer
    from search.qa.lexicon import Entity, Lexicon, _home_market
    from search.qa.linking import Linker

    jurisdictions = {"cn": {"en": "China", "zh": "中国"}, "hb": {"en": "Hubei", "zh": "湖北省"}}
    entities = {JUR + key: Entity(JUR + key, JURISDICTION, labels=labels) for key, labels in jurisdictions.items()}
    entities[SYS + "cn"] = Entity(SYS + "cn", SYSTEM, labels={"zh": "中国碳市场"}, jurisdiction=JUR + "cn", level="national")
    entities[SYS + "hb"] = Entity(SYS + "hb", SYSTEM, labels={"zh": "湖北碳市场"}, jurisdiction=JUR + "hb", level="subnational")
    _home_market(entities, gazetteer())
    assert "全国碳市场" in entities[SYS + "cn"].aliases and "全国碳市场" in entities[SYS + "cn"].ref("zh")["labels"].values()
    assert not entities[SYS + "hb"].aliases
    linker = Linker(Lexicon(entities, {}, {}))
    assert [m.iri for m in linker.link(fold("全国碳市场扩围以后覆盖几个行业？"))] == [SYS + "cn"]
    assert [m.iri for m in linker.link(fold("全國碳市場何時啟動？"))] == [SYS + "cn"]


def test_a_system_labelled_in_one_language_is_named_after_its_place_in_the_other():
    """"Quellin ETS" has no Chinese label: a Chinese answer names it 奎林碳市场, after its jurisdiction, and an
    English one keeps its label. A jurisdiction with two systems names neither after itself."""
    from search.qa.lexicon import Entity, _named_in_both

    entities = {JUR + "q": Entity(JUR + "q", JURISDICTION, labels={"en": "Quellin", "zh": "奎林"}, systems=[SYS + "q"]),
                JUR + "b": Entity(JUR + "b", JURISDICTION, labels={"en": "Brannoch", "zh": "布兰诺克"},
                                  systems=[SYS + "b1", SYS + "b2"])}
    entities[SYS + "q"] = Entity(SYS + "q", SYSTEM, labels={"en": "Quellin ETS"}, jurisdiction=JUR + "q")
    for key in ("b1", "b2"):
        entities[SYS + key] = Entity(SYS + key, SYSTEM, labels={"en": f"Brannoch {key}"}, jurisdiction=JUR + "b")
    _named_in_both(entities)
    assert entities[SYS + "q"].ref("zh")["labels"]["zh"] == "奎林碳市场"
    assert entities[SYS + "q"].ref("en")["labels"]["en"] == "Quellin ETS"
    assert "zh" not in entities[SYS + "b1"].ref("zh")["labels"]


def test_a_made_up_name_gives_way_to_the_name_the_texts_use():
    """"Corvane ETS" / "科尔文碳市场" are names the extractor made after the place; the sentences its facts rest on
    call it "清洁产业配额计划" (CIAP) and "Clean Industry Allowance Program". Those are shown, the made-up ones
    stay names a question may use. A phrase ("其碳市场"), a name with another place before it, a name read for
    two systems, and a system the text already named are left as they are."""
    from search.qa.lexicon import Entity, Lexicon, _text_names
    from search.qa.linking import Linker

    places = {"c": ("Corvane", "科尔文"), "d": ("Darlow", "达洛"), "e": ("Esmer", "埃斯梅尔"), "f": ("Fennic", "芬尼克")}
    entities = {JUR + k: Entity(JUR + k, JURISDICTION, labels={"en": en, "zh": zh}, systems=[SYS + k])
                for k, (en, zh) in places.items()}
    for k, (en, zh) in places.items():
        entities[SYS + k] = Entity(SYS + k, SYSTEM, labels={"en": f"{en} ETS", "zh": f"{zh}碳市场"}, jurisdiction=JUR + k)
    entities[SYS + "d"].labels = {"en": "Darlow Emissions Trading System"}  # named by the text already
    evidence = {
        SYS + "c": ["科尔文的“清洁产业配额计划”（CIAP）自2021年起运行，覆盖电力行业。",
                    "Corvane opened its Clean Industry Allowance Program in 2021."],
        SYS + "d": ["达洛的“绿色配额计划”于2020年启动。"],
        SYS + "e": ["埃斯梅尔表示，其碳市场将覆盖航空业。", "埃斯梅尔与芬尼克的“联合配额计划”仍在谈判。",
                    "埃斯梅尔：区域配额计划自2023年起运行。"],
        SYS + "f": ["芬尼克：区域配额计划自2022年起运行。"],
    }
    _text_names(entities, evidence)
    corvane = entities[SYS + "c"]
    assert corvane.labels == {"en": "Clean Industry Allowance Program", "zh": "清洁产业配额计划"}
    assert {"CIAP", "Corvane ETS", "科尔文碳市场"} <= set(corvane.aliases)
    assert entities[SYS + "d"].labels == {"en": "Darlow Emissions Trading System"}
    assert entities[SYS + "e"].labels == {"en": "Esmer ETS", "zh": "埃斯梅尔碳市场"}
    assert entities[SYS + "f"].labels == {"en": "Fennic ETS", "zh": "芬尼克碳市场"}  # the same name for two
    linker = Linker(Lexicon(entities, {}, {}))
    assert [m.iri for m in linker.link(fold("When did CIAP start?"))] == [SYS + "c"]
    assert [m.iri for m in linker.link(fold("科尔文碳市场何时启动？"))] == [SYS + "c"]


def test_one_market_read_apart_in_each_language_is_twinned_by_its_acronym():
    # "托兰碳市场" (labelled in Chinese only) and the "Tolan ETS" (English only) share the acronym "TLETS": the same
    # market, read apart; a system labelled in both languages sharing an acronym with another is not a twin.
    from search.qa.lexicon import Entity, _twins

    entities = {
        "zh": Entity("zh", SYSTEM, labels={"zh": "托兰碳市场"}, aliases=["TLETS"]),
        "en": Entity("en", SYSTEM, labels={"en": "Tolan ETS"}, aliases=["TLETS"]),
        "a": Entity("a", SYSTEM, labels={"en": "Brisk ETS", "zh": "布里斯克碳市场"}, aliases=["BKS"]),
        "b": Entity("b", SYSTEM, labels={"zh": "布斯克碳市场"}, aliases=["BKS"]),
    }
    _twins(entities)
    assert entities["zh"].twins == ["en"] and entities["en"].twins == ["zh"]
    assert entities["a"].twins == [] and entities["b"].twins == []


def test_an_adjective_in_ese_names_its_place():
    from search.qa.lexicon import Entity, Lexicon
    from search.qa.linking import Linker

    entities = {JUR + "velmar": Entity(JUR + "velmar", JURISDICTION, labels={"en": "Velmar"}, systems=[SYS + "velmar"]),
                SYS + "velmar": Entity(SYS + "velmar", SYSTEM, labels={"en": "Velmar ETS"}, jurisdiction=JUR + "velmar")}
    linker = Linker(Lexicon(entities, {}, {}))
    assert [m.iri for m in linker.link(fold("Can Velmarese companies trade allowances?"))] == [JUR + "velmar"]


def test_a_transliterated_province_goes_by_its_first_character():
    # "塔省" for 塔兰卡省; 新维拉省 and 新波特省 would both be "新省", which then names neither.
    from search.qa.lexicon import Entity, Lexicon
    from search.qa.linking import Linker

    ids = "https://etskg.org/id/"
    entities = {}
    for key, zh in (("taranka", "塔兰卡省"), ("nevira", "新维拉省"), ("neport", "新波特省")):
        entities[ids + "system/" + key] = Entity(ids + "system/" + key, SYSTEM, labels={"zh": zh + "碳市场"},
                                                 jurisdiction=ids + "jurisdiction/" + key, status="in_force")
        entities[ids + "jurisdiction/" + key] = Entity(ids + "jurisdiction/" + key, JURISDICTION, labels={"zh": zh},
                                                       systems=[ids + "system/" + key])
    linker = Linker(Lexicon(entities, {}, {}))
    assert [s.rsplit("/", 1)[1] for m in linker.link(fold("塔省的碳市场何时启动？")) for s in m.systems] == ["taranka"]
    assert not linker.link(fold("新省的碳市场何时启动？"))
