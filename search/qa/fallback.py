"""Answers from the report text when the graph does not model the question.

The semantic search (``search.searcher.Searcher``) returns the top passages;
their sentences (and those of their aligned translations) are then ranked by
how many of the question's words they contain, weighted by rarity (IDF over
all passages), with a small bonus for the search rank. From the best
sentences this module takes what the question asks for:

- a typed figure: an amount of money ("80 Arvonian dollars", "64新西兰元"),
  a percentage ("3.3%", "六成二"), a quantity ("41.5 million allowances",
  "2.5万吨"), a number of things ("逾680家", "Participating states: 10"), a
  year or an ordinal. The question's words say which kind ("price" money,
  "share" a percentage, "how many" a count); a bare "how much", "what cap",
  "多少" lets every kind compete. Each candidate is scored by the question's
  words right around it, the entity the question names, and the year it
  names (a figure whose clause is dated another year loses). Besides the
  search's best passages, every passage of a document about the entity the
  question names is read. A count asked with "how many" is a ``count``; a
  count inside one system (its firms, its facilities) keeps the figure as
  the text states it under ``values`` too ("about 1,500");
- for "which systems/markets" questions, the systems the best matching
  clause names, and only among the entities the search result is tagged
  with (the clause is the sentence cut at "while", "but", "；", "而": a
  sentence often contrasts two groups). A jurisdiction named in the clause
  counts for its main system only when that system is among them.
- for a count of systems, the count a sentence states with the question's conditions and no other
  (``Fallback.stated_count``: "38 ETSs were in operation", "ETSs under consideration (9)"), which
  ``QA`` gives when the graph, holding only the systems the extraction read, counts fewer.

The result always says it is a search result, not a graph answer.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.dates import NUMBER_WORDS, chinese_number
from kg.views import date_key
from search.tokenize import has_cjk, normalize, tokenize

from .lexicon import JURISDICTION, PLACE, SYSTEM, Lexicon, fold
from .linking import Linker
from .question import COUNTS_SECTORS, WHO, Question, before_change, yes_no
from .slots import BLANK, CUES, extract, regions, sectors_named

if TYPE_CHECKING:
    from search.searcher import Searcher

TOP_K = 8
RANK_BONUS = 0.6  # share of the average word weight given to the first search hit, decaying with rank

_NUM = r"\d[\d,]*(?:\.\d+)?"
# "about 1,200", "some 240", "逾680家", "约六成二": the hedge is part of the value as the text states it.
_APPROX = r"(?:(?i:about|around|roughly|some|nearly|almost|more than|over|up to)\s+|[约約逾近]\s*)?"
_SCALE_EN = r"(?:\s?(?:billion|million|trillion|thousand|bn)\b)?"
_SCALE_ZH = r"(?:\s*[亿億万萬])?"
# A currency after the number: "80 Arvonian dollars", "64新西兰元", "24歐元". A Chinese currency is any short
# name ending in 元, but not across a date or a per-unit word ("2022年每吨30欧元" is 30欧元).
_CURRENCY_EN = (r"(?:[A-Z][a-z]+\s){0,2}(?:dollars?|euros?|yuan|won|pounds|francs|yen|pesos|rupees|crowns|kronor|kroner"
                r"|korun[ay]|lira|liras|rand|dinars?|riyals?|dirhams?|roubles?|rubles?|shekels?|zloty|forints?|tenge|baht"
                r"|ringgit|rupiah|reais|dong|lei)\b")
_CURRENCY_ZH = (r"(?:(?:(?![年月日每吨噸共约約至到和与與及的为為是元])[\u4e00-\u9fff]){0,5}"
                r"(?:元|第纳尔|第納爾|比索|卢比|盧比|法郎|克朗|里拉|兰特|蘭特|镑|鎊)|人民币|人民幣)")
_MONEY = re.compile(
    rf"(?:USD|US\$|CAD|C\$|NZ\$|A\$|S\$|HK\$|NT\$|EUR|NZD|GBP|KRW|CNY|RMB|ZAR|\bR(?=\d)|€|£|\$|¥|₩)\s?{_NUM}{_SCALE_EN}"
    rf"|{_NUM}{_SCALE_EN}\s(?:USD|US dollars|{_CURRENCY_EN}|EUR)"
    rf"|{_NUM}{_SCALE_ZH}\s*{_CURRENCY_ZH}"
    # A figure per tonne is a price whatever its currency is called ("每吨33.4塔勒", "33.4 talers a tonne"): a
    # market's own currency is as often a name no list holds.
    rf"|(?:(?<=每吨)|(?<=每噸))\s*{_NUM}\s*(?:(?![年月日的至到和])[\u4e00-\u9fff]){{1,3}}(?![\u4e00-\u9fff])"
    rf"|{_NUM}\s(?:[A-Z][a-z]+\s)?(?!(?:tonne|ton|allowance|unit|permit|credit)s?\b)[a-z]+s"
    rf"(?=\s+(?:a|per|an|each)\s+(?:tonne|ton|allowance|permit)\b)"
    # Any three-letter currency code ("SVD 41.50 per permit"): only before a price per unit or in cents, as
    # a chart's "ETS 39" is no amount.
    rf"|\b[A-Z]{{3}}\s?(?:\d[\d,]*\.\d\d\b|{_NUM}(?=\s+(?:per|a|an|each)\s|\s*/))")
# A currency the question names ("in euros", "多少欧元"): an amount in another currency answers another question.
# (the question's cue, what an amount in it carries)
_CURRENCIES = {
    "EUR": (r"\beuros?\b|\bEUR\b|€|[欧歐]元", r"euros?\b|EUR|€|[欧歐]元"),
    "USD": (r"\bU\.?S\.? dollars?\b|\bUSD\b|US\$|美元", r"USD|US ?\$|US dollars?|美元"),
    "GBP": (r"\bpounds? sterling\b|\bGBP\b|£|英[镑鎊]", r"pounds?\b|GBP|£|英[镑鎊]"),
    "CAD": (r"\bCanadian dollars?\b|\bCAD\b|C\$|加元|加[币幣]", r"Canadian dollars?|CAD|C\$|加元|加[币幣]"),
    "CNY": (r"\byuan\b|\bRMB\b|\bCNY\b|人民[币幣]", r"yuan|RMB|CNY|人民[币幣]|(?<![美欧歐加韩韓日港台新澳])元"),
    "KRW": (r"\b(?:Korean )?won\b|\bKRW\b|₩|韩元|韓元", r"won\b|KRW|₩|韩元|韓元"),
}
_CURRENCY_ASKED = {code: re.compile(cue, re.I) for code, (cue, _) in _CURRENCIES.items()}
_CURRENCY_SAID = {code: re.compile(said, re.I) for code, (_, said) in _CURRENCIES.items()}
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|％|per ?cent\b)|百分之\s*[\d.一二三四五六七八九十]+"
                      r"|[约約]?[一二三四五六七八九]成[一二三四五六七八九]?")
# Emissions in tonnes of CO2 equivalent are written as units too: "25,000 tCO2e", "41.3 MtCO2e", "12 Mt".
# A capacity or an energy is a quantity too ("plants above 25 MW", "装机容量25兆瓦以上").
_QUANTITY = re.compile(rf"{_APPROX}{_NUM}{_SCALE_EN}\s?(?:tonnes|tons|allowances|units|kL|[kMG]?t\s?CO2e?|[kMG]t"
                       rf"|[kMGT]Wh?|(?:kilo|mega|giga)watt(?:-hour)?s?)\b"
                       rf"|{_APPROX}{_NUM}{_SCALE_ZH}\s*(?:吨|噸|公吨|公噸|(?:兆|千|吉)?瓦[时時]|兆瓦|千瓦|吉瓦)(?:二氧化碳当量|二氧化碳當量)?")
# A number of things: with a Chinese measure word, or a bare integer (not a year, not part of a date or amount).
_CLASSIFIER = "家个個名项項座处處户戶"
# A count written in words counts as much as one in digits ("最初纳入的三家设施", "three installations"); a lone 一
# is an article ("一个市场"), not a count.
_NUMBER_WORDS = {word: n for word, n in NUMBER_WORDS.items() if word != "one"}
_COUNT = re.compile(rf"{_APPROX}{_NUM}\s*[{_CLASSIFIER}]"
                    rf"|{_APPROX}(?<![\d.,$€£¥/:-])\b(?!(?:19|20)\d\d\b)[1-9][\d,]*\b(?![.,:/-]?\d|\.\s|\s*(?:%|年|月|日|号|號|条|條|st|nd|rd|th))"
                    rf"|(?<![第〇零一二两兩三四五六七八九十百千万萬])(?!一[{_CLASSIFIER}]|一一)[一二两兩三四五六七八九十百]+\s*[{_CLASSIFIER}]"
                    rf"|\b(?i:{'|'.join(_NUMBER_WORDS)})\b(?=\s+[a-z])")
MONTHS_EN = "January February March April May June July August September October November December".split()
# A month as a sentence writes it, or as a calendar's or heading's capitals do ("WED 1 APRIL 2026 — Japan …"); never
# in lower case, where "may" is a verb ("5 may be banked").
_MONTH = f"(?:{'|'.join(MONTHS_EN + [name.upper() for name in MONTHS_EN])})"
_YEAR = re.compile(rf"(?:{_MONTH}\s+)?(?:19|20)\d\d(?:\s*年(?:\s*\d{{1,2}}\s*月)?)?")
# A full date is scanned before the figures so that its day ("1 July 2016", "January 1") is not read as a count.
_DATE = re.compile(rf"\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}\b(?:,?\s+\d{{4}})?"
                   r"|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日")
# A span of years ("2016年至2018年", "（2026年至2030年）", "2016-2018", "from 2021 to 2025"): what "哪几年" asks.
_SPAN = re.compile(r"(?:\bbetween\s+)?(?<!\d)(?:19|20)\d\d\s*年?度?\s*(?:至|到|－|—|–|-|~|～|\bto\b|\buntil\b|\bthrough\b|\band\b)"
                   r"\s*(?:19|20)\d\d(?!\d)(?:\s*年)?")
# The kinds of value a number question may want, most specific first: an overlap goes to the first.
_VALUE_KINDS = ("money", "percent", "quantity", "count")
_KIND_PATTERN = {"span": _SPAN, "date": _DATE, "money": _MONEY, "percent": _PERCENT, "quantity": _QUANTITY, "count": _COUNT}
_OLD_VALUE = re.compile(r"(?:\bfrom|由|从|從)[^，,。；;]{0,8}$", re.I)
# What follows an old value before the new one: "to", a word of raising or lowering, or of moving a date
# ("from 2027 postponed to 2028", "从原定的2027年推迟到2028年", "延後至").
_NEW_VALUE = re.compile(r"\s*(?:(?:(?:postponed|delayed|pushed back|brought forward|moved)\s+)?to\b"
                        r"|提高|增加|增至|升至|降至|降低|下降|上调|上調|[至到]"
                        # "由每公噸300元調高為500元", "调整为": a rate set anew is said with 调 and 为 too
                        r"|[调調](?:高|升|低|降|整)|改[为為]|[上下][调調修]|[减減削缩縮]至|削[减減]|[减減]少|缩[减減]|縮[減减]"
                        r"|(?:延后|延後|推迟|推遲|推延|顺延|順延|提前|改)[至到])", re.I)
# What stands right before a figure a value was changed to, later in the sentence that gave the value ("上限为10%；
# 2023年修订后，上限下调为8%", "a cap of 10%, lowered in 2023 to 8%"): the earlier value no longer holds.
_CHANGED_TO = re.compile(r"\b(?:cuts?|lower(?:s|ed)|reduce[sd]|raise[sd]|increase[sd]|tighten(?:s|ed)|loosen(?:s|ed)"
                         r"|relax(?:es|ed)|change[sd]|revise[sd]|adjust(?:s|ed)|(?:brings?|brought) (?:down|up)"
                         r"|halve[sd]|double[sd])\s+(?:[\w-]+\s+){0,4}?to\s+$"
                         r"|(?:[上下][调調修]|[调調][高升低降整]|提高|提升|降低|下降|削[减減]|[减減]少|缩[减減]|縮[減减]|放[宽寬]"
                         r"|收[紧緊]|改)\s*[为為至到]?\s*$|[降增升减減]\s*[至到]\s*$", re.I)
# A question about the value first set, not the one now in force ("What was the cap at launch?", "开市时").
_FIRST_ASKED = re.compile(r"\b(?:originally|initially|at first|at (?:the )?(?:launch|outset|start)|when it (?:opened|started|launched))\b"
                          r"|最初|起初|当初|當初|原先|原本|原定|开市时|開市時|启动时|啟動時|成立时|成立時", re.I)
# The date a question is asked on, when it says so: what its "last year" counts from.
_ASKED_ON = re.compile(r"\b(?:asked|written|posed)\s+(?:in\s+|on\s+)?(?:[a-z]+\s+)?((?:19|20)\d\d)\b"
                       r"|((?:19|20)\d\d)\s*年(?:\s*\d{1,2}\s*月)?\s*(?:提问|提出|问)", re.I)
_YEAR_SAID = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)|今年|本年|去年|上一年|\b(?:this|last|the previous) year\b", re.I)
_CHANGE_BASE = re.compile(r"(?:较|較|比|相比|\bthan|\bcompared (?:with|to)|\bvs\.?)\s*$", re.I)
# A count of what the graph itself counts (systems, jurisdictions) is a count; of firms or facilities, a figure.
_COUNTS_SYSTEMS = re.compile(r"\b(?:systems?|ets|etss|markets?|schemes?|programs?|pilots?|jurisdictions?|countries"
                             r"|provinces|states|nations)\b|碳市场|体系|市场|试点|国家|司法管辖区|省份|省市")
_COUNTED = re.compile(r"\bhow many\s+((?:[\w-]+\s+){0,2}[\w-]+)"
                      r"|([^，,。？?]{0,6}?)(?:多少|几)\s*[个家名项位座]?([^，,。？?]{0,6})")
_ORDINAL = re.compile(r"第\s*\d+\s*个?[\u4e00-\u9fff]{0,4}|\b\d+(?:st|nd|rd|th)\s+\w+")
_WANTS_ORDINAL = re.compile(r"第几|\b(?:what|which) (?:year|phase|round) of\b")
# A charge, fee or fine is paid in money too ("the charge per tonne", "罚款", "费率", "收盘价").
# "How much" alone asks for any figure ("by how much must emissions fall"): a price or payment word says money.
_WANTS_MONEY = re.compile(r"\b(?:revenue|turnover|price|prices|cost|raised?|collect\w*|earn\w*|worth|amount|funds?"
                          r"|charges?|fees?|fines?|penalt(?:y|ies)|levy|levies|tax rate|tax level)\b"
                          r"|多少钱|收入|(?<!评)价|金额|资金|美元|筹集|罚款|罚金|费率|收费|税率|罚多少"
                          r"|成交额|交易额")
# An amount of emissions or allowances: a threshold, a cap, a volume traded ("年排放量门槛", "总量上限", "卖出了多少
#配额": allowances counted, not their price).
_WANTS_QUANTITY = re.compile(r"\b(?:thresholds?|volume|(?:installed |generating )?capacity|how many (?:[\w-]+\s+){0,2}?(?:tonnes|tons|allowances|permits)"
                             r"|emissions cap|cap on emissions"
                             r"|total cap|overall cap|emit\w* (?:more|over|at least|above)"
                             r"|(?:above|over|beyond|exceed\w*) what|cap for (?:19|20)\d\d|(?:19|20)\d\d cap)\b"
                             r"|门槛|总量|交易量|成交量|装机|容量|多少(?:万|亿)?吨|多少(?:万|亿)?(?:张|份|单位)?(?:配额|许可)"
                             r"|排放(?:量)?(?:达到|超过|在)多少|排放(?:总量)?上限|配额(?:总量)?上限"
                             # Emissions themselves ("会新增多少覆盖排放量", "how much emissions does it cover"): tonnes,
                             # never the firms that emit them ("约1500个").
                             r"|多少(?:覆盖)?排放量|排放量(?:是|为|有)?多少|\bhow much (?:\w+ ){0,2}?emissions\b")
# A price of one unit ("the closing price", "每吨多少元", "per tonne"): never an amount in millions or 亿, which is
# what the units traded at it were worth ("4.1 million tonnes changed hands, worth some 210 million yuan").
_WANTS_UNIT_PRICE = re.compile(r"\b(?:price|prices|priced|per (?:tonne|ton|allowance|unit|permit))\b"
                               r"|(?<![评評])[价價](?![值])|每吨|每噸")
# An amount converted into another currency ("每吨33.4塔勒（约合人民币28元）", "EUR 80 (equivalent to about
# USD 87)"): the text's own figure is the one before it.
_CONVERTED = re.compile(r"(?:约合|約合|折合|合计约|相当于|相當於|\bequivalent to|\bworth roughly|\bor roughly)\s*(?:about\s+|约|約)?"
                        r"(?:人民[币幣]|美元|US\$?|USD)?\s*$", re.I)
_TOTAL_SCALE = re.compile(r"\b(?:billion|million|trillion|bn)\b|[亿億]", re.I)
# A threshold of emissions asked for, whatever payment the question also names ("the fee's threshold").
_THRESHOLD = re.compile(r"\bthresholds?\b|门槛")
# The day itself ("on what date", "哪一天"): a full date, not its month.
# A deadline ("the consultation's deadline", "截止日期", "期限是哪天") is a day too.
_WANTS_DAY = re.compile(r"\b(?:what|which) (?:date|day)\b|\bdeadlines?\b|哪一?天|几月几[日号]|具体日期|截止(?:日期|时间)")
# A sentence that says something is not so: "has not (yet) decided", "no offsets", "尚未纳入", "不得使用".
_NEGATED = re.compile(r"\b(?:not|no|never|cannot|neither|nor|none|rather than|instead of)\b|n't\b|而非|而不是"
                      r"|不[能会會可得是允准属屬需用必再予接包涵纳納覆承适適参參收]|没有|沒有|[尚并並从從仍均皆亦也]未|未[曾被能经經予]|并非|並非"
                      r"|无[法须需]|無[法須需]|禁止",
                      re.I)
# A proposal turned down says no to it ("voters rejected an initiative to repeal the law": not repealed).
_REJECTED = re.compile(r"\b(?:rejected|voted down|voted against|struck down|overturned|defeated|quashed|annulled"
                       r"|set aside|invalidated)\b|否决|否決|驳回|駁回|推翻|撤销|撤銷", re.I)
# Asked of the present, a sentence saying it is still to come says no ("Is X mandatory now?" and "X will become
# mandatory from 2026").
_NOW_ASKED = re.compile(r"\b(?:at the moment|currently|now|already|today|at present|yet)\b|目前|现在|現在|已经|已經"
                        r"|当前|當前", re.I)
_LATER_SAID = re.compile(r"\b(?:will|is to|are to|due to|set to|scheduled to|expected to|plans? to|intends? to|aims? to"
                         r"|from (?:fiscal year |FY)?20\d\d|starting (?:in )?20\d\d)\b|将|將|拟于|擬於|预计|預計|计划|計劃", re.I)
# A count of firms, facilities or people asked for ("how many companies will pay the fee", "多少家企业缴费"):
# a count, whatever payment or amount the question also names. Not a number of units of a measure ("how many
# tonnes", "how many million yuan", "多少吨"), which the kinds below read.
_COUNT_ASKED = re.compile(r"\bhow many (?!(?:[\w-]+\s+){0,2}?(?:tonnes?|tons?|allowances|permits|units|credits|offsets"
                          r"|dollars|euros|yuan|pounds|won|yen|pesos|rupees|million|billion|thousand|percent|per cent"
                          r"|times|years|months|days|hours|votes|megawatts|kilowatts|kwh|mwh|mw|square)\b)"
                          r"|多少(?:家|个|個|名|座|户|戶|位)|几(?:家|个|個|名|座|户|戶|位)")
# A figure asked for without saying its kind: "what cap", "how big", "多少", "几成".
_WANTS_NUMBER = re.compile(r"\bhow (?:much|big|large|high|many)\b|多少|几成|几何")
_WHY = re.compile(r"\b(?:why|for what reason|what caused)\b|为什么|为何|原因")
# A rate of doing something is a share ("compliance rate", "履约率"); a tax or fee rate is money (above).
_WANTS_PERCENT = re.compile(r"\b(?:what share|percentage|what percent|proportion|what fraction"
                            r"|(?:compliance|completion|participation|growth|coverage|auction|clearing) rate)\b"
                            r"|比例|百分|占比|份额|(?:履约|完成|清缴|达标|增长|覆盖|参与|成交|出清)率")
# A measure with a unit of its own that a question names: only a figure in that unit answers it, and where no
# sentence has one the answer is withheld. A floor area is no tonnage of the factories beside it ("商业楼宇的
# 楼面面积门槛" is not the 2.5万吨 of the same sentence), an amount of electricity no price, a capacity no
# tonnage, a vote no count of seats, a car's emissions limit grams per kilometre. (name, question cue, value)
_MEASURES = {
    "area": (r"\bfloor (?:area|space)\b|\bsquare met(?:re|er)s?\b|面[积積]|平方(?:米|公尺)",
             rf"{_APPROX}{_NUM}{_SCALE_EN}{_SCALE_ZH}\s?(?:square met(?:re|er)s?|sq\.? ?m\b|m²|m2\b|平方(?:米|公尺))"),
    "electricity": (r"\bhow much (?:electricity|power)\b|\belectricity (?:use|usage|consumption|consumed|generat\w*)\b"
                    r"|\b(?:uses?|consumes?|consumption of|generates?)\s+(?:\w+\s+){0,3}?electricity\b|\bkWh\b"
                    r"|[用耗发發售][电電]量|[电電]力消[费費]|千瓦[时時]|度[电電]",
                    rf"{_APPROX}{_NUM}{_SCALE_EN}{_SCALE_ZH}\s?(?:[kMGT]Wh\b|(?:kilo|mega|giga|tera)watt[- ]hours?\b"
                    r"|(?:千|兆|吉)?瓦[时時]|度[电電])"),
    "capacity": (r"\b(?:installed |generating |rated )?capacity\b|\bhow many (?:mega|giga|kilo)watts\b|装机|裝機|容量",
                 rf"{_APPROX}{_NUM}{_SCALE_EN}{_SCALE_ZH}\s?(?:[kMG]W\b(?!h)|(?:kilo|mega|giga)watts?\b(?![- ]hour)"
                 r"|(?:兆|千|吉)瓦(?![时時]))"),
    "votes": (r"\bvot(?:e|es|ed|ing)\b|票[数數]|投票|表[决決]|[赞贊]成",
              # not a span of years ("2018 to 2020")
              r"(?<!\d)(?!(?:19|20)\d\d\b)\d[\d,]*\s*(?:votes?\s+)?(?:to|against)\s+\d[\d,]*(?:\s+votes?)?\b|\d[\d,]*\s*票?\s*(?:比|[对對]|:)\s*\d[\d,]*\s*票?"
              r"|\d[\d,]*\s*(?:votes?\b|票)"),
    "distance": (r"\bper (?:km|kilomet(?:re|er))\b|\bg/km\b|\bgrams? per\b|每公里|克/公里"
                 r"|\b(?:passenger cars?|new (?:cars?|vehicles?)|light(?: commercial)? vehicles?|fleet average)\b|乘用[车車]|新[车車]|[轻輕]型[车車]",
                 r"\d[\d,]*(?:\.\d+)?\s?(?:g|grams?|克)\s?(?:/|per|每)\s?(?:km\b|kilomet(?:re|er)s?\b|公里)|每公里\s?\d[\d,]*(?:\.\d+)?\s?克"),
}
_MEASURE_CUE = {name: re.compile(cue, re.I) for name, (cue, _) in _MEASURES.items()}
# A price asked by its kind ("reserve price", "底价", "clearing price", "结算价") is that price: an amount of a sentence
# that never names the kind (a target range, a trade's price) answers another question, and none may answer.
_PRICE_ASKED = re.compile(r"\b(reserve|floor|minimum|clearing|settlement|closing|ceiling) prices?\b"
                          r"|\bprice (floor|ceiling)s?\b"
                          r"|(底|保留|最低|结算|出清|收盘|最高|上限)价")
_PRICE_WORDS = {
    "reserve": r"reserve|floor|minimum|底[价價]|保留[价價]|最低[价價]|[价價]格下限",
    "clearing": r"clear|settle|結算|结算|出清|拍出", "closing": r"clos|收[盘盤]",
    "ceiling": r"ceiling|price cap|maximum|最高[价價]|上限[价價]|[价價]格上限",
}
_PRICE_WORDS.update({"floor": _PRICE_WORDS["reserve"], "minimum": _PRICE_WORDS["reserve"],
                     "settlement": _PRICE_WORDS["clearing"]})
_PRICE_ZH = {"底": "reserve", "保留": "reserve", "最低": "reserve", "结算": "clearing", "出清": "clearing",
             "收盘": "closing", "最高": "ceiling", "上限": "ceiling"}
_KIND_PATTERN.update({name: re.compile(value) for name, (_, value) in _MEASURES.items()})
# A rate asked by its name ("compliance rate", "履约率") is a share of that very thing: a percentage of a sentence
# that never says it (a share of free allocation, a fall in emissions) answers another question.
_RATE_ASKED = re.compile(r"\b(compliance|completion|participation|coverage|auction|clearing) rate\b"
                         r"|(履[约約]|清[缴繳]|达标|達標|完成|参与|參與|覆[盖蓋]|成交|出清)率")
_RATE_WORDS = {
    "compliance": r"complian|\bcompl(?:ied|y)\b|surrender|履[约約]|清[缴繳]|达标|達標",
    "completion": r"complet|完成", "participation": r"particip|参与|參與", "coverage": r"cover|覆[盖蓋]|纳入|納入",
    "auction": r"auction|拍[卖賣]", "clearing": r"clear|sold|出清|成交",
}
_RATE_ZH = {"履约": "compliance", "履約": "compliance", "清缴": "compliance", "清繳": "compliance", "达标": "compliance",
            "達標": "compliance", "完成": "completion", "参与": "participation", "參與": "participation",
            "覆盖": "coverage", "覆蓋": "coverage", "成交": "clearing", "出清": "clearing"}
# A share asked for in so many words, whatever it is a share of ("what share of the revenue", "收入的多大比例").
_WANTS_SHARE = re.compile(r"\b(?:what|which) (?:share|percentage|proportion|fraction)\b|\bwhat percent\b"
                          r"|\bpercentage of\b|比例|占比|百分之几|多大份额|几成"
                          # "占全国排放总量的多少": what part of a whole it takes up, not a count in a unit ("占多少吨")
                          r"|占[^，,。；;？?]{0,20}?多少(?![吨噸家个個万萬亿億元])")
# A question about what was added ("how many companies did the expansion add", "新增了多少家") asks for the
# figure right after a word of adding, not the total beside it.
_ADDED = re.compile(r"\b(?:add|adds|added|adding|newly)\b|新增|增加了?", re.I)
ADDED_CHARS = 12
# Revenue asked ("how much auction revenue", "拍卖收入", "raised"): an amount of a sentence that never speaks of
# revenue is a price or some other sum ("平均价格低于10美元"), as a price of a kind is only one the sentence names.
_RAISED_ASKED = re.compile(r"\b(?:revenues?|proceeds|raised?|raising)\b|收入|筹集|籌集", re.I)
_REVENUE_SAID = re.compile(r"\b(?:revenues?|proceeds|raised?|raises|raising|income|generated|brought in|collected)\b"
                           r"|收入|筹集|籌集|所得", re.I)
# A change asked ("比前一年少了多少", "by how much did it fall"): the figure beside the word of changing ("较去年少
# 40亿美元", "down by USD 4 billion"), not the total it changed.
_CHANGE_ASKED = re.compile(r"(?:少|多|减少|減少|增加|增长|增長|下降|上升|降低|提高|下跌|上涨|上漲)了?多少|\bby how much\b"
                           r"|\bhow much (?:less|more|lower|higher)\b", re.I)
_CHANGE_SAID = re.compile(r"(?:少|多|减少|減少|增加|增长|增長|下降|上升|降低|提高|下跌|上涨|上漲)了?\s*(?:约|約)?\s*$"
                          r"|\b(?:down|up|fell|rose|dropped|declined|increased|decreased|grew|lower|higher) by"
                          r"(?: about| some| roughly| around)?\s*$", re.I)
# A total asked for ("in total", "总共") is the figure beside a word of totalling, not the change beside it.
_TOTAL_ASKED = re.compile(r"\b(?:in total|total|altogether|overall|in all)\b|总共|一共|共计|共計|合计|合計|总数|總數|累计|累計", re.I)
_TOTAL_SAID = re.compile(r"\b(?:total|totals|totalling|totaling|altogether|in all)\b|共|合计|合計|总数|總數|累计|累計|总计|總計",
                         re.I)
TOTAL_CHARS = 40  # "bringing the total number of covered companies to 226"
# Signing, announcing, approving or ratifying (a vote), and delaying: events of a date that is not (or no longer) the
# start asked for ("议会于11月28日批准了连接协议，…自2027年1月1日起互认").
_SIGNED = re.compile(r"\b(?:sign(?:ed|ing|s)?|announc\w*|approv\w*|ratif\w*|vot(?:e|es|ed|ing))\b"
                     r"|签署|签订|簽署|簽訂|宣布|批准|核准|表决|表決|审议|審議", re.I)
SIGN_CHARS = 10  # "于2017年签署", "signed in 2017", "于11月28日以较大多数批准": the signing word right beside the date
_DELAYED = re.compile(r"postpon\w*|delay\w*|push\w* back|defer\w*|推迟|推遲|延后|延後|延期|顺延|順延", re.I)
_ORIGINAL = re.compile(r"\b(?:originally|initially|first planned|had planned)\b|原定|原计划|原計劃|原本", re.I)
# An average asked and said ("the average price", "均价"): not the range or the single trades beside it.
# Words that put a figure on every market together ("global auction revenue", "全球拍卖收入").
_AGGREGATE = re.compile(r"\b(?:global|globally|worldwide|world's|across all|combined)\b|全球|全世界|世界各地", re.I)
_AVERAGE = re.compile(r"\b(?:average|averaged|averaging|avg|mean)\b|平均|均价|均價", re.I)
_RANGE_AFTER = re.compile(r"\s*(?:and|to|-|–|至|到|~|～)\s*\D{0,4}\d", re.I)  # "11 dollars and 15 dollars"
_RANGE_BEFORE = re.compile(r"\bbetween\s+\D{0,4}\d[\d,.]*\s*\D{0,10}\s(?:and|to)\s+\D{0,4}$|[在介于於]\s*\d[\d,.]*\D{0,4}(?:至|到|和|与|與)\s*\D{0,4}$",
                           re.I)
# A question asking for a range of a figure, and a range as a sentence states one ("between 31 and 44 crowns",
# "31 to 44", "在31元至44元之间"): its two numbers, what may stand between a number and the word joining them (a
# unit or currency) and the word.
_RANGE_ASKED = re.compile(r"\b(?:range|ranged|ranging|between)\b|区间|范围|之间|幅度", re.I)
_RANGE = re.compile(rf"(?<![\d.])({_NUM})\s*[^\d\s,，。;；]{{0,6}}?\s*(?:and|to|-|–|—|至|到|~|～)\s*[^\d\s]{{0,4}}?({_NUM})(?!\.?\d)",
                    re.I)


def _range_of(text: str, value: str) -> list[str]:
    """``value`` (one figure of ``text``) as the range ``text`` states it is an end of, in the forms a reader of
    either language writes it ("31 to 44 Kestravan crowns", "31-44"); [] when it ends no range."""
    number = re.search(_NUM, value)
    if number is None:
        return []
    for m in _RANGE.finditer(text):
        low, high = m.group(1), m.group(2)
        # A range runs upwards: "2023 and 44" (a year, then another figure) is none.
        if number.group() in (low, high) and float(low.replace(",", "")) < float(high.replace(",", "")):
            joined = f"{low}至{high}" if has_cjk(value) else f"{low} to {high}"
            return [value[:number.start()] + joined + value[number.end():], f"{low}-{high}"]
    return []


# A count that is part of another ("200 of the 203 entities", "74家中有71家"): right after it, "of the" and a
# number; or right before it, a number and 中 / 其中.
_PART_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?(?:about\s+|some\s+)?\d", re.I)
_WHOLE_OF = re.compile(r"\d\s*[家个個名座]?[\u4e00-\u9fff]{0,4}中(?:的|有|，|,)?\s*$|其中\s*$")
# The whole asked for: what a market covers or regulates, or a total.
_WHOLE_ASKED = re.compile(r"\b(?:cover\w*|regulated|obligated|in total|total|altogether)\b|覆盖|覆蓋|纳入|納入|总共|一共|共有",
                          re.I)
# What the part did, said by a question asking for it ("how many surrendered on time", "按时完成清缴").
_DOING_ASKED = re.compile(r"\b(?:surrender\w*|compl(?:y|ied|ying)|paid|pay|failed|missed|met|submitted|on time|late)\b"
                          r"|按时|按期|完成|履约|履約|清缴|清繳|未能|没有|未按", re.I)
_AGAIN = re.compile(r"\b(?:re-?(?:adopt|approv|enact|introduc|instat|launch|start|open)\w*|again)\b|重新|再次|再度|恢复|恢復",
                    re.I)
_RELATIVE_YEAR = re.compile(r"(?:去年|今年|明年|本年|\b(?:last|this|next) year)\s*$", re.I)
_YEAR_AFTER = re.compile(r"\s*,?\s*((?:last|this|next) year)\b", re.I)
_DATELINE = re.compile(r"(?:\b(?:date|dated|last updated|published|issued on)|日期|发布时间|發布時間|更新)\s*[:：]\s*$", re.I)
# A bullet ("・", "•") parts a slide's fields as a full stop parts sentences: "约700家企业・抵换额度上限：5%".
_BOUNDARY = re.compile(r"[。；;！？!?\n)）・•▪‣◦●]|\*+|\.\s")
_AFTER = re.compile(r"[。；;！？!?\n，,、(（)）・•▪‣◦●]|\*+|\.\s")  # what follows an amount: its unit or date only
CONTEXT_CHARS = 60
YES_NO_SUPPORT = 0.4  # the share of a yes/no question's words' weight its sentence must hold to answer it
CUE_CHARS = 25  # how near a date its launch word must be: a factsheet's next field is another fact
# How far from a date its event word may stand when it is the nearest one ("linked with the EU ETS in 2020").
EVENT_CHARS = 40
_FIELD = re.compile(r"[^：:。.\n]{1,24}[：:]\s*\S")  # "Participating states: 10", "主管机构：…"
# A capitalised word that does not open the question ("When is Yaolan's system due?"), possessive aside.
_CAPITALISED = re.compile(r"(?<=[\w,;:)] )([A-Z][a-z]{3,})(?:'s)?\b")
# Capitalised words of questions that name no place or market.
_COMMON_WORDS = {"emissions", "trading", "system", "scheme", "program", "programme", "market", "carbon", "national",
                 "pilot", "province", "state", "city", "republic", "what", "which", "when", "where", "how", "does",
                 "allowance", "allowances", "offset", "offsets", "tonne", "tonnes", "price", "auction", "january",
                 "february", "march", "april", "june", "july", "august", "september", "october", "november",
                 "december", "climate", "energy", "government", "ministry", "law", "act", "regulation"}
# A word in more passages than this share of the rarest's weight is common in these texts, not a name.
RARE_IDF = 0.5
_END = re.compile(r"[。.!?！？…]\**\s*$")
# Besides the extractor's denials and hedges of coverage (``ingest.relations.CUES``), a clause that only
# supposes it ("if", "若…", "届时…") says nothing about what a system covers now.
_SUPPOSED = re.compile(r"\b(?:if|unless|will|would|once)\b|如果|若|一旦|届时", re.I)
# Coverage said as a limit on emissions ("puts a cap on emissions from electricity generation", "has limited
# emissions from Ambrell's generators"), which the extractor's coverage verbs do not hold.
_CAPS_EMISSIONS = re.compile(r"\b(?:cap|caps|capped|capping|limit|limits|limited|limiting|regulates?|regulated)\b"
                             r"[^.;]{0,20}\bemissions from\b")
# A system named as a comparison ("like the Ambrell program it is a cap-and-trade system") is not
# what the clause is about.
_COMPARED = re.compile(r"\b(?:like|unlike|as with|as in)\s+(?:the\s+)?$")
_CELL = re.compile(r"[|｜]")
_LABEL_NUMBER = re.compile(r"(?:\b(?:figure|fig\.|table|chart|box|annex|appendix|section|article|chapter|phase|no\.)|[图表圖])\s*$",
                           re.I)
_DATELINE_FIELD = re.compile(r"^\s*(?:date|dated|日期)\s*[:：]\s*[\d\-年月日./ ]+", re.I)
_YEAR_ONLY = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_CLAUSE = re.compile(r"[;；]|,?\s+(?:while|whereas|but|although|however)\s+|，?(?:而|但|然而)")
# What a system covers or when it started is read in clauses that also end at ", and" before a new subject
# ("…reaches waste and domestic aviation, and an official said the next phase would…"): the supposition
# that follows is not the coverage's.
_STATEMENT = re.compile(_CLAUSE.pattern + r"|,\s+and\s+(?=(?:a|an|the|he|she|they|officials?|analysts?)\s)")

# A number of systems a text states, before the noun it counts: "38 ETSs were in operation", "9 jurisdictions are
# exploring", "共有38个碳市场正在运行". A number before another noun ("38 installations") counts something else.
# Places stand for their markets in a count of them ("13 countries", "27 provinces and states", "27 个省和州").
_SYSTEM_NOUNS_EN = (r"(?:emissions trading (?:systems|schemes)|ETSs|systems|carbon markets|markets|schemes|programs"
                    r"|programmes|pilots|jurisdictions|countries|provinces|states|cities|municipalities)")
_SYSTEM_NOUNS_ZH = (r"(?:碳排放权?交易(?:体系|市场)|排放交易体系|碳市场|碳市場|交易体系|体系|市场|市場|试点|試點|司法管辖区|国家|國家"
                    r"|省份|省市|城市|省|州)")
_STATED = re.compile(rf"(?<![\d.,$€£¥/-])\b[1-9]\d{{0,2}}\s+(?:[A-Za-z-]+\s+){{0,2}}?{_SYSTEM_NOUNS_EN}\b"
                     rf"|(?<![\d.])[1-9]\d{{0,2}}\s*[个個]\s*(?:[\u4e00-\u9fff]{{0,4}}?){_SYSTEM_NOUNS_ZH}", re.I)
# A map's or chart's legend: a kind of system, then how many there are in brackets ("ETSs under consideration (9)",
# "运行中的碳市场（38）"); the words before the bracket say what it counts.
_LEGEND = re.compile(rf"(?:(?<=\s)|^){_SYSTEM_NOUNS_EN}\b[^()（）\d]{{0,40}}?\s*\(([1-9]\d{{0,2}})\)"
                     rf"|[^()（）\d\s]{{0,12}}{_SYSTEM_NOUNS_ZH}[^()（）\d\s]{{0,12}}[（(]([1-9]\d{{0,2}})\s*[个個]?[）)]", re.I)
# A count of part of them right after a stated count, its noun left out ("Of the 38 ETSs in operation, 24 allow
# carbon credits", "在目前运行的38个碳市场中，有24个允许使用碳信用"): the part has the whole's conditions and its own.
_PART = re.compile(r"^[^,;.，；。]{0,40}[,，]\s*([1-9]\d{0,2})\b(?!\s*(?:%|％|per|percent|\.\d))"
                   r"|^\s*(?:之|当)?中\s*[,，]?\s*(?:有|共有|其中)?\s*([1-9]\d{0,2})\s*[个個](?![^，,；;。]{0,4}" + _SYSTEM_NOUNS_ZH + ")",
                   re.I)


# What a question asks in other words than a text states it: money taken in asked with a verb ("how much did
# governments collect", "筹集了多少") is stated with a noun ("revenue", "收入"); a total over every market
# ("across all carbon markets", "各碳市场") as the world's ("global", "全球").
_RESTATED = [
    (re.compile(r"\b(?:collect(?:s|ed)?|rais(?:e|es|ed)|earn(?:s|ed)?|generat(?:e|es|ed)|brought in|bring in)\b"
                r"|筹集|筹得|收取|募集|籌集|籌得"), ("revenue", "revenues", "proceeds", "收入", "收益")),
    (re.compile(r"\b(?:across|of|in) all (?:the )?(?:carbon |emissions trading )?(?:markets|systems|schemes)\b"
                r"|各(?:个|個)?碳?市场|各(?:个|個)?碳?市場|所有碳?市[场場]"), ("global", "worldwide", "全球", "全世界")),
]


@dataclass
class Weights:
    """What a sentence earns for the question's words: ``own`` word -> weight, and ``groups`` of the
    words' translations, each group earning its weight once however many of its words a sentence has
    (the tokenizer gives "华盛", "华盛顿" and "华盛顿州" for one name)."""

    own: dict[str, float]
    groups: list[tuple[set[str], float]]

    def __post_init__(self):
        # An English word earns its weight in another form too ("opening" / "opened", "adds" / "adding").
        self._stems: dict[str, float] = {}
        for w, weight in self.own.items():
            self._stems[_stem_en(w)] = max(weight, self._stems.get(_stem_en(w), 0.0))

    def overlap(self, tokens: set[str]) -> float:
        stems = {_stem_en(t) for t in tokens}
        return (sum(weight for w, weight in self._stems.items() if w in stems)
                + sum(weight for words, weight in self.groups if words & tokens))


def _stem_en(word: str) -> str:
    """A crude English stem: "opened", "opening", "opens" -> "open"; other tokens as they are."""
    if len(word) > 5 and word.isascii() and word.isalpha():
        return re.sub(r"(?:ing|ed|s)$", "", word)
    return word


@dataclass
class Unit:
    """A sentence of a search hit, with its score and where it is in the report."""

    score: float
    rank: int
    hit: dict
    doc: str
    start: int
    end: int
    text: str

    def citation(self) -> dict:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


class Fallback:
    """Search-based answers for one generation's index."""

    def __init__(self, searcher: "Searcher", lexicon: Lexicon, linker: Linker):
        self.searcher = searcher
        self.lexicon = lexicon
        self.linker = linker
        passages = searcher.index.passages
        self._passage = {p.id: p for p in passages}
        # What each document is about: a later section of an encyclopedia entry no longer names its subject.
        self._doc_entities: dict[str, set[str]] = {}
        # What a document is headed by: what its first passage (a title, a dateline's headline) names, read
        # with the question's own linker, as the index may not have tagged a title ("埃斯基瓦尔省《…条例》要点").
        self._doc_subjects: dict[str, set[str]] = {}
        self._doc_title: dict[str, str] = {}  # the first passage, normalized: a name the graph lacks is read in it
        # A first passage that only dates the document ("日期：2021年7月16日") heads nothing: the next one does.
        self._heading: dict[str, str] = {}  # document -> the id of its heading passage
        # The latin words of the graph's jurisdictions' names ("mbarosi", not "province" or "state"): a translated
        # term that is one of them names that place.
        self._name_words = {t for n in lexicon.names if n.kind == JURISDICTION for t in n.tokens
                            if t.isascii() and t.isalpha() and len(t) >= 4 and t not in _COMMON_WORDS}
        untitled = set()  # documents whose heading names no entity: a news headline ("碳費上路滿月 …")
        for p in passages:
            self._doc_entities.setdefault(p.doc, set()).update(p.entities)
            if p.doc not in self._doc_subjects and not _DATELINE_FIELD.fullmatch(p.text.strip()):
                self._heading[p.doc] = p.id
                named = self.read_names(p.text)
                self._doc_subjects[p.doc] = set(p.entities) | named
                self._doc_title[p.doc] = normalize(p.text)
                if not self._doc_subjects[p.doc]:
                    untitled.add(p.doc)
            elif p.doc in untitled:
                # A headline that names no market leaves the story's subject to its lead paragraph when that names
                # one market ("外界关心的「臺灣排放交易制度」仍在研議"), however many others the story mentions further
                # down; a lead naming several ("three markets in review") makes it about none of them.
                untitled.discard(p.doc)
                lead = set(p.entities) | self.read_names(p.text)
                kinds = Counter(getattr(lexicon.entities.get(i), "kind", "") for i in lead)
                if kinds[SYSTEM] <= 1 and kinds[JURISDICTION] <= 1:
                    self._doc_subjects[p.doc] = lead
        df = Counter(t for p in passages for t in set(tokenize(p.text)))
        self._idf = {t: math.log((len(passages) + 1) / (n + 1)) for t, n in df.items()}
        self._unseen_idf = math.log(len(passages) + 1)
        self._by_doc: dict[str, list] = {}
        for p in passages:
            self._by_doc.setdefault(p.doc, []).append(p)
        self._around: dict[tuple[str, int], set[str]] = {}
        self._sector_systems: dict[str, dict[str, dict]] | None = None
        self._start_systems: dict[str, dict[int, dict]] | None = None

    def _about(self, doc: str, iris: set[str]) -> bool:
        """Whether a document is about one of ``iris``: its heading names it, or it names no system but
        that one. A report that mentions forty markets is not about each of them: its price chart does not
        answer a question about one of them."""
        # A document headed by the place ("Ministry of Climate, Republic of X") is about the place's market.
        iris = iris | {e.jurisdiction for i in iris for e in [self.lexicon.entities.get(i)] if e is not None and e.jurisdiction}
        if iris & self._doc_subjects.get(doc, set()):
            return True
        named = self._doc_entities.get(doc, set())
        others = {i for i in named - iris if getattr(self.lexicon.entities.get(i), "kind", "") == SYSTEM}
        return bool(iris & named) and not others

    def around(self, doc: str, start: int) -> set[str]:
        """The entities the linker reads in the passage of ``doc`` holding offset ``start`` (its paragraph) and
        in the document's heading (its first passage, the next one after a date alone): whom a sentence that
        names no one ("It covers power") can be about."""
        key = (doc, start)
        if key not in self._around:
            # Names read, not the index's tags: those come from the extraction being checked.
            found = set()
            for p in self._by_doc.get(doc, []):
                if p.id == self._heading.get(doc) or p.start <= start < p.end:
                    found |= self.read_names(p.text)
            self._around[key] = found
        return self._around[key]

    def _others_around(self, unit: "Unit", iris: set[str]) -> int:
        """How many systems other than ``iris`` (and their places' systems) the paragraph (or heading) of ``unit``
        names: a survey paragraph naming six markets is about none of them, so a figure in its sentence that
        names no market is not the asked one's ("In 2024, revenue fell …" beside "Germany and Austria auction all
        allowances")."""
        places = {e.jurisdiction for i in iris for e in [self.lexicon.entities.get(i)] if e is not None}
        around = self.around(unit.doc, unit.start)
        return len({i for i in around - iris - places if getattr(self.lexicon.entities.get(i), "kind", "") == SYSTEM})

    def read_names(self, text: str) -> set[str]:
        """The entities (and their systems) the linker reads in a sentence."""
        return {i for m in self.linker.link(fold(text)) for i in [m.iri, *m.systems]}

    def _unit_names(self, text: str, iris: set[str]) -> tuple[set[str], bool]:
        """The entities the linker reads in ``text`` (``read_names``), and whether it names a system by its own name
        ("北京碳市场的成交均价…超过每吨100元") and neither the entities ``iris`` a question asks about nor their
        places: its figures are that system's. A place alone ("on the Shanghai exchange") names no system. One
        linking per passage, however many figures it holds."""
        mentions = self.linker.link(fold(text))
        named = {i for m in mentions for i in [m.iri, *m.systems]}
        return named, bool({m.iri for m in mentions if m.kind == SYSTEM} - iris) and not iris & named

    def coverage_unsaid(self, text: str, sector: str, future_asked: bool = False) -> bool:
        """Whether a sentence read as saying a system covers ``sector`` states no such coverage in force: it
        asks ("两地会不会受冲击？"), or every clause naming the sector denies or hedges it (the extractor's
        cues), supposes it ("if", "届时") or, unless the question asks about the future, speaks of coverage to
        come ("网上有说法称全国碳市场今年将纳入民航"). A clause about something else ("..., and an official said
        the next phase would...") does not speak for the one naming the sector; a sentence none of whose
        clauses names it is not judged."""
        from ingest.relations import CUES as SAID

        folded = fold(text).text.strip()
        if folded.endswith(("?", "？")):
            return True
        cues = SAID["zh" if has_cjk(folded) else "en"]
        naming = [c for c in re.split(_STATEMENT.pattern + r"|，|,", folded)
                  if c and sector in sectors_named(c, self.lexicon)]
        return bool(naming) and all(
            cues["cover_not"].search(c) or cues["cover_hedge"].search(c) or _SUPPOSED.search(c)
            or not future_asked and _TO_COME.search(c) for c in naming)

    def sector_systems(self) -> dict[str, dict[str, dict]]:
        """sector -> {system IRI: the first sentence that says the system covers it}, from every passage.

        A clause counts when it has no denial, hedge or supposition (the extractor's cues), names
        the sector and has a coverage verb or names other sectors beside it (an enumeration of
        sectors, "caps emissions from electricity generation, port operations and flights", a table
        row "电力、港口、岛际航班", says what a system covers whatever its verb; one sector alone
        may be a place, "Port Lenhari"), and is about one system: the one it names among the
        passage's tagged entities, else the passage's only tagged system when the passage names no
        other (a factsheet's "covers power and cement"); a clause naming several systems, or naming
        none among several, is left out, as its sectors may be any of theirs. Read once; it is what the text says beside what the graph holds."""
        if self._sector_systems is None:
            from ingest.relations import CUES as SAID

            found: dict[str, dict[str, dict]] = {}
            for p in self.searcher.index.passages:
                tagged = [e for e in p.entities if getattr(self.lexicon.entities.get(e), "kind", "") == SYSTEM]
                for row in p.sentences or []:
                    self._row_sectors(p.doc, row, SAID, found)
                untagged = {e for e in self.read_names(p.text)
                            if getattr(self.lexicon.entities.get(e), "kind", "") == SYSTEM} - set(tagged)
                for start, end, text in _sentences(p):
                    for clause in filter(None, _STATEMENT.split(text)):
                        folded = fold(clause)
                        cues = SAID["zh" if has_cjk(folded.text) else "en"]
                        if (cues["cover_not"].search(folded.text) or cues["cover_hedge"].search(folded.text)
                                or _SUPPOSED.search(folded.text)):
                            continue
                        sectors = sectors_named(folded.text, self.lexicon)
                        if len(sectors) < 2 and not (cues["cover"].search(folded.text)
                                                     or _CAPS_EMISSIONS.search(folded.text)):
                            continue
                        named = list(dict.fromkeys(s for m in self.linker.link(folded) for s in m.systems
                                                   if s in tagged and not _COMPARED.search(folded.text[:m.start])))
                        # A clause naming no system is about the passage's only tagged system, unless the
                        # passage names another the index did not tag ("负责人：现在主要是陶瓷、纺织和港口" answers
                        # a question naming the interview's market, beside a sentence naming the national one).
                        about = named or (tagged if not untagged else [])
                        if not sectors or len(about) != 1:
                            continue
                        cited = {"doc": p.doc, "start": start, "end": end, "text": text}
                        for sector in sectors:
                            found.setdefault(sector, {}).setdefault(about[0], cited)
            self._sector_systems = found
        return self._sector_systems

    def start_systems(self) -> dict[str, dict[int, dict]]:
        """system IRI -> {year: the first sentence that says the system started that year}, from every passage.

        A clause counts when it has a launch word of the extractor (``launch_done``, "开市", "opened") and
        none of a plan or supposition, names exactly one system and exactly one year: "重庆碳市场于2014年6月
        19日开市", not "七个试点已全部开市" (no system) nor "launched in 2013 and linked in 2018" (two
        years). Read once; what the text says beside the start years the graph holds."""
        if self._start_systems is None:
            from ingest.relations import CUES as SAID

            found: dict[str, dict[int, dict]] = {}
            for p in self.searcher.index.passages:
                for start, end, text in _sentences(p):
                    # A dateline ("日期：2014年6月20日") dates the document, not the start it reports.
                    for clause in filter(None, _STATEMENT.split(_DATELINE_FIELD.sub(" ", text))):
                        folded = fold(clause).text
                        cues = SAID["zh" if has_cjk(folded) else "en"]
                        if (not cues["launch_done"].search(folded) or cues["launch_planned"].search(folded)
                                or _SUPPOSED.search(folded)):
                            continue
                        years = {int(y) for y in _YEAR_ONLY.findall(folded)}
                        named = {x for m in self.linker.link(fold(clause)) for x in m.systems
                                 if not _COMPARED.search(folded[:m.start])}
                        if len(years) == 1 and len(named) == 1:
                            cited = {"doc": p.doc, "start": start, "end": end, "text": text}
                            found.setdefault(named.pop(), {}).setdefault(years.pop(), cited)
            self._start_systems = found
        return self._start_systems

    def _row_sectors(self, doc: str, row, said: dict, found: dict[str, dict[str, dict]]) -> None:
        """A table row ("卡伦迪工业排放绩效计划（IEPP）|建设中|2027年1月|水泥、钢铁、油气开采|发电厂不纳入") says
        what the one system it names covers in a cell that enumerates sectors; each cell is a statement of
        its own, so a denial or supposition in another cell (a note) does not undo it. The row names its
        system whether or not the index tagged the passage with it (a long table is tagged with a few)."""
        cells = [c for c in _CELL.split(row.text) if c.strip()]
        if len(cells) < 3:
            return
        systems = list(dict.fromkeys(s for c in cells for m in self.linker.link(fold(c)) for s in m.systems))
        if len(systems) != 1:
            return
        cited = {"doc": doc, "start": row.start, "end": row.end, "text": row.text}
        for cell in cells:
            folded = fold(cell).text
            cues = said["zh" if has_cjk(folded) else "en"]
            if cues["cover_not"].search(folded) or cues["cover_hedge"].search(folded) or _SUPPOSED.search(folded):
                continue
            sectors = sectors_named(folded, self.lexicon)
            if len(sectors) >= 2:
                for sector in sectors:
                    found.setdefault(sector, {}).setdefault(systems[0], cited)

    def _weigh(self, question: Question, translated: dict[str, list[str]]) -> "Weights":
        """The question's words by rarity, and their translations (``Results.translated``): the answer to an
        English question may stand only in a Chinese passage ("共有214家企业" for "how many companies"). Words
        asked in other terms than texts state them (``_RESTATED``: "collect" for "revenue") weigh the text's
        terms as a group of their own, as much as the rarest word asking them."""
        own = {w: self._idf.get(w, self._unseen_idf) for w in set(tokenize(question.text))}
        groups: list[tuple[set[str], float]] = []
        folded = fold(question.text).text
        for pattern, stated in _RESTATED:
            asked = pattern.search(folded)
            words = set(stated) - set(own)
            if asked and words:
                groups.append((words, max(self._idf.get(t, self._unseen_idf) for t in tokenize(asked.group()) or [""])))
        for source, others in translated.items():
            words = {w for w in others if w not in own}
            if not words:
                continue
            # A translation weighs no more than the word it translates; a term and the entity it names
            # ("washington", its IRI) translate to overlapping words: one group, counted once.
            weight = min(max(self._idf.get(w, self._unseen_idf) for w in words), own.get(source, math.inf))
            same = next((g for g in groups if g[0] & words), None)
            if same is None:
                groups.append((words, weight))
            else:
                groups[groups.index(same)] = (same[0] | words, max(same[1], weight))
        return Weights(own, groups)

    @staticmethod
    def _overlap(weights: "Weights", text: str) -> float:
        return weights.overlap(set(tokenize(text)))

    def _units(self, weights: "Weights", hits: list[dict]) -> list[Unit]:
        average = sum(weights.own.values()) / max(1, len(weights.own))
        units = []
        for rank, hit in enumerate(hits):
            bonus = RANK_BONUS * average / (rank + 1)
            for pid in [hit["id"]] + [t["id"] for t in hit.get("translations", [])]:
                passage = self._passage.get(pid)
                if passage is None:
                    continue
                for start, end, text in _sentences(passage):
                    units.append(Unit(self._overlap(weights, text) + bonus, rank, hit, passage.doc, start, end, text))
        units.sort(key=lambda u: (-u.score, u.rank, u.doc, u.start))
        return units

    def answer(self, question: Question, deadline: float | None = None) -> dict:
        hits = self.searcher.search(question.text, k=TOP_K, deadline=deadline)
        weights = self._weigh(question, hits.translated)
        wants = question.wants
        scoped = self._scoped(question, hits) if wants != "systems" else []
        units = self._units(weights, list(hits) + scoped)
        best = units[0] if units else None
        result = {"kind": "literal", "values": []}
        used = [best] if best else []
        dated = False
        if wants == "systems":
            systems, unit = self._systems(question, units)
            if unit is not None:
                result, used = {"kind": "systems", "systems": systems}, [unit]
        elif not self.kinds(question) and yes_no(question.text):
            unit = self._yes_no_unit(question, units, weights, hits.translated)
            if unit is not None:
                # The best sentence about what was asked says it or says it is not so ("has not yet decided",
                # "尚未纳入"): the text's yes or no, cited, for what the graph does not model.
                said_no = (_NEGATED.search(unit.text) or _REJECTED.search(unit.text)
                           or _NOW_ASKED.search(question.text) and _LATER_SAID.search(unit.text))
                values = ["no", "否"] if said_no else ["yes", "是"]
                result, used = {"kind": "literal", "values": values[::-1] if question.lang == "zh" else values}, [unit]
        else:
            kinds = self.kinds(question)
            values, unit, kind, dated = self._literal(question, units, kinds, weights, hits.translated)
            if unit is not None:
                result, used = {"kind": "literal", "values": values}, [unit]
                number = _count_of(values[0]) if kind == "count" and (wants == "count" or kinds == ("count",)) else None
                if number is not None:
                    # "How many" is answered with a count; a count of firms in one system keeps the figure as
                    # the text states it ("about 1,500") beside the number.
                    result = ({"kind": "count", "count": number} if self.counts_systems(question)
                              else {"kind": "count", "count": number, "values": values})
        order = [u.hit for u in used] + [h for h in hits if all(h is not u.hit for u in used)]
        cited = [u.citation() | {"date": self.lexicon.doc_date.get(u.doc, "")} for u in used]  # with its edition
        # Out of the question's own words' weight: a sentence in the other language meets their translations.
        support = min(1.0, self._overlap(weights, used[0].text) / max(sum(weights.own.values()), 1e-9)) if used else 0.0
        return {"answer": result, "citations": cited, "passages": [_passage(h) for h in order],
                "sentence": used[0].text if used else "", "notes": hits.notes, "support": round(support, 3),
                "dated": dated and result["kind"] == "literal"}

    def stated_count(self, question: Question, deadline: float | None = None) -> dict | None:
        """The number of systems a sentence of the best passages states with the conditions the question sets and no
        other (``_stated_counts``, ``_conditions``): "As of January 2025, 38 ETSs were in operation" for "How many
        ETSs are in operation?", not "24 allow carbon credits" after it nor "Another 11 ETSs are under development".
        Of several, the one of the latest document dated no later than the view asked about (an edition's count
        replaces the one before), then the best matching. None when no sentence states it. The graph counts only
        the systems the extraction read, a status report counts them all."""
        hits = self.searcher.search(question.text, k=TOP_K, deadline=deadline)
        weights = self._weigh(question, hits.translated)
        asked = self._conditions(question.text)
        best = None
        for unit in self._units(weights, list(hits))[:2 * TOP_K]:
            date = self.lexicon.doc_date.get(unit.doc, "")
            if question.as_of and date and date_key(date) > date_key(question.as_of):
                continue
            for number, value, said in _stated_counts(unit.text):
                if self._conditions(said, number) == asked and (best is None or (date, unit.score) > best[0]):
                    best = ((date, unit.score), number, value, unit)
        if best is None:
            return None
        _, number, value, unit = best
        support = min(1.0, self._overlap(weights, unit.text) / max(sum(weights.own.values()), 1e-9))
        return {"answer": {"kind": "count", "count": number, "values": [value]},
                "citations": [unit.citation() | {"date": self.lexicon.doc_date.get(unit.doc, "")}],
                "passages": [_passage(unit.hit)] + [_passage(h) for h in hits if h is not unit.hit],
                "sentence": unit.text, "notes": hits.notes, "support": round(support, 3)}

    def stated_amounts(self, question: Question, deadline: float | None = None) -> dict | None:
        """The systems whose amount of money, as a list of the text states it one market a line ("Austria (USD 1,274
        million)", "奥地利（12.74亿美元）", a chart's legend), meets the question's bound ("more than USD 3 billion",
        "在10亿到20亿美元之间", ``_money_bound``), or has the largest or smallest amount ("the most revenue"). The list
        is one the search finds for the question (so its topic, revenue or prices, is the question's), read over the
        passages it runs on; a bare year line ("2024") dates the lines after it, and a year the question names must be
        theirs. A line naming no market or several ("Other jurisdictions (including …)") is no answer. None when the
        question sets no bound on an amount or no such list is found."""
        if any(m.kind != SYSTEM for m in question.mentions):
            return None  # a place asked about ("加拿大哪个碳市场…"): the list's lines do not say where each market is
        text = fold(question.text).text
        if not _REVENUE_ASKED.search(text):
            return None  # a price per tonne is no sum a market raised: no such list answers it
        bound = _money_bound(text)
        extreme = ("highest" if re.search(r"\b(?:most|highest|largest|biggest|top)\b|最多|最高|最大", text)
                   else "lowest" if re.search(r"\b(?:least|lowest|smallest)\b|最少|最低|最小", text) else "")
        if bound is None and not extreme:
            return None
        years = {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)}
        hits = self.searcher.search(question.text, k=TOP_K, deadline=deadline)
        lines = []
        for hit in hits:
            lines = self._amount_lines(hit["id"])
            if len(lines) >= 2:
                break
        else:
            return None
        found: dict[str, tuple[float, tuple]] = {}
        for year, amount, system, where in lines:
            if years and year is not None and year not in years:
                continue
            if {system, self.lexicon.entities[system].jurisdiction} & set(question.excluded):
                continue  # "apart from X": the market, or a country's market, left out
            found.setdefault(system, (amount, where))
        if bound is not None:
            low, high = bound
            chosen = [s for s, (a, _) in found.items() if low < a and (high is None or a <= high)]
        elif found:
            best = (max if extreme == "highest" else min)(a for a, _ in found.values())
            chosen = [s for s, (a, _) in found.items() if a == best]
        else:
            chosen = []
        if not chosen:
            return None
        cited = []
        for s in chosen:
            doc, start, end, line = found[s][1]
            cited.append({"doc": doc, "start": start, "end": end, "text": line, "date": self.lexicon.doc_date.get(doc, "")})
        return {"answer": {"kind": "systems", "systems": [self.lexicon.entities[s].ref(question.lang) for s in chosen]},
                "citations": cited, "passages": [_passage(h) for h in hits], "sentence": " ".join(c["text"] for c in cited),
                "notes": hits.notes, "support": 1.0}

    def _amount_lines(self, pid: str) -> list[tuple[int | None, float, str, tuple]]:
        """(year, amount in dollars, system, (doc, start, end, line)) of each line naming one market and one amount
        in the run of passages around ``pid`` that hold such lines (a list cut over passages goes on in the next)."""
        passage = self._passage.get(pid)
        if passage is None:
            return []
        doc = self._by_doc[passage.doc]
        i = next(n for n, p in enumerate(doc) if p.id == pid)
        first, last = i, i
        while first > 0 and _AMOUNT_END.search(doc[first - 1].text):
            first -= 1
        while last + 1 < len(doc) and _AMOUNT_END.search(doc[last + 1].text):
            last += 1
        out, year = [], None
        for p in doc[first:last + 1]:
            offset = 0
            for line in p.text.split("\n"):
                at = p.text.find(line, offset)
                offset = at + len(line)
                if re.fullmatch(r"\s*(?:19|20)\d\d\s*", line):
                    year = int(line)
                    continue
                m = _AMOUNT_LINE.fullmatch(line.strip())
                if not m:
                    continue
                systems = {s for mention in self.linker.link(fold(m.group("name"))) for s in mention.systems}
                amount = _dollars(m.group("amount"))
                if len(systems) == 1 and amount is not None:
                    out.append((year, amount, systems.pop(), (p.doc, p.start + at, p.start + at + len(line), line.strip())))
        return out

    def absent_place(self, question: Question) -> bool:
        """Whether every entity a question names is a place of the gazetteer the graph holds no system of."""
        return bool(question.mentions) and all(m.kind == PLACE and m.iri not in self.lexicon.entities and not m.systems
                                               for m in question.mentions)

    def _conditions(self, text: str, count: int = 0) -> tuple:
        """What a question or a sentence's count says of the systems counted, read as a question's slots are: a link or
        an end, a start's year, their statuses (none read as "in operation", the sense of a bare count), offset rule
        and limit, levels, designs, sectors, regions, "pilot", and the places and systems it names. A ``count`` its
        words name about as many places or systems as (a map's "27 provinces and states Alberta British Columbia …")
        lists its members: they are what is counted, not a condition on it."""
        folded = fold(text)
        mentions = self.linker.link(folded)
        named = frozenset(m.iri for m in mentions)
        if count >= 3 and len(named) >= 0.8 * count:
            named = frozenset()
        found = regions(folded.text)
        masked = "".join(BLANK if any(m.start <= i < m.end for m in mentions) and not c.isspace() else c
                         for i, c in enumerate(folded.text))
        slots = extract(masked, self.lexicon, found)
        # A link or an end is a condition too, and a start with its year ("how many ETSs started in 2019"); a start
        # without one is the object of a status ("正研究设立碳市场", "planning to launch"), and a year alone dates the
        # count, which the document's date does.
        years = frozenset(y for y, _ in slots.years) if "start" in slots.cues else frozenset()
        return (frozenset(slots.cues & {"link", "ended"}), years, frozenset(slots.statuses or {"in_force"}),
                slots.offset, slots.offset_pct, frozenset(slots.levels), frozenset(slots.designs),
                frozenset(slots.sectors), frozenset(slots.regions), slots.pilot, named)

    def _asked(self, question: Question) -> set[str]:
        """The entities a question names and the systems they stand for, with those systems' twins (the same
        market read apart in the other language's texts, ``lexicon._twins``): a sentence about either is about it."""
        iris = {i for m in question.mentions for i in [m.iri, *m.systems]}
        return iris | {t for i in iris for t in getattr(self.lexicon.entities.get(i), "twins", [])}

    def _scoped(self, question: Question, hits) -> list[dict]:
        """The passages about the entities a question names that the search did not return: those tagged with
        them, and every passage of a document headed by them (a FAQ's answer no longer names its market). A
        figure about a named system is read in all of them, as the search ranks by the question's wording,
        which a passage in the other language may share little of ("charge per tonne" and "費率…每噸")."""
        iris = self._asked(question)
        if not iris:
            return []
        seen = {h["id"] for h in hits} | {t["id"] for h in hits for t in h.get("translations", [])}
        return [{"id": p.id, "doc": p.doc, "lang": p.lang, "start": p.start, "end": p.end, "text": p.text,
                 "entities": [{"iri": e} for e in p.entities], "translations": [], "scoped": True}
                for p in self.searcher.index.passages
                if p.id not in seen and (iris & set(p.entities) or iris & self._doc_subjects.get(p.doc, set()))]

    @staticmethod
    def asks_year(question: Question) -> bool:
        """Whether the question names a year, or one relative to the texts' ("this year", "去年")."""
        years, shift = _years_asked(question.text)
        return bool(years) or shift is not None

    def kinds(self, question: Question) -> tuple[str, ...]:
        """The kinds of value the question asks for, or () when it asks for no value."""
        text = fold(question.text).text
        if _WHY.search(text) or WHO.search(text) and not _WANTS_NUMBER.search(text):
            # a reason, or who does something ("who bears the risk when …", not "how many firms who …"), is a
            # sentence, not a value: the best passage is the answer
            return ()
        if "span" in question.slots.cues:
            return ("span",)
        # A date asked of a measure's rule ("when did the time-of-use electricity tariffs take effect?") is a date.
        dated = bool(_WANTS_DAY.search(text)) or "when" in question.slots.cues
        measure = "" if dated else next((name for name, cue in _MEASURE_CUE.items() if cue.search(text)), "")
        if _THRESHOLD.search(text):
            # "碳费收费对象的门槛": a fee names who pays, the threshold is emissions, unless another measure is named
            # ("楼面面积门槛")
            return (measure or "quantity",)
        if _COUNT_ASKED.search(text):
            return ("count",)  # "how many companies will pay the fee": the payers are counted, not the fee
        if _WANTS_SHARE.search(text):
            return ("percent",)  # "what share of auction revenue went to …": a share of money is a share
        if _WANTS_MONEY.search(text):
            return ("money",)  # a price per kWh or per square metre is money all the same
        # An offset limit is a share of the obligation, unless the question asks when it took that value
        # ("从哪一年起把抵销上限降到5%？": a year).
        if _WANTS_PERCENT.search(text) or not dated and "offset" in question.slots.cues and "offset_pct" in question.slots.cues:
            return ("percent",)
        if measure:
            return (measure,)
        if _WANTS_QUANTITY.search(text):
            return ("quantity",)
        if _WANTS_ORDINAL.search(text):
            return ("ordinal",)
        if _WANTS_DAY.search(text):
            return ("day", "date")
        if "when" in question.slots.cues:
            return ("date",)
        asked = question.reading.answer_type if question.reading is not None else ""
        if asked == "count" or question.wants == "count":
            return ("count",)
        if asked == "number" or _WANTS_NUMBER.search(text):
            return _VALUE_KINDS  # "what cap", "多少": any typed figure, judged by the words around it
        return ()

    def _literal(self, question: Question, units: list[Unit], kinds: tuple[str, ...],
                 weights: "Weights", translated: dict[str, list[str]] | None = None) -> tuple[list, Unit | None, str, bool]:
        """The best figure of the kinds asked in ``units``: its forms, its sentence, its kind, and whether the text
        dates it by a year the question asks about."""
        if not kinds:
            return [], None, "", False
        # Every typed pattern is scanned, so that "100,000 tonnes" is a quantity even when a count is asked for.
        # A "when" is answered with the date as fully as the text gives it: "1 January 2009", not "January 2009"
        # of it (the day holds the month a reader may have asked for, not the other way round).
        patterns = {"ordinal": [_ORDINAL], "date": [_DATE, _YEAR], "day": [_DATE, _YEAR], "span": [_SPAN]}.get(kinds[0]) or [
            _KIND_PATTERN[k] for k in ("date", *(k for k in kinds if k in _MEASURES), *_VALUE_KINDS)]
        # Each match is judged by the words right around it, within its sentence ("In 2024, global auction
        # revenue was about USD 70 billion"), so a chart line with many amounts gives the right one.
        names = self._mentioned_names(question) or self._unlinked_names(question, translated or {})
        iris = self._asked(question)
        years, shift = _years_asked(question.text)
        phases = set(_phases(question.text))
        # A value the sentence later says was changed is not the answer, unless the question dates what it asks.
        # "英国碳市场从哪一年开始纳入国内航运？": the date of a sector's coming in is the one beside that sector's name.
        sectors_asked = set(question.slots.sectors) if kinds[0] in ("date", "day") else set()
        superseding = not (years or shift is not None or phases or _FIRST_ASKED.search(question.text)) and kinds[0] not in (
            "date", "day", "span", "ordinal")
        counted = self._counted(question, translated or {})
        sectors_counted = bool(COUNTS_SECTORS.search(fold(question.text).text))
        bonus = max(weights.own.values(), default=0.0) * 2
        # "When did X start?": a date is its answer only beside a word that says something started or is to
        # start ("began", "启动"), not the date a link ended or a law passed in the same passage.
        # The date of an event the graph does not model ("the first allowance auction") is that event's, not a
        # start, unless the question's own words say one ("when did auctions begin").
        # A sector's start ("从哪一年开始纳入海运") is dated by the sector's name, not by a word of launching.
        start = kinds[0] in ("date", "day") and "start" in question.slots.cues and not question.slots.sectors and (
            "unmodelled" not in question.slots.cues or _launch_said(question.text))
        # "When did the link lapse?": likewise beside a word that says something ended ("lapsed", "终止").
        ended = kinds[0] in ("date", "day") and "ended" in question.slots.cues
        # "When did the X-Y link take effect?": beside a word of linking ("連結：自2024年4月1日起"), not the
        # system's own launch in the field above; a start asked without a link is no link's date.
        linked = kinds[0] in ("date", "day") and "link" in question.slots.cues
        # "When was the rule re-adopted (after the court struck it down)?": beside a word of doing again
        # ("重新通过"), not the first adoption the same passage dates.
        again = kinds[0] in ("date", "day") and bool(_AGAIN.search(question.text))
        # The date of an event of places the graph holds no system of ("When is Russia launching its ETS?") comes only
        # from a passage that names one of them as a word (not "乌俄冲突" for 俄罗斯), in a sentence naming no other
        # place or market, beside that event's word and not beside a word of doing again ("恢复实施": a reporting duty
        # restored is no launch): other dates are of others' events.
        absent = (start or ended or linked) and not again and self.absent_place(question)
        added = bool(_ADDED.search(question.text))
        changed_by = bool(_CHANGE_ASKED.search(question.text))
        total = bool(_TOTAL_ASKED.search(question.text))
        signing_unasked = not _SIGNED.search(question.text)
        delayed = bool(_DELAYED.search(question.text))
        average = bool(_AVERAGE.search(question.text))
        aggregate_asked = bool(_AGGREGATE.search(question.text))
        currencies = [code for code, cue in _CURRENCY_ASKED.items() if cue.search(question.text)]
        doing = bool(_DOING_ASKED.search(question.text))
        whole = bool(_WHOLE_ASKED.search(question.text))
        # A unit price asked, unless the question itself counts in millions ("how many million yuan").
        unit_price = bool(_WANTS_UNIT_PRICE.search(question.text)) and not _TOTAL_SCALE.search(question.text)
        rate = _rate_words(question) if kinds[0] == "percent" else None
        price = _price_words(question) if kinds[0] == "money" else None
        revenue = kinds[0] == "money" and bool(_RAISED_ASKED.search(question.text))
        best = None
        carried: dict[tuple[str, int, int], float] = {}  # (document, sentence, figure) -> the score of the value it replaced
        days: dict[tuple[str, int], list[str]] = defaultdict(list)  # (document, sentence) -> the full dates it gives
        # The search's best sentences, and every sentence about the named entity (``_scoped``), however
        # little of the question's wording it shares.
        for unit in [u for n, u in enumerate(units)
                     if n < 2 * TOP_K or u.hit.get("scoped") or iris & self._doc_subjects.get(u.doc, set())]:
            tagged = {e["iri"] for e in unit.hit.get("entities", [])}
            if absent and (not any(re.search(rf"(?<![a-z]){re.escape(n)}", normalize(self._passage_text(unit)))
                                   for n in names) or self.read_names(unit.text) - iris):
                continue  # a passage not naming the place, or a sentence naming another ("乌克兰：…预计于2028年启动")
            if names and not tagged & iris and not any(n in normalize(self._passage_text(unit)) for n in names):
                # A question about Beijing is not answered from a paragraph of a document that is not about
                # Beijing (the price section of the Beijing entry is about it without naming it).
                if not self._about(unit.doc, iris) and not (
                        not iris and any(n in self._doc_title.get(unit.doc, "") for n in names)):
                    continue
            if rate is not None and not rate.search(unit.text):
                continue  # "履约率": a share in a sentence that never speaks of complying is a share of something else
            if price is not None and not price.search(unit.text):
                continue  # "底价": an amount in a sentence that names no floor is some other price
            if revenue and not _REVENUE_SAID.search(unit.text):
                continue  # "auction revenue": an amount of a sentence never speaking of revenue is another sum
            last: dict[str, int] = {}  # kind -> where its previous span in the sentence ended
            read = None  # (own_only, other_system), linked once, at the passage's first figure of a kind asked
            spans = _spans(unit.text, patterns)
            for index, (kind, m) in enumerate(spans):
                previous, last[kind] = last.get(kind, 0), m.end()
                if kind and kind not in kinds:  # a typed span of a kind not asked for
                    continue
                if kind == "money" and len(currencies) == 1 and not _CURRENCY_SAID[currencies[0]].search(m.group()):
                    continue  # "in euros": a price the text gives in dollars is not what was asked
                if unit_price and kind == "money" and _TOTAL_SCALE.search(m.group()):
                    continue  # an amount in millions is what the units traded were worth, not the price of one
                before = _BOUNDARY.split(unit.text[max(0, m.start() - CONTEXT_CHARS):m.start()])[-1]
                if kind == "money" and not currencies and _CONVERTED.search(before):
                    continue  # a conversion restates the figure before it, in a currency nobody asked for
                after = _AFTER.split(unit.text[m.end():m.end() + CONTEXT_CHARS // 2])[0]
                if _DATELINE.search(before):
                    continue  # "Date: 2020-09-15" dates the document, it answers nothing asked of it
                if kind == "count" and _LABEL_NUMBER.search(before):
                    continue  # "Figure 2", "Section 3", "表2": a number that names a part, counting nothing
                if kind == "count" and (m.group()[-1] not in _CLASSIFIER or not re.search(r"\d", m.group())) and not (
                        _counts_noun(counted, tokenize(before)[-3:] + tokenize(after)[:3])):
                    # A bare number, or one in words ("三个" is as often "三个履约期"), is a count of what is asked only
                    # beside its noun ("219 facilities", "三家设施").
                    continue
                if kind == "count" and m.group()[-1] in "家座处處户戶名" and sectors_counted:
                    continue  # 家, 座, 处 count firms, plants and sites: "约800家", "电厂3座" is no number of sectors
                # The words before another figure of the same kind are more that figure's than this one's
                # ("纳入该体系的186家企业中，185家按期清缴": 185 is not what was 纳入; "adding about 1,500 companies
                # to the roughly 2,100"), yet may be the subject of both ("全球拍卖收入约为700亿美元，较去年少
                # 40亿美元"): they count half.
                own = before[max(0, len(before) - (m.start() - previous)):] if kind else before
                near = normalize(before + " " + after)
                # Its own unit ("412家") is part of what it says, as much as another figure's is of that one's;
                # not its hedge ("roughly 600" for a question asking "roughly how many").
                unit_words = re.split(r"\d", m.group())[-1]
                score = (self._overlap(weights, near + " " + unit_words)
                         + self._overlap(weights, normalize(own + " " + unit_words + " " + after))) / 2
                score += unit.score / 4
                if unit.doc != unit.hit.get("doc") and unit.hit.get("lang") == question.lang:
                    # A sentence of the aligned edition of a passage in the question's language: that passage
                    # states the figure as asked ("USD 70 billion" for an English question, not "700亿美元").
                    score -= bonus
                # "Germany (USD 14,035 million)" for a question about Germany; a figure of a sentence that names no
                # other system, in a paragraph or document about the entity asked ("发电行业首批纳入2162家" under
                # the national market's heading), is as much its own, so that the question's other words decide.
                if read is None:
                    named, other_system = self._unit_names(unit.text, iris)
                    read = (not {i for i in named if getattr(self.lexicon.entities.get(i), "kind", "") == SYSTEM} - iris,
                            other_system, bool(iris & named))
                own_only, other_system, own_named = read
                # A sentence naming only the entity asked speaks of it, however far its name is from the figure.
                others_around = self._others_around(unit, iris) if iris else 0
                if any(n in near for n in names) or (own_only and (own_named or iris & self.around(unit.doc, unit.start)
                                                                   and others_around <= 1)):
                    score += bonus
                elif iris and other_system:
                    score -= bonus
                elif iris and own_only and not own_named and others_around > 1:
                    continue  # a sentence naming no market, in a paragraph naming several others, is about them
                if iris and not aggregate_asked and _AGGREGATE.search(before):
                    continue  # "global auction revenue was about USD 70 billion" is no one market's revenue
                if price is not None:
                    # "It cleared at D$41.75, well above the D$18.00 reserve price": each amount is the price of the
                    # kind named beside it.
                    beside_price = own[-CUE_CHARS:] + " " + after[:CUE_CHARS]
                    if price.search(beside_price):
                        score += bonus
                    elif any(re.search(words, beside_price, re.I) for words in _PRICE_WORDS.values()):
                        score -= bonus
                if kind == "count" and counted and _counts_noun(counted, tokenize(after)[:2]):
                    score += bonus / 2  # "34 members and 9 observers": the count whose noun follows it is what is asked
                if added and _ADDED.search(before[-ADDED_CHARS:]):
                    score += bonus  # "adding about 1,500 companies to the roughly 2,100": the change is asked
                if changed_by and _CHANGE_SAID.search(before[-ADDED_CHARS:]):
                    score += bonus  # "较去年少40亿美元": the change asked, not the total before it
                if average:
                    # "between US$7 and US$9, with an average of US$8.10": the average is asked, not the range.
                    score += bonus if _AVERAGE.search(before[-CUE_CHARS:]) else 0.0
                    score -= bonus if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before) else 0.0
                if total and _TOTAL_SAID.search(before[-TOTAL_CHARS:]):
                    score += bonus  # "bringing the total to 740": the total is asked, not the 282 added
                if kind == "count" and (_PART_OF.match(after) or _WHOLE_OF.search(before[-ADDED_CHARS:])):
                    # "200 of the 203 entities covered", "74家设施中有71家": the part that did something is asked
                    # when the question says what it did ("按时完成清缴", "surrendered on time"), the whole when it
                    # asks what is covered; otherwise the words around each decide ("Taking part: 14 of the 20").
                    score += bonus if doing else -bonus if whole else 0.0
                to = _changed_to(unit.text, m, kind, patterns)
                replaced = _OLD_VALUE.search(before) and _NEW_VALUE.match(after)
                if replaced or superseding and to is not None:
                    # "由第二期的3%提高至10%", "up from 3% to 10%", "由每公噸300元調高為500元": the value it changed to
                    # is news. A whole bonus: the old value stands nearer the words the question shares with the
                    # sentence ("一般費率…2027年起由…300元"), the new one after only the word of changing. So too
                    # where the sentence says the value was changed later on ("开市时上限为10%；2023年修订后，上限
                    # 下调为8%"), unless the first value, or a year or phase, is asked.
                    score -= bonus
                beside = fold(before[-CUE_CHARS:] + " " + after[:CUE_CHARS]).text
                if kinds[0] in ("date", "day"):
                    # "于2017年签署连接协议，该协议于2020年1月1日生效": the day an agreement was signed or announced is
                    # not the day it took effect, unless the signing is asked.
                    if (start or linked) and signing_unasked and _SIGNED.search(before[-SIGN_CHARS:] + " " + after[:SIGN_CHARS]):
                        continue
                    # "originally meant to start in 2027, but … agreed to postpone its launch to 2028": a delay asked
                    # is the new date, beside the word of delaying, not the one first planned.
                    if delayed:
                        score += bonus if _DELAYED.search(before[-TOTAL_CHARS:]) else 0.0
                        score -= bonus if _ORIGINAL.search(before[-TOTAL_CHARS:]) else 0.0
                if sectors_asked:
                    # "extend it to domestic maritime transport from 2026 and to waste incineration from 2028",
                    # "2026年起纳入国内航运": each date is of the sectors named since the figure before it, else
                    # of those named right after it, else of those named before the next figure; a sentence naming
                    # none of the sectors asked dates something else. Only a sentence's one figure is of every
                    # sector it names: in "于2024年1月1日开始运行，覆盖发电和国内航空；国内航运自今年1月1日起纳入"
                    # the market's own start is not the date shipping came in.
                    following = spans[index + 1][1].start() if index + 1 < len(spans) else len(unit.text)
                    said = set(sectors_named(fold(own).text, self.lexicon) or sectors_named(fold(after).text, self.lexicon)
                               or sectors_named(fold(unit.text[m.end():following]).text, self.lexicon)
                               or len(spans) == 1 and sectors_named(fold(unit.text).text, self.lexicon) or ())
                    score += bonus if said & sectors_asked else -bonus
                if kinds[0] == "day" and kind != "date":
                    score -= bonus / 2  # "on what date": a year alone is less than the day asked for
                # "established in 2008 and linked with the EU ETS in 2020": each date is its nearest event word's.
                event = _nearest_event(before[-EVENT_CHARS:], after[:EVENT_CHARS]) if ended or linked or start else ""
                if again:
                    score += bonus if _AGAIN.search(beside) else -bonus
                elif ended or linked:
                    if absent and event != ("ended" if ended else "link"):
                        continue
                    score += bonus if event == ("ended" if ended else "link") else -bonus
                elif start:
                    if absent and (event != "start" or _AGAIN.search(beside)):
                        continue
                    score += bonus if event == "start" else -bonus
                    # "When is X due to start?": a start before the document's date has happened, not the one asked.
                    written, year = self.lexicon.doc_date.get(unit.doc, "")[:4], re.search(r"(?:19|20)\d\d", m.group())
                    if question.slots.future and written.isdigit() and year and year.group() < written:
                        score -= bonus
                wanted = years or self._shifted(unit.doc, shift)
                dated = False
                if wanted and kinds[0] not in ("date", "day"):
                    # "2022年每吨30欧元，2024年45欧元，2025年将升至55欧元": a figure dated another year than the
                    # one asked about is not the answer.
                    year = self._year_of(before, after, unit.doc)
                    if year and not (dated := year in wanted) and (year > max(wanted) or kind == "money"):
                        # Not a weaker answer but none: a figure set for a later year ("该省2026年拍卖底价" for
                        # 2025's) did not yet hold in the year asked, and a price is its own year's; an earlier
                        # limit or count may still hold, so that one only scores less.
                        continue
                    if year:
                        score += bonus if dated else -bonus
                if phases and kinds[0] not in ("date", "day", "span", "ordinal"):
                    # "第一、二期是10%，第三期开始降到5%": a figure is of the phase named last before it.
                    said = _phases(before)
                    if said:
                        score += bonus if said[-1] in phases else -bonus
                value = self._with_year(_tidy(m.group()), kind, before, after, unit.doc)
                if kinds[0] == "date" and not re.search(r"(?:19|20)\d\d", value):
                    continue  # "3月31日" with no year the text dates: no answer to "when"
                if (unit.doc, unit.start, m.start()) in carried:
                    # The value changed to is of the measure the old one's words name ("上限为10%；…下调为8%"): it
                    # is as much about what was asked as the old one, which it replaced.
                    score = max(score, carried.pop((unit.doc, unit.start, m.start())))
                if to is not None and (replaced or superseding):
                    carried[(unit.doc, unit.start, to)] = score + bonus
                if kind == "date":
                    days[(unit.doc, unit.start)].append(value)
                if best is None or score > best[0]:
                    best = (score, value, unit, kind, dated)
        if best and kinds[0] in ("date", "day") and re.fullmatch(r"(?:19|20)\d\d\s*年?", best[1]):
            # "1 APRIL 2026 — Start of fiscal year 2026 and of the mandatory phase": a year alone beside the words
            # asked, where its sentence gives a day of that same year, is answered with the day (as fully as the
            # text dates it).
            year = best[1][:4]
            day = next((d for d in days[(best[2].doc, best[2].start)] if year in d), None)
            if day is not None:
                best = (best[0], day, best[2], "date", best[4])
        if best and best[3] == "votes":
            # A vote as stated, and as a reader of either language writes one ("112 to 64", "112比64").
            tally = re.findall(r"\d[\d,]*", best[1])
            forms = [f"{tally[0]} to {tally[1]}", f"{tally[0]}比{tally[1]}"] if len(tally) == 2 else []
            return list(dict.fromkeys([best[1], *forms])), best[2], best[3], best[4]
        if best and best[3] == "span":
            # The span as stated, then in the forms a reader of either language writes it (as a graph date has).
            first, last = re.findall(r"(?:19|20)\d\d", best[1])[:2]
            return [best[1], f"{first}-{last}", f"{first}年至{last}年", f"{first} to {last}"], best[2], best[3], best[4]
        if best and best[3] in ("money", "percent", "quantity") and _RANGE_ASKED.search(fold(question.text).text):
            # "What price range ...?" over "traded between 31 and 44 crowns": the whole range, not its end.
            ends = _range_of(best[2].text, best[1])
            if ends:
                return ends, best[2], best[3], best[4]
        return ([best[1]], best[2], best[3], best[4]) if best else ([], None, "", False)

    def _yes_no_unit(self, question: Question, units: list[Unit], weights: "Weights",
                     translated: dict[str, list[str]]) -> Unit | None:
        """The best sentence to answer a yes/no question from: of the search's best, the first about the entity
        the question names (tagged with it, naming it, or in a document about it), as a figure's must be; None
        when it holds less than ``YES_NO_SUPPORT`` of the question's words' weight (a sentence about the market
        that never speaks of road fuel says neither yes nor no to "will road fuel be covered?")."""
        names = self._mentioned_names(question) or self._unlinked_names(question, translated)
        iris = self._asked(question)
        for unit in units[:2 * TOP_K]:
            tagged = {e["iri"] for e in unit.hit.get("entities", [])}
            if (not names or tagged & iris or any(n in normalize(self._passage_text(unit)) for n in names)
                    or self._about(unit.doc, iris)):
                support = self._overlap(weights, unit.text) / max(sum(weights.own.values()), 1e-9)
                return unit if support >= YES_NO_SUPPORT else None
        return None

    def _with_year(self, value: str, kind: str, before: str, after: str, doc: str) -> str:
        """A day and month the text dates by a year named relative to the document ("已於去年3月31日終止",
        "on 31 March last year") with that year: "2024年3月31日", "31 March 2024"; other values as they are."""
        if kind != "date" or re.search(r"(?:19|20)\d\d", value):
            return value
        written = self.lexicon.doc_date.get(doc, "")[:4]
        said = _RELATIVE_YEAR.search(before[-6:]) or _YEAR_AFTER.match(after)
        if not written.isdigit() or not said:
            return value
        word = said.group(said.lastindex or 0).strip().lower()
        year = int(written) + (-1 if word in ("去年", "last year") else 1 if word in ("明年", "next year") else 0)
        return f"{year}年{value}" if has_cjk(value) else f"{value} {year}"

    def _year_of(self, before: str, after: str, doc: str) -> str:
        """The year a figure is dated by: one named right after it in its clause ("40% of their verified 2024
        emissions, ... 70% for 2025"), else the last one named before it in its sentence. "今年" / "this year"
        is the document's year; "去年" / "last year" the year before the one named earlier in the sentence
        ("2024年，收入约为700亿美元，较去年少40亿美元": 2023), else before the document's."""
        following = _YEAR_SAID.search(after)
        # "较去年少40亿美元", "less than last year": the year a change is measured from does not date the figure.
        said = [m for m in _YEAR_SAID.finditer(before) if not _CHANGE_BASE.search(before[:m.start()])]
        said += [following] if following else []
        if not said:
            return ""
        last = said[-1]
        if last.group(1):
            return last.group(1)
        if last.group().lower() in ("今年", "本年", "this year"):  # the others: the year before
            return self.lexicon.doc_date.get(doc, "")[:4]
        named = [m.group(1) for m in said if m.group(1)]
        base = named[-1] if named else self.lexicon.doc_date.get(doc, "")[:4]
        return str(int(base) - 1) if base.isdigit() else ""

    def _shifted(self, doc: str, shift: int | None) -> set[str]:
        """The year a relative one ("last year") names in a document: counted from its date."""
        year = self.lexicon.doc_date.get(doc, "")[:4]
        return {str(int(year) + shift)} if shift is not None and year.isdigit() else set()

    @staticmethod
    def _counted(question: Question, translated: dict[str, list[str]]) -> set[str]:
        """The words of what a count question counts ("how many facilities fall" -> facility, fall; a Chinese
        question's words on either side of 多少, as its noun may come after it, "覆盖多少家运营者", or before,
        "企业有多少家"), with their translations (``Results.translated``): a Chinese question's count may
        stand in an English sentence ("some 240 operators") and an English one's in a Chinese sentence."""
        m = _COUNTED.search(fold(question.text).text)
        if m is None:
            return set()
        # A Chinese question's noun after 多少 is what it counts ("一共纳入了多少家企业": 企业, not 纳入); only with
        # none after it is the noun before ("企业有多少家").
        after = m.group(3) if m.group(3) and len(re.findall(r"[\u4e00-\u9fff]", m.group(3))) >= 2 else ""
        words = set(tokenize(m.group(1) or after or f"{m.group(2) or ''} {m.group(3) or ''}"))
        return words | {w for word in words for w in translated.get(word, [])}

    @staticmethod
    def counts_systems(question: Question) -> bool:
        """Whether a count question counts what the graph holds (systems, countries), not firms in one system."""
        text = fold(question.text).text
        m = _COUNTED.search(text)
        if m is None or any(x.kind == SYSTEM for x in question.mentions):
            return False
        # The counted noun follows "how many" / "多少个", or, at the end of a Chinese question, precedes it.
        noun = m.group(1) or (m.group(3) if len(re.findall(r"[\u4e00-\u9fff]", m.group(3))) >= 2 else m.group(2))
        return bool(_COUNTS_SYSTEMS.search(noun))

    def _passage_text(self, unit: Unit) -> str:
        """The text of the hit a unit comes from, with its translations."""
        texts = [unit.hit["text"]] + [t["text"] for t in unit.hit.get("translations", [])]
        return " ".join(texts)

    def _unlinked_names(self, question: Question, translated: dict[str, list[str]]) -> list[str]:
        """Names the question uses that the graph has no entity for ("Yaolan's national system" where the
        extractor made none): a capitalised word inside the sentence, rare in the texts, with the names the
        search translates it to ("瑶澜"). The figure must come from a passage that names one of them."""
        names = []
        for m in _CAPITALISED.finditer(question.text):
            word = m.group(1).lower()
            if word in _COMMON_WORDS or self._idf.get(word, self._unseen_idf) < RARE_IDF * self._unseen_idf:
                continue
            names += [normalize(word), *(normalize(t) for t in translated.get(word, []) if len(t) >= 2)]
        if not question.mentions:
            # A market named in Chinese that the graph names in English only ("姆巴罗西" for "Mbarosi", which the
            # search translates): a Chinese term the search translates to a word of an entity's name.
            for term, others in translated.items():
                found = [o for o in others if o in self._name_words]
                if has_cjk(term) and len(term) >= 2 and found:
                    names += [normalize(term), *(normalize(o) for o in found)]
        return list(dict.fromkeys(names))

    def _mentioned_names(self, question: Question) -> list[str]:
        """Normalized names (``search.tokenize.normalize``) of the places and systems the question names,
        and of the places of those systems: a report's section headed by the province ("一、棲梧省") is
        about the province's market."""
        names = []
        for m in question.mentions:
            # A place the graph has no jurisdiction for ("Russia" where no text describes its market) has only
            # the gazetteer's names: a figure about it must come from a passage that names it too.
            names += [normalize(n) for n in self.lexicon.place_names.get(m.iri, []) if len(n) >= 2 and m.iri not in self.lexicon.entities]
            twins = [t for s in m.systems for t in getattr(self.lexicon.entities.get(s), "twins", [])]
            systems = [self.lexicon.entities.get(s) for s in [*m.systems, *twins]]
            for iri in dict.fromkeys([m.iri, *m.systems, *twins, *(s.jurisdiction for s in systems if s is not None)]):
                e = self.lexicon.entities.get(iri)
                if e is not None:
                    names += [normalize(n) for n in [*e.labels.values(), *e.aliases] if len(n) >= 2]
        return list(dict.fromkeys(names))

    def _systems(self, question: Question, units: list[Unit]) -> tuple[list[dict], Unit | None]:
        """Systems named in the best clause that names any, among the hit's tagged entities."""
        words = set(tokenize(question.text))
        candidates = []
        for unit in units[:2 * TOP_K]:
            tagged = {e["iri"] for e in unit.hit.get("entities", [])}
            clauses = [(c, sum(self._idf.get(w, 0.0) for w in words & set(tokenize(c))))
                       for c in filter(None, _CLAUSE.split(unit.text))]
            named = [(overlap, systems) for c, overlap in clauses if (systems := self._named(c, tagged, question))]
            if not named and clauses:
                # A sentence that names no market ("In 2024, the auction floor price was raised.") is about the
                # one market its paragraph's heading names ("New Zealand: …"), if it names exactly one.
                about = [s for s in self._headed(unit) if self._fits(s, question)]
                if len(about) == 1:
                    named = [(max(overlap for _, overlap in clauses), about)]
            candidates.extend((overlap, -unit.rank, systems, unit) for overlap, systems in named)
        if not candidates:
            return [], None
        _, _, systems, unit = max(candidates, key=lambda c: (c[0], c[1]))
        return [self.lexicon.entities[s].ref(question.lang) for s in systems], unit

    def _headed(self, unit: Unit) -> list[str]:
        """The systems the heading of ``unit``'s paragraph names ("Austria" of "Austria: …")."""
        passage = self._passage.get(unit.hit["id"])
        if passage is None or not passage.heading:
            return []
        return list(dict.fromkeys(s for m in self.linker.link(fold(passage.heading)) for s in m.systems))

    def _named(self, clause: str, tagged: set[str], question: Question) -> list[str]:
        # A jurisdiction's mention stands for its main system (``Linker.systems_of``), kept only if tagged.
        found = [s for mention in self.linker.link(fold(clause)) for s in mention.systems if s in tagged]
        return [s for s in dict.fromkeys(found) if self._fits(s, question)]

    def _fits(self, iri: str, question: Question) -> bool:
        """The question's own constraints (level, status, "pilot"), checked on the graph's facts."""
        e, s = self.lexicon.entities[iri], question.slots
        if s.levels and e.level not in s.levels:
            return False
        if s.statuses and e.status not in s.statuses:
            return False
        if s.pilot and not any("pilot" in x.lower() or "试点" in x for x in [*e.labels.values(), *e.aliases]):
            return False
        return True


# An amount in US dollars, in brackets at a line's end: "(USD 1,274 million)", "（12.74 亿美元）".
_USD_AMOUNT = (rf"[(（]\s*(?P<amount>(?:{_CURRENCIES['USD'][1]}|\$)\s?{_NUM}{_SCALE_EN}|{_NUM}{_SCALE_ZH}\s*美元)"
               r"\s*[)）]\s*$")
# A line of a list giving one amount of money for one market: "Austria (USD 1,274 million)", "奥地利（12.74 亿美元）".
_AMOUNT_LINE = re.compile(rf"(?m)^(?P<name>[^()（）\n]{{2,80}}?)\s*{_USD_AMOUNT}")
# A line ending in such an amount, whatever it names (the list goes on through "Other jurisdictions (…) (USD …)").
_AMOUNT_END = re.compile(rf"(?m){_USD_AMOUNT}")
_SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "thousand": 1e3, "亿": 1e8, "億": 1e8, "万": 1e4,
           "萬": 1e4, "": 1.0}
_SCALE_WORD = "|".join(k for k in _SCALES if k)
# A sum a market brought in (its revenue, what its auctions raised): what the lists of amounts give.
_REVENUE_ASKED = re.compile(r"\b(?:revenues?|proceeds|raised|collected|earned|brought in|pulled in|auction\w*)\b|收入|营收|拍卖")


def _dollars(text: str) -> float | None:
    """US dollars of an amount written "USD 1,274 million", "$3.2 billion", "12.74亿美元"."""
    m = re.search(rf"({_NUM})\s*({_SCALE_WORD})?", text)
    if not m:
        return None
    return float(m.group(1).replace(",", "")) * _SCALES[m.group(2) or ""]


def _money_bound(text: str) -> tuple[float, float | None] | None:
    """(above, at most) in US dollars that a folded question sets on an amount: "more than USD 3 billion" (3e9, None),
    "between USD 1 and 2 billion", "在30亿到50亿美元之间" (a range, its first figure scaled as the second when it
    says no scale); None when it sets none."""
    if not re.search(r"\busd\b|us\$|\$|\bdollars?\b|美元", text):
        return None
    figures = [(float(m.group(1).replace(",", "")), m.group(2)) for m in
               re.finditer(rf"(?<![\d.])({_NUM})\s*({_SCALE_WORD})?(?![\d%])", text)
               if m.group(2) or not re.fullmatch(r"(?:19|20)\d\d", m.group(1))]
    if not figures:
        return None
    values = []
    for n, (number, scale) in enumerate(figures):
        scale = scale or next((s for _, s in figures[n + 1:] if s), "")
        values.append(number * _SCALES[scale])
    if len(values) >= 2 and re.search(r"\bbetween\b|\bfrom\b|之间|到|至|~|-|–", text):
        return min(values[:2]), max(values[:2])
    if re.search(r"\b(?:less than|under|below|at most|no more than)\b|低于|少于|不到|以下|不超过", text):
        return 0.0, values[0]
    if re.search(r"\b(?:more than|over|above|exceed\w*|at least|upwards of|in excess of)\b|超过|高于|多于|以上|逾", text):
        return values[0], None
    return None


_QUOTED = re.compile(r"「[^」]{1,30}」|“[^”]{1,30}”|《[^》]{1,30}》|『[^』]{1,30}』")
# A denial or doubt before a launch word ("尚未正式启动", "has not yet started", "whether it will open").
_NO_LAUNCH = re.compile(r"\b(?:not|never|yet to|whether|if)\b|尚未|还未|仍未|未|没有|并未|是否|能否", re.I)


def status_contradicted(status: str, text: str, doc_date: str) -> bool:
    """Whether an evidence sentence says the opposite of the status it was read for: a launch done in a year
    no later than the document's ("於2022年首次實施", "opened in 2019") for a system under development or
    consideration; a launch still to come, in a year after the document's ("will start in 2027", "定于2027年
    启动"), for one in force. Without a year, or with a denial, a plan or a supposition beside a past
    launch, the sentence is not read as contradicting anything."""
    from ingest.relations import CUES as SAID

    # A quoted name ("「氣候保護計畫」於2022年首次實施") is no word of the sentence: its 计划 plans nothing.
    folded = _QUOTED.sub(" ", fold(text).text)
    cues = SAID["zh" if has_cjk(folded) else "en"]
    years = [int(y) for y in _YEAR_ONLY.findall(folded)]
    written = int(doc_date[:4]) if doc_date[:4].isdigit() else None
    if not years:
        return False
    plans = [m.span() for m in cues["launch_planned"].finditer(folded)]
    planned = bool(plans)
    # "定于2027年启动": the launch word of a plan is no launch done.
    done = any(not any(a <= m.start() < b for a, b in plans) for m in cues["launch_done"].finditer(folded))
    if status in ("under_development", "under_consideration"):
        return (done and not planned and not _NO_LAUNCH.search(folded) and not _SUPPOSED.search(folded)
                and (written is None or max(years) <= written))
    if status == "in_force":
        return planned and not done and written is not None and min(years) > written
    return False


# Words of a coverage still to come ("将纳入民航", "will cover shipping from 2027"), beside the extractor's hedges.
_TO_COME = re.compile(r"\b(?:will|shall|is to|are to|(?:is|are) (?:set|due|expected|scheduled) to|plans? to)\b|将|拟于|计划于", re.I)


TYPO_PREFIX = 7  # letters two long English words share when one is the other misspelt ("installatons")


def _stated_counts(text: str) -> list[tuple[int, str, str]]:
    """(number, the count as written, the words saying what it counts) of each count of systems a sentence states
    (``_STATED``), and of each part of one (``_PART``); of a legend, its entries (``_LEGEND``). A count's words run from its number (for the sentence's
    first, from the start of its clause: "共有38个碳市场正在运行", "As of January 2025, 38 ETSs") to the next count
    or part; a part's words are its whole's and its own."""
    out = [(int(m.group(m.lastindex)), m.group(m.lastindex), m.group()) for m in _LEGEND.finditer(text)]
    if out:
        return out
    for clause in filter(None, _CLAUSE.split(text)):
        found = list(_STATED.finditer(clause))
        for n, m in enumerate(found):
            end = found[n + 1].start() if n + 1 < len(found) else len(clause)
            start = 0 if n == 0 else m.start()
            part = _PART.match(clause[m.end():end])
            number = int(re.match(r"\d+", m.group()).group())
            if part is None:
                out.append((number, _tidy(m.group()), clause[start:end]))
                continue
            at = m.end() + part.start(part.lastindex)
            out.append((number, _tidy(m.group()), clause[start:at]))
            out.append((int(part.group(part.lastindex)), _tidy(clause[at:at + len(part.group(part.lastindex)) + 1]),
                        clause[start:end]))
    return out


def _counts_noun(counted: set[str], words: list[str]) -> bool:
    """Whether ``words`` (beside a number) hold the noun a count question counts, as written or misspelt
    past its first letters ("how many installatons" for "225 installations")."""
    if counted & set(words):
        return True
    return any(len(a) >= TYPO_PREFIX and len(b) >= TYPO_PREFIX and a.isascii() and b.isascii()
               and a[:TYPO_PREFIX] == b[:TYPO_PREFIX] for a in counted for b in words)


_MONTH_NUMBER = {m.lower(): n for n, m in enumerate(MONTHS_EN, 1)}


def months_of(text: str, year: int) -> set[int]:
    """The months of ``year`` a sentence names ("by June 2025", "June 1, 2025", "2025年6月前")."""
    named = re.finditer(rf"({_MONTH})\s+(?:\d{{1,2}},?\s+)?{year}(?!\d)", text)
    found = {_MONTH_NUMBER[m.group(1).lower()] for m in named}
    return found | {int(m.group(1)) for m in re.finditer(rf"(?<!\d){year}\s*年\s*(\d{{1,2}})\s*月", text)}


def day_of(text: str, year: int, month: int, written: str = "") -> int | None:
    """The day of ``year``-``month`` a sentence dates ("16 July 2021", "July 16, 2021", "2021年7月16日"; a day
    without its year, "7月16日", when the sentence names that year or its document, dated ``written``, was
    written in it: a dateline "北京7月16日电" dates the news of that day), or None."""
    for m in _DATE.finditer(text):
        found = m.group()
        zh = re.match(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日", found)
        if zh:
            y, mo, d = zh.group(1), int(zh.group(2)), int(zh.group(3))
        else:
            name = re.search(_MONTH, found)
            if name is None:
                continue  # "2021年7月": a month without its day
            numbers = re.findall(r"\d+", found)
            d = next((int(n) for n in numbers if len(n) <= 2), None)
            y = next((n for n in numbers if len(n) == 4), None)
            mo = _MONTH_NUMBER[name.group().lower()]
        if d is None or mo != month or (y or "") not in (str(year), "") or (
                y is None and str(year) not in text and not written.startswith(str(year))):
            continue
        return d
    return None


def _nearest_event(before: str, after: str) -> str:
    """Which event word stands nearest a date, in the words before it or after it: "start", "link" or
    "ended" ("" for none). A word of ending beside a link word ("the link lapsed") is the ending."""
    before, after = fold(before).text, fold(after).text
    best = (len(before) + len(after) + 1, "")
    for event in ("ended", "link", "start"):
        for m in CUES[event].finditer(before):
            best = min(best, (len(before) - m.end(), event), key=lambda b: b[0])
        m = CUES[event].search(after)
        if m:
            best = min(best, (m.start(), event), key=lambda b: b[0])
    return best[1]


def _launch_said(text: str) -> bool:
    """Whether ``text`` says something started or is to start, in the words a question asks it with."""
    return bool(CUES["start"].search(fold(text).text))


# A phase or compliance period by its number: "第三期", "二期", "phase 3", "Phase III", "the second trading period".
_PHASE = re.compile(r"([一二三四五六七八九十]|\d{1,2})\s*(?:期|阶段|階段|个履约期|個履約期)"
                    r"|\bphase\s+(\d{1,2}|IV|V|I{1,3})\b|\b(first|second|third|fourth|fifth)\s+(?:phase|trading period"
                    r"|compliance period|period)\b", re.I)
_PHASE_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}


def _phases(text: str) -> list[int]:
    """The numbers of the phases a text names, in order."""
    out = []
    for m in _PHASE.finditer(text):
        word = next(g for g in m.groups() if g)
        number = int(word) if word.isdigit() else _PHASE_NUMBER.get(word.lower()) or chinese_number(word)
        if number:
            out.append(number)
    return out


def _years_asked(text: str) -> tuple[set[str], int | None]:
    """The years a question asks about, and how far from a document's own year a relative one lies.

    "去年" / "last year" after a year is the one before it ("2024年…比去年少了多少"); one said of the
    question's own date ("asked June 2025", "2025年6月提问") is the year before that date, which is no
    year asked about itself. A relative year with no year to count from ("今年的价格", "last year's share")
    is read against each document's date: the shift (0 this year, -1 last year) is returned instead."""
    asked_on = _ASKED_ON.search(text)
    base = next(g for g in asked_on.groups() if g) if asked_on else ""
    years, named, shift = set(), base, None
    for m in _YEAR_SAID.finditer(text):
        if asked_on and asked_on.start() <= m.start() < asked_on.end():
            continue
        this = m.group().lower() in ("今年", "本年", "this year")
        if m.group(1):
            years.add(named := m.group(1))
        elif named:
            years.add(named if this else str(int(named) - 1))
        else:
            shift = 0 if this else -1
    return years, (shift if not years else None)


def _rate_words(question: Question) -> re.Pattern | None:
    """The words one of whose a sentence must hold for its percentage to be the rate the question names by name
    ("compliance rate", "履约率": complying, surrendering, 履约 or 清缴), or None when it names none."""
    m = _RATE_ASKED.search(fold(question.text).text)
    if not m:
        return None
    return re.compile(_RATE_WORDS[m.group(1) or _RATE_ZH[m.group(2)]], re.I)


def _price_words(question: Question) -> re.Pattern | None:
    """The words one of whose a sentence must hold for its amount to be the price the question names by its kind
    ("reserve price", "结算价": a floor, or an auction clearing), or None when it names no kind of price."""
    m = _PRICE_ASKED.search(fold(question.text).text)
    if not m:
        return None
    return re.compile(_PRICE_WORDS[m.group(1) or m.group(2) or _PRICE_ZH[m.group(3)]], re.I)


def _spans(text: str, patterns: list[re.Pattern]) -> list[tuple[str, re.Match]]:
    """(kind, match) of the patterns in ``text``; where two overlap, the earlier pattern's (the more specific kind)."""
    kind_of = {id(p): k for k, p in _KIND_PATTERN.items()}
    taken: list[tuple[str, re.Match]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if m.group().strip() and not any(m.start() < t.end() and t.start() < m.end() for _, t in taken):
                taken.append((kind_of.get(id(pattern), ""), m))
    return sorted(taken, key=lambda x: x[1].start())


def _changed_to(text: str, m: re.Match, kind: str, patterns: list[re.Pattern]) -> int | None:
    """Where the later figure of the same kind in ``m``'s sentence that its value was changed to starts ("上限为10%；
    …上限下调为8%", "由10%下调至8%", "set at 10% and cut in 2023 to 8%"), or None."""
    for other, t in _spans(text, patterns):
        if t.start() < m.end() or other != kind:
            continue
        gap = text[m.end():t.start()]
        if re.search(r"[。！？!?\n]|\.\s", gap):
            return None  # the next sentence's figure: another statement, maybe of another thing
        if _CHANGED_TO.search(gap) or _NEW_VALUE.fullmatch(gap.rstrip()):
            return t.start()
    return None


def changed_later(text: str, percent: str) -> bool:
    """Whether ``text`` states the share ``percent`` ("10") as a value its own sentence then says was changed to
    another ("开市时上限为10%；2023年修订后，上限下调为8%", "may currently make up 8%; … lowers that limit to 4%")."""
    return any(_changed_to(text, m, kind, [_PERCENT]) is not None for kind, m in _spans(text, [_PERCENT])
               if re.findall(r"\d+(?:\.\d+)?", m.group()) == [percent])


def earlier_asked(text: str) -> bool:
    """Whether a question asks for the value first set ("at launch", "开市时"), of a phase ("第二期") or before a change
    ("before the 2024 amendment", "修订之前"), which may be one changed since, not the one in force."""
    return bool(_FIRST_ASKED.search(text) or _phases(text) or before_change(text))


def _count_of(value: str) -> int | None:
    """The number in a count span ("17个" -> 17, "三家" -> 3, "three" -> 3), or None when it is not a whole number."""
    words = re.sub(r"\s*[" + _CLASSIFIER + r"]$", "", value.strip()).replace("兩", "两")
    if words.lower() in _NUMBER_WORDS or (words and chinese_number(words)):
        return _NUMBER_WORDS.get(words.lower()) or chinese_number(words)
    m = re.search(r"\d[\d,]*(?:\.\d+)?", value)
    number = m.group().replace(",", "") if m else ""
    return int(number) if number.isdigit() else None


def _tidy(value: str) -> str:
    """An extracted value with PDF spacing removed: "140.35\t亿美元" -> "140.35亿美元"."""
    value = re.sub(r"\s+", " ", value.strip())
    return re.sub(r"(?<=[\d\u4e00-\u9fff]) (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) (?=\d)", "", value)


def _sentences(passage) -> list[tuple[int, int, str]]:
    """A passage's sentences, with the fragments of a chart (lines without a full stop) joined to the next."""
    out: list[list] = []
    for s in passage.sentences or []:
        if out and not _END.search(out[-1][2]):
            # A factsheet's field ("2024年拍卖底价：每吨18美元") starts a line of its own: what the previous
            # field says is no context of its figure.
            sep = "\n" if _FIELD.match(s.text) else " " if s.text[:1].isascii() else ""
            out[-1][1], out[-1][2] = s.end, out[-1][2] + sep + s.text
        else:
            out.append([s.start, s.end, s.text])
    return [tuple(x) for x in out]


def _passage(hit: dict) -> dict:
    keep = ("id", "doc", "lang", "start", "end", "text", "score", "entities")
    return {**{k: hit[k] for k in keep if k in hit},
            "translations": [{k: t[k] for k in ("id", "doc", "lang", "start", "end", "text")}
                             for t in hit.get("translations", [])]}
