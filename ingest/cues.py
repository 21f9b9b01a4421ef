"""Wording cues, per language, that signal a relation in report text.

These are patterns of how reports say things ("launched in", "于…启动",
"linked with"), never facts about any carbon market.
"""
import re

MONTHS_EN = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTH_EN = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

# Words that make a place mention a mention of its carbon market.
MARKET_WORDS = {
    "en": r"(?:'s?\s+)?(?:[\w\"“”\-]+\s+){0,4}?(?:ETS|ETSs|carbon market|emissions trading system|cap-and-trade (?:system|program)|cap-and-invest|program|Program|OBPS|system|mechanism|Mechanism|scheme)\b",
    "zh": r"(?:的)?(?:[^，。；、]{0,6}?)(?:碳市场|排放交易体系|总量与交易|总量与投资|OBPS|体系|机制|计划)",
}

# Launch of operation. Group "date" holds the date text. "past": the cue states a
# launch that happened; "future": one that is planned.
START_EN = [
    ("past", rf"\b(?:went live|has been running since|been running since|started|launched|began operating|began|took effect|was established|established|has been in place since|been in place since|formally implemented|was implemented|introduced|launched|beginning)\b[^.;]{{0,40}}?\b(?:in|since)\s+(?P<date>(?:{MONTH_EN}\s+)?(?:19|20)\d\d)\b"),
    ("past", rf"\b(?:since|Since)\s+(?P<date>(?:{MONTH_EN}\s+)?(?:19|20)\d\d)\b"),
    ("past", rf"\b[Ii]n\s+(?P<date>(?:{MONTH_EN}\s+)?(?:19|20)\d\d),\s+[^.;]{{0,60}}?\b(?:introduced|launched|started)\b"),
    ("past", rf"\bpilot phase beginning in\s+(?P<date>(?:{MONTH_EN}\s+)?(?:19|20)\d\d)"),
    ("future", rf"\b(?:to start|due to start|expected to start|expected to begin|to begin|to launch)\b[^.;]{{0,40}}?\b(?:in|by)\s+(?:fiscal year\s+)?(?P<date>(?:{MONTH_EN}\s+)?(?:19|20)\d\d)\b"),
    ("future", rf"\bplans to launch\b[^.;]{{0,40}}?\b(?:in|by)\s+(?P<date>(?:{MONTH_EN}\s+)?(?:19|20)\d\d)\b"),
]
START_ZH = [
    ("past", r"(?P<date>(?:19|20)\d\d年(?:\d{1,2}月)?)(?:正式)?(?:启动|开始运行|开始交易|上线|生效|正式生效|正式实施|推出|建立|起正式生效)"),
    ("past", r"(?P<date>(?:19|20)\d\d年)[^，。；\d]{2,12}?启动时"),
    ("past", r"(?:启动于|始于|建立于)(?P<date>(?:19|20)\d\d年(?:\d{1,2}月)?)"),
    ("past", r"自(?P<date>(?:19|20)\d\d年(?:\d{1,2}月)?)(?:起|以来)"),
    ("past", r"(?P<date>(?:19|20)\d\d年(?:\d{1,2}月)?)，[^。；]{0,20}?(?:推出|启动)了"),
    ("past", r"于(?P<date>(?:19|20)\d\d年(?:\d{1,2}月)?)(?:推出|启动)了"),
    ("future", r"(?:将于|预计于|计划于|预计将于)(?P<date>(?:19|20)\d\d(?:财)?年(?:\d{1,2}月)?)(?:前)?(?:启动|开始)"),
    ("future", r"(?:预计将于|将于)(?P<date>(?:19|20)\d\d)财年开始"),
]
# Facts that are not a launch even though a start cue matches.
START_VETO = {
    "en": re.compile(r"\b(?:benchmarking|compliance cycle|voluntary carbon exchange|carbon exchange|readopted|regulations? (?:for|on)|roadmap|law|Law|Act\b|strategy|phase out|phased out|price corridor|auctioning|consignment|guidance|fixed prices|third phase|data collection|legislative process|bills?\b)", re.I),
    "zh": re.compile(r"基准线|履约周期|一年一履约|碳交易所|法规|路线图|法》|战略|取消|价格走廊|拍卖|指南|固定价格|第三阶段|交易系统于|进入第三阶段|数据收集|联通|连接|立法程序|法案|将[^。；，]{0,20}纳入"),
}
START_PREFIX_VETO = {  # words just before a cue that make it something else than a launch
    "en": re.compile(r"\b(?:linked|relaunched|invalidated|ruled invalid|data collection|collection|reporting|strategy|legislative process|bills?|legislators)\b[^.;]*$", re.I),
    "zh": re.compile(r"(?:联通|重新启动|无效|数据收集|收集|战略|立法程序|法案)[^。；]*$"),
}
START_SOFT = {  # a cue that only counts for a system already in force
    "en": re.compile(r"\bestablished\b"),
    "zh": re.compile(r"建立|成立"),
}

DESIGN = {
    "en": [
        ("intensity", r"intensity-based|baseline-and-credit|output-based|emissions intensity|intensity permitted|per unit of output"),
        ("hybrid", r"\bhybrid\b"),
        ("cap_and_trade", r"cap-and-trade|cap-and-invest|\bcaps?\b|cap setting|emissions budget"),
    ],
    "zh": [
        ("intensity", r"基于强度|基于碳强度|基于排放强度|排放强度|产出排放强度|基于产出|允许强度"),
        ("hybrid", r"混合机制|混合型"),
        ("cap_and_trade", r"总量与交易|总量与投资|总量上限|总量控制|下调了[^。]{0,20}总量|排放上限|降低总量|基准排放限量|总量设定"),
    ],
}

COVER = {
    "en": r"\b(?:cover(?:s|ing|ed)?|coverage|extended to|extend(?:ed)? (?:the carbon market |it )?to|targets|target|for the|(?:system|market|ETS|mechanism|program) for|brought|bring|applies to|apply to|sets mandatory emission baselines for|decided to include|moved)\b",
    "zh": r"覆盖|纳入|扩展至|扩大至|针对|适用于|涵盖|遵守|基线|过渡至|设定了",
}
COVER_AFTER = {  # cues that follow the sector they speak of
    "en": r"^[^.;]{0,60}?\b(?:will move|must comply|are required to|receive a benchmark|must surrender)\b",
    "zh": r"^[^。；]{0,30}?(?:过渡至|需同时遵守|获得基准值|须交付履约)|^(?:行业)?(?:的)?(?:碳定价机制|碳市场)|^[^。；，]{0,20}?纳入(?:其|了)?[^。；，]{0,12}?(?:碳市场|覆盖范围)",
}
COVER_SENTENCE_VETO = {  # sentences about something else than coverage ("auctioning will be introduced for ...")
    "en": re.compile(r"\bauctioning will\b|\bintroduce auction", re.I),
    "zh": re.compile(r"引入拍卖"),
}
COVER_VETO = {
    "en": re.compile(r"\b(?:not|no longer|whether|consultation|consider|considering|propos\w+|study|studying|opt in|other than|except|excludes?|already covered)\b", re.I),
    "zh": re.compile(r"不再|未纳入|暂未|是否|咨询|考虑|提议|研究|选择纳入|除|不包括"),
}

LINKED = {
    "en": r"\blinked with\b",
    "zh": r"联通|相连|连接",
}
LINK_PLANNED = {
    "en": r"\b(?:linking|linkage|link|linked with)\b",
    "zh": r"联通|联动|连接|联结",
}
# A link that a report says came to an end: the pair is no longer linked from that report's date on.
LINK_ENDED = {
    "en": re.compile(r"\b(?:ended|terminated|came to an end|was dissolved|no longer linked)\b", re.I),
    "zh": re.compile(r"终止|结束|解除|不再连接|不再联通"),
}
LINK_PLANNED_CONTEXT = {
    "en": re.compile(r"\b(?:discussions?|facilitat\w+|pursue|aimed at|plans?|proposal)\b", re.I),
    "zh": re.compile(r"讨论|促进|推动|旨在|计划"),
}

INTERNATIONAL = {
    "en": r"\bonly\s+(?P<who>[\w ]+?)\s+accepts? international\b|\b(?P<who2>[\w ]+?) is (?:currently )?the only (?:country|jurisdiction|system) that accepts international\b",
    "zh": r"仅有(?P<who>\S{1,12}?)接受国际|(?P<who2>[^，。、]{1,12}?)是目前唯一接受国际",
}

# Status wording of a system's own paragraph, strongest first.
STATUS = {
    "en": [
        ("under_consideration", r"\b(?:preparing the design|simulation exercise|is studying|studying|is considering|considering|exploring|assess(?:ing)?|requiring a study|may introduce|bill proposing|proposal includes establishing|ready to submit|drafting a bill|conflicting bills|appeal)\b"),
        ("under_development", r"\b(?:under development|is preparing to launch|preparing to launch|pilot phase (?:to start|expected)|plans to launch|plans to make it mandatory|expected to begin|being developed|initial phase|draft regulatory decree|formally established|being prepared|continues to build the regulatory framework|propose[sd]? a federal)\b"),
        ("in_force", r"\b(?:began in|went live|running since|has been running|started|launched|operates|has operated|began operating|took effect|in place since|formally implemented|entered its|remains the longest-running|was established|operating|operation)\b"),
    ],
    "zh": [
        ("under_consideration", r"设计作准备|模拟演练|正在研究|考虑|探索|评估|开展关于|可能引入|议案|准备提交|起草一项法案|互有冲突的法案|上诉"),
        ("under_development", r"正在制定中|正筹备推出|筹备|试点阶段预计|计划于|计划在|预计将于|正在制定|初始阶段|法令草案|正式成立|拟建立|持续建设|正在筹备"),
        ("in_force", r"启动|运行|实施|生效|营运|运营|建立于|上线|开始交易"),
    ],
}

LEVEL_HEADERS = {
    "en": [("supranational", r"^\d+\s+supranational bod(?:y|ies)$"), ("national", r"^\d+\s+countries$"),
           ("subnational", r"^\d+\s+provinces and states$"), ("city", r"^\d+\s+cities$")],
    "zh": [("supranational", r"^\d+\s*个超国家机构$"), ("national", r"^\d+\s*个国家$"),
           ("subnational", r"^\d+\s*个省和州$"), ("city", r"^\d+\s*个城市$")],
}
IN_OPERATION_CAPTION = {
    "en": re.compile(r"classifies the ETSs currently in operation"),
    "zh": re.compile(r"对当前已运行的碳市场进行了分类"),
}
NATIONAL_QUALIFIERS = {"en": re.compile(r"^Federal$", re.I), "zh": re.compile(r"^联邦$")}
GROUP_WORDS = {"en": re.compile(r"\b(?:pilots?|regional)\b", re.I), "zh": re.compile(r"地方|区域|试点")}
SUPERLATIVE = {"en": re.compile(r"^'s?\s+first\b"), "zh": re.compile(r"^(?:的)?首个")}
GROUP_HEADING = {"en": re.compile(r"\bpilots\b", re.I), "zh": re.compile(r"地方碳市场|试点")}
PILOT_NAME = {"en": "{place} pilot ETS", "zh": "{place}试点碳市场"}
DEFAULT_NAME = {"en": "{place} ETS", "zh": "{place}碳市场"}
SECONDARY = {
    "en": [
        r"\ba separate (?:ETS|carbon market)[^.()]*?\((?P<name>[^)]+)\)",
        r"\bpropose[sd]? a (?:federal |national )?(?P<kind>cap-and-trade system|emissions trading system|ETS)\b",
    ],
    "zh": [
        r"独立碳市场（(?P<name>[^）]+)）",
        r"拟建立[^。]{0,60}?(?P<kind>总量与交易体系|碳市场)",
    ],
}

# A paragraph that speaks of a carbon market at all.
MARKET_PARAGRAPH = {
    "en": r"\b(?:ETS|emissions trading|carbon market|cap-and-trade|cap-and-invest|carbon pricing|trading scheme)\b",
    "zh": r"碳市场|排放交易|总量与交易|碳定价|交易体系",
}

# Level stated in a system's own paragraph ("a supranational bloc", "city-level carbon market").
LEVEL_WORDS = {
    "en": [("supranational", r"\bsupranational\b"), ("city", r"\bcity-level\b|\bmunicipal (?:ETS|carbon market)\b")],
    "zh": [("supranational", r"超国家"), ("city", r"城市层级|城市级")],
}

# Offset rules stated in a sentence; "pct" is the share of compliance when given.
OFFSET_SENTENCES = {
    "en": [
        ("none", r"\b(?:does not|do not|doesn't|don't) (?:accept|allow) (?:any )?offsets\b|\boffsets (?:are|is) not allowed\b"),
        ("international", r"\binternational (?:offset )?credits\b[^.;]{0,60}?\bup to (?P<pct>\d+(?:\.\d+)?)\s*%"),
        ("domestic_limited", r"\bdomestic offset credits\b[^.;]{0,60}?\bup to (?P<pct>\d+(?:\.\d+)?)\s*%"),
    ],
    "zh": [
        ("none", r"不接受(?:任何)?(?:碳)?抵消|不允许使用(?:碳)?抵消"),
        ("international", r"国际(?:碳)?(?:抵消)?信用[^。；]{0,30}?(?:最多|不超过)?(?P<pct>\d+(?:\.\d+)?)\s*%"),
        ("domestic_limited", r"国内(?:碳)?抵消信用[^。；]{0,30}?(?:最多|不超过)?(?P<pct>\d+(?:\.\d+)?)\s*%"),
    ],
}

# What may stand between two joined names: "California and Washington", "伦米尔市碳市场与凯斯特里亚".
NAME_JOINER = {
    "en": r"(?:'s)?\s+(?:carbon markets?\s+)?(?:and|with)\s+(?:the\s+)?",
    "zh": r"(?:碳市场)?(?:与|和|及)",
}

# A sector word that is part of another expression ("renewable energy", "energy-intensive", "power purchase").
SECTOR_NOT = {
    "en": (re.compile(r"\brenewable\s+$", re.I), re.compile(r"^(?:-intensive|-related|\s+purchase|\s+certificates)", re.I)),
    "zh": (re.compile(r"可再生$"), re.compile(r"^(?:相关|密集)")),
}
