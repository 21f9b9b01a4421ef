"""The extractor (ingest.pipeline) on prose it has no layout for, and on text that names no market.

Places here are invented (Pellmark, Ostvale, 榕川省) so that only the text can say anything about them.
"""
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import read_document_facts

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
CORPUS = ROOT / "tests" / "corpus"


def facts_of(text, doc="t-en"):
    r = read_document_facts(text, doc)
    return r, {(f.system, f.relation, f.value) for f in r.facts}


NEWS_EN = """Date: 2024-05-02

PELLMARK CITY, 2 May 2024 — The Pellmark Emissions Trading Scheme (P-ETS) began trading on 1 March 2019 and
covers power generation and cement. Companies may meet up to 7% of their obligations with domestic offset credits.
Neighbouring Ostvale is still studying whether to set up a carbon market of its own."""

NEWS_ZH = """日期：2025年6月1日

榕川省碳排放权交易市场于2021年7月正式启动，覆盖电力和钢铁行业。该市场不接受国际碳信用。"""


def test_a_market_named_in_prose_is_found_with_its_facts():
    r, facts = facts_of(NEWS_EN)
    key = "new:pellmark"
    assert key in r.systems and "P-ETS" in r.systems[key].acronyms
    assert {(key, "start_year", "2019-03"), (key, "status", "in_force"), (key, "sector", "power"),
            (key, "sector", "cement"), (key, "offset_rule", "domestic_limited"),
            (key, "offset_limit_pct", "7")} <= facts


def test_a_market_only_considered_is_under_consideration():
    r, facts = facts_of(NEWS_EN)
    assert ("new:ostvale", "status", "under_consideration") in facts


def test_chinese_prose_with_an_unknown_province():
    r, facts = facts_of(NEWS_ZH, "t-zh")
    key = next(k for k in r.systems if "榕川" in k)
    assert {(key, "start_year", "2021-07"), (key, "status", "in_force"), (key, "level", "subnational"),
            (key, "sector", "power"), (key, "sector", "steel")} <= facts


def test_a_planned_start_after_the_document_date_is_under_development():
    text = "Date: 2023-01-10\n\nThe Ostvale ETS will start operating in January 2026, officials said."
    r, facts = facts_of(text)
    assert {("new:ostvale", "start_year", "2026-01"), ("new:ostvale", "status", "under_development")} <= facts


def test_negated_and_proposed_sectors_are_not_coverage():
    text = ("Date: 2024-01-01\n\nThe Pellmark ETS covers power plants. Aviation is not covered, "
            "and officials are considering whether to add shipping.")
    _, facts = facts_of(text)
    sectors = {v for k, rel, v in facts if rel == "sector"}
    assert sectors == {"power"}


@pytest.mark.parametrize("text", [
    "Date: 2024-01-01\n\nThe Pellmark carbon tax rose to 40 euros per tonne in 2024, and fuel suppliers pay it monthly.",
    "Date: 2024-01-01\n\nContents\n1. Introduction 3\n2. Prices 7\n3. Outlook 12",
    "Date: 2024-01-01\n\nEditor's note: an earlier version of this article misstated a date in 2019.",
    "Date: 2024-01-01\n\nCAP/TARGET: 40% below 2005 levels by 2030\nSCOPE: all sectors",
    "Date: 2024-01-01\n\nMaria Ostvik, born in 1961 in Pellmark, studied economics and later chaired a climate panel.",
    # Glossary entries and a correction label: capitalised English words before a dash or colon are no places.
    "Date: 2024-01-01\n\nGlossary\n\nBanking — Holding emission allowances back for use in a later compliance year.\n\n"
    "Borrowing — Using allowances of a future year in an emissions trading system today.",
    "Date: 2024-01-01\n\nCorrection: An earlier version of this story gave the wrong year for when the emissions "
    "trading scheme began.",
    # A market word as what something is said to be, then denied, names no market.
    "Date: 2025-09-01\n\nRe: Ostvale carbon tax\n\nOstvale's carbon tax rose this month. Treasury asked whether this "
    "makes Ostvale a \"carbon market\" – it does not.",
    "日期：2025年9月1日\n\n秘書處澄清，坊間所謂「澳門碳市場」實指一個自願碳信用平台。",
    # English words joined by hyphens in a title are no place.
    "Date: 2024-01-01\n\nHow Cement Plants Respond to a Province-Level Carbon Market\n\nWe study cement plants.",
    # A common noun for a kind of place ends a phrase, not a name: cities exploring markets, any foreign market,
    # talks on linking two countries' markets, a small island state's market.
    "日期：2025年9月1日\n\n霁川是较早主动探索城市碳市场的地方。该地尚未与任何外国碳市场连结。欧方已启动连接两国碳市场的谈判。"
    "小岛国碳市场的实验值得关注。",
    # A run of country paragraphs on fuel subsidies: dates and prices, not one word of a market, though the chapter's
    # opening names carbon markets to set them aside.
    "发布时间：2024年2月27日\n\n本章讨论常被误认为碳市场的政策：燃油补贴改革。\n\n尼日利亚：2023年5月新政府宣布取消汽油补贴，"
    "油价在数日内上涨近两倍。\n\n埃及：埃及按季度调整燃油价格，自2019年起实行燃油价格指数化机制。",
])
def test_text_that_is_not_about_a_carbon_market_mints_no_system(text):
    r, facts = facts_of(text)
    assert r.systems == {} and facts == set()


@pytest.mark.skipif(not SCORE.exists(), reason="needs ../shared/eval/score.py next to the clone")
def test_development_corpus_scores(tmp_path):
    """The dev split of the hand-labelled corpus: a floor below today's figure, so a regression fails."""
    golds = [d for d in sorted(CORPUS.glob("*/dev")) if (d / "facts.tsv").exists()]
    files = [str(f) for d in golds for f in sorted(d.glob("*.txt"))]
    out = tmp_path / "facts.jsonl"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "extract_eval.py"), str(out), *files,
                          "--gold", *map(str, golds)], capture_output=True, text=True, check=True)
    f1 = float(run.stdout.strip().splitlines()[-1].rsplit("F1", 1)[1])
    # Every pack's dev split: 0.863 in session 20 with two new packs at their first run; 0.845 in session 25 with
    # two more new packs (alerts, letters: 0.834 together at their first run).
    assert f1 >= 0.84


@pytest.mark.parametrize("text, doc", [
    ("Date: 2024-05-02\n\nThe Pellmark ETS and the Ostvale ETS are no longer linked.", "t-en"),
    ("Date: 2024-05-02\n\nThe link between the Pellmark ETS and the Ostvale ETS ended in March 2024.", "t-en"),
    ("日期：2025年6月1日\n\n自2024年起，榕川省碳市场不再与岚江省碳市场连接。", "t-zh"),
])
def test_a_link_that_ended_is_an_ended_link_both_ways(text, doc):
    r, facts = facts_of(text, doc)
    ended = {(a, b) for a, rel, b in facts if rel == "linkage_ended"}
    assert len(ended) == 2 and {(b, a) for a, b in ended} == ended
    assert not any(rel in ("linked_with", "linkage_planned") for _, rel, _ in facts)


def test_a_link_in_operation_is_not_ended():
    r, facts = facts_of("Date: 2024-05-02\n\nThe Pellmark ETS has been linked with the Ostvale ETS since 2019.")
    assert ("new:pellmark", "linked_with", "new:ostvale") in facts
    assert not any(rel == "linkage_ended" for _, rel, _ in facts)


# Rules added with the second pass over the development corpus; each sentence is written for its test.
RULES = [
    # "全國" in a text from Hong Kong is China's market: Hong Kong is a region of China, not a country of its own.
    ("日期：2025年3月27日\n\n全國碳市場首次擴容　鋼鐵水泥納入\n記者 李明 | 轉載自《香港財經週報》\n\n"
     "生態環境部今日宣布，全國碳市場正式把鋼鐵、水泥兩個行業納入管理。", "t-zh",
     {("place:cn", "sector", "steel"), ("place:cn", "sector", "cement")}, {"place:hk"}),
    # 上路 launches a market (next year's launch is planned); a launch the speaker does not believe in is none.
    ("日期：2026年6月1日\n\n莫兰迪亚碳市場明年上路。", "t-zh",
     {("new:莫兰迪亚", "start_year", "2027"), ("new:莫兰迪亚", "status", "under_development")}, set()),
    ("日期：2026年6月1日\n\n奥雷卡碳市場的法源已經齊備。我個人不認為2029年以前會上路。", "t-zh", set(),
     {("new:奥雷卡", "start_year", "2029")}),
    # A verb ending in 市 (开市, 上市) after its subject is no city "试点开市": the pilot's facts stay its own.
    ("日期：2026年1月25日\n\n岚江省碳排放权交易试点于2015年开市。至此，试点开市时覆盖的电力企业均已转入全国碳市场。"
     "2016年开市以来，试点始终坚持基于强度的配额分配方法。", "t-zh",
     {("new:岚江省", "sector", "power"), ("new:岚江省", "design", "intensity")}, {"new:试点开市"}),
    ("日期：2025年4月1日\n\n韦尔达正在建设全国碳排放权交易市场。", "t-zh",
     {("new:韦尔达", "status", "under_development")}, {"place:cn"}),
    # 启动 whose object is the work of bringing a sector in does not start the market.
    ("日期：2025年11月1日\n\n禾川市碳市场已于今年启动数据中心行业的纳入工作。", "t-zh", set(),
     {("new:禾川市", "start_year", "2025")}),
    # A transliterated name opening a sentence about its own country's market (本国) is that country, not the
    # country named in the paragraph before; its link next January is planned.
    ("日期：2025年12月1日\n\n索伦纳王国正在筹建碳排放交易体系。\n\n维尔坦于2022年启动了本国碳市场，并将于明年1月与科伦省实现链接。",
     "t-zh", {("new:维尔坦", "start_year", "2022"), ("new:维尔坦", "linkage_planned", "new:科伦省")},
     {("new:索伦纳", "start_year", "2022")}),
    # A link dated only after the text's date is planned, whatever verb says it operates.
    ("Date: 2026-06-01\n\nThe Vertan ETS and the Kolen Cap-and-Trade Program will be linked from 1 January 2027.", "t-en",
     {("new:vertan", "linkage_planned", "new:kolen")}, {("new:vertan", "linked_with", "new:kolen")}),
    ("日期：2026年6月1日\n\n维尔坦碳市场将于明年1月与科伦省碳市场实现链接。", "t-zh",
     {("new:维尔坦", "linkage_planned", "new:科伦省")}, {("new:维尔坦", "linked_with", "new:科伦省")}),
    # An acronym as a run-in heading names the market its paragraph spells out; a dateline's city in capitals does not.
    ("Date: 2025-05-01\n\nNORTHBRIDGE — The environment ministry said on Monday that trading rules would be published "
     "soon.\n\nCCTP — The Coastal Carbon Trading Program, in force since 2016, covers only power plants in six coastal "
     "states.", "t-en", {("name:cctp", "start_year", "2016"), ("name:cctp", "sector", "power")}, {"name:northbridge"}),
    # A run-in heading ("South Korea. …") is the paragraph's market; "History. …" is a section word, not a place.
    ("Date: 2025-12-20\n\nCarbon markets in review.\n\nSouth Korea. Seoul insists the K-ETS stays "
     "on course; it has covered power and industry for a decade.\n\nHistory. The earliest scheme in the region, in "
     "Velmaran, opened in 2012.\n\nVelmaran. The Velmaran Emissions Trading System added cement works this year.", "t-en",
     {("place:kr", "sector", "power"), ("place:kr", "sector", "industry"), ("new:velmaran", "sector", "cement")},
     {"new:history", "place:kr-11"}),
    # A city that speaks stands for its government: no market of Seoul; "its program" keeps Tokyo's own.
    ("Date: 2025-12-01\n\nSeoul announced on Tuesday that the K-ETS would hold its auctions monthly from March. "
     "Tokyo said its cap-and-trade program now covers some 1,300 office buildings.", "t-en",
     {("place:jp-13", "sector", "buildings")}, {"place:kr-11"}),
    # A foreign name written with characters transliterations use (万, 墨 …) is a place of its own.
    ("日期：2026年2月1日\n\n万戈拉碳排放交易体系定于2029年3月启动，墨兰卡碳市场则已覆盖电力行业。", "t-zh",
     {("new:万戈拉", "start_year", "2029-03"), ("new:墨兰卡", "sector", "power")}, set()),
    # "the state's program" is the market of the first state the sentence names, not of the nearest place.
    ("Date: 2024-03-20\n\nWashington's ecology agency told California and Québec that the state's cap-and-invest "
     "program began on January 1 of last year.", "t-en",
     {("place:us-wa", "start_year", "2023-01")}, {"place:ca-qc"}),
    # 将 before a sector marks what is brought in, not a plan; 分布在 lists what the market covers.
    ("日期：2024年8月1日\n\n榕川省碳排放权交易市场于2014年启动。2017年起，该市场将城市轨道交通和公交企业纳入管理。"
     "目前控排企业分布在水泥、造纸和服务业等行业。", "t-zh",
     {("new:榕川省", "sector", "rail"), ("new:榕川省", "sector", "road_transport"), ("new:榕川省", "sector", "cement"),
      ("new:榕川省", "sector", "services")}, set()),
    # 同年 counts from the year named just before it.
    ("日期：2024年8月1日\n\n榕川省碳市场于2014年6月启动，琴屿市碳市场同年12月开市。", "t-zh",
     {("new:琴屿市", "start_year", "2014-12")}, set()),
    # A factsheet's "label：value" lines are items of their own, about the market the sheet names.
    ("日期：2024年5月6日\n\n榕川省碳排放权交易市场概况\n\n名称：榕川省碳排放权交易市场\n主管部门：省生态环境厅\n"
     "启动时间：2016年4月\n覆盖范围：水泥、钢铁\n抵销规则：可使用本国林业碳汇，上限为应履约量的6%", "t-zh",
     {("new:榕川省", "start_year", "2016-04"), ("new:榕川省", "sector", "steel"),
      ("new:榕川省", "offset_limit_pct", "6")}, set()),
    # The clause that states the offset limit decides, not the first clause that mentions offsets.
    ("日期：2024年1月1日\n\n榕川省碳市场允许企业使用核证自愿减排量抵销部分排放，但抵销量不得超过排放量的8%。", "t-zh",
     {("new:榕川省", "offset_rule", "domestic_limited"), ("new:榕川省", "offset_limit_pct", "8")}, set()),
    # "省碳市场" is the market of the province the text has named.
    ("日期：2025年5月1日\n\n榕川省位于东南沿海，是造纸大省。\n\n记者：省碳市场目前覆盖哪些行业？\n\n负责人：省碳市场覆盖电力和造纸行业。",
     "t-zh", {("new:榕川省", "sector", "power")}, set()),
    # A "federal" market with an acronym in a Chinese text: the country's, and the acronym alone refers back to it.
    ("日期：2025年3月1日\n\n加拿大对大型工业设施实行联邦产出基准定价制度（Output-Based Pricing System，OBPS），自2019年1月起实施。"
     "\n\n问：OBPS怎样运作？答：OBPS按排放强度设定基准，受规管行业包括钢铁和水泥。", "t-zh",
     {("place:ca", "start_year", "2019-01"), ("place:ca", "sector", "steel")}, set()),
    # A sector that moves into a market is that market's coverage.
    ("日期：2024年1月1日\n\n印度正在建设碳信用交易机制（CCTS）。届时钢铁和水泥企业将从现行机制过渡至CCTS。", "t-zh",
     {("place:in", "sector", "steel")}, set()),
    # A name of several words, past a common noun ("Building"), and a short name the text defines for it.
    ('Date: 2024-02-01\n\nThe ordinance establishes the Santa Pellmark Building Emissions Trading Program (the "Program"), '
     "a cap-and-trade system for large buildings. Offset credits may not be used under the Program.", "t-en",
     {("new:santa-pellmark", "offset_rule", "none")}, set()),
    # A language glossing a name is not a place.
    ("Date: 2024-01-01\n\nThe Swiss Emissions Trading System (Swiss ETS; German: Emissionshandelssystem) is the "
     "cap-and-trade programme that covers cement works.", "t-en", {("place:ch", "sector", "cement")}, {"place:de"}),
    # A verb word before a bare 省 is not a place named after it.
    ("日期：2024年1月1日\n\n第五条　年排放达到1万吨的水泥企业，应当纳入省碳市场管理。", "t-zh", set(), {"new:应当纳入省"}),
    # "A–B carbon market" is one market of two linked places.
    ("Date: 2024-01-01\n\nThe California–Québec carbon market held its first auction of the year. California and Québec "
     "have run a single, linked market since 2014.", "t-en",
     {("place:us-ca", "linked_with", "place:ca-qc"), ("place:ca-qc", "linked_with", "place:us-ca")}, set()),
    # A link the text says operates stays a link; a link whose subject and partner place are named ended between them.
    ("Date: 2023-07-03\n\nThe Pellmark ETS and the Ostvale ETS were formally linked on Saturday, 1 July 2023. "
     "Pellmark's earlier link with the Province of Varnholt ended on 31 December 2022.", "t-en",
     {("new:pellmark", "linked_with", "new:ostvale")}, set()),
    # "no longer accepts" refuses offsets; 没有任何抵销信用 too.
    ("日期：2024年1月1日\n\n榕川省碳市场2019年启动，目前也没有任何抵销信用可用于履约。", "t-zh",
     {("new:榕川省", "offset_rule", "none")}, set()),
    # "now expected to start" is a plan; "its findings are due in 2026" is not a launch.
    ("Date: 2024-01-01\n\nThe Ostvale ETS, with a pilot phase now expected to start in 2027, is being designed. "
     "A study of the Pellmark ETS is under way; its findings are due in 2026.", "t-en",
     {("new:ostvale", "start_year", "2027"), ("new:ostvale", "status", "under_development")},
     set()),
    # A market whose existence the text denies is not one to describe.
    ("日期：2024年1月1日\n\n本港环保团体指出，香港目前并无任何排放交易制度，政府亦未有提出时间表。", "t-zh", set(), {"place:hk"}),
    ("Date: 2024-01-01\n\nSingapore has no emissions trading system; it relies on a carbon tax.", "t-en", set(), {"place:sg"}),
    # ... but "无论" (whichever) denies nothing, and an agency named after the national market is no market.
    ("日期：2024年1月1日\n\n无论北京碳市场还是上海碳市场，都覆盖电力行业。", "t-zh",
     {("place:cn-bj", "jurisdiction", "place:cn-bj"), ("place:cn-sh", "jurisdiction", "place:cn-sh")}, set()),
    ("日期：2024年1月1日\n\n国家市场监督管理总局发布了计量新规，覆盖电力行业的计量器具。", "t-zh", set(), {"place:cn"}),
    # A regulation's own market ("本体系"), defined by a short name after a title that names one place.
    ("日期：2024年1月1日\n\n埃斯基瓦尔省《产出基准定价条例》要点\n\n第一条　本条例所称产出基准定价体系（以下简称“本体系”），"
     "是指对大型排放设施实行排放定价和信用交易的制度。\n\n第三条　年排放量达到5万吨的设施应当纳入本体系，涵盖炼油、水泥和钢铁行业。",
     "t-zh", {("new:埃斯基瓦尔省", "sector", "cement")}, set()),
    # A figure's key and a hedged remark about international credits state no offset rule.
    ("Date: 2024-01-01\n\nThe Pellmark ETS began operating in 2015 and covers power. Pink dots on the map indicate that "
     "the jurisdiction also allows international offsets. Progress under Article 6 may drive demand for international "
     "credits.", "t-en", {("new:pellmark", "sector", "power")}, {("new:pellmark", "offset_rule", "international")}),
    # "联邦OBPS" names the country's market, and is its label.
    ("日期：2024年1月1日\n\n加拿大：联邦OBPS自2019年起实施，覆盖钢铁行业。", "t-zh", {("place:ca", "sector", "steel")}, set()),
    # A capitalised word whose plural the text writes in lower case is not a place.
    ("Date: 2024-01-01\n\nOfficials are studying a Fuel Emissions Trading Scheme (FETS) for road fuels and heating fuels.",
     "t-en", set(), {"new:fuel"}),
    # A market named with no market head, which the text says is one: by a copula through "the mechanism" ...
    ("Date: 2024-01-01\n\nThe Harbour Limits Mechanism is Vietnam's main tool for its largest plants. It started on "
     "1 July 2019.\n\nThe mechanism is a baseline-and-credit scheme covering cement works.", "t-en",
     {("place:vn", "start_year", "2019-07"), ("place:vn", "sector", "cement")}, set()),
    # ... by an apposition, keyed by its acronym when no place owns it ...
    ("Date: 2024-01-01\n\nThe Lakes Carbon Compact (LCC), a cap-and-trade program shared by eight states, began in 2012 "
     "and covers power plants.", "t-en", {("name:lcc", "start_year", "2012"), ("name:lcc", "sector", "power")}, set()),
    # ... by a cap that "it" sets, under a place's heading ...
    ("Date: 2024-01-01\n\n- Nevada: the Clean Air Promise Program began in 2021. It sets a declining cap on "
     "suppliers of natural gas.", "t-en", {("place:us-nv", "start_year", "2021")}, set()),
    # ... and in Chinese, by a quoted name and a copula.
    ("日期：2024年1月1日\n\n智利的“排放上限计划”是一个总量控制与交易体系，于2020年启动，覆盖电力行业。", "t-zh",
     {("place:cl", "start_year", "2020"), ("place:cl", "sector", "power")}, set()),
    # A short name a regulation defines, in a text about surrendering units, names the market of the title's place;
    # the regulation's own 第六条 is no reference to the Paris Agreement's Article 6.
    ("日期：2025年1月1日\n\n塔瓦尼亚酋长国《排放绩效机制条例》摘要\n\n第一条　设立排放绩效机制（以下简称“本机制”）。\n\n"
     "第二条　“绩效单位”是可交易凭证。水泥和钢铁企业纳入本机制。\n\n第三条　首个履约期自2027年1月1日开始。\n\n"
     "第六条　企业可以使用国内减排量抵销，比例不得超过应清缴数量的4%。", "t-zh",
     {("new:塔瓦尼亚", "sector", "cement"), ("new:塔瓦尼亚", "offset_rule", "domestic_limited"),
      ("new:塔瓦尼亚", "offset_limit_pct", "4")}, {("new:塔瓦尼亚", "offset_rule", "international")}),
    # A name jieba splits into name pieces before 共和国 is a place even when a verb is glued before it
    # ("专访…") and its characters are not all of the usual transliteration ("武"); a country named only in
    # a biography is not the market's place; 计划 that ends a market's name plans nothing.
    ("日期：2025年3月2日\n\n专访萨武兰迪共和国能源部长\n\n部长早年曾在斐济任教。"
     "萨武兰迪排放交易计划（SETS）于2022年1月开市，目前覆盖发电行业。", "t-zh",
     {("new:萨武兰迪", "start_year", "2022-01"), ("new:萨武兰迪", "status", "in_force")}, {"place:fj"}),
    # 国家市场 with no place: the country the document names, when the gazetteer does not know it.
    ("日期：2025年3月2日\n\n苍梧省位于奥莱兰共和国西部，省碳市场已运行多年。"
     "根据国家条例，国家市场将于2027年1月启动。", "t-zh",
     {("new:奥莱兰", "start_year", "2027-01")}, {("new:苍梧省", "start_year", "2027-01")}),
    # A status note's numbered heading names a market with no head; the bullet under it says what it is and
    # since when. The region of a plural title ("North Atlantic carbon markets") is no place of its own.
    ("Date: 2025-11-02\n\nNorth Atlantic carbon markets: a year-end note\n\n1. Coastal Carbon Compact (CCC)\n"
     "- Cap-and-trade among six harbour towns since 2016.\n- Offsets capped at 5% of each obligation.\n", "t-en",
     {("name:ccc", "start_year", "2016"), ("name:ccc", "offset_limit_pct", "5")},
     {"new:atlantic"}),
    # A place alone on a line heads the bullets below it when they speak of "its market" or a link.
    ("Date: 2025-11-02\n\nProvincial markets\n\nManitoba\n- Its market started in 2021; linked with Ontario.\n"
     "- Offset credits limited to 6% of an emitter's obligation.\n", "t-en",
     {("place:ca-mb", "start_year", "2021"), ("place:ca-mb", "offset_limit_pct", "6")}, set()),
    # "its" after a subject and an aside that names its country is the subject's.
    ("Date: 2025-06-01\n\nManitoba, a province of Canada, launched its cap-and-trade program in January 2021.\n", "t-en",
     {("place:ca-mb", "start_year", "2021-01")}, {"place:ca"}),
    # "Beijing's national market": the capital stands for its country.
    ("Date: 2025-06-01\n\nBeijing's national market, which opened for trading in July 2021, covers power plants.\n", "t-en",
     {("place:cn", "start_year", "2021-07"), ("place:cn", "sector", "power")}, {"place:cn-bj"}),
    # A study of whether to include a sector ("是否纳入尚在评估之中") is no study of the market itself; a rule on what
    # a participant "may surrender" says nothing of whether the market operates yet.
    ("日期：2025年4月1日\n\n榕川省碳市场自2019年起运行。石化企业目前不在该市场覆盖范围内，是否纳入尚在评估之中。", "t-zh",
     {("new:榕川省", "status", "in_force")}, {("new:榕川省", "status", "under_consideration")}),
    ("Date: 2025-04-01\n\nThe law creates the Pellmark Emissions Trading System. The share of offsets an operator may "
     "surrender is left to later rules.", "t-en", set(), {("new:pellmark", "status", "in_force")}),
    # A programme a regulation defines with 下称 is a market; a sector whose inclusion is left open
    # ("是否纳入，另行研究") is not its coverage.
    ("日期：2025年9月1日\n\n《霁川合作区气候配额条例》摘要\n\n第1条　本条例设立霁川气候配额计划（下称「本计划」），以总量管制与交易方式"
     "管控排放。\n第6条　本计划适用于数据中心及港口营运者。航空业是否纳入，由管理局另行研究。\n第9条　设施可使用抵销额度履约。", "t-zh",
     {("name:霁川气候配额计划", "sector", "data_centers"), ("name:霁川气候配额计划", "sector", "ports")},
     {("name:霁川气候配额计划", "sector", "aviation")}),
    # A regulation's defined market belongs to the place its title and text name most, not to the country an
    # editor's note adds.
    ("日期：2024年1月10日\n\n蓝塔省《排放设施定价条例》要点\n\n编者按：奥莱兰共和国蓝塔省议会通过本条例修订案。\n\n"
     "第一条　本条例所称产出基准定价体系（以下简称“本体系”），是对排放设施实行定价和信用交易的制度。\n\n"
     "第三条　年排放量5万吨以上的设施纳入本体系，涵盖水泥和钢铁行业。", "t-zh",
     {("new:蓝塔省", "sector", "cement"), ("new:蓝塔省", "sector", "steel")}, {"new:奥莱兰"}),
    # A short place name inside a longer transliterated one is no place ("贝尔马里斯" holds 马里, Mali);
    # "排放配额交易计划" is a market head; the English name and acronym a Chinese gloss gives are the market's.
    ("日期：2025年3月1日\n\n萨伦马里斯排放配额交易计划（英语：Salenmaris Allowance Scheme，简称SAS）是萨伦马里斯王国的"
     "全国碳市场，2018年1月展开首个履约期。", "t-zh",
     {("new:萨伦马里斯", "start_year", "2018-01")}, {"place:ml"}),
    # 跨国 ("transnational") is no place.
    ("日期：2025年3月1日\n\n欧盟碳市场是全球第一个跨国的总量控制与交易制度。", "t-zh", set(), {"new:跨国"}),
    # Starts the text denies or asks about are none: 尚未启动, 何时启动, 启动时间是否推迟, 生效时间尚未确定.
    ("日期：2025年3月1日\n\n瑶澜省碳市场的试行阶段已于2021年底结束，正式阶段尚未启动。", "t-zh", set(),
     {("new:瑶澜省", "start_year", "2021")}),
    ("日期：2025年3月1日\n\n瑶澜省碳市场何时正式启动，今年之内仍无定论。", "t-zh", set(), {("new:瑶澜省", "start_year", "2025")}),
    ("日期：2025年12月1日\n\n明年关注：瑶澜省碳市场的启动时间是否推迟。", "t-zh", set(), {("new:瑶澜省", "start_year", "2026")}),
    # "首次交易", "第一个履约期" are starts; a pronoun after the law that set the market up is its subject.
    ("日期：2025年3月1日\n\n瑶澜省碳排放权交易市场自2019年4月开展首次交易。", "t-zh", {("new:瑶澜省", "start_year", "2019-04")}, set()),
    ("Date: 2025-03-01\n\nThe Pellmark Emissions Trading System (PETS) is a market. Set up under Directive 7/2003, it "
     "began operating in 2005.", "t-en", {("new:pellmark", "start_year", "2005")}, set()),
    # Firms "已纳入全国碳市场" are the national market's, not the province's the sentence goes on to name; a national
    # market the sentence cannot place is not the province the next sentence names.
    ("日期：2025年3月1日\n\n第四条　已纳入全国碳排放权交易市场的发电企业，不再参加本省碳排放权交易。瑶澜省碳市场覆盖钢铁行业。", "t-zh",
     {("new:瑶澜省", "sector", "steel")}, {("new:瑶澜省", "sector", "power")}),
    # 国内航线 / 岛际航班 are domestic aviation.
    ("日期：2025年3月1日\n\n瑶澜省碳市场覆盖发电和国内航线航空运营者。", "t-zh", {("new:瑶澜省", "sector", "domestic_aviation")}, set()),
    # The items of a list a colon opens after a coverage cue are covered ("应当纳入本计划：（一）…；（二）…").
    ("日期：2025年3月1日\n\n瑶澜省碳市场要点\n\n第五条　年排放量达到5万吨的下列设施，应当纳入瑶澜省碳市场：（一）水泥熟料生产；"
     "（二）钢铁冶炼；（三）陶瓷烧制。", "t-zh",
     {("new:瑶澜省", "sector", "cement"), ("new:瑶澜省", "sector", "steel"), ("new:瑶澜省", "sector", "ceramics")}, set()),
    # A regulation's schedule that lists activities is coverage.
    ("Date: 2025-03-01\n\nThe Pellmark Emissions Trading System (PETS) started in 2019. Schedule 1 lists electricity "
     "generation, cement production and aluminium smelting.", "t-en",
     {("new:pellmark", "sector", "power"), ("new:pellmark", "sector", "cement"), ("new:pellmark", "sector", "aluminium")}, set()),
    # A link that took effect is in place, whatever planning words stand around it.
    ("Date: 2024-04-02\n\nThe long-negotiated link between the Pellmark Emissions Trading System and the Ostvale "
     "Emissions Trading System formally took effect yesterday.", "t-en",
     {("new:pellmark", "linked_with", "new:ostvale"), ("new:ostvale", "linked_with", "new:pellmark")},
     {("new:pellmark", "linkage_planned", "new:ostvale")}),
    # "the Sennavian province of Vendrel" names a place; a programme of allowances is a market, of the place
    # written right before its name, not of another place the title names.
    ("Date: 2025-07-09\n\nPellmark and Korrin end talks\n\nNegotiators from the Kingdom of Pellmark and the Dravian "
     "province of Korrin met again. Korrin's Carbon Allowance Program (KCAP) is still being built: its first "
     "compliance period opens in January 2027.", "t-en",
     {("new:korrin", "start_year", "2027-01")}, {("new:pellmark", "start_year", "2027-01")}),
    # A label line's items separated by semicolons are covered; "reaches" sectors is coverage, "reached a record" not;
    # the definition of covered entities (重点排放单位，是指…) lists coverage.
    ("日期：2025年3月1日\n\n瑶澜省碳市场概况\n制度设计：总量管制与交易\n涵盖范围：发电厂；工业制程；运输燃料供应商\n", "t-zh",
     {("new:瑶澜省", "sector", "power"), ("new:瑶澜省", "sector", "transport")}, set()),
    ("Date: 2025-03-01\n\nThe Pellmark Emissions Trading System (PETS) started in 2015. It now reaches power generation, "
     "buildings and waste. Its price reached a record in March.", "t-en",
     {("new:pellmark", "sector", "power"), ("new:pellmark", "sector", "waste")}, set()),
    ("日期：2025年3月1日\n\n《瑶澜省碳排放权交易管理办法》\n\n第三条　本办法所称重点排放单位，是指年度排放量达到1万吨的数据中心和港口企业。",
     "t-zh", {("new:瑶澜省", "sector", "data_centers"), ("new:瑶澜省", "sector", "ports")}, set()),
    # Ruling out international credits says no international rule; 不设任何抵销 is no offsets.
    ("Date: 2025-03-01\n\nThe Pellmark Emissions Trading System (PETS) started in 2015, and the government has ruled "
     "out accepting international credits for the time being.", "t-en", set(), {("new:pellmark", "offset_rule", "international")}),
    ("日期：2025年3月1日\n\n瑶澜省碳市场将于2027年启动，首个履约期内不设任何抵销。", "t-zh", {("new:瑶澜省", "offset_rule", "none")}, set()),
    # A stray word of operation (配额) with nothing said of the market itself is no evidence that it operates.
    ("日期：2025年3月1日\n\n瑶澜省碳市场进展如何？负责人说，配额分配方案已完成第二轮讨论。", "t-zh", set(),
     {("new:瑶澜省", "status", "in_force")}),
    # A market named after 而非 / "rather than" is one the text says is not there.
    ("日期：2025年1月1日\n\n注：南非实行碳税而非碳排放交易。", "t-zh", set(), {"place:za"}),
    ("Date: 2025-01-01\n\nSingapore chose a carbon tax rather than an emissions trading system.", "t-en", set(), {"place:sg"}),
    # A launch verb that belongs to another noun ("the price gap that opened"), or has an object of its own before
    # the market ("have begun formal negotiations to connect their markets"), is no launch.
    ("Date: 2024-06-01\n\nThe Pellmark ETS started in 2015. Had Pellmark joined the Ostvale ETS, the price gap that "
     "opened last year would not exist.", "t-en", {("new:pellmark", "start_year", "2015")},
     {("new:ostvale", "start_year", "2023"), ("new:pellmark", "start_year", "2023")}),
    ("Date: 2025-03-18\n\nThe Pellmark ETS and the Ostvale ETS are separate markets. Pellmark and Ostvale have begun "
     "formal negotiations to connect their carbon markets.", "t-en",
     {("new:pellmark", "linkage_planned", "new:ostvale"), ("new:ostvale", "linkage_planned", "new:pellmark")},
     {("new:ostvale", "start_year", "2025-03"), ("new:pellmark", "start_year", "2025-03")}),
    # Units that became interchangeable are a link in operation.
    ("Date: 2024-07-02\n\nThe Pellmark ETS and the Ostvale ETS cover power. Allowances issued under the Pellmark ETS and "
     "the Ostvale ETS became interchangeable yesterday.", "t-en", {("new:pellmark", "linked_with", "new:ostvale")}, set()),
    # A market head inside a law's title names no place ("Regulations on the Administration of ...").
    ("Date: 2024-05-01\n\nThe Interim Regulations on the Administration of Carbon Emissions Trading took effect on "
     "1 May 2024.", "t-en", set(), {"new:administration"}),
    # 该国 is the last country named, a minted one too when its written form says it is a country.
    ("日期：2025年1月1日\n\n她曾在斐济工作，后任职于塔瓦尼亚共和国，主持了该国碳市场的设计，该市场覆盖电力行业。", "t-zh",
     {("new:塔瓦尼亚", "sector", "power")}, {"place:fj"}),
    # A market the first sentence cannot place is the one the next sentence names, when none is under discussion;
    # "the launch of X on <date>" dates the launch, planned or done by the document's date.
    ("Date: 2015-01-12\n\nThe region's first national emissions trading scheme entered into force on 1 January 2015. "
     "The Pellmark ETS covers 500 firms.", "t-en", {("new:pellmark", "start_year", "2015-01")}, set()),
    ("Date: 2014-12-01\n\nPreparations for the launch of the Pellmark ETS on 1 January 2015 are nearly complete.", "t-en",
     {("new:pellmark", "start_year", "2015-01"), ("new:pellmark", "status", "under_development")}, set()),
    # Where a document calls its markets "programs", a program with a place, or one "similar" to a market, is one
    # too; "a linked market" two places operate is the market of each.
    ("Date: 2024-10-01\n\nNevada's cap-and-invest program is new. The first U.S. program began in Oregon in 2012, "
     "and a similar program was launched in Ontario the following year.", "t-en",
     {("place:us-or", "start_year", "2012"), ("place:ca-on", "start_year", "2013")}, {"place:us"}),
    # ... but a system of another noun is none ("the energy system in Japan").
    ("Date: 2024-01-01\n\nGermany's ETS covers fuels. The energy system in Japan relies on coal.", "t-en",
     set(), {"place:jp"}),
    ("Date: 2024-03-28\n\nOregon and Ontario have been operating a linked market for a decade now.", "t-en",
     {("place:us-or", "linked_with", "place:ca-on"), ("place:ca-on", "linked_with", "place:us-or")}, set()),
    # A web page's paragraph on one line is split into its sentences.
    ("Date: 2024-01-01\nTitle line\nThe Pellmark ETS began in 2015. The Ostvale ETS began in 2019.\nAnother line here.",
     "t-en", {("new:pellmark", "start_year", "2015"), ("new:ostvale", "start_year", "2019")},
     {("new:pellmark", "start_year", "2019")}),
    # "was set up in 2005" dates a launch; 逐步 in a past account ("此后逐步将…纳入") is no hedge.
    ("Date: 2023-05-01\n\nThe Pellmark ETS was set up in 2005.", "t-en", {("new:pellmark", "start_year", "2005")}, set()),
    ("日期：2023年12月20日\n\n榕川省碳市场2013年启动。此后，榕川省碳市场逐步将民航行业纳入管控范围。", "t-zh",
     {("new:榕川省", "sector", "aviation")}, set()),
    # A report's sentence: the launch of one market and of two more in a list; a market an indefinite clause of
    # "governments" introduces is none of them; what places set up ("to launch a pilot system", "to launch systems")
    # is theirs; a sector word inside a proper name is no coverage.
    ("Date: 2021-03-24\n\nCoverage grew in 2021 with the launch of China's national ETS as well as the German National "
     "and UK ETSs. Another 20 governments are considering an ETS, as work continues through the regional Transportation "
     "and Climate Initiative Program, Chile completes work to launch a pilot system in 2026, and Indonesia and Vietnam "
     "lay the groundwork to launch systems.", "t-en",
     {("place:cn", "start_year", "2021"), ("place:de", "level", "national"), ("place:gb", "level", "national"),
      ("place:cl", "jurisdiction", "place:cl"), ("place:vn", "level", "national")},
     {("place:cn", "status", "under_development"), ("place:cl", "sector", "transport")}),
    # Traditional Chinese: "2026 下半年" is a year, 试行 a planned start, and a market in an aside in parentheses is
    # not the subject of the list before it; "EU ETS" in Chinese text names its own place.
    ("日期：2025年5月10日\n\n目前臺灣已計劃於 2026 下半年試行臺灣先期排放交易制度，並將在 2027 至 2028 年正式啟動。", "t-zh",
     {("place:tw", "start_year", "2026"), ("place:tw", "status", "under_development")}, set()),
    ("日期：2025年3月1日\n\n歐盟自 2005 年啟動 EU ETS。目前涵蓋範圍擴及電力與航空業，未來 2027 年起將拓展至建築（EU ETS 2）。", "t-zh",
     {("place:eu", "start_year", "2005"), ("place:eu", "sector", "power")}, {("place:eu#2", "sector", "power")}),
    # An intensity a statistic reports is no design; one the market targets is.
    ("Date: 2025-03-27\n\nThe Pellmark ETS launched in 2021. The emissions intensity of power generation has since "
     "decreased by 8 percent.", "t-en", {("new:pellmark", "start_year", "2021")}, {("new:pellmark", "design", "intensity")}),
    ("Date: 2025-03-27\n\nThe Pellmark ETS launched in 2021; its second phase targets reductions in emissions intensity.",
     "t-en", {("new:pellmark", "design", "intensity")}, set()),
    # A place the gazetteer lacks is national when the text writes it with the word for a state after it.
    ("日期：2025年1月1日\n\n塔瓦尼亞共和國的碳排放交易體系自2020年起運行。", "t-zh", {("new:塔瓦尼亚", "level", "national")}, set()),
    # A caption standing alone says nothing of the market before it; "全球碳市场" are markets in general; a market
    # a country "is preparing" covers what it is to cover, not what it covers.
    ("Date: 2025-01-01\n\nThe Pellmark ETS began in 2015.\n\nInternational offsets allowed", "t-en",
     {("new:pellmark", "start_year", "2015")}, {("new:pellmark", "offset_rule", "international")}),
    ("日期：2025年1月1日\n\n榕川省碳市场2015年启动。随着总量上限逐渐收紧，全球碳市场需采取创新策略。", "t-zh",
     {("new:榕川省", "start_year", "2015")}, {("new:榕川省", "design", "cap_and_trade")}),
    ("Date: 2025-01-01\n\nThe Pellmark ETS began in 2015. Chile is developing sectoral caps and preparing a pilot ETS for "
     "the power sector.", "t-en", {("place:cl", "status", "under_development")}, {("place:cl", "status", "in_force")}),
    # A policy named like a programme that the text does not call a market mints nothing.
    ("Date: 2024-01-01\n\nThe Clean Development Mechanism issued credits from 2005. The Green Homes Program is a grant "
     "scheme for insulation that began in 2020.", "t-en", set(), {"name:green-homes-program", "name:cdm"}),
    # A place a link clause names beside a market stands for that place's market; talks are planned links, both ways.
    ("Date: 2025-04-01\n\nThe Pellmark Emissions Trading Scheme has run since 2019. Negotiators for Pellmark and the "
     "Republic of Ostvale held a first round of linkage talks in March.", "t-en",
     {("new:pellmark", "linkage_planned", "new:ostvale"), ("new:ostvale", "linkage_planned", "new:pellmark")}, set()),
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年启动。该市场正与岚江省就市场连接进行谈判。", "t-zh",
     {("new:榕川省", "linkage_planned", "new:岚江省"), ("new:岚江省", "linkage_planned", "new:榕川省")}, set()),
    # A place that qualifies the next one ("卡尔沃拉联邦辖下的阿登韦尔省") is not the partner; a link a text says
    # someone unnamed pursues with two markets is no link between those two.
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年启动。该市场正与卡尔沃拉联邦辖下的阿登韦尔省就连接两地碳市场进行谈判。", "t-zh",
     {("new:榕川省", "linkage_planned", "new:阿登韦尔省")}, {"new:卡尔沃拉联邦", "new:卡尔沃拉"}),
    ("日期：2025年6月1日\n\n榕川省碳市场与岚江省碳市场自2019年起连接。某部门表示，将持续推动与榕川省、岚江省碳市场的连接谈判。", "t-zh",
     {("new:榕川省", "linked_with", "new:岚江省")}, {("new:榕川省", "linkage_planned", "new:岚江省")}),
    # The one that opens the clause deals with the others listed together.
    ("Date: 2025-04-01\n\nThe Pellmark ETS, the Ostvale ETS and the Rennick ETS all began in 2019. Pellmark's ministry "
     "told Ostvale and Rennick that it wants to start negotiating a linkage agreement.", "t-en",
     {("new:pellmark", "linkage_planned", "new:ostvale"), ("new:pellmark", "linkage_planned", "new:rennick")},
     {("new:ostvale", "linkage_planned", "new:rennick")}),
    # A programme the text gives an acronym is a market when a sentence naming it speaks of compliance and the text
    # of surrendering and offsets.
    ("Date: 2025-03-12\n\nAll entities surrendered their permits for 2024. The Clean Air Responsibility Program (CARP) "
     "has limited emissions from power plants since its first compliance period opened on 1 July 2019. Offset credits "
     "may cover up to 8% of obligations.", "t-en",
     {("name:carp", "start_year", "2019-07"), ("name:carp", "sector", "power")}, set()),
    # "Carbon Allowance Market" is a market's head; a place of two words keeps both; "US$" is a currency.
    ("Date: 2025-03-04\n\nTORVALE, March 3, 2025 — The Torvale Carbon Allowance Market (TCAM) opened for trading on "
     "Monday at US$9.10 a tonne.", "t-en", {("new:torvale", "start_year", "2025-03")}, {"place:us"}),
    ("Date: 2025-09-15\n\nProvince of San Corvino — news release. The San Corvino Emissions Trading System has operated "
     "since January 2023 and covers power plants.", "t-en", {("new:san-corvino", "start_year", "2023-01")}, {"new:corvino"}),
    # A ministry's release in simplified Chinese names no country: "全国碳市场" is its own country's.
    ("发布日期：2025年3月26日\n\n全国碳排放权交易市场于2021年7月16日正式启动上线交易，首个履约周期仅纳入发电行业。", "t-zh",
     {("place:cn", "start_year", "2021-07"), ("place:cn", "sector", "power")}, set()),
    # Items on lines of their own under a line that ends in a colon after a word of coverage.
    ("Date: 2025-01-10\n\nThe Rennick Emissions Trading Scheme began in 2024.\nThe Rennick ETS covers the following activities:\n"
     "(a) cement clinker production;\n(b) iron and steel production.\n\nOther provisions follow.", "t-en",
     {("new:rennick", "sector", "cement"), ("new:rennick", "sector", "steel")}, set()),
    # "不设全省排放总量上限": the whole province, no place.
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年启动，按照基准值核定配额，不设全省排放总量上限。", "t-zh",
     {("new:榕川省", "start_year", "2021")}, {"new:不设全省"}),
    # Talks under way with an agreement not yet signed are a planned link; "if … were linked" is none.
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年启动。岚江省碳市场于2022年启动。榕川省已与岚江省启动连接谈判，尚未签署协议。", "t-zh",
     {("new:榕川省", "linkage_planned", "new:岚江省"), ("new:岚江省", "linkage_planned", "new:榕川省")}, set()),
    ("Date: 2025-04-01\n\nThe Pellmark ETS and the Ostvale ETS both began in 2019. If the two were linked, Pellmark "
     "prices would fall.", "t-en", set(), {("new:pellmark", "linked_with", "new:ostvale")}),
    # The link word of a label ("连接情况：") is no link of the system a table above was about.
    ("日期：2025年6月1日\n\n体系 | 启动 | 覆盖范围\n塔马洛碳市场 | 2028年 | 电力\n\n连接情况：\n- 榕川省碳市场与岚江省碳市场自2019年起连接。",
     "t-zh", {("new:榕川省", "linked_with", "new:岚江省")}, {("new:塔马洛", "linked_with", "new:榕川省")}),
    # An aside between a name and its copula; "caps carbon dioxide from" is coverage.
    ("Date: 2025-05-01\n\nThe Northshore Climate Compact (NCC), which started in January 2012, was the first "
     "mandatory cap-and-trade program in the United States. It caps carbon dioxide from power plants.", "t-en",
     {("name:ncc", "start_year", "2012-01"), ("name:ncc", "sector", "power")}, {"place:us"}),
    # A market a place has no plan to build, or will not adopt, is none.
    ("日期：2025年6月1日\n\n至于榕川省本身，发言人重申，政府暂无计划建立本地的排放交易制度。", "t-zh", set(), {"new:榕川省"}),
    ("日期：2025年6月1日\n\n业界认为，榕川省在可预见的将来不会改行总量管制与交易，碳税仍将是主要工具。", "t-zh", set(), {"new:榕川省"}),
    ("Date: 2025-11-20\n\nOfficials said the tax would stay, and that Brazil had no plans to replace it with an emissions "
     "trading system.", "t-en", set(), {"place:br"}),
    # Sectors a parenthesis lists after a broader one are covered; one that only narrows the sector before it is not
    # another sector.
    ("Date: 2025-01-10\n\nThe Rennick Emissions Trading Scheme began in 2024 and covers power stations and "
     "energy-intensive industry (steel, cement and aluminium).", "t-en",
     {("new:rennick", "sector", "steel"), ("new:rennick", "sector", "cement"), ("new:rennick", "sector", "aluminium")}, set()),
    ("Date: 2025-01-10\n\nThe Rennick Emissions Trading Scheme began in 2024. Sectors covered: power, aviation "
     "(domestic flights and flights to neighbouring states).", "t-en",
     {("new:rennick", "sector", "aviation")}, {("new:rennick", "sector", "domestic_aviation")}),
    # A Chinese list goes on past a comma with 以及; 即 names what the clause before counted; 資料中心 and 购物中心
    # are data centres and buildings.
    ("日期：2025年6月1日\n\n榕川省碳市场初期纳入年排放量超过一定门槛的发电厂，以及钢铁、水泥等工业设施，门槛另行规定。", "t-zh",
     {("new:榕川省", "sector", "power"), ("new:榕川省", "sector", "steel"), ("new:榕川省", "sector", "cement")}, set()),
    ("日期：2025年6月1日\n\n榕川省碳市场明年启动。答：第一阶段只纳入两个行业，即发电和钢铁。", "t-zh",
     {("new:榕川省", "sector", "power"), ("new:榕川省", "sector", "steel")}, set()),
    ("日期：2025年6月1日\n\n榕川省碳市場第一階段納入面積達2萬平方公尺以上的購物中心、飯店，以及所有資料中心。", "t-zh",
     {("new:榕川省", "sector", "buildings"), ("new:榕川省", "sector", "data_centers")}, set()),
    # A year that holds the document's date is not yet past when a finer date within it lies ahead; trading that
    # opens on a day is a launch.
    ("日期：2025年2月10日\n\n第六条　榕川省碳市场首个履约周期为2025年度。配额交易自2025年4月1日起在省交易中心开展。", "t-zh",
     {("new:榕川省", "start_year", "2025-04"), ("new:榕川省", "status", "under_development")}, set()),
    # Of two planned starts in one period, the finer date.
    ("日期：2025年12月8日\n\n专访：榕川省碳市场2027年启动。答：法律规定，榕川省碳市场将于2027年1月1日启动。", "t-zh",
     {("new:榕川省", "start_year", "2027-01")}, set()),
    # "it" as a subject keeps the market under discussion, whatever the sentence names as its object.
    ("Date: 2025-06-01\n\nThe Pellmark Emissions Trading System has operated since 2019. Since July 2023 it has been "
     "linked with the Ostvale Emissions Trading System.\n\nOperators may continue to cover up to 5% of their "
     "obligations with domestic offset credits.", "t-en",
     {("new:pellmark", "offset_limit_pct", "5"), ("new:pellmark", "offset_rule", "domestic_limited")},
     {("new:ostvale", "offset_limit_pct", "5")}),
    # Credits that "have not been eligible" are refused; a name in an e-mail address is still a name.
    ("Date: 2025-06-01\n\nThe Pellmark Emissions Trading System has operated since 2019. International credits have "
     "not been eligible since 2021. The system currently does not accept offsets.", "t-en",
     {("new:pellmark", "offset_rule", "none")}, {("new:pellmark", "offset_rule", "international")}),
    ("Date: 2025-02-01\nFACTSHEET\nCorvana Emissions Trading Program (CETP)\nIssued by: State of Corvana\n"
     "Program launch: first compliance period opened January 2019\n\nContact: cetp@climate.corvana.example", "t-en",
     {("new:corvana", "start_year", "2019-01")}, set()),
    # Two places a link sentence names together are the linked markets, not the one under discussion.
    ("Date: 2025-02-18\n\nThe Pellmark Emissions Trading System began in 2023. Ontario and Manitoba have shared one "
     "cap-and-trade market since January 2014, a link made when both programs were new.", "t-en",
     {("place:ca-on", "linked_with", "place:ca-mb")}, {("new:pellmark", "linked_with", "place:ca-on")}),
    # A plan is not dated by a day the text says is past; a registry that opens is no market that starts; a bill
    # named after emissions trading is no market; 不开展配额交易 opens nothing.
    ("日期：2025年3月14日\n\n榕川省与岚江省已于上周五举行首轮谈判，目标是在岚江省碳市场运行后尽快实现配额互认。岚江省碳市场定于2027年1月启动。",
     "t-zh", {("new:岚江省", "start_year", "2027-01")}, {("new:岚江省", "start_year", "2025-03")}),
    ("Date: 2025-06-01\n\nThe Pellmark Emissions Trading Scheme will begin operating on 1 January 2027. A public "
     "registry will open in the fourth quarter of 2026.", "t-en", {("new:pellmark", "start_year", "2027-01")},
     {("new:pellmark", "start_year", "2026")}),
    ("Date: 2025-11-20\n\nThe Pellmark Emissions Trading Scheme began in 2019. Ostvale's parliament began the final "
     "reading of its Emissions Trading Bill this week.", "t-en", set(), {"new:ostvale"}),
    ("日期：2025年6月1日\n\n榕川省碳市场配额交易自2027年1月1日起开展。2026年为准备年，不开展配额交易。", "t-zh",
     {("new:榕川省", "start_year", "2027-01")}, {("new:榕川省", "start_year", "2026")}),
    # A supposition states no offset rule; a denial the text denies is none; the share next to a word of limit is the
    # limit, not the share used.
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年启动。倘若当初开市时就允许抵销10%，价格很难站上70元。", "t-zh", set(),
     {("new:榕川省", "offset_limit_pct", "10")}),
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年启动。註：「未整理」表示本表未收錄該項資料，並不代表該市場不允許抵銷。", "t-zh", set(),
     {("new:榕川省", "offset_rule", "none")}),
    ("Date: 2025-03-12\n\nThe Pellmark Emissions Trading Scheme began in 2019. Offset credits: 6.1% of all units "
     "surrendered, inside the 8% ceiling set by the Act.", "t-en", {("new:pellmark", "offset_limit_pct", "8")},
     {("new:pellmark", "offset_limit_pct", "6.1")}),
    # "X 是美国第一个…计划": the copula's market is X, not a market of the place in its predicate; a country's
    # markets "的两种模样" are no one market; the verb before a programme's name is no part of it.
    ("日期：2025年6月1日\n\n专访｜美国碳市场的两种模样\n\n问：先谈谈北岸温室气体倡议（NGGI）？\n答：NGGI 是美国第一个强制性的总量管制与交易计划，2009年开始运作，只管电力业。",
     "t-zh", {("name:nggi", "start_year", "2009")}, {"place:us"}),
    # The verb that sets a market up is no part of its place's name.
    ("日期：2025年6月1日\n\n第三條　本市設立霽川市碳排放交易制度，採總量管制與交易方式。本制度首個履約期自2026年1月1日開始。", "t-zh",
     {("new:霁川市", "start_year", "2026-01")}, {"new:市设立霁川市"}),
    # "X was the first … program in <place>" ranks X among the place's markets; it makes no market of the place. A
    # place that launched "the first national ETS in East Asia" has one.
    ("Date: 2025-05-01\n\nNGGI, which started in January 2009, was the first mandatory cap-and-trade program in the "
     "United States.", "t-en", set(), {"place:us"}),
    ("Date: 2025-01-01\n\nKorea launched the first national ETS in East Asia in 2015.", "t-en",
     {("place:kr", "start_year", "2015")}, set()),
    # "a scheme for suppliers of fuels burned in buildings and road vehicles": a scheme for the suppliers of a sector.
    ("Date: 2024-09-01\n\nThe Pellmark ETS began in 2019. Part 4 sets up a separate cap-and-trade scheme for suppliers "
     "of fuels burned in buildings and road vehicles, whose first period begins on 1 January 2027.", "t-en",
     {("new:pellmark#2", "sector", "buildings"), ("new:pellmark#2", "sector", "road_transport")}, set()),
    # A cap on emissions said with the noun alone is a cap-and-trade design; a cap on prices is none.
    ("Date: 2025-03-01\n\nThe Pellmark ETS began in 2019. For the 2025 and 2026 compliance years the regulator cut both caps by a tenth.",
     "t-en", {("new:pellmark", "design", "cap_and_trade")}, set()),
    ("Date: 2025-03-01\n\nThe Pellmark ETS began in 2019. It has a price cap of 50 euros per tonne.", "t-en", set(),
     {("new:pellmark", "design", "cap_and_trade")}),
    # A market established in a year started then; one "formally established" by a law may not run yet.
    ("Date: 2025-03-01\n\nThe Pellmark ETS was established in 2011 and linked with no other market.", "t-en",
     {("new:pellmark", "start_year", "2011")}, set()),
    ("Date: 2025-03-01\n\nThe Pellmark ETS was formally established in December 2024 by the Climate Act.", "t-en", set(),
     {("new:pellmark", "start_year", "2024-12")}),
    # A pricing system a place introduced is its market; regulations it introduced for one are not its start.
    ("Date: 2025-03-01\n\nPellmark (Kingdom): In 2009, Pellmark introduced the region's first carbon pricing system for "
     "heavy industry. The Pellmark ETS now covers cement.", "t-en", {("new:pellmark", "start_year", "2009")}, set()),
    ("Date: 2025-03-01\n\nIn May 2023, Peru introduced regulations for the Peru ETS covering cement makers.", "t-en",
     {("place:pe", "level", "national")}, {("place:pe", "start_year", "2023-05")}),
    # A participle or a reduced clause dates a start: done before the text's date, planned after it.
    ("Date: 2025-03-01\n\nThe Peru ETS trades allowances today, its trial period starting in March 2020 with forty "
     "plants.", "t-en", {("place:pe", "start_year", "2020-03"), ("place:pe", "status", "in_force")}, set()),
    ("Date: 2025-03-01\n\nLawyers in Lima are still writing the rulebook of the Peru ETS, whose trial "
     "phase is scheduled to begin in 2028.", "t-en", {("place:pe", "start_year", "2028"), ("place:pe", "status", "under_development")}, set()),
    # A name with an acronym joined to a market where prices or links are spoken of is a market; one joined to a
    # policy in a sentence about coverage is not.
    ("Date: 2025-03-01\n\nThe Northern Climate Initiative (NCI) spans four provinces. Auction results in the Peru ETS and the Northern Climate Initiative (NCI) barely moved in 2024. Firms "
     "surrender allowances after each compliance period. NCI allows offsets for up to 4% of each obligation.", "t-en",
     {("name:nci", "offset_limit_pct", "4")}, set()),
    ("Date: 2025-03-01\n\nThe Peru ETS began in 2019. Firms surrender allowances after each compliance period and "
     "may use offsets. The Peru ETS and the Effort Sharing Regulation (ESR) together cover all emissions.", "t-en",
     {("place:pe", "start_year", "2019")}, {"name:esr"}),
    ("日期：2025年3月1日\n\n北岸气候倡议（NCI）横跨四个省。榕川省碳市场和北岸气候倡议（NCI）的价格均保持稳定。企业每年清缴配额并完成履约。"
     "NCI允许使用抵销信用，上限为3%。", "t-zh", {("name:nci", "offset_limit_pct", "3")}, set()),
    # 计划 right after a quoted name or an acronym in brackets ends the name; it plans nothing.
    ("日期：2025年3月1日\n\n榕川省（中国）：「工业减排标准」（IRS）计划于2022年1月正式启动，首批纳入水泥企业。", "t-zh",
     {("new:榕川省", "start_year", "2022-01"), ("new:榕川省", "status", "in_force")},
     {("new:榕川省", "status", "under_development")}),
    # What a Chinese launch verb opens may be an exchange or the rules for a market, not the market; a pricing scheme
    # it opens is the market.
    ("日期：2025年3月1日\n\n瑶澜国去年在首都启动了一家碳交易所，主要撮合自愿减排项目；强制性碳市场仍在研究。", "t-zh",
     set(), {("new:瑶澜国", "start_year", "2022")}),
    ("日期：2025年3月1日\n\n榕川省生态环境厅于2023年10月推出榕川省碳市场的配套管理办法。", "t-zh",
     {("new:榕川省", "level", "subnational")}, {("new:榕川省", "start_year", "2023-10")}),
    ("日期：2025年3月1日\n\n榕川省（中国）：早在2008年，榕川省就推出了面向重工业的排放定价机制。该机制覆盖钢铁行业。", "t-zh",
     {("new:榕川省", "start_year", "2008")}, set()),
    # What a market binds or is for: 遵守, 针对, 设定…基线, "电力行业的碳市场".
    ("日期：2025年3月1日\n\n榕川省碳市场于2018年启动。按照规定，年排放超过两万吨的电厂必须遵守榕川省碳市场的清缴要求。", "t-zh",
     {("new:榕川省", "sector", "power")}, set()),
    ("日期：2025年3月1日\n\n榕川省碳市场主要针对年产百万吨以上的钢铁企业，按单位产品排放分配配额。", "t-zh",
     {("new:榕川省", "sector", "steel")}, set()),
    ("日期：2025年3月1日\n\n榕川省计划明年启动水泥行业的碳市场试点，目前正在核算企业排放。", "t-zh",
     {("new:榕川省", "sector", "cement")}, set()),
    # A round of a market's own review is what a market in operation does; a study of how two markets relate says
    # nothing of whether either exists.
    ("日期：2025年3月1日\n\n榕川省碳市场于2015年启动，今年开始第二轮定期评估，重点是配额总量。", "t-zh",
     {("new:榕川省", "status", "in_force")}, {("new:榕川省", "status", "under_consideration")}),
    ("Date: 2025-03-01\n\nThe Pellmark ETS began trading in 2016. The interaction between the Pellmark ETS and the "
     "national fuel levy is still under study.", "t-en", {("new:pellmark", "status", "in_force")},
     {("new:pellmark", "status", "under_consideration")}),
    # What others expect a market to cover is no scope it has.
    ("日期：2025年3月1日\n\n瑶澜国碳市场于2026年启动，首批纳入哪些行业尚未公布；业内普遍预计会从钢铁行业起步。", "t-zh",
     set(), {("new:瑶澜国", "sector", "steel")}),
    # 某省 is a province left unnamed, and a service centre is no market; the national market is the country's.
    ("全国碳市场问答\n\n某省碳排放权交易服务中心编\n\n日期：2025年5月1日\n\n问：全国碳市场何时启动？\n答：全国碳排放权交易市场于"
     "2021年7月16日正式上线交易。", "t-zh", {("place:cn", "start_year", "2021-07")}, {"new:某省"}),
    # A factsheet's bullet lines are labels too, and "Start of trading:" dates the start.
    ("MARKET PROFILE: PERU\nStatus of information: 1 May 2025\n\nName: Peru Emissions Trading Scheme\n"
     "Start of trading: March 2019\n\nCoverage\n- Sectors: power, cement and steel", "t-en",
     {("place:pe", "start_year", "2019-03"), ("place:pe", "sector", "cement"), ("place:pe", "sector", "steel")}, set()),
    # A programme that "has applied since" a day started then.
    ("Date: 2025-03-01\n\nThe Peru Cap-and-Trade Program has applied since April 2012 to large factories.", "t-en",
     {("place:pe", "start_year", "2012-04")}, set()),
    # 对象为 lists what a market covers; 正式上路 is a start.
    ("日期：2025年3月1日\n\n秘鲁碳市场於2023年2月正式上路，首批對象為火力發電、鋼鐵和水泥三個行業。", "t-zh",
     {("place:pe", "start_year", "2023-02"), ("place:pe", "sector", "steel"), ("place:pe", "sector", "cement")}, set()),
    # A link whose reports are dismissed is no planned link.
    ("Date: 2025-03-01\n\nThe Peru ETS began in 2019. Officials dismissed reports that Peru was negotiating to connect "
     "its market to the Chile ETS.", "t-en", set(), {("place:pe", "linkage_planned", "place:cl")}),
    # Credits from projects in partner countries are international.
    ("Date: 2025-03-01\n\nThe Peru ETS began in 2019. Credits from projects in partner countries may be used for up "
     "to 5% of an obligation.", "t-en", {("place:pe", "offset_rule", "international")}, set()),
    # "并未建立排放交易体系" denies a market.
    ("日期：2025年3月1日\n\n秘鲁碳市场于2019年启动。智利自2019年起开征碳税，但智利迄今并未建立排放交易体系。", "t-zh",
     {("place:pe", "start_year", "2019")}, {"place:cl"}),
    # A cleft (是…开始交易的) dates the start.
    ("日期：2025年3月1日\n\n问：秘鲁碳市场什么时候开始的？\n答：秘鲁碳市场是2014年4月开始交易的。", "t-zh",
     {("place:pe", "start_year", "2014-04")}, set()),
    # An answer to a question about coverage names what the market covers; an answer that opens with a no, none.
    ("Date: 2025-03-01\n\nThe Peru ETS begins in 2027.\n\nQ: Who is covered?\n\nA: Power stations and cement kilns "
     "above 20,000 tonnes a year.", "t-en", {("place:pe", "sector", "power"), ("place:pe", "sector", "cement")}, set()),
    ("Date: 2025-03-01\n\nThe Peru ETS began in 2019.\n\nQ: Will aviation be covered?\n\nA: No, airlines stay outside "
     "the scheme.", "t-en", set(), {("place:pe", "sector", "aviation")}),
    ("日期：2025年3月1日\n\n秘鲁碳市场于2016年启动。\n\n问：覆盖哪些行业？\n\n答：电力和钢铁。", "t-zh",
     {("place:pe", "sector", "power"), ("place:pe", "sector", "steel")}, set()),
    # A clause that counts the sectors, then a list with items the vocabulary does not know between those it does.
    ("日期：2025年3月1日\n\n秘鲁碳市场于2016年启动。它覆盖的行业比较多，电力、石化、化工、建材、钢铁、有色、造纸，还有陶瓷。", "t-zh",
     {("place:pe", "sector", "power"), ("place:pe", "sector", "steel"), ("place:pe", "sector", "ceramics"),
      ("place:pe", "sector", "industry")}, set()),  # chemicals and paper are industry
    ("Date: 2025-03-01\n\nThe Peru ETS began in 2016 and covers chemicals, pulp and paper and car makers, and domestic "
     "shipping.", "t-en", {("place:pe", "sector", "industry"), ("place:pe", "sector", "manufacturing"),
                            ("place:pe", "sector", "maritime")}, set()),
    # A share written in Chinese numerals above ten (百分之三十) is a share.
    ("日期：2025年3月1日\n\n秘鲁碳市场于2025年启动。企業可使用國內減排額度抵銷部分義務，上限為應繳配額的百分之三十。", "t-zh",
     {("place:pe", "offset_limit_pct", "30")}, set()),
    # "has applied since April 2010 to large office buildings": a date between the verb and whom it applies to.
    ("Date: 2025-03-01\n\nThe Peru Cap-and-Trade Program has applied since April 2010 to large office buildings.", "t-en",
     {("place:pe", "sector", "buildings")}, set()),
    # A consultation's option is no market in force.
    ("Date: 2025-03-01\n\nCarbon pricing options for Peru after 2028\n\nOption B – Create a Peru Emissions Trading "
     "System (PETS) with an absolute cap covering electricity generation.", "t-en", set(), {("place:pe", "status", "in_force")}),
    # A question that names a place puts its market under discussion for the answer.
    ("日期：2025年3月1日\n\n秘鲁碳市场于2013年启动，智利碳市场于2015年启动。\n\n问：秘鲁允许企业使用抵销信用吗？\n\n"
     "答：允许，但比例很小，核证减排量的使用不可超过企业当年配额量的5%。", "t-zh",
     {("place:pe", "offset_limit_pct", "5")}, {("place:cl", "offset_limit_pct", "5")}),
    # What an interviewee says a market to come will cover does not make it run.
    ("Date: 2025-03-01\n\nPeru is drafting the law for its ETS.\n\nQ: Who is covered?\n\nA: Power stations and cement "
     "kilns above 20,000 tonnes a year.", "t-en", {("place:pe", "sector", "power")}, {("place:pe", "status", "in_force")}),
    # "the California and Québec system" is one market of two places; a relative clause after it speaks of it, and a
    # process of linking begun is a link in the making.
    ("Date: 2025-03-01\n\nThe Washington ETS began in 2023. Washington formally began the process of linking its program "
     "with the California and Québec system, which has been linked since 2014.", "t-en",
     {("place:us-wa", "linkage_planned", "place:us-ca"), ("place:us-wa", "linkage_planned", "place:ca-qc"),
      ("place:us-ca", "linked_with", "place:ca-qc")}, {("place:us-wa", "linked_with", "place:us-ca")}),
    # "dates from", "operating … since", "First compliance period began:" date a start.
    ("Date: 2025-03-01\n\nThe Peru ETS is a baseline scheme. The mechanism itself dates from 2016.", "t-en",
     {("place:pe", "start_year", "2016")}, set()),
    ("Date: 2025-03-01\n\nThe Peru ETS has been operating alongside the national tax since 2018.", "t-en",
     {("place:pe", "start_year", "2018")}, set()),
    ("Date: 2025-03-01\n\nPeru ETS\nFirst compliance period began: 1 January 2009", "t-en",
     {("place:pe", "start_year", "2009-01")}, set()),
    # A proposal for a market (碳市场提案) is a market under consideration, and its scope a planned one.
    ("日期：2025年3月1日\n\n秘鲁（南美）：环境部上月向国会递交了一份覆盖电力行业排放的碳市场提案。", "t-zh",
     {("place:pe", "status", "under_consideration")}, {("place:pe", "status", "in_force")}),
    # A subordinate clause after the verb dates its own event, not the launch.
    ("Date: 2025-03-01\n\nPeru revived its carbon market last autumn, years after a court struck it down in 2023.", "t-en",
     set(), {("place:pe", "start_year", "2023")}),
    # A cap that is lowered is a cap on emissions; what a subject plans to set up is the market that starts.
    ("Date: 2025-03-01\n\nThe Peru ETS began in 2019. Its third phase brings a tighter cap that shrinks by 4% a year.",
     "t-en", {("place:pe", "design", "cap_and_trade")}, set()),
    ("Date: 2025-03-01\n\nBeside its ETS, the EU intends to establish a separate ETS from 2027 for fuels burned in buildings.", "t-en",
     {("place:eu#2", "start_year", "2027")}, {("place:eu", "start_year", "2027")}),
    # A linked market imagined ("would") links nothing.
    ("Date: 2025-03-01\n\nThe Peru ETS began in 2019 and the Chile ETS in 2024. A linked market would let Peruvian and "
     "Chilean allowances trade as one.", "t-en", {("place:pe", "start_year", "2019")},
     {("place:pe", "linked_with", "place:cl"), ("place:cl", "linked_with", "place:pe")}),
    # "面向…的市场": the market aimed at a sector covers it.
    ("日期：2025年3月1日\n\n秘鲁于2023年2月启动了面向燃煤电厂的排放交易体系。", "t-zh", {("place:pe", "sector", "power")}, set()),
    # A market that took another's place started then; rules that replace rules start nothing.
    ("Date: 2025-03-01\n\nThe Peru Emissions Trading System replaced the national carbon levy on 1 July 2022. New "
     "reporting rules replaced the old ones in 2024.", "t-en", {("place:pe", "start_year", "2022-07")},
     {("place:pe", "start_year", "2024")}),
    # Emitters moved from one market to another from a date: the market moved to runs from then.
    ("Date: 2025-03-01\n\nManitoba (Canada): Since April 2023, Manitoba has shifted its large emitters from the federal "
     "OBPS to a provincial OBPS.", "t-en", {("place:ca-mb", "start_year", "2023-04")}, set()),
    ("日期：2025年3月1日\n\n马尼托巴省（加拿大）：自2023年4月起，马尼托巴省将重点排放单位从联邦体系过渡至省级体系。", "t-zh",
     {("place:ca-mb", "start_year", "2023-04")}, set()),
    # A programme with an acronym in a text that never speaks of a market's workings is none.
    ("Date: 2025-03-12\n\nThe Clean Air Responsibility Program (CARP) funds filters for schools. It began on 1 July 2019.",
     "t-en", set(), {"name:carp"}),
    # A country's local pilots, unnamed, are not its national market; a date after "before it launched" is not the
    # launch's.
    ("日期：2024年9月1日\n\n韩国碳市场于2015年1月启动。在全国市场启动之前，韩国曾于2012年起在几个城市开展地方碳排放权交易试点。", "t-zh",
     {("place:kr", "start_year", "2015-01")}, {("place:kr", "start_year", "2012")}),
    # A start moved to a later date starts then, and is still ahead; a postponed auction moves no start.
    ("Date: 2025-02-10\n\nThe launch of the Ostvale ETS has been pushed back from 2026 to 2029.", "t-en",
     {("new:ostvale", "start_year", "2029"), ("new:ostvale", "status", "under_development")},
     {("new:ostvale", "start_year", "2026")}),
    ("Date: 2025-02-10\n\nThe Ostvale ETS, first meant to open in 2026, was deferred until July 2027.", "t-en",
     {("new:ostvale", "start_year", "2027-07")}, set()),
    ("日期：2025年2月10日\n\n榕川省碳市场的开市时间由原定的2026年推迟到2027年。", "t-zh",
     {("new:榕川省", "start_year", "2027")}, {("new:榕川省", "start_year", "2026")}),
    ("Date: 2025-02-10\n\nThe Ostvale ETS began in 2019. Its March auction was postponed until May 2025.", "t-en",
     {("new:ostvale", "start_year", "2019")}, {("new:ostvale", "start_year", "2025-05")}),
    # Whom a carbon fee or a border levy charges is no market's coverage, even in a text about one.
    ("日期：2025年2月10日\n\n榕川省碳市場於2021年啟動，涵蓋電力業。2025年起開徵的碳費則涵蓋鋼鐵業與水泥業。", "t-zh",
     {("new:榕川省", "sector", "power")}, {("new:榕川省", "sector", "steel"), ("new:榕川省", "sector", "cement")}),
    ("Date: 2025-02-10\n\nThe Ostvale ETS covers power plants. Ostvale's border carbon adjustment covers imports "
     "of steel and aluminium.", "t-en", {("new:ostvale", "sector", "power")},
     {("new:ostvale", "sector", "steel"), ("new:ostvale", "sector", "aluminium")}),
    # An extension that still waits on a vote is a plan, not coverage of a market in force.
    ("Date: 2025-02-10\n\nThe Ostvale ETS began in 2019 and covers power. The ministry says the scheme will expand to "
     "shipping and waste from 2027 - subject to parliament.", "t-en", {("new:ostvale", "sector", "power")},
     {("new:ostvale", "sector", "maritime"), ("new:ostvale", "sector", "waste")}),
    ("日期：2025年2月10日\n\n榕川省碳市场于2019年启动，覆盖电力行业。水泥行业将于2027年纳入该市场，但须经省人大审议通过。", "t-zh",
     {("new:榕川省", "sector", "power")}, {("new:榕川省", "sector", "cement")}),
    # "The federal …" or "the national …" market with no place of its own is the country's the text is about: named
    # through its capital, or the country heading a numbered section of bullets.
    ("Date: 2026-06-18\n\nOttawa has kept its price on heavy industry. The federal Output-Based Pricing System, "
     "usually called the OBPS, began in 2019.", "t-en", {("place:ca", "start_year", "2019")}, set()),
    ("Date: 2026-06-18\n\n3. Chile\n- A carbon tax applies to large boilers.\n\n4. Canada\n- The federal output-based "
     "pricing system began in 2019 and covers heavy industry.", "t-en", {("place:ca", "start_year", "2019")}, {"place:cl"}),
    # A factsheet whose type line says "cap-and-trade" describes the programme its title names by acronym, or its
    # name line gives, though the name has no market head.
    ("Harbour Climate Compact Fact Sheet\nEdition: May 2020\n\nProgram name: Harbour Climate Compact (HCC)\n"
     "Type: mandatory cap-and-trade program\nFirst compliance period: 1 January 2016 – 31 December 2018\n", "t-en",
     {("name:hcc", "start_year", "2016-01"), ("name:hcc", "design", "cap_and_trade")}, set()),
    ("HCC Fact Sheet\nEdition: May 2020\n\nOfficial name: Harbour Climate Compact (HCC)\n"
     "Type: regional cap-and-trade program for power plants\nFirst compliance period: 1 January 2016\n", "t-en",
     {("name:hcc", "start_year", "2016-01")}, set()),
    # "Lunvale, a river port of some 2 million people in Kenya's west, has …": the apposition names a place of that
    # kind; the place inside it (Kenya) is not the subject of the predicate.
    ("Date: 2024-05-01\n\nLunvale, a port city of some 2 million people on Kenya's western lakeshore, has run its own "
     "carbon market since March 2018.", "t-en", {("new:lunvale", "start_year", "2018-03")}, {("place:ke", "start_year", "2018-03")}),
    # "伊国" is shorthand for the country with 伊 the document names in full.
    ("日期：2025年11月20日\n\n伊斯特兰共和国碳排放交易体系于2023年4月开始交易。伊国碳市场自2026年起纳入水泥行业。", "t-zh",
     {("new:伊斯特兰", "sector", "cement")}, {"new:伊国"}),
    # 沿海地区 holds 海地 (Haiti) inside one word: no place.
    ("日期：2024年3月20日\n\n东南沿海地区碳市场发展年度观察：青屿市碳排放权交易试点于2019年7月启动。", "t-zh",
     {("new:青屿市", "start_year", "2019-07")}, {"place:ht"}),
    # A factsheet's commencement or start-date line dates the start.
    ("Date: 2025-09-01\n\nOstvale Facility Baseline Scheme (OFBS)\nType: baseline-and-credit scheme\n"
     "Commencement: 1 July 2025\n", "t-en", {("name:ofbs", "start_year", "2025-07")}, set()),
    # An unknown name opening a sentence is a place when it goes straight on to set up or run the market; a person
    # who argues about one is not.
    ("Date: 2025-09-01\n\nOstvale launched a carbon market in 2013.", "t-en", {("new:ostvale", "start_year", "2013")}, set()),
    ("Date: 2025-09-01\n\nOstvale runs an ETS that started in 2013.", "t-en", {("new:ostvale", "start_year", "2013")}, set()),
    ("Date: 2025-09-01\n\nHarmsworth has argued that the carbon market began too early.", "t-en", set(), {"new:harmsworth"}),
    # The markets a relative clause or a "run by" phrase names are the linked pair, not the sentence's subject.
    ("Date: 2025-02-10\n\nThe Ostvale ETS began in 2021. Its model was the joint market run by Tasmania and Victoria, "
     "which have traded allowances in one linked market since 2016.", "t-en",
     {("place:au-tas", "linked_with", "place:au-vic")},
     {("new:ostvale", "linked_with", "place:au-tas"), ("new:ostvale", "linked_with", "place:au-vic")}),
    ("Date: 2025-02-10\n\nThe Ostvale ETS began in 2021. Its designers studied the Pellmark ETS and the Harwick ETS, "
     "which have been linked since 2016.", "t-en", {("new:pellmark", "linked_with", "new:harwick")},
     {("new:ostvale", "linked_with", "new:pellmark"), ("new:ostvale", "linked_with", "new:harwick")}),
]


def test_a_place_the_gazetteer_does_not_know_is_labelled_with_its_formal_name_when_the_text_writes_one():
    from ingest.passages import split_text
    from ingest.pipeline import official_name

    often = split_text("Date: 2025-01-01\n\nThe State of Ambrell runs a market. The State of Ambrell covers power.", "t")
    once = split_text("Date: 2025-01-01\n\nThe Republic of Norvessa passed a law. Norvessa will start trading. "
                      "Norvessa covers power.", "t")
    assert official_name("Ambrell", often, "en") == "State of Ambrell"
    assert official_name("Norvessa", once, "en") == "Republic of Norvessa"
    assert official_name("Norvessa", split_text("Date: 2025-01-01\n\nNorvessa will start trading.", "t"), "en") == "Norvessa"
    assert official_name("瑶澜", split_text("日期：2025年1月1日\n\n瑶澜共和国启动碳市场。", "t"), "zh") == "瑶澜共和国"


def test_the_formal_name_of_a_place_labels_it_whichever_document_writes_it_first(tmp_path):
    from ingest.pipeline import ingest_files

    bare = tmp_path / "a.txt"
    bare.write_text("Date: 2025-02-01\n\nThe Quorvane ETS started trading in 2024. It covers power plants.\n", encoding="utf-8")
    formal = tmp_path / "b.txt"
    formal.write_text("Date: 2025-03-01\n\nThe Republic of Quorvane runs the Quorvane ETS, which covers power "
                      "plants and cement works.\n", encoding="utf-8")
    for order in ([bare, formal], [formal, bare]):
        places = [e for e in ingest_files(order).entities if e.kind == "Jurisdiction"]
        assert [e.labels.get("en") for e in places] == ["Republic of Quorvane"], order


def test_a_demonym_in_one_document_is_the_place_another_names(tmp_path):
    from ingest.pipeline import ingest_files

    (tmp_path / "a.txt").write_text("Date: 2025-02-01\n\nThe Dorvania Emissions Trading System started in 2022.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Date: 2025-04-01\n\nThe Dorvanian ETS covers cement works.\n", encoding="utf-8")
    ingested = ingest_files([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert [e.labels.get("en") for e in ingested.entities if e.kind == "Jurisdiction"] == ["Dorvania"]
    assert len([e for e in ingested.entities if e.kind == "System"]) == 1
    # Named only by its adjective in English, the place is still the one a Chinese text transliterates.
    (tmp_path / "c.txt").write_text("日期：2025年5月1日\n\n多尔瓦尼亚碳市场覆盖水泥行业。\n", encoding="utf-8")
    ingested = ingest_files([tmp_path / "b.txt", tmp_path / "c.txt"])
    assert len([e for e in ingested.entities if e.kind == "System"]) == 1


def test_chinese_numerals_below_a_hundred():
    from ingest.dates import chinese_number

    assert [chinese_number(x) for x in ("五", "十", "十五", "三十", "三十五", "两", "一百一十七", "二〇二六", "年")] == [
        5, 10, 15, 30, 35, 2, 117, 2026, None]


def test_a_numbered_head_written_as_one_word_is_a_name():
    r, _ = facts_of("Date: 2025-01-01\n\nThe European Union runs the EU ETS. It has set up a second, separate emissions "
                    "trading system for fuels. ETS2 covers buildings and road transport from 2027.", "t-en")
    assert "ETS2" in r.systems["place:eu#2"].names


def test_how_new_a_market_is_is_no_part_of_its_name():
    from ingest.pipeline import _plain_name

    assert _plain_name("Omburu's new Emissions Trading System", "en") == "Omburu Emissions Trading System"


def test_a_level_word_before_an_acronym_names_the_countrys_market():
    r, _ = facts_of("日期：2024年1月1日\n\n加拿大：联邦OBPS自2019年起实施，覆盖钢铁行业。", "t-zh")
    assert "联邦OBPS" in r.systems["place:ca"].names


def test_a_short_name_the_text_defines_or_gives_is_a_name_of_the_market():
    r, _ = facts_of("Date: 2024-09-01\n\nGreenhouse Gas Act (Republic of Pellmark)\n\nSection 2. This Act establishes "
                    "the Pellmark ETS. Part 4 sets up a separate cap-and-trade scheme for suppliers of heating fuels "
                    "(\"the Heating Fuels Scheme\"), whose first period begins on 1 January 2027.", "t-en")
    assert "Heating Fuels Scheme" in r.systems["new:pellmark#2"].names
    # A generic short name ("the Scheme") names nothing.
    r, _ = facts_of("Date: 2024-09-01\n\nThis Act establishes a cap-and-trade scheme for Pellmark (\"the Scheme\").", "t-en")
    assert not any("Scheme" == n for s in r.systems.values() for n in s.names)
    r, _ = facts_of("Date: 2025-06-01\n\nA second EU market, known as ETS2, will price fuel for buildings from 2027.", "t-en")
    assert "ETS2" in r.systems["place:eu#2"].names


def test_an_acronym_given_in_an_apposition_or_a_gloss_is_the_markets():
    r, _ = facts_of("Date: 2025-06-01\n\nThe State of Pellmark runs a carbon market. Pellmark has operated its "
                    "cap-and-trade scheme, known by its initials PCAS, since January 2017.", "t-en")
    assert "PCAS" in r.systems["new:pellmark"].acronyms
    r, _ = facts_of("日期：2025年3月1日\n\n萨伦马里斯排放配额交易计划（英语：Salenmaris Allowance Scheme，简称SAS）"
                    "于2018年启动。", "t-zh")
    assert "SAS" in r.systems["new:萨伦马里斯"].acronyms


def test_a_programme_named_then_given_an_acronym_after_a_comma_is_a_market():
    # "…, or ACR," and "…, commonly known as the ACR" give the acronym as parentheses would.
    r, facts = facts_of("Date: 2025-04-10\n\nThe Ostvale Clean Air Compact, or OCAC, is a cap-and-trade program for "
                        "utilities. OCAC opened its first compliance period in 2016.", "t-en")
    key = next(k for k, s in r.systems.items() if "OCAC" in s.acronyms)
    assert (key, "start_year", "2016") in facts and (key, "design", "cap_and_trade") in facts
    r, facts = facts_of("Date: 2025-04-10\n\nThe Pellmark Output Performance Regime, usually called the POPR, is a "
                        "baseline-and-credit scheme for heavy industry. Firms surrender allowances each June; "
                        "offsets and tradable credits are allowed.", "t-en")
    assert any("POPR" in s.acronyms for s in r.systems.values())


def test_a_bare_acronym_the_text_calls_a_market_is_one():
    text = ("Date: 2025-03-03\n\nWestern provinces weigh the future of WCAP\n\nEnvoys of the four provinces in WCAP "
            "met on Monday. WCAP, the first mandatory cap-and-trade program in Ostvale, began trading in 2012 and "
            "covers power plants. WCAP auctions most of its allowances.")
    r, facts = facts_of(text, "t-en")
    assert ("name:wcap", "start_year", "2012") in facts and ("name:wcap", "sector", "power") in facts
    # The rank describes the subject: no second market of Ostvale.
    assert not any(k != "name:wcap" for k in r.systems)


def test_a_bare_acronym_needs_a_class_right_after_it_and_a_second_use():
    # An organisation "of governments that run carbon markets" is no market; a border levy is none either.
    r, _ = facts_of("Date: 2025-03-03\n\nOPAC is a partnership of governments that run carbon markets. OPAC met "
                    "in May. BCAL is a border levy on imported steel; BCAL starts in 2026.", "t-en")
    assert not r.systems
    # Named once, beside a head that names the place's market, the acronym is that market's aside.
    r, _ = facts_of("Date: 2025-03-03\n\nPellmark's Congress acted in May. The law creates the PCTF, a cap-and-trade "
                    "framework for installations above 25,000 tonnes a year.", "t-en")
    assert not any(k.startswith("name:") for k in r.systems)
    # One that a place's agency runs is the place's market, which its head names already.
    r, _ = facts_of("Date: 2025-03-03\n\nQNCM, the carbon market run by Pellmark's climate agency, saw allowances trade "
                    "at US$8. QNCM covers 74 installations.", "t-en")
    assert not any(k.startswith("name:") for k in r.systems)


@pytest.mark.parametrize("sentence,start", [
    ("奥斯塔碳市场于2021年1月1日起运行，覆盖电力行业。", "2021-01"),
    ("奧斯塔碳市場自2019年起運作，納管電力業者。", "2019"),
    ("奥斯塔碳排放交易制度2023年度起先以自愿方式试行。", "2023"),
    # A known country that sets up a market in a year (an unknown one named only as the subject is no market's place)
    ("芬兰于2008年设立排放交易体系，覆盖水泥行业。", "2008"),
])
def test_a_chinese_start_from_a_date_on_which_the_market_runs(sentence, start):
    r, facts = facts_of("日期：2026年3月1日\n\n" + sentence, "t-zh")
    key = "place:fi" if sentence.startswith("芬兰") else "new:奥斯塔"
    assert (key, "start_year", start) in facts and (key, "status", "in_force") in facts


def test_a_regulation_in_force_from_a_day_dates_the_law_not_the_market():
    r, facts = facts_of("日期：2026年3月1日\n\n奥斯塔碳排放权交易管理办法\n\n第一条 为规范奥斯塔碳排放权交易市场，制定本办法。"
                        "\n\n第三十条 本办法自2025年5月1日起施行。", "t-zh")
    assert not any(rel == "start_year" for _, rel, _ in facts)


@pytest.mark.parametrize("sentence,start", [
    ("2020 - The Ostvale ETS begins operating, with power plants first.", "2020"),
    ("Section 30. The Ostvale Emissions Trading Program takes effect on 1 January 2025.", "2025-01"),
    ("1 March 2019: the Ostvale ETS opens its first, three-year trial phase.", "2019-03"),
])
def test_an_english_start_in_a_timeline_or_regulation_present(sentence, start):
    r, facts = facts_of("Date: 2026-03-01\n\n" + sentence, "t-en")
    assert ("new:ostvale", "start_year", start) in facts


def test_the_act_that_takes_effect_is_not_the_market_starting():
    r, facts = facts_of("Date: 2026-03-01\n\nThe Ostvale Emissions Trading Act sets up a cap-and-trade scheme for "
                        "power plants. This Act takes effect on 1 January 2025.", "t-en")
    assert not any(rel == "start_year" for _, rel, _ in facts)


def test_chinese_coverage_by_a_regulating_verb_and_a_list_that_goes_on_with_later_additions():
    r, facts = facts_of("日期：2026年3月1日\n\n奥斯塔碳市场主要管制大型办公大楼与商业设施，涵盖水泥、钢铁，以及近年新增的陶瓷和港口，"
                        "以及拟纳入的数据中心。", "t-zh")
    got = {v for k, rel, v in facts if rel == "sector"}
    assert {"buildings", "cement", "steel", "ceramics", "ports"} <= got and "data_centers" not in got
    # 总量管制 is a cap, not what a market regulates.
    r, facts = facts_of("日期：2026年3月1日\n\n奥斯塔碳市场采用总量管制与交易设计。", "t-zh")
    assert not any(rel == "sector" for _, rel, _ in facts)


def test_two_places_joined_as_a_subject_each_have_a_market():
    r, _ = facts_of("Date: 2026-06-01\n\nOregon and Nova Scotia run cap-and-trade programs for their utilities.", "t-en")
    assert {"place:us-or", "place:ca-ns"} <= set(r.systems)
    r, _ = facts_of("日期：2026年6月1日\n\n东京都与埼玉县各有排放交易制度，管制大型建筑。", "t-zh")
    assert {"place:jp-13", "place:jp-11"} <= set(r.systems)


def test_an_offset_limit_in_the_clause_after_the_credits():
    r, facts = facts_of("日期：2026年6月1日\n\n奥斯塔碳市场的企业可以使用国内减排项目产生的抵销信用，但使用量不得超过其应清缴配额的6%。", "t-zh")
    assert {("new:奥斯塔", "offset_rule", "domestic_limited"), ("new:奥斯塔", "offset_limit_pct", "6")} <= facts
    # A refusal in the next clause is not the credits' rule.
    r, facts = facts_of("日期：2026年6月1日\n\n奥斯塔碳市场的企业可以使用国内抵销信用，但不能超过应清缴配额的6%，也不能转让。", "t-zh")
    assert ("new:奥斯塔", "offset_rule", "none") not in facts


def test_credits_of_a_crediting_mechanism_between_countries_are_international():
    r, facts = facts_of("日期：2026年6月1日\n\n奥斯塔碳市场的企业可以使用联合抵换机制（JCM）额度履约。", "t-zh")
    assert ("new:奥斯塔", "offset_rule", "international") in facts
    r, facts = facts_of("Date: 2026-06-01\n\nUnder the Ostvale ETS, firms use credits from the Joint Crediting Mechanism to meet their obligations.", "t-en")
    assert ("new:ostvale", "offset_rule", "international") in facts


def test_a_local_pilot_of_a_city_stays_a_city_market():
    r, facts = facts_of("日期：2026年6月1日\n\n作为最早启动的地方试点，深圳碳市场于2013年6月开市交易。", "t-zh")
    levels = {v for k, rel, v in facts if rel == "level"}
    assert levels == {"city"}


def test_this_system_opening_a_paragraph_is_what_the_document_is_about():
    text = ("日期：2026年6月1日\n\n奥斯塔碳排放交易体系\n\n奥斯塔碳排放交易体系（奥斯塔ETS）是奥斯塔实施的总量控制与交易制度。"
            "奥斯塔ETS于2019年启动，2022年起与欧盟碳排放交易体系实现连接。\n\n覆盖范围\n该体系纳入水泥、造纸和钢铁企业。")
    r, facts = facts_of(text, "t-zh")
    assert ("new:奥斯塔", "sector", "cement") in facts
    assert not any(k == "place:eu" and rel == "sector" for k, rel, _ in facts)


def test_the_answer_to_who_must_take_part_is_what_the_market_covers():
    faq = ("Date: 2026-03-01\n\nThe Ostvale ETS: questions and answers\n\n1. When did trading begin?\n"
           "Trading of allowances began in January 2023.\n\n2. Who has to take part?\n"
           "Operators of power stations and cement plants, as well as airlines.\n\n3. Who is exempt?\nHospitals and schools.")
    r, facts = facts_of(faq, "t-en")
    assert {("new:ostvale", "sector", s) for s in ("power", "cement", "aviation")} <= facts
    r, facts = facts_of("日期：2026年3月1日\n\n奥斯塔碳市场常见问题\n\n问：哪些企业需要参与？\n答：发电企业和钢铁企业。", "t-zh")
    assert {("new:奥斯塔", "sector", "power"), ("new:奥斯塔", "sector", "steel")} <= facts


def test_a_start_only_hedged_means_a_market_in_preparation_without_a_date():
    r, facts = facts_of("Date: 2025-10-15\n\nPellmark published rules for the Pellmark Emissions Trading System. Officials "
                        "said trading could begin around 2030. The scheme will cover industry and power generation.", "t-en")
    assert ("new:pellmark", "status", "under_development") in facts
    assert not any(rel == "start_year" for _, rel, _ in facts)
    assert ("new:pellmark", "sector", "power") in facts
    r, facts = facts_of("日期：2025年10月15日\n\n奥斯塔碳市场的实施细则已公布，交易最早可能于2030年启动。", "t-zh")
    assert ("new:奥斯塔", "status", "under_development") in facts
    assert not any(rel == "start_year" for _, rel, _ in facts)
    # "the first pilot to start" is a rank, not a hedge
    r, facts = facts_of("日期：2025年10月15日\n\n作为最早启动的地方试点，奥斯塔碳市场于2013年6月18日开市交易。", "t-zh")
    assert ("new:奥斯塔", "start_year", "2013-06") in facts and ("new:奥斯塔", "status", "in_force") in facts


def test_reports_of_a_link_that_were_denied_state_no_link():
    r, facts = facts_of("Date: 2026-03-01\n\nThe Ostvale ETS began in 2023. Press reports that a link with the EU "
                        "Emissions Trading System was under discussion were denied by the ministry in February.", "t-en")
    assert not any(rel in ("linkage_planned", "linked_with") for _, rel, _ in facts)


@pytest.mark.parametrize("sentence,start", [
    ("奥斯塔碳市场于2014年3月5日首次拍卖配额，覆盖水泥行业。", "2014-03"),
    ("奥斯塔碳市场于2011年4月开始推行总量控制与交易。", "2011-04"),
])
def test_a_first_auction_or_the_start_of_enforcement_dates_a_chinese_start(sentence, start):
    r, facts = facts_of("日期：2026年3月1日\n\n" + sentence, "t-zh")
    assert any(rel == "start_year" and v == start for _, rel, v in facts)


def test_a_places_second_market_named_with_second_is_its_second():
    r, facts = facts_of("Date: 2026-01-20\n\nPellmark's Emissions Trading System began in 2015. Pellmark's second emissions "
                        "trading system, which will price heating fuels, will start in 2028.", "t-en")
    assert ("new:pellmark", "start_year", "2015") in facts and ("new:pellmark#2", "start_year", "2028") in facts
    # "second-largest" ranks a market; it is not a second one.
    r, _ = facts_of("Date: 2026-01-20\n\nPellmark's Emissions Trading System began in 2015. It is the world's "
                    "second-largest carbon market.", "t-en")
    assert "new:pellmark#2" not in r.systems


def test_the_industries_a_market_mainly_holds_are_covered():
    r, facts = facts_of("日期：2026年3月1日\n\n奥斯塔碳市场年排放量达10万吨以上的企业必须参加。主要是电力、钢铁、化工等产业。", "t-zh")
    assert {("new:奥斯塔", "sector", "power"), ("new:奥斯塔", "sector", "steel")} <= facts


def test_a_sector_put_into_another_market_is_not_the_subjects():
    r, facts = facts_of("日期：2026年3月1日\n\n奥斯塔市碳排放权交易市场常见问题\n\n问：钢铁企业是否纳入？\n"
                        "答：本市钢铁企业已纳入全国碳排放权交易市场管理，因此不再重复纳入本市场。", "t-zh")
    assert not any(rel == "sector" and v == "steel" and k.startswith("new:") for k, rel, v in facts)


def test_a_market_named_only_to_be_set_aside_is_none():
    r, _ = facts_of("日期：2026年3月1日\n\n出口商面对的压力主要来自欧盟的边境调整，而非托国碳市场。", "t-zh")
    assert not r.systems


@pytest.mark.parametrize("text, doc", [
    ("日期：2025年10月1日\n\n云南省碳市场仍处于研究阶段。有媒体称云南省将于2026年启动碳市场，省政府随后否认了这一说法。", "t-zh"),
    ("Date: 2025-10-01\n\nThe Peru ETS is still being studied. Reports that Peru would launch its ETS in 2027 were denied "
     "by the ministry.", "t-en"),
    ("日期：2025年10月1日\n\n广东碳市场于2013年启动。有报道称深圳碳市场将与广东碳市场链接，经核实，两地并无链接安排。", "t-zh"),
])
def test_a_start_or_link_the_sentence_denies_is_not_read(text, doc):
    _, facts = facts_of(text, doc)
    assert not {f for f in facts if f[1] == "linkage_planned" or f[1] == "start_year" and f[2] >= "2026"}, sorted(facts)


def test_the_members_of_a_list_of_pilots_are_each_their_places_pilot():
    r, _ = facts_of("Date: 2025-03-01\n\nOffset limits by market\n\n• Beijing\n• Fujian\n• Hubei\n\nChina regional pilots\n")
    assert {k: sorted(s.names) for k, s in r.systems.items()} == {
        "place:cn-bj": ["Beijing pilot"], "place:cn-fj": ["Fujian pilot"], "place:cn-hb": ["Hubei pilot"]}


LEGEND_EN = """Date: 2025-03-01

Ostvale (Pellmark): Ostvale's carbon market began operating in 2020 and covers power plants.

Markets in force

Pellmark Cap-and-Trade Program

Ostvale Limits on Emissions from Thermal Power Stations

Harwick OBPS
"""


def test_a_legend_line_with_a_place_and_a_title_names_that_places_market():
    r, _ = facts_of(LEGEND_EN)
    assert "Ostvale Limits on Emissions from Thermal Power Stations" in r.systems["new:ostvale"].names


def test_a_sentence_or_a_lone_title_line_after_a_place_is_no_name():
    # A clause ("… is reviewing its rules") and a title with no market-naming lines around it are not legends.
    r, _ = facts_of("Date: 2025-03-01\n\nOstvale (Pellmark): Ostvale's carbon market began operating in 2020.\n\n"
                    "Ostvale Government is reviewing its rules\n\nOstvale Annual Review of Electricity Prices\n")
    assert not any(len(n.split()) > 4 for n in r.systems["new:ostvale"].names)


# Session 17: starts read from phrasings seen across the tuning packs; each sentence is written for its test.
STARTS = [
    # A timeline row's month is in the row's year even in a text that states no date of its own (a reference
    # entry's "最后编辑于" line is none): each pilot of the row gets its own month.
    ("地方碳市场试点\n\n最后编辑于 2025年4月9日\n\n大事记\n2014年：鹭川市碳排放权交易试点于6月率先开市，鸥川市碳排放权交易试点"
     "于11月开市。\n2016年：岚川市碳排放权交易试点开市。", "t-zh",
     {("new:鹭川市", "start_year", "2014-06"), ("new:鸥川市", "start_year", "2014-11"), ("new:岚川市", "start_year", "2016")},
     {("new:鹭川市", "start_year", "2014"), ("new:鸥川市", "start_year", "2014")}),
    # 本 inside a transliterated name is a letter of it, not "this"; 自…运作至今 dates the start without 起.
    ("日期：2025年9月1日\n\n莫萨本德碳排放交易体系自2021年1月运作至今。", "t-zh",
     {("new:莫萨本德", "start_year", "2021-01")}, set()),
    # A comma puts 明年 in another phrase than the first period's start, which is 后年.
    ("日期：2025年9月1日\n\n按照规划，霁川市碳市场明年用于数据核查，首个履约周期从后年1月1日开始。", "t-zh",
     {("new:霁川市", "start_year", "2027-01")}, {("new:霁川市", "start_year", "2026")}),
    # The day a law takes effect is not the start when the text says when the first period opened.
    ("日期：2025年9月1日\n\n本条例于2019年10月1日起生效。雁屿市碳排放交易制度的首个遵约期由2020年4月开始。", "t-zh",
     {("new:雁屿市", "start_year", "2020-04")}, {("new:雁屿市", "start_year", "2019-10")}),
    ("Date: 2025-09-01\n\nThe Carbon Act has been in force since March 2019. The Orlevan ETS began operating in 2020.",
     "t-en", {("new:orlevan", "start_year", "2020")}, {("new:orlevan", "start_year", "2019-03")}),
    # A date first set and then changed gives way to the one set now; a start that may be delayed has not moved.
    ("日期：2025年9月1日\n\n温德兰省碳市场原定2026年1月启动，后因系统招标延误而押后一年，现定于2027年1月1日正式启动。", "t-zh",
     {("new:温德兰省", "start_year", "2027-01")}, {("new:温德兰省", "start_year", "2026-01")}),
    ("日期：2025年9月1日\n\n温德兰省碳市场计划于2027年开始运行，如果能源价格异常高企，启动时间可推迟至2028年。", "t-zh",
     {("new:温德兰省", "start_year", "2027")}, {("new:温德兰省", "start_year", "2028")}),
    ("日期：2025年9月1日\n\n温德兰省碳市场正在筹备。该市场计划于2027年开始运行；如果能源价格在2026年异常高企，"
     "启动时间可推迟至2028年。", "t-zh", {("new:温德兰省", "start_year", "2027")},
     {("new:温德兰省", "start_year", "2026"), ("new:温德兰省", "start_year", "2028")}),
    # A date a table cell marks as planned is a planned start; a tax in force since a year is no market's start.
    ("日期：2025年9月1日\n\n体系 | 辖区 | 启动时间\n马伦塔省排放交易制度 | 马伦塔省 | 2024年1月（计划）\n"
     "凯文省碳市场 | 凯文省 | 2019年4月", "t-zh",
     {("new:马伦塔省", "status", "under_development"), ("new:凯文省", "status", "in_force")},
     {("new:马伦塔省", "status", "in_force")}),
    ("Date: 2025-09-01\n\nThe Ostavan ETS will start in 2028. A carbon levy on aviation fuel, in force since 2022, will "
     "remain outside the scheme.", "t-en", {("new:ostavan", "start_year", "2028")}, {("new:ostavan", "start_year", "2022")}),
    # "the first trading period begins on …" starts a market; "首个交易期为三年" is a length, not a start.
    # A word that brings in an example is no part of the name after it.
    ("日期：2025年9月1日\n\n内地还有其他城市的碳市场，例如蘅川市碳排放权交易市场于2019年6月开始运作。", "t-zh",
     {("new:蘅川市", "start_year", "2019-06")}, set()),
    ("Date: 2025-09-01\n\nThe Vessany ETS will open soon. Its first trading period begins on 1 January 2026.", "t-en",
     {("new:vessany", "start_year", "2026-01")}, set()),
    ("日期：2025年9月1日\n\n按照去年3月颁布的政府令，韦萨尼碳市场实行总量控制与交易，首个交易期为三年。", "t-zh", set(),
     {("new:韦萨尼", "start_year", "2024-03")}),
    # A span of time after the verb ("a year later") is no object of its own; a law in an aside before the verb is
    # the aside's agent, not the verb's subject; a law that is the subject still dates no market.
    ("Date: 2025-09-01\n\nThe Velmora ETS covers offices. Ostvale's scheme, which started a year later in 2011, is "
     "linked to it.", "t-en", {("new:ostvale", "start_year", "2011")}, set()),
    ("Date: 2025-09-01\n\nThe Ostvale ETS covers power. The program, created by the 2021 Climate Act, began on January 1 "
     "of last year.", "t-en", {("new:ostvale", "start_year", "2024-01")}, set()),
    # A law the clause opens with as its frame ("Under the Act") leaves the market after it the subject.
    ("Date: 2025-09-01\n\nThe Ostvale ETS covers power. Under the Act the scheme will start on 1 January 2028.", "t-en",
     {("new:ostvale", "start_year", "2028-01")}, set()),
    ("Date: 2025-09-01\n\nThe Ostvale ETS covers power. Under the Climate Act of 2024, the scheme began operating in March "
     "2025.", "t-en", {("new:ostvale", "start_year", "2025-03")}, set()),
    ("Date: 2025-09-01\n\nThe Ostvale ETS started in 2019. The amending Act of 2025 will take effect on 1 January 2027.",
     "t-en", {("new:ostvale", "start_year", "2019")}, {("new:ostvale", "start_year", "2027-01")}),
    # A start on trial (试行, 试办) is a start; rules put on trial are not the market's.
    ("日期：2025年9月1日\n\n「韦萨尼排放交易制度」將於2028年起先行試辦。", "t-zh", {("new:韦萨尼", "start_year", "2028")}, set()),
    ("日期：2025年9月1日\n\n韦萨尼排放交易制度於2023年4月以自願參與形式開始試行。", "t-zh", {("new:韦萨尼", "start_year", "2023-04")},
     set()),
    ("日期：2025年9月1日\n\n韦萨尼碳市场于2022年启动。新的配额分配办法将于2026年开始试行。", "t-zh",
     {("new:韦萨尼", "start_year", "2022")}, {("new:韦萨尼", "start_year", "2026")}),
    ("Date: 2025-09-01\n\nThe Ostvale ETS covers power. The 2021 Climate Act, passed after long debate, came into force "
     "in March 2022.", "t-en", set(), {("new:ostvale", "start_year", "2022-03")}),
    # Allowances are auctioned before a market opens: a first auction dates it only when nothing else does.
    ("Date: 2025-09-01\n\nThe Ostvale Emissions Trading System held its first auction in 2008 and started its first "
     "compliance period in January 2009.", "t-en", {("new:ostvale", "start_year", "2009-01")},
     {("new:ostvale", "start_year", "2008")}),
    ("Date: 2025-09-01\n\nThe Ostvale ETS covers power. Its first auction took place in October 2019.", "t-en",
     {("new:ostvale", "start_year", "2019-10")}, set()),
    # A timeline's month within the year the text also gives alone says more than the year.
    ("日期：2025年9月1日\n\n温德兰省碳市场于2016年启动，是第二批试点之一。\n\n大事记\n2016年：温德兰省碳市场于9月开市。", "t-zh",
     {("new:温德兰省", "start_year", "2016-09")}, {("new:温德兰省", "start_year", "2016")}),
]





LINKS = [
    # A list item's later clause has no subject of its own: it speaks of the item's market, not the previous item's.
    ("Date: 2025-09-01\n\nSystems in operation\n- Orlevan ETS — started 2015.\n- Vessany ETS — started 2018; linked with "
     "the Karbel ETS since January 2021.", "t-en",
     {("new:vessany", "linked_with", "new:karbel"), ("new:karbel", "linked_with", "new:vessany")},
     {("new:orlevan", "linked_with", "new:karbel")}),
    # A question whether a linked market will be open states no link.
    ("Date: 2025-09-01\n\nTo ask the Minister what progress has been made on linking the Orlevan ETS with the Karbel "
     "ETS; and whether the linked market will be open to small emitters.", "t-en", set(),
     {("new:orlevan", "linked_with", "new:karbel")}),
    # Talks about mutual recognition of allowances are a planned link, not one made.
    ("日期：2025年9月1日\n\n凯文省碳市场于2019年启动。省生态环境厅正与鹭川市商讨配额互认安排。", "t-zh",
     {("new:凯文省", "linkage_planned", "new:鹭川市")}, {("new:凯文省", "linked_with", "new:鹭川市")}),
    # Talks that ended in a joint market that operates are a link made, not one planned.
    ("Date: 2025-09-01\n\nThe Pellmark ETS is a national market. Negotiations with the Ostvale ETS opened in 2019, a "
     "linking agreement was signed in May 2022, and the joint market has operated since 1 January 2023.", "t-en",
     {("new:pellmark", "linked_with", "new:ostvale")}, {("new:pellmark", "linkage_planned", "new:ostvale")}),
    # Talks given up leave no plan.
    ("日期：2025年9月1日\n\n榕川省碳市场于2015年启动。该市场曾与岚江省碳市场商讨连接，但谈判已经搁置。", "t-zh", set(),
     {("new:榕川省", "linkage_planned", "new:岚江省")}),
    # A cap on emissions run as a program is a market of its own, not an alias of the one the text is about.
    ("Date: 2025-09-01\n\nThe Pellmark Emissions Trading System (PETS) covers power. The PETS is linked with the "
     "Ostvale Carbon Cap Program (OCCP) of the neighbouring Province of Ostvale.", "t-en",
     {("new:pellmark", "linked_with", "new:ostvale"), ("new:ostvale", "linked_with", "new:pellmark")}, set()),
    # The official name of a country ("中华人民共和国") names it: no market of a place called 中华人民.
    ("日期：2025年9月1日\n\n全国碳排放权交易市场是由中华人民共和国生态环境部主管的碳市场，于2021年7月16日启动上线交易。", "t-zh",
     {("place:cn", "start_year", "2021-07")}, {("new:中华人民", "start_year", "2021-07")}),
    # "经商市发展改革委同意" is "after consulting the city's commission": 经商 is an ordinary word, no city's name.
    ("日期：2025年9月1日\n\n关于扩大本市碳排放权交易试点覆盖范围的建议收悉。经商市发展改革委同意，现答复如下：本市碳排放权交易"
     "试点于2014年启动。", "t-zh", set(), {("new:经商市", "start_year", "2014")}),
    # A figure's caption names what it plots side by side and links none of it.
    ("Date: 2025-09-01\n\nFigure 3.1: Allowance prices, 2019–2023 (USD per tonne; lines: Pellmark ETS joint auction, "
     "Tarsk ETS, Valdoria ETS)", "t-en", set(), {("new:tarsk", "linked_with", "new:valdoria")}),
]



OFFSETS = [
    # Refusals in other words: ruled out, may not be surrendered, ineligible, 不容许.
    ("Date: 2025-09-01\n\nThe Orlevan ETS starts next year. It will not accept offset credits of any kind.", "t-en",
     {("new:orlevan", "offset_rule", "none")}, set()),
    ("Date: 2025-09-01\n\nThe Orlevan ETS started in 2020. Offsets are ruled out.", "t-en",
     {("new:orlevan", "offset_rule", "none")}, set()),
    ("Date: 2025-09-01\n\nThe Orlevan ETS started in 2020. Offset credits of any kind may not be surrendered.", "t-en",
     {("new:orlevan", "offset_rule", "none")}, set()),
    ("日期：2025年9月1日\n\n柯罗瓦碳市场于2020年启动。条例不容许使用任何抵销额度。", "t-zh",
     {("new:柯罗瓦", "offset_rule", "none")}, set()),
    # Refusing credits of any kind, foreign ones among them, refuses them all; refusing only foreign ones says nothing of
    # domestic ones, and certainly does not allow international credits.
    ("Date: 2025-09-01\n\nThe Orlevan ETS started in 2020. Firms will not be able to use credits of any kind, domestic "
     "or foreign.", "t-en", {("new:orlevan", "offset_rule", "none")}, {("new:orlevan", "offset_rule", "international")}),
    ("Date: 2025-09-01\n\nThe Orlevan ETS started in 2020. International credits remain ineligible.", "t-en", set(),
     {("new:orlevan", "offset_rule", "international"), ("new:orlevan", "offset_rule", "none")}),
    # A limit changed from one share to another is the new share.
    ("Date: 2025-09-01\n\nThe Orlevan ETS raised its offset limit from 5% to 8% in 2025.", "t-en",
     {("new:orlevan", "offset_limit_pct", "8")}, {("new:orlevan", "offset_limit_pct", "5")}),
    ("日期：2025年9月1日\n\n柯罗瓦碳市场于2020年启动。该市场将抵销上限由10%降至5%。", "t-zh",
     {("new:柯罗瓦", "offset_limit_pct", "5")}, {("new:柯罗瓦", "offset_limit_pct", "10")}),
    # A limit denied in other words (a hard, numerical limit; 未设定上限) leaves the credits unlimited, and a share
    # with no word of limit beside it is no limit.
    ("Date: 2025-09-01\n\nThe Orlevan Safeguard Scheme is a baseline-and-credit market. Facilities can surrender Orlevan "
     "carbon credit units without a hard limit — above 30% they must explain why.", "t-en",
     {("name:orlevan-safeguard-scheme", "offset_rule", "domestic_unlimited")},
     {("name:orlevan-safeguard-scheme", "offset_limit_pct", "30")}),
    ("日期：2025年9月1日\n\n柯罗瓦碳市场于2020年启动。企业可以国内减排量抵销，目前未对抵销比例设定上限。", "t-zh",
     {("new:柯罗瓦", "offset_rule", "domestic_unlimited")}, set()),
    ("Date: 2025-09-01\n\nThe Orlevan ETS started in 2020. Offset credits may cover up to 5% of obligations, and there "
     "is no fixed cap on auction volumes.", "t-en", {("new:orlevan", "offset_rule", "domestic_limited")},
     {("new:orlevan", "offset_rule", "domestic_unlimited")}),
    # Refineries and container terminals are sectors by other names.
    ("日期：2025年9月1日\n\n柯罗瓦碳市场纳管电厂、钢铁厂及炼油厂。", "t-zh",
     {("new:柯罗瓦", "sector", "oil_gas"), ("new:柯罗瓦", "sector", "steel")}, set()),
    ("Date: 2025-09-01\n\nThe Orlevan ETS covers power stations and container terminals.", "t-en",
     {("new:orlevan", "sector", "ports")}, set()),
]


LAYOUT_ZH = [
    # A numbered heading on its own line is no part of the paragraph under it, and 我市 is the city the text is about.
    ("日期：2025年9月1日\n\n鸥川市碳排放权交易市场运行一周年情况\n\n一、基本情况\n我市碳排放权交易市场于2021年6月正式启动，"
     "覆盖电力、港口两个行业。", "t-zh", {("new:鸥川市", "start_year", "2021-06"), ("new:鸥川市", "sector", "ports")},
     {"new:我市", "new:情况我市"}),
    # The firms of listed sectors above a threshold, brought into the market, are its coverage.
    ("日期：2025年9月1日\n\n丹川省碳市场计划于2027年启动。\n\n二、纳入范围\n本省行政区域内陶瓷、纺织行业中，年度综合能源"
     "消费量达到1万吨标准煤及以上的企业，纳入省级碳市场管理。", "t-zh",
     {("new:丹川省", "sector", "ceramics"), ("new:丹川省", "sector", "textiles")}, set()),
    # A reference work's "字段：值" lines after a paragraph that ends in a footnote mark ("。[1]") are lines of their
    # own, not the paragraph's continuation: an exchange's name ("能源交易所") runs into no "覆盖行业" after it.
    ("欧兰斯碳排放权交易市场\n\n最后编辑于 2025年4月9日\n\n欧兰斯碳排放权交易市场是欧兰斯共和国设立的强制性碳市场，于2019年3月启动。[1]\n\n"
     "中文名：欧兰斯碳排放权交易市场\n交易场所：上海环境能源交易所\n覆盖行业：钢铁、港口\n配额分配：免费分配为主\n\n历史沿革\n"
     "2017年，欧兰斯开始筹建碳市场。", "t-zh",
     {("new:欧兰斯", "sector", "steel"), ("new:欧兰斯", "sector", "ports")},
     {("new:欧兰斯", "sector", "energy"), ("place:cn-sh", "sector", "steel")}),
    # An entry headed by a market's name speaks of that market in each section, even after a sentence that names a
    # partner market ("它与科伦共和国的国家碳市场相互连接"); the partner gets neither the sectors nor the offsets.
    ("莫兰省碳排放总量控制计划\n\n最后编辑于 2025年9月30日\n\n莫兰省碳排放总量控制计划是维尔坦联邦莫兰省实行的省级总量控制与交易"
     "制度。该计划于2020年1月1日启动。自2025年起，它与科伦共和国的国家碳市场相互连接。\n\n覆盖范围\n首批纳入发电企业和"
     "水泥厂。\n\n抵消机制\n控排设施可使用省内林业碳汇产生的抵消信用，上限为清缴义务的6%。", "t-zh",
     {("new:莫兰省", "sector", "cement"), ("new:莫兰省", "offset_limit_pct", "6")},
     {("new:科伦", "sector", "cement"), ("new:科伦", "offset_limit_pct", "6")}),
    ("Harwick Emissions Trading System\n\nFrom the free encyclopedia\n\nThe Harwick Emissions Trading System is the "
     "national cap-and-trade market of Harwick. It began on 1 April 2018. Since 2024 the Ostvale Emissions Trading "
     "System has been linked with it.\n\nCoverage\n\nThe scheme covers power plants and cement works. Offsets may meet up to 6% "
     "of a facility's obligation.", "t-en",
     {("new:harwick", "sector", "cement"), ("new:harwick", "offset_limit_pct", "6")},
     {("new:ostvale", "sector", "cement"), ("new:ostvale", "offset_limit_pct", "6")}),
]


DISCOURSE = [
    # "and" before a market with a verb of its own opens another clause: the place named in it ("joined to
    # California's") is not the subject of the start before it, which is the list item's market.
    ("Date: 2025-05-01\n\nCap-and-trade programs in North America\n\n- California Cap-and-Trade Program, the market run "
     "by the Air Resources Board. Its first compliance period began on 1 January 2012.\n- Québec cap-and-trade system, the "
     "provincial market of Québec, Canada. Compliance obligations started in 2013 and the market was joined to "
     "California's on 1 January 2014.", "t-en", {("place:ca-qc", "start_year", "2013"), ("place:us-ca", "start_year", "2012-01")},
     {("place:us-ca", "start_year", "2013")}),
    # An acronym as a run-in heading before a full stop ("RGGI. The Regional Greenhouse Gas Initiative …") names the
    # market its paragraph spells out; its start is not the paragraph before's.
    ("Date: 2024-05-01\n\nWashington. The state's cap-and-invest program took effect on 1 January 2023 and covers "
     "electricity generators.\n\nRGGI. The Regional Greenhouse Gas Initiative, a cap on power-sector CO2 shared by eleven "
     "north-eastern states, has held quarterly auctions since 2008 and started its first compliance period in January "
     "2009.", "t-en", {("name:rggi", "start_year", "2009-01"), ("place:us-wa", "start_year", "2023-01")},
     {("place:us-wa", "start_year", "2009-01")}),
    # "international" holds no level word "national": a glossary's "largest international carbon market" under the
    # headword "EU ETS" is not the national market of the country the text names most.
    ("Glossary\n\nAllowance\nA permit to emit one tonne. In the UK ETS and the EU ETS, an operator must surrender one "
     "allowance.\n\nAuction reserve price\nThe UK ETS applies a reserve price of 22 pounds per allowance.\n\n"
     "EU ETS (European Union Emissions Trading System)\nThe largest international carbon market, in operation since "
     "2005. It covers power stations.", "t-en",
     {("place:eu", "start_year", "2005")}, {("place:gb", "start_year", "2005")}),
    # How long a market has run only guesses its start: a day the text gives wins; and "a market that has run for four
    # years" is some market, not the one named before it.
    ("日期：2026年5月20日\n\n榕川省碳排放权交易体系（RETS）已经运行一年多了，邻省的还没开始。RETS是去年1月1日启动的，覆盖电力行业。", "t-zh",
     {("new:榕川省", "start_year", "2025-01")}, {("new:榕川省", "start_year", "2025")}),
    ("日期：2026年11月16日\n\n榕川省碳排放权交易市场将于2028年1月1日启动。换句话说，一个已经运行四年多的市场，要和一个尚未开张的"
     "市场谈结对。", "t-zh", {("new:榕川省", "start_year", "2028-01")}, {("new:榕川省", "start_year", "2022")}),
    # "The start of this year" is a time of year, not the start of a market.
    ("Date: 2026-02-01\n\nThe Velmora ETS will open in July 2027. Its offset cap was cut from 8% to 5% at the start of "
     "this year.", "t-en", {("new:velmora", "start_year", "2027-07"), ("new:velmora", "status", "under_development")},
     {("new:velmora", "start_year", "2026")}),
    # A month with its year said in words is one date, dated from the text's date.
    ("Date: 2026-10-30\n\nThe Velmora Emissions Trading Scheme opened in March last year and covers power plants.", "t-en",
     {("new:velmora", "start_year", "2025-03")}, set()),
    # "Not until" dates the start it waits for; "until" alone closes a span.
    ("Date: 2026-02-01\n\nThe Velmora Emissions Trading Scheme will not start until 1 January 2027, the ministry said.",
     "t-en", {("new:velmora", "start_year", "2027-01"), ("new:velmora", "status", "under_development")}, set()),
    # A place name that opens with an English word ("Port", "Fort") keeps it.
    ("Date: 2025-09-01\n\nThe Fort Ambery Emissions Trading System (FAETS) opened in March 2021.", "t-en",
     {("new:fort-ambery", "start_year", "2021-03")}, {"new:ambery"}),
    # A long name's initials stand for it even where no parenthesis defines them.
    ("Date: 2025-09-01\n\nAll 40 plants covered by the Tessaly Carbon Allowance Market met the deadline.\n\n"
     "TCAM opened for trading on 2 June 2023.", "t-en", {("new:tessaly", "start_year", "2023-06")}, set()),
    # So does an acronym the text gives in an apposition.
    ("Date: 2025-09-01\n\nVelmora has run a national cap-and-trade market, the VETS, since 2019. Rindal opened its "
     "Rindal Emissions Trading Scheme (RETS) in 2024.\n\nThe two ministers signed an agreement to link the VETS and "
     "the RETS.", "t-en",
     {("new:velmora", "linkage_planned", "new:rindal"), ("new:rindal", "linkage_planned", "new:velmora")}, set()),
    # A dateline names the city a story is filed from, not a market.
    ("Date: 2025-09-01\n\nMerrowby — The Climate Office announced today that the Tessaly ETS will add cement from "
     "2026. Power plants remain covered.", "t-en", {("new:tessaly", "sector", "power")}, {"new:merrowby"}),
    # Every market named after "with" is a partner of the one the clause speaks of by a common noun, and a joint
    # market's two places are not planned to link with each other.
    ("Date: 2025-09-01\n\n2.2 Ontario and Manitoba\nThe Ontario and Manitoba programs have traded as one market since "
     "2019.\n\n2.3 Nova Scotia\nNova Scotia's climate law sets up a cap-and-invest program that started in 2024. The "
     "province intends to link the program with the joint Ontario–Manitoba market.", "t-en",
     {("place:ca-ns", "linkage_planned", "place:ca-on"), ("place:ca-mb", "linkage_planned", "place:ca-ns")},
     {("place:ca-on", "linkage_planned", "place:ca-mb")}),
    # A timeline's present tense and a first control period date a start.
    ("Date: 2025-09-01\n\nThe Velmora Emissions Trading Scheme (VETS) was set up by law in 2020.\n\nVersion 2 (2022): The "
     "scheme opens on 1 March 2022.", "t-en", {("new:velmora", "start_year", "2022-03")}, set()),
    ("Date: 2025-09-01\n\nThe Velmora ETS covers power plants. Its states signed a memorandum in 2005, and the "
     "programme began its first three-year control period on 1 January 2009.", "t-en",
     {("new:velmora", "start_year", "2009-01")}, set()),
    # A mention of the pilots of two places gives each of them the start.
    ("日期：2025年9月1日\n\n2013年6月，深圳碳市场率先开市。同年，上海、北京两地的试点也相继开市。", "t-zh",
     {("place:cn-sh", "start_year", "2013"), ("place:cn-bj", "start_year", "2013")}, set()),
    ("日期：2025年9月1日\n\n2013年6月，深圳碳市场率先开市。上海、北京两地的试点均覆盖电力行业。", "t-zh",
     {("place:cn-sh", "sector", "power"), ("place:cn-bj", "sector", "power")}, set()),
    # A pronoun opening a coordinate clause continues the sentence's subject.
    ("Date: 2025-09-01\n\nThe Velmora ETS replaced Velmora's part in the EU system on 1 January 2021, and it covers "
     "power generation and aviation.", "t-en", {("new:velmora", "sector", "power")}, {("place:eu", "sector", "power")}),
    # A participle in an aside speaks of the noun before it, here no market.
    ("Date: 2026-02-10\n\nThe Velmora Emissions Trading Scheme (VETS) will begin operating on 1 January 2027. A "
     "separate consultation on a fuel levy, launched in January, is unrelated to VETS.", "t-en",
     {("new:velmora", "start_year", "2027-01")}, {("new:velmora", "start_year", "2026-01")}),
    # The years whose emissions a first compliance period covers are not its start.
    ("日期：2025年9月1日\n\n岚川省碳市场于2021年7月16日正式启动交易，首个履约周期覆盖2019年和2020年两个年度的排放。", "t-zh",
     {("new:岚川省", "start_year", "2021-07")}, {("new:岚川省", "start_year", "2019")}),
    # Coverage in other words: brought under the cap, began with, join, combustion plants, spoken 纳进来 / 都在里面.
    ("Date: 2025-09-01\n\nThe Velmora ETS was set up by law. Flights are brought under the cap in 2012.", "t-en",
     {("new:velmora", "sector", "aviation")}, set()),
    ("Date: 2025-09-01\n\nThe Velmora ETS began on 1 January 2018 with electricity generation and large industrial "
     "emitters.", "t-en", {("new:velmora", "sector", "power"), ("new:velmora", "sector", "industry")}, set()),
    ("Date: 2025-09-01\n\nIn 2012 aluminium smelters join the Velmora ETS, which covers combustion plants.", "t-en",
     {("new:velmora", "sector", "aluminium"), ("new:velmora", "sector", "power")}, set()),
    ("Date: 2025-09-01\n\nVelmora runs a fuel emissions trading system (VEHS) for heating and road transport fuels.",
     "t-en", {("new:velmora", "sector", "heating"), ("new:velmora", "sector", "road_transport")}, set()),
    ("日期：2025年9月1日\n\n岚川省碳市场开市时，我们还把大型公共建筑纳进来了。", "t-zh", {("new:岚川省", "sector", "buildings")}, set()),
    ("日期：2025年9月1日\n\n岚川省碳市场里，钢铁、水泥这些行业都在里面。", "t-zh",
     {("new:岚川省", "sector", "steel"), ("new:岚川省", "sector", "cement")}, set()),
    # The national market a sentence opens with, unplaced in a text about a city, does not lend the city its sectors.
    ("日期：2025年9月1日\n\n澄西市碳市场于2016年开市，覆盖电力行业。\n\n周立衡：全国碳排放权交易市场管发电行业，今年又把钢铁、水泥纳了进来。",
     "t-zh", {("new:澄西市", "sector", "power")}, {("new:澄西市", "sector", "steel")}),
    # Whether a link will come states none, and the cities around are no place.
    ("日期：2025年9月1日\n\n岑港市碳市场于2015年6月开市。对于本市试点将来是否与周边城市的碳市场联通，有关部门表示暂无此计划。", "t-zh",
     {("new:岑港市", "start_year", "2015-06")}, {"new:周边城市"}),
    # 本计划 is the programme the text is about, which started; it plans nothing, and the place named after it is not
    # its subject.
    ("日期：2025年9月1日\n\n达尔莫拉省碳排放交易计划\n\n达尔莫拉省碳排放交易计划覆盖电力行业。本计划于2016年1月启动，是卡尔德尼亚联邦境内唯一的"
     "碳市场。", "t-zh", {("new:达尔莫拉省", "start_year", "2016-01"), ("new:达尔莫拉省", "status", "in_force")},
     {("new:卡尔德尼亚", "start_year", "2016-01")}),
    # A start pushed back supersedes the date planned before it.
    ("Date: 2025-12-01\n\nEU ETS2 timeline\n2023 – The EU agrees a second market, ETS2, for buildings and road "
     "transport. ETS2 is scheduled to start in 2027.\n2025 – Ministers decide to push the ETS2 start back by one year, "
     "to 2028.", "t-en", {("place:eu#2", "start_year", "2028")}, {("place:eu#2", "start_year", "2027")}),
    # A launch date set is a plan; the day the market opens is its start.
    ("Date: 2025-09-01\n\nChangelog of the Velmora Emissions Trading Scheme (VETS)\nVersion 1 (2019): Sets a launch date "
     "of 1 January 2021 for the Velmora Emissions Trading Scheme (VETS).\nVersion 2 (2021): The launch is postponed by a "
     "year. The scheme opens on 1 January 2022.", "t-en", {("new:velmora", "start_year", "2022-01")},
     {("new:velmora", "start_year", "2021-01")}),
    # A market with a cap is a cap-and-trade market, whatever it is called.
    ("Date: 2025-09-01\n\nThe Velmora ETS started in 2012. Flights are brought under the cap in 2013.", "t-en",
     {("new:velmora", "design", "cap_and_trade")}, set()),
    # An emissions performance scheme is a market; a place in the name of a kind of credit is not the subject.
    ("日期：2026年3月4日\n\n卡伦迪共和国气候部昨天公布了工业排放绩效计划首批纳管设施名单。该计划将于明年1月1日起进入第一个履约期。",
     "t-zh", {("new:卡伦迪", "start_year", "2027-01")}, set()),
    ("Date: 2025-09-01\n\nThe Velmora ETS started in 2019. Entities may use China Certified Emission Reductions and local "
     "credits for up to 3% of their obligation.", "t-en", {("new:velmora", "offset_limit_pct", "3")},
     {("place:cn", "offset_limit_pct", "3")}),
    # 苏丹国 after a transliterated name is a sultanate, not Sudan.
    ("日期：2025年9月1日\n\n卡西拉苏丹国能源部今天宣布，卡西拉碳市场将于2027年启动。", "t-zh", set(), {"place:sd"}),
    # "不是排放交易" denies a market; 开市 is a verb and 我市 the city the text is about, no names.
    ("日期：2025年9月1日\n\n瑞典、法国等国征收的碳税属于税收工具，不是排放交易。", "t-zh", set(), {"place:fr", "place:se"}),
    ("日期：2025年9月1日\n\n深圳试点于2013年6月率先开市，为2021年7月开市的全国碳市场积累了经验。本年度纳入我市碳排放权交易市场的控排单位共63家。根据市局通知，"
     "我市市场覆盖港口。", "t-zh", {("place:city:shenzhen", "start_year", "2013-06")},
     {"new:开市", "new:度纳入我市", "new:根据市"}),
    # A country's state-level markets are its states' markets, not one national market.
    ("日期：2025年2月20日\n\n观点｜美国州级碳市场：有人退出，有人重来\n\n加州碳市场于2013年启动。", "t-zh",
     {("place:us-ca", "start_year", "2013")}, {"place:us"}),
    # What firms want is no offset rule.
    ("Date: 2025-09-01\n\nThe Velmora ETS started in 2020. Some businesses want to use international credits.", "t-en",
     set(), {("new:velmora", "offset_rule", "international")}),
    ("日期：2025年9月1日\n\n岚川省碳市场于2020年启动。部分企业希望使用国际碳信用。", "t-zh", set(),
     {("new:岚川省", "offset_rule", "international")}),
    # Market demand for credits is no wish: the rule stated beside it stands.
    ("Date: 2025-09-01\n\nThe Velmora ETS started in 2020. Demand for international credits remains limited: only the "
     "Velmora ETS accepts international credits for compliance.", "t-en",
     {("new:velmora", "offset_rule", "international")}, set()),
    # A market "for" an enumeration covers its items.
    ("Date: 2025-09-01\n\nVelmora runs a cap-and-trade scheme for power stations, heavy industry and district "
     "heating.", "t-en", {("new:velmora", "sector", "power"), ("new:velmora", "sector", "heating")}, set()),
    # A predicate dealt out to every market of a coordinate phrase ("both", "都", "均", "neither … nor") is each one's.
    ("Date: 2025-09-01\n\nThe Velmora ETS and the Rindal ETS both opened in 2019.", "t-en",
     {("new:velmora", "start_year", "2019"), ("new:rindal", "start_year", "2019")}, set()),
    ("Date: 2025-09-01\n\nThe Velmora ETS covers power. Neither the Velmora ETS nor the Rindal ETS accepts offset "
     "credits of any kind.", "t-en",
     {("new:velmora", "offset_rule", "none"), ("new:rindal", "offset_rule", "none")}, set()),
    ("日期：2025年9月1日\n\n琴屿省碳市场、榕川省碳市场和岚川省碳市场的抵销比例上限均为10%。", "t-zh",
     {("new:琴屿省", "offset_limit_pct", "10"), ("new:榕川省", "offset_limit_pct", "10"),
      ("new:岚川省", "offset_limit_pct", "10")}, set()),
    # A "both" inside an object deals nothing out to the subject's clause.
    ("Date: 2025-09-01\n\nThe Velmora ETS began operating in 2018 as a complement to the Rindal ETS: plants must comply "
     "with both the Rindal ETS and the Velmora ETS.", "t-en", {("new:velmora", "start_year", "2018")},
     {("new:rindal", "start_year", "2018")}),
    # "两者", "both of them" say it again of each market of the last such phrase; "前者", "the former" of its first and
    # "后者", "the latter" of its last — but "the latter" right after a list of sectors is one of those sectors.
    ("日期：2025年9月1日\n\n琴屿省碳市场和榕川省碳市场于2016年开市。从覆盖面看，两者都纳入了钢铁和水泥。", "t-zh",
     {("new:琴屿省", "sector", "steel"), ("new:琴屿省", "sector", "cement"), ("new:榕川省", "sector", "steel"),
      ("new:榕川省", "sector", "cement")}, set()),
    ("Date: 2025-09-01\n\nThe Velmora ETS and the Rindal ETS opened in 2019. The former covers power; the latter covers "
     "cement.", "t-en", {("new:velmora", "sector", "power"), ("new:rindal", "sector", "cement")},
     {("new:velmora", "sector", "cement"), ("new:rindal", "sector", "power")}),
    ("Date: 2025-09-01\n\nThe Velmora ETS and the Rindal ETS opened in 2019. The Rindal ETS covers power and fuel "
     "distributors (the latter from 2021).", "t-en", {("new:rindal", "sector", "power")},
     {("new:rindal", "start_year", "2021")}),
    # "Respectively", "分别": as many starts or limits as markets joined, dealt out in order.
    ("日期：2025年9月1日\n\n琴屿省碳市场和榕川省碳市场分别于2016年和2018年开市。", "t-zh",
     {("new:琴屿省", "start_year", "2016"), ("new:榕川省", "start_year", "2018")}, {("new:榕川省", "start_year", "2016")}),
    ("Date: 2025-09-01\n\nThe Velmora ETS and the Rindal ETS cap offsets at 5% and 8% of obligations respectively.",
     "t-en", {("new:velmora", "offset_limit_pct", "5"), ("new:rindal", "offset_limit_pct", "8")},
     {("new:rindal", "offset_limit_pct", "5")}),
    # A market whose owner is named but resolves to no place ("Europe's market") is not the one under discussion.
    ("Date: 2025-09-01\n\nThe Velmora ETS has no cap. Europe's market has been running since 2005 and covers flights. "
     "The Velmora ETS began trading in July 2021 with power generators only.", "t-en",
     {("new:velmora", "start_year", "2021-07"), ("new:velmora", "sector", "power")},
     {("new:velmora", "start_year", "2005"), ("new:velmora", "sector", "aviation")}),
    # The markets a contrast names ("与…不同", "compared with") are not what the sentence goes on to say.
    ("日期：2025年9月1日\n\n琴屿省碳市场和榕川省碳市场都覆盖电力。与两者不同，全国碳市场采用基于强度的配额分配；重点排放单位可用CCER"
     "抵消不超过5%的应清缴配额。", "t-zh", {("new:琴屿省", "sector", "power"), ("new:榕川省", "sector", "power")},
     {("new:琴屿省", "offset_limit_pct", "5"), ("new:榕川省", "offset_limit_pct", "5")}),
    ("Date: 2025-09-01\n\nThe Ostvale ETS opened in 2018. Compared with the Velmora ETS, it allows offsets for up to "
     "5% of obligations.", "t-en", {("new:ostvale", "offset_limit_pct", "5")}, {("new:velmora", "offset_limit_pct", "5")}),
    # Hearsay (rumours, "read somewhere", press reports, 流传, 有人说) is not the text's own claim, denied or not; the
    # text's own words before it, and a named official's word after it, still count.
    ("Date: 2025-09-01\n\nThe Ostvale ETS began trading in 2019. My boss read somewhere that the Ostvale ETS is linked "
     "with the Velmora ETS. Press reports that Ostvale and Velmora were negotiating a link were never confirmed.", "t-en",
     {("new:ostvale", "start_year", "2019")},
     {("new:ostvale", "linked_with", "new:velmora"), ("new:ostvale", "linkage_planned", "new:velmora")}),
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年7月启动，覆盖电力行业。网上流传榕川省碳市场将与琴屿省碳市场连接的说法。"
     "有人说明年将纳入航空业，那是传闻。有关负责人称，榕川省碳市场已纳入钢铁行业。", "t-zh",
     {("new:榕川省", "start_year", "2021-07"), ("new:榕川省", "sector", "steel")},
     {("new:榕川省", "linkage_planned", "new:琴屿省"), ("new:榕川省", "sector", "aviation")}),
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年7月启动，目前未与任何其他碳市场连接。有关其与琴屿省碳市场开展配额互认的传闻，"
     "市生态环境局已明确否认。", "t-zh", {("new:榕川省", "start_year", "2021-07")},
     {("new:榕川省", "linked_with", "new:琴屿省"), ("new:榕川省", "linkage_planned", "new:琴屿省")}),
    # A change written as an arrow on a slide: the share after it holds; a change only proposed leaves the first.
    ("日期：2025年6月1日\n\n琴屿省碳市场于2021年7月启动。\n抵消上限：4% → 6%（今年起适用）", "t-zh",
     {("new:琴屿省", "offset_limit_pct", "6")}, {("new:琴屿省", "offset_limit_pct", "4")}),
    ("Date: 2025-09-01\n\nThe Ostvale ETS began trading in 2019. Staff proposed raising the Ostvale ETS offset limit from "
     "6% to 8% of each facility's obligation.", "t-en",
     {("new:ostvale", "offset_limit_pct", "6")}, {("new:ostvale", "offset_limit_pct", "8")}),
    ("日期：2025年6月1日\n\n榕川省碳市场于2021年7月启动。有企业建议将榕川省碳市场的抵消比例由5%提高到8%，我局暂不作调整。", "t-zh",
     {("new:榕川省", "offset_limit_pct", "5")}, {("new:榕川省", "offset_limit_pct", "8")}),
    # A fact sheet's labels: a start label dates the start unless its value defers it; a ceiling written as a sign.
    ("Date: 2025-09-01\n\nOstvale ETS\n- Launch: March 2019\n- Offsets ≤5%\n\nVelmora ETS\n- Launch: not before 2028",
     "t-en", {("new:ostvale", "start_year", "2019-03"), ("new:ostvale", "offset_limit_pct", "5")},
     {("new:velmora", "start_year", "2028")}),
    # A one-line record's field that only lists sectors is coverage of the line's market; a field that says more
    # ("not covered: …") is not.
    ("日期：2025年6月1日\n\n琴屿省碳市场｜2014年4月开市｜钢铁、水泥等高耗能工业｜抵消≤10%\n"
     "榕川省碳市场｜2013年6月开市｜工业企业＋大型公共建筑｜抵消≤10%", "t-zh",
     {("new:琴屿省", "sector", "steel"), ("new:琴屿省", "sector", "cement"), ("new:榕川省", "sector", "buildings")},
     {("new:琴屿省", "sector", "buildings"), ("new:榕川省", "sector", "steel")}),
    ("Date: 2025-09-01\n\nOstvale ETS | opened 2021 | electricity generators & importers · cement plants > 25,000 t | "
     "not covered: aviation, shipping", "t-en", {("new:ostvale", "sector", "power"), ("new:ostvale", "sector", "cement")},
     {("new:ostvale", "sector", "aviation"), ("new:ostvale", "sector", "maritime")}),
    # Code-switched writing: sectors named in English inside Chinese sentences are covered as the Chinese words
    # would be, and a sector written in English that is only studied is not.
    ("日期：2025年9月1日\n\n莫兰迪亚碳市场2021年启动，目前覆盖power和cement两个行业。\n\n"
     "主管部门正在研究是否纳入buildings。", "t-zh",
     {("new:莫兰迪亚", "sector", "power"), ("new:莫兰迪亚", "sector", "cement")},
     {("new:莫兰迪亚", "sector", "buildings")}),
    # What someone asks for is a wish, not a claim: a reply that restates a deputy's suggestion, a committee's call.
    ("日期：2025年7月1日\n\n关于榕川省碳市场的答复\n\n榕川省碳市场于2014年启动，覆盖电力行业。您建议推动榕川省碳市场与岚江省碳市场"
     "开展连接，并将交通物流行业纳入试点，我厅将认真研究。", "t-zh",
     {("new:榕川省", "start_year", "2014"), ("new:榕川省", "sector", "power")},
     {("new:榕川省", "linkage_planned", "new:岚江省"), ("new:榕川省", "sector", "logistics")}),
    ("Date: 2025-07-01\n\nThe Velmora ETS has covered power stations since 2019. The committee urged the ministry to "
     "link the Velmora ETS with the Rindal ETS by 2027.", "t-en",
     {("new:velmora", "sector", "power")}, {("new:velmora", "linkage_planned", "new:rindal")}),
    ("Date: 2025-07-01\n\nThe Velmora ETS has covered power stations since 2019. Several members pressed for the "
     "Velmora ETS to cover steel mills and to accept international credits.", "t-en",
     {("new:velmora", "sector", "power")}, {("new:velmora", "sector", "steel"), ("new:velmora", "offset_rule", "international")}),
    # Places that have not set up a market ("均未建立", "尚未建立") have none to describe.
    ("日期：2025年7月1日\n\n关于区域合作，榕川省和岚江省均未建立强制性碳排放交易制度，连接尚不具备条件。琴屿省碳市场于2014年启动。",
     "t-zh", {("new:琴屿省", "start_year", "2014")}, {"new:榕川省", "new:岚江省"}),
]


# Session 24: a table's columns of names, levels and starts; a run of place paragraphs among which one has only a
# date; a link ruled out for a group; the members a plural market lists after it.
TABLES_AND_LISTS = [
    ("Date: 2024-07-29\n\nOperating systems\n\nName | Jurisdiction | Level | Compliance since | Notes\n"
     "Northshore Carbon Initiative (NCI) | north-western states | subnational | 2012 | Power sector only; two states left.\n"
     "Pellmark Emissions Trading Scheme (P-ETS) | Pellmark | national | 2015 | Covers steel and cement.", "t-en",
     {("name:nci", "start_year", "2012"), ("name:nci", "level", "subnational"), ("name:nci", "sector", "power"),
      ("new:pellmark", "start_year", "2015"), ("new:pellmark", "level", "national"), ("new:pellmark", "sector", "steel")},
     set()),
    ("日期：2024年5月1日\n\n体系｜级别｜履约起始年份\n榕川省碳市场｜省级｜2016年\n汐川市碳市场｜城市｜2019年", "t-zh",
     {("new:榕川省", "start_year", "2016"), ("new:榕川省", "level", "subnational"), ("new:汐川市", "start_year", "2019"),
      ("new:汐川市", "level", "city")}, set()),
    ("Date: 2024-05-01\n\nMontenegro: launched in 2020, it covers power and industry.\n\n"
     "Austria: the national fuel ETS began trading in 2022.", "t-en",
     {("place:me", "start_year", "2020"), ("place:at", "start_year", "2022")}, set()),
    ("Date: 2019-05-01\n\nThe Pellmark ETS started in 2015. The Ostvale ETS started in 2017. None of the region's "
     "markets will link with Pellmark or Ostvale in the foreseeable future.", "t-en",
     {("new:pellmark", "start_year", "2015")},
     {("new:pellmark", "linkage_planned", "new:ostvale"), ("new:ostvale", "linkage_planned", "new:pellmark")}),
    ("日期：2020年1月10日\n\n注：本章所称六个地方试点包括北京、天津、重庆和湖北等地。", "t-zh",
     {("place:cn-bj", "jurisdiction", "place:cn-bj"), ("place:cn-cq", "jurisdiction", "place:cn-cq")}, set()),
    ("日期：2020年1月10日\n\n首批碳交易试点分别是上海和湖北，两地均已开市。", "t-zh",
     {("place:cn-sh", "jurisdiction", "place:cn-sh"), ("place:cn-hb", "jurisdiction", "place:cn-hb")}, set()),
    ("Date: 2020-01-10\n\nIn 2013 the country opened pilot ETSs in Tianjin, Chongqing and Hubei.", "t-en",
     {("place:cn-tj", "jurisdiction", "place:cn-tj"), ("place:cn-hb", "jurisdiction", "place:cn-hb")}, set()),
    # ISO's "Korea, Republic of" as running text writes it opens a run-in paragraph: its acronym market is Korea's,
    # not the country of the paragraph before.
    ("Date: 2026-03-01\n\nChina. The national ETS began trading in July 2021.\n\nRepublic of Korea. The K-ETS has "
     "been in operation since 2015.", "t-en",
     {("place:kr", "start_year", "2015"), ("place:cn", "start_year", "2021-07")}, {("place:cn", "start_year", "2015")}),
    ("Date: 2026-06-01\n\nPellmark's ETS became mandatory on 1 April 2026 after three voluntary years.", "t-en",
     {("new:pellmark", "start_year", "2026-04")}, set()),
    ("日期：2025年6月1日\n\n榕川省碳市场将于2026年4月转为强制履约。", "t-zh", {("new:榕川省", "start_year", "2026-04")}, set()),
    # A region after the head is no member list: "markets in Europe" names none.
    ("Date: 2020-01-10\n\nCarbon markets in Europe and Asia grew last year.", "t-en", set(), {"place:eu"}),
]


# Session ex24: digests and plans (an acronym used alone after its definition, sectors said plainly, corrections, a
# pilot of an unknown city, a place said to have no market).
DIGESTS = [
    # A numbered item heading on a line of its own, above a blank line, is not run into the paragraph under it (which
    # would hide the city that paragraph opens with): the item's facts are that city's pilot's, not the national one's.
    ("日期：2026年2月13日\n\n一、全国碳市场：配额分配方案印发\n\n生态环境部本周正式印发年度配额分配方案，全国碳市场覆盖发电行业。"
     "\n\n二、岚港试点：抵销比例下调，物流企业正式纳入管理\n\n岚港市生态环境局2月10日印发通知，两项调整均自2025年度起执行：\n\n"
     "纳入物流后，岚港试点的控排单位增至144家，覆盖陶瓷和物流。", "t-zh",
     {("new:岚港市", "sector", "ceramics"), ("new:岚港市", "sector", "logistics")}, {("place:cn", "sector", "ceramics")}),
    # The acronym a text defined names that market when it opens a later item on its own, apposition and all.
    ("Date: 2025-03-14\n\n1. VELMORA: CEILING RAISED\n\nThe Velmora Carbon Trading Scheme (VCTS) raised its offset "
     "ceiling on Tuesday.\n\nFor new readers: VCTS, a cap-and-trade scheme, has been trading since 1 June 2018.", "t-en",
     {("new:velmora", "start_year", "2018-06"), ("new:velmora", "design", "cap_and_trade")}, {"name:vcts"}),
    # Sectors as the subject, said plainly: "were in from the start", "followed in 2022".
    ("Date: 2025-03-14\n\nThe Velmora ETS opened in 2018. Steelworks and cement kilns were in from the start, and "
     "domestic flights followed in March 2022.", "t-en",
     {("new:velmora", "sector", "steel"), ("new:velmora", "sector", "cement"),
      ("new:velmora", "sector", "domestic_aviation")}, set()),
    # A writer's earlier claim that a correction calls wrong states nothing; the corrected figure does.
    ("Date: 2025-07-08\n\nThe Velmora ETS covers power.\n\n• Correction: in last week's brief we said the Velmora ETS "
     "began in 2017. It began on 1 May 2018. Apologies.", "t-en",
     {("new:velmora", "start_year", "2018-05")}, {("new:velmora", "start_year", "2017")}),
    ("日期：2025年7月8日\n\n【更正】上月简报称“榕川省碳市场抵销上限已上调至9%”，有误。榕川省碳市场的抵销上限仍为6%。", "t-zh",
     {("new:榕川省", "offset_limit_pct", "6")}, {("new:榕川省", "offset_limit_pct", "9")}),
    # "X市试点" of a city the gazetteer does not know, then "该市试点" and "X试点", is that city's market.
    ("日期：2025年4月11日\n\n二、汐桥市试点：数据中心入场\n\n汐桥市生态环境局本周公布配额分配方案。该市试点于2017年3月开市，"
     "行业包括陶瓷和纺织。汐桥试点允许使用CCER抵销，合计不超过应清缴量的8%。", "t-zh",
     {("new:汐桥市", "start_year", "2017-03"), ("new:汐桥市", "sector", "ceramics"), ("new:汐桥市", "offset_limit_pct", "8")},
     set()),
    # A place the text says has no market gets none from a later sentence's unnamed market.
    ("日期：2024年10月16日\n\n澳门没有设立本地的排放交易制度，现阶段亦无计划设立。研究澳门金融机构参与大湾区碳市场的可行性。"
     "我们会在2027年前推出首批氢燃料电池巴士。", "t-zh", set(), {"place:mo"}),
]

# Rows of session 26 (research notes and meeting minutes written in Chinese).
REPORTS_AND_MINUTES = [
    # A research note's section on the home market, under a numbered heading on the line above (no blank line) that
    # says "国内", after a summary that named a foreign market twice: "全国碳市场" is the home country's.
    ("发布时间：2025年3月2日\n\n摘要：海外关注德国碳市场扩容；德国燃料排放交易价格上调。\n\n一、国内：配额收紧\n"
     "全国碳市场自2021年7月启动交易，目前覆盖发电、钢铁两个行业。\n二、海外：德国\n德国国家排放交易体系覆盖供热与交通燃料。",
     "t-zh", {("place:cn", "start_year", "2021-07"), ("place:cn", "sector", "steel")},
     {("place:de", "start_year", "2021-07"), ("place:de", "sector", "steel")}),
    # The same in a paragraph that names no place before the national market: the writer's own country's.
    ("发布时间：2025年3月2日\n\n本周要点：韩国碳市场配额价格回落。\n\n全国碳市场本周成交量回升，市场自2021年7月启动以来覆盖发电行业。",
     "t-zh", {("place:cn", "start_year", "2021-07")}, {("place:kr", "start_year", "2021-07")}),
    # A verb that opens the phrase ("会议研究…", "支持…") is no part of the unknown city's name after it.
    ("日期：2025年3月14日\n\n3月12日，市政府召开专题会议，研究汀澜市碳排放权交易试点2024年度履约情况。汀澜试点自2016年6月启动，"
     "覆盖陶瓷行业。", "t-zh", {("new:汀澜市", "start_year", "2016-06"), ("new:汀澜市", "sector", "ceramics")},
     {"new:研究汀澜市"}),
    # International credits a limit's clause leaves out ("未引入境外减排量") make no international rule.
    ("日期：2025年3月14日\n\n汀澜市碳排放权交易试点自2016年6月启动。新办法维持CCER合计不超过经核查排放量8%的抵销比例，未引入境外减排量。", "t-zh",
     {("new:汀澜市", "offset_rule", "domestic_limited"), ("new:汀澜市", "offset_limit_pct", "8")},
     {("new:汀澜市", "offset_rule", "international")}),
]


# Meeting records, papers and their scans (session 27). Each row is written for its test and fails on the code before.
LOCAL_PILOTS = [
    # 试点 opening a clause is the pilot the text is about, even after a clause on the national market and a word
    # (转入) that moves other emitters out of it.
    ("日期：2025年5月10日\n\n澄屿市碳排放权交易试点自2018年3月启动。全市发电企业已转入全国碳市场，目前试点覆盖陶瓷和纺织印染行业。",
     "t-zh", {("new:澄屿市", "sector", "ceramics"), ("new:澄屿市", "sector", "textiles")}, set()),
    # A bare 试点 founds no market of a city named in passing.
    ("日期：2025年5月10日\n\n记者近日在柯岚市采访了多家企业。试点阶段配额以免费分配为主，企业普遍关心价格。", "t-zh", set(),
     {"new:柯岚市"}),
    # Items of a meeting's agenda ("关于…纳入问题", "关于将…纳入试点") are topics, not sectors brought in.
    ("日期：2025年12月4日\n\n汀岚市碳排放权交易试点自2017年6月启动，覆盖陶瓷行业。\n\n三、关于冷链物流纳入问题。会议认为，"
     "冷链物流企业数据基础薄弱。\n\n四、关于将内河航运纳入试点\n市交通运输局提出了书面意见。", "t-zh",
     {("new:汀岚市", "sector", "ceramics")},
     {("new:汀岚市", "sector", "logistics"), ("new:汀岚市", "sector", "maritime"), ("new:汀岚市", "sector", "transport")}),
    # A 关于 phrase that goes on past its comma to a statement is no agenda item.
    ("日期：2025年3月1日\n\n澜湖州碳配额计划自2023年1月启动。关于覆盖范围，澜湖州碳配额计划纳入电力和水泥行业。", "t-zh",
     {("new:澜湖州", "sector", "power"), ("new:澜湖州", "sector", "cement")}, set()),
    # "本省" credits after a sentence on the national market: the province's own offset rule.
    ("日期：2025年3月1日\n\n霁岚省碳排放权交易市场自2016年启动。中国全国碳市场今年纳入钢铁行业。控排企业使用本省林业碳汇抵销的比例上限为5%。",
     "t-zh", {("new:霁岚省", "offset_limit_pct", "5")}, {("place:cn", "offset_limit_pct", "5")}),
    # "The two governments" speak for the two markets named together before; "a formal process to link" plans a link.
    ("Date: 2025-03-01\n\nScholars have long compared the Tarrow Emissions Trading System and the Velmire ETS. In October "
     "2024 the two governments signed a memorandum of understanding committing them to work towards linking their markets.",
     "t-en", {("new:tarrow", "linkage_planned", "new:velmire"), ("new:velmire", "linkage_planned", "new:tarrow")}, set()),
    ("Date: 2025-03-01\n\nThe Tarrow Emissions Trading System began in 2019, and the Velmire ETS in 2022. Velmire has "
     "started a formal process to link with Tarrow.", "t-en", {("new:velmire", "linkage_planned", "new:tarrow")}, set()),
    # "碳配额计划" names a market as "Carbon Allowance Program" does (and its 计划 plans nothing).
    ("日期：2025年3月1日\n\n澜湖州碳配额计划自2023年1月启动，覆盖电力和水泥行业。", "t-zh",
     {("new:澜湖州", "start_year", "2023-01"), ("new:澜湖州", "sector", "cement"), ("new:澜湖州", "status", "in_force")}, set()),
    # Markets of two levels ("国家与次国家碳市场") in a paper's title are no national market of the writer's country.
    ("日期：2024年8月20日\n\n国家与次国家碳市场连接之法律障碍\n\n碳市场连接可降低整体减排成本，本文讨论其法律问题。", "t-zh",
     set(), {"place:cn"}),
    # Pilots listed after a dash, each with a relative clause that dates its own start.
    ("Date: 2025-04-02\n\nThe study follows two pilots — Tianjin, which opened for trading in November 2013, and Chongqing, "
     "which began trading in June 2014 — over a decade.", "t-en",
     {("place:cn-tj", "start_year", "2013-11"), ("place:cn-cq", "start_year", "2014-06")},
     {("place:cn-tj", "start_year", "2014-06"), ("place:cn-cq", "start_year", "2013-11")}),
]


# The sentence classifier's reading of a whole sentence beside the rules' cue words: a scope or design the rules read in
# a sentence the classifier takes for only an exclusion, a study or something else is no scope of a running market and
# no design; a plain statement with a word of support keeps both. Each sentence is written for its test.
DOUBTED_CLAIMS = [
    # a link a lobby would oppose is neither made nor planned; a link two markets agree to work towards is planned
    ("Date: 2025-03-01\n\nThe Tarrow Emissions Trading System began in 2019, and the Velmire ETS in 2022. Tarrow industry "
     "groups would oppose any link with the Velmire ETS that raised their costs.", "t-en", set(),
     {("new:tarrow", "linkage_planned", "new:velmire"), ("new:velmire", "linkage_planned", "new:tarrow")}),
    ("Date: 2025-03-01\n\nThe Tarrow Emissions Trading System began in 2019, and the Velmire ETS in 2022. The Tarrow ETS "
     "and the Velmire ETS agreed in May to work towards linking their markets.", "t-en",
     {("new:tarrow", "linkage_planned", "new:velmire")}, set()),
    # a cap in a tip for investors, not the market's design
    ("Date: 2025-03-01\n\nThe Harlowe Emissions Trading System began trading in 2020 and covers power generation.\n"
     "Investors should check whether planned wind farms fall within the annual cap before buying land in Harlowe.", "t-en",
     {("new:harlowe", "sector", "power")}, {("new:harlowe", "design", "cap_and_trade")}),
    # the answer to whether a sector comes in is "not soon", past a colon the rules' window does not reach
    ("日期：2025年6月1日\n\n岳澄省碳市场自2021年起运行，覆盖电力行业。同月，岳澄省生态环境厅公布了关于民航纳入问题的评估结论：近期不纳入。",
     "t-zh", {("new:岳澄省", "sector", "power")}, {("new:岳澄省", "sector", "aviation")}),
    ("日期：2025年6月1日\n\n岳澄省碳市場自2021年起運作，涵蓋電力業。主管機關日前公布航運業納管評估結果：暫不納入。", "t-zh",
     {("new:岳澄省", "sector", "power")}, {("new:岳澄省", "sector", "maritime")}),
    # a household charge extended, not a scope
    ("Date: 2025-03-01\n\nThe Tevrin ETS has covered power plants since 2019.\n"
     "Tevrin's discount on heating fuel charges for households is extended to December.", "t-en",
     {("new:tevrin", "sector", "power")}, {("new:tevrin", "sector", "heating")}),
    ("Date: 2025-03-01\n\nThe Tevrin ETS, a cap-and-trade system, has covered power plants and cement works since 2019 "
     "and we support that scope.", "t-en",
     {("new:tevrin", "design", "cap_and_trade"), ("new:tevrin", "sector", "power"), ("new:tevrin", "sector", "cement")}, set()),
    ("日期：2025年6月1日\n\n岳澄省碳市场自2021年起运行，实行总量控制与交易，覆盖电力和钢铁行业，企业普遍支持。", "t-zh",
     {("new:岳澄省", "design", "cap_and_trade"), ("new:岳澄省", "sector", "power"), ("new:岳澄省", "sector", "steel")}, set()),
]


def test_only_sentences_with_a_word_that_can_take_a_claim_back_are_put_to_the_classifier(monkeypatch):
    """Encoding costs ~40 ms a sentence: a plain statement of scope is left to the rules, and a scope or design the
    classifier reads as only something else is a scope to come (dropped for a running market) and no design."""
    import ingest.classify

    asked = []

    class Other:
        def predict_labels(self, texts):
            asked.extend(texts)
            return [{"other"} for _ in texts]

    monkeypatch.setattr(ingest.classify, "default_classifier", lambda: Other())
    _, facts = facts_of("Date: 2025-03-01\n\nThe Quennel ETS began trading in 2020 and covers power stations.\n"
                        "The Quennel ETS, a cap-and-trade system, also covers steel mills if they emit over 20,000 tonnes.")
    assert ("new:quennel", "sector", "power") in facts
    assert not {f for f in facts if f[1] == "design" or f[2] == "steel"}, sorted(facts)
    assert not any("power stations" in t for t in asked) and any("steel mills" in t for t in asked)


# Translated texts: the forms translators and Taiwan / Hong Kong renderings use.
TRANSLATED = [
    # 之 is the literary 的: the market of the place before it, known or not.
    ("日期：2025年9月15日\n\n米德蘭州之總量管制與交易制度自2016年1月啟動，涵蓋發電。魁北克省之總量管制與交易制度亦於2013年開始實施。", "t-zh",
     {("new:米德兰州", "start_year", "2016-01"), ("new:米德兰州", "sector", "power"), ("place:ca-qc", "start_year", "2013")},
     {("place:ca-qc", "sector", "power"), ("place:ca-qc", "start_year", "2016-01")}),
    # A translator's gloss quotes terms and names the language variety it follows: no market, no place, no design.
    ("日期：2025年3月1日\n\n（本文按澳門慣用譯法轉寫，cap-and-trade 譯為「總量管制與交易」。）\n\n岚江省碳排放交易試點於2016年開市，覆蓋電力。",
     "t-zh", {("new:岚江省", "start_year", "2016"), ("new:岚江省", "sector", "power")},
     {"place:mo", ("new:岚江省", "design", "cap_and_trade")}),
    ("日期：2025年3月1日\n\n岚江省碳排放交易試點於2016年開市。部分澳門傳媒將其描述為「總量管制與交易」。",
     "t-zh", {("new:岚江省", "start_year", "2016")}, {"place:mo", ("new:岚江省", "design", "cap_and_trade")}),
    ("Date: 2025-03-01\n\nTranslator's note: in Macau usage, 總量管制與交易 is translated as \"cap-and-trade system\".\n\n"
     "The Ostvale ETS began trading in 2016.", "t-en", {("new:ostvale", "start_year", "2016")},
     {"place:mo", ("new:ostvale", "design", "cap_and_trade")}),
    # Translated words for credits: "减排信用" (reduction credits), "减排单位" (reduction units).
    ("日期：2025年3月1日\n\n岚江省碳排放权交易试点于2016年启动。试点的控排单位可以使用本国核证的减排信用履约，比例不超过应缴配额的6%。",
     "t-zh", {("new:岚江省", "offset_rule", "domestic_limited"), ("new:岚江省", "offset_limit_pct", "6")}, set()),
    ("日期：2025年3月1日\n\n岚江省碳排放权交易试点于2016年启动。该试点在2018年之前曾接受清洁发展机制下的国际减排单位。",
     "t-zh", {("new:岚江省", "offset_rule", "international")}, set()),
    # A floor on local credits and a bar on moving credits to a linked market refuse no offsets.
    ("日期：2025年3月1日\n\n岚江省碳排放权交易试点于2016年启动。控排企业可使用CCER抵销，抵销比例上限由9%下调至7%，其中来自本省项目的减排量不得少于一半。",
     "t-zh", {("new:岚江省", "offset_limit_pct", "7")}, {("new:岚江省", "offset_rule", "none")}),
    ("日期：2025年3月1日\n\n岚江省碳排放权交易试点于2016年启动。控排单位使用本国抵销信用的比例上限为4%，此类信用不得转入其他市场。",
     "t-zh", {("new:岚江省", "offset_limit_pct", "4")}, {("new:岚江省", "offset_rule", "none")}),
    # The calque of 碳排放权交易市场 is a market head; "the power generation industry" is the power sector only.
    ("Date: 2025-03-01\n\nThe Ostvale carbon emission right trading market has been trading since 16 July 2019. "
     "It covers the power generation industry.", "t-en",
     {("new:ostvale", "start_year", "2019-07"), ("new:ostvale", "sector", "power")}, {("new:ostvale", "sector", "industry")}),
    # Research on including sectors includes none of them.
    ("Date: 2025-03-01\n\nThe Ostvale ETS began trading in 2019 and covers power. Research on including civil aviation "
     "and paper making will be carried out.", "t-en", {("new:ostvale", "sector", "power")},
     {("new:ostvale", "sector", "aviation"), ("new:ostvale", "sector", "industry")}),
]


def test_a_quoted_translation_with_its_original_after_it_names_the_market():
    r, _ = facts_of("日期：2025年9月15日\n\n俄勒岡州已正式展開將其「總量管制與投資計畫」（Cap-and-Invest Program）與安大略省碳市場連結的程序。", "t-zh")
    assert "總量管制與投資計畫" in r.systems["place:us-or"].names


# Rows of sessions 17 and 18 (starts, links, offsets, Chinese layout, discourse) are read by the same test as the
# rules above.
@pytest.mark.parametrize("text, doc, expected, absent",
                         RULES + STARTS + LINKS + OFFSETS + LAYOUT_ZH + DISCOURSE + TABLES_AND_LISTS + DIGESTS
                         + REPORTS_AND_MINUTES + LOCAL_PILOTS + DOUBTED_CLAIMS + TRANSLATED)
def test_general_rules_read_their_sentences(text, doc, expected, absent):
    """``absent`` holds system keys that must not be minted and facts that must not be read."""
    r, facts = facts_of(text, doc)
    assert expected <= facts, sorted(facts)
    assert not {a for a in absent if isinstance(a, str)} & set(r.systems), sorted(r.systems)
    assert not {a for a in absent if isinstance(a, tuple)} & facts, sorted(facts)


def test_a_name_the_text_gives_labels_a_market_before_a_possessive_description():
    from ingest.pipeline import _names

    r, _ = facts_of("Date: 2025-05-01\n\nCalifornia's program has been linked with Québec's system since 2014.\n\n"
                    "- Québec cap-and-trade system, the provincial market of Québec, Canada, began in 2013.")
    assert _names(r.systems["place:ca-qc"], "en").most_common(1)[0][0] == "Québec cap-and-trade system"
