"""What each sentence says about the systems it mentions, by general predicate classes.

Stage input: ``Frame``s (a sentence with its system references, sectors and
dates). Output: ``Candidate`` statements, each with the sentence as
evidence and the predicate class that produced it. The classes are general
ways of saying a thing, not sentences of one report:

- launch: done ("launched", "began trading", "has operated since", "启动",
  "开市") or planned ("will start", "is due to launch", "拟于…启动"), with
  the date nearest the verb; a law that passes or takes effect is not a
  launch;
- status words: developing/preparing/drafting (under development),
  considering/studying/exploring (under consideration), operating;
- coverage: a coverage verb with sector terms in its clause, unless the
  clause negates, proposes, studies or excludes;
- linkage: linked, planned (negotiating, working towards) or ended ("the
  link ended", "no longer linked", "终止连接", "不再与…连接");
- offsets: none, a share limit, unlimited, international;
- design: cap-and-trade vs intensity/output-based, said of the system.

Which system a predicate is about: the system named last before the verb in
its clause, else the first one after it (passives, Chinese relative
clauses), else the system under discussion.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.dates import NUMBER_WORDS, DateMention, Day, chinese_number, find_dates, parse_day
from ingest.document import to_simplified
from ingest.entities import JOINED, QUESTION, DocSystem, Frame, Ref, coordinated_runs, keyed_place, place_key
from ingest.mentions import GLOSS, level_word, sector_mentions


@dataclass
class Candidate:
    key: str
    relation: str
    value: str
    frame: Frame
    method: str
    weight: float = 1.0
    when: DateMention | None = None
    extra: dict = field(default_factory=dict)


def rx(pattern: str, flags=re.I) -> re.Pattern:
    return re.compile(pattern, flags)


# A claim the same sentence takes back ("reports that the two were negotiating were denied", "有报道称…，政府随后
# 否认了这一说法", "经核实…与事实不符"): no planned start (``launches``) and no link (``link_not``) is read from it.
DENIED_EN = (r"(?:dismiss|den(?:y|ie)|reject|refut)\w* (?:the |these |this |such |those )?(?:reports?|rumou?rs?|claims?|"
             r"speculation|suggestions?|idea|account)|"
             r"(?:reports?|rumou?rs?|claims?|speculation|suggestions?) that\b[^.;]{0,120}?\b(?:were|was|have been|has been) "
             r"(?:denied|dismissed|rejected|refuted)|(?:is|was) (?:not true|untrue|unfounded|false)")
DENIED_ZH = r"否认|不符|辟谣|不实|纯属|并非事实"
# Emitters moved into a market, or a market taking another arrangement's place: the market then starts.
MOVED_EN = r"(?:has|have|had) (?:moved|transitioned|shifted|switched|migrated|transferred)"
REPLACED_EN = r"(?:replaced|superseded|took over from|succeeded)\b"
# 计划 as a verb or noun of planning; after 交易, a closing quote or bracket, or an acronym it ends a name ("排放交易计划",
# "「排放绩效标准」（EPS）计划于2022年1月生效") and plans nothing; after 本/该 it is the programme ("本计划于2016年1月启动").
PLAN_ZH = r"(?<!交易)(?<!配额)(?<![」”）)A-Za-z本该])计划"
# Slides and fact sheets write a ceiling as a sign ("Offsets ≤5%", "抵消≤10%").
LIMIT_SIGN = r"(?:≤|<=|≦|＜|<|⩽)\s*(?=\d)"
CUES = {
    "en": {
        "launch_done": rx(
            r"\b(?:(?:was |were |been )?(?:officially |formally |successfully )?(?:launched|started|began|begun|commenced|opened|kicked off|went live|"
            r"(?:came|entered) into (?:force|operation|effect)|took effect|became (?:operational|effective)|"
            r"started (?:operating|trading|operations)|began (?:operating|operations|trading)|was rolled out)|"
            # A timeline's or a regulation's present ("2020 – the ETS begins operating", "The program takes effect on
            # 1 January 2025" but not the Act that does, "opens its first, three-year trial phase"): the facts stage
            # reads it against the date.
            # "Japan's GX-ETS became mandatory from 1 April": a market whose obligations became binding starts then
            r"\b(?:became|has become|becomes|turned) (?:mandatory|compulsory|binding)\b|"
            r"\b(?:begins|starts|commences) (?:operating|operations|trading)\b|(?:(?<=program )|(?<=programme )|(?<=system )|(?<=scheme )|(?<=market )|(?<=ETS ))takes effect\b|\b(?:comes|enters) into (?:force|operation)\b|"
            r"\bgoes live\b|\bopens (?:its|for) (?:first\b)?(?:[\w,-]+ ){0,3}?(?:phase|period|trading)\b|"
            # "2005 – Trading opens on 1 January", "The scheme opens on 1 January 2022"
            r"(?:(?<=[Tt]rading )|(?<=scheme )|(?<=market )|(?<=system )|(?<=ETS )|(?<=program )|(?<=programme ))opens(?= (?:on|in)\b)|"
            r"(?:has|have) (?:been )?(?:operat(?:ed|ing)|run(?:ning)?|in (?:operation|place|force|effect))|"
            r"in (?:operation|place|force) since|operat(?:ing|ional|ed)(?: [\w-]+){0,3}? since|running since|live since|trad(?:ing|ed) since|(?:has |have )?appl(?:ied|ies) since|"
            # "The mechanism itself dates from 2016"
            r"dat(?:es|ed|ing) (?:back )?(?:from|to)(?= (?:\w+ )?\d{4})|"
            r"first (?:trades?|(?:(?-i:[a-z][\w-]*) )?(?:trading|compliance|control|commitment) (?:day|period|phase|year|cycle)|auction)|relaunched|re-launched|"
            # "The UK ETS replaced the UK's participation in the EU ETS on 1 January 2021": a market that took
            # another's place started then (the market itself must say it, not "the new rules replaced ...").
            r"(?:(?<=ETS )|(?<=[Ss]ystem )|(?<=[Ss]cheme )|(?<=[Pp]rogram )|(?<=[Pp]rogramme )|(?<=[Mm]arket )|(?<=OBPS )|(?<=\) ))"
            + REPLACED_EN + r"|"
            # "Since January 2021, X has moved large emitters from the federal OBPS to a provincial OBPS": the
            # market they moved to runs from then.
            + MOVED_EN + r"(?: [\w'’-]+){0,9}? to (?:an? |its |their |the )?(?:own )?"
            r"(?:[\w-]+ )?(?:system|market|scheme|program(?:me)?|ETS|OBPS)\b|"
            # A fact sheet's or a slide's label of the start ("Launch: Jan 2005", "• Start: 2019 (pilot)").
            r"(?<![\w,;.:] )(?<![\w,;.:])(?:(?:trading|market|scheme|system|ETS|program(?:me)?) )?"
            r"(?:launch(?:ed)?|start(?:ed)?|go[- ]live|inception)(?=\s*:\s*\S)|"
            r"implemented|introduced in|since its (?:launch|start|inception)|(?:launch|start)(?:ed)? (?:date|year)|"
            r"first (?:[\w-]+ ){0,5}to (?:implement|launch|introduce|start|adopt)|(?:was|were) set up(?= in (?:\w+ )?\d{4})|launching(?= (?:its|their|the|a|an)\b)|"
            # "The Swiss ETS was established in 2008": a market set up in a year. A market "formally" or "legally"
            # established is one a law created, which may not run yet.
            r"(?<!formally )(?<!legally )(?:was|were) established(?= in (?:\w+ )?\d{4})|"
            # "Alberta introduced North America's first carbon pricing system": a market introduced, not a law for one
            r"introduced (?!(?:\w+ ){0,3}?(?:law|act|bill|regulations?|rules|legislation|decree|draft|proposal|amendments?|"
            r"reporting|registry|tracking|monitoring|MRV|information|voluntary)\b)"
            r"(?:[\w'’-]+ ){0,5}?(?:system|market|scheme|program(?:me)?|ETS|mechanism)\b|"
            # "with its pilot phase beginning in January 2020": a participle dating the start, read against the date
            r"(?:phase|trading|operations?|period|market|system|scheme|ETS|program(?:me)?) (?:beginning|starting|commencing) (?=(?:in|on|from) )|"
            # "preparations for the launch of the Korean ETS on 1 January 2015": a date of the launch itself, whose
            # tense the facts stage reads against the document's date
            r"(?<=the )(?:launch|start|commencement|introduction) of(?= )"
            # (not "at the start of this year", "the start of 2026": a time of year, not a market's start)
            r"(?! (?:this|that|last|next|the|each|every) (?:year|month|week|quarter|decade)\b| (?:19|20)\d\d\b)|"
            r"^\s*(?:[-–•*·]\s*)?(?:(?:first )?(?:compliance period|trading|operations?) )?(?:launched|start(?:ed)?|(?:launch|start|commencement)(?: date)?|in operation since|operational since|began|"
            r"(?:start|launch|beginning|commencement|opening) of (?:trading|operations?|compliance)|"
            # A table's or a fact sheet's column of starts ("Compliance since", "Year launched", "In force from")
            r"(?:compliance|trading|operations?|obligations?|in (?:force|operation)|operating|running) (?:since|from)|"
            r"(?:year|date) (?:launched|started|of (?:launch|start|entry into force))|(?:first|start(?:ing)?|launch) (?:compliance )?year|first (?:compliance|trading)(?: date| period| day)?)\s*:|"
            # A list line that gives the market's kind and its age: "- Cap-and-trade among north-eastern states since 2009".
            r"(?:(?<=^)|(?<=^- )|(?<=^– )|(?<=^• )|(?<=^\* )|(?<=^· ))(?:cap[- ]and[- ](?:trade|invest)|emissions trading|baseline[- ]and[- ]credit|"
            r"(?:intensity|output)[- ]based \w+)\b[^.;]{0,60}?\bsince(?= (?:\w+ )?\d{4}))"),
        # A start only hedged ("trading could begin around 2030"): the market is being prepared; the date is a guess.
        "launch_maybe": rx(r"\b(?:could|may|might)\s+(?:only\s+)?(?:begin|start|launch|open|commence|go live)\b"),
        "launch_planned": rx(
            r"\b(?:will (?:\w+ )?(?:start|launch|begin|commence|open|go live|come into (?:force|operation|effect)|take effect|become (?:mandatory|compulsory|binding)|"
            r"be (?:launched|introduced|rolled out|operational|phased in)|start operating|become (?:operational|effective)|enter into (?:force|operation))|"
            r"(?:(?:is|are|was|were) (?:\w+ )?|\b(?:now|currently|still) )(?:expected|set|scheduled|due|planned|slated|poised|intended|going|likely) to "
            r"(?:start|launch|begin|commence|open|go live|come into|take effect|be launched|start operating|become operational|enter into)|"
            # "a pilot phase is expected in 2026" (not "its findings are due in 2026")
            r"\b(?:phase|launch|start|trading|market|system|scheme|ETS|program(?:me)?) (?:is|are) (?:now |currently |still )?"
            r"(?:expected|scheduled|planned|slated|due)(?= (?:in|from|for|by) )|"
            # "with a pilot phase expected to start in 2028", "with a closely watched pilot phase to start in 2026"
            r"\b(?:phase|pilot|launch|system|scheme|market|ETS|trading|program(?:me)?) (?:(?:expected|scheduled|set|due|slated|planned) )?"
            r"to (?:start|launch|begin|commence|open|go live|take effect)(?= (?:in|on|from|by) )|"
            r"(?:plans?|intends?|aims?|seeks?|wants?|prepares?) to (?:launch|start|begin|introduce|roll out|set up|establish|create)|"
            r"aims? to have|"
            r"(?:launch|start) is (?:planned|expected|scheduled|slated)|planned (?:launch|start)|target(?:ed|s)? (?:launch|start)|"
            # "Sets a launch date of 1 January 2021 for the …": a date set is a plan, however it turns out
            r"\b(?:sets?|fix(?:es|ed)?|announc(?:es|ed)|propos(?:es|ed)) (?:a |an |the |its )?(?:new |provisional |tentative )?(?:launch|start) date|"
            r"could (?:start|launch|begin) as early as|from which (?:trading|compliance) (?:will|is to) (?:start|begin))"),
        "law": rx(r"\b(?:law|act|bill|regulations?|decree|rules|ordinance|legislation|amendments?|statute|measures|"
                  r"guidelines|framework|policy|plan|roadmap|order|directive)\b"),
        "develop": rx(
            r"\b(?:under development|being (?:developed|designed|prepared|built|set up|established|finali[sz]ed)|"
            r"(?:is|are|was|were|has been|have been) (?:\w+ )?(?:developing|preparing|designing|building|setting up|establishing|drafting|finali[sz]ing|laying the groundwork)|"
            r"in (?:the |its )?(?:design|preparatory|preparation|development|pilot|piloting|trial|test(?:ing)?) (?:phase|stage|period)|"
            r"draft (?:rules|regulations?|decree|law|bill|framework)|(?:established|created|set up|mandated) (?:by|under|in) (?:law|legislation|the act)|"
            r"legislation (?:was|has been|that was) (?:adopted|passed|enacted|signed)|(?:passed|adopted|enacted|signed) (?:a |the )?(?:law|bill|act|legislation)|"
            r"preparations? for|simulation|trial run|mock trading|groundwork|is to be established|will be established|"
            r"voluntary (?:phase|pilot|stage)|monitoring,? reporting and verification (?:phase|stage|only)|reporting[- ]only)\b"),
        "consider": rx(
            r"\b(?:consider(?:s|ing|ed|ation)?|stud(?:y|ies|ying|ied)|explor(?:e|es|ing|ed|atory)|weigh(?:s|ing|ed)?|"
            r"assess(?:es|ing|ed)?|evaluat(?:es|ing|ed)|feasibility|examin(?:es|ing|ed)|looking (?:into|at)|mull(?:s|ing|ed)?|"
            r"contemplat(?:es|ing|ed)|(?:discuss|debat)(?:es|ing|ed) (?:whether|the (?:idea|option|possibility))|"
            r"propos(?:al|als|es|ed|ing) (?:for|of|to (?:create|establish|introduce|set up))|"
            r"potential (?:carbon market|ETS|emissions trading)|possible (?:introduction|carbon market|ETS)|roadmap|open to|"
            r"investigat(?:es|ing|ed)|reviewing options)\b"),
        "operate": rx(r"\b(?:operates?|operating|covers?|covering|regulates?|allowances?|compliance (?:period|obligation|year|cycle|event)|"
                      r"program review|control period|"
                      r"surrender|auctions?|cap (?:of|on|declin)|traded|trading volume|prices?|in force|is a cap-and|"
                      r"is an? (?:\w+[- ])?(?:intensity|output|baseline|cap|emissions trading|carbon market))\b"),
        "cover": rx(r"\b(?:cover(?:s|ed|ing)?|coverage|reach(?:es|ed)?(?!\s+(?:a |an |the )?(?:record|high|low|peak|level|agreement|deal|\d|€|\$|£))|appl(?:y|ies|ied|ying) (?:since [^,;.]{1,20}? )?to|includ(?:e|es|ed|ing)|encompass(?:es|ed|ing)?|"
                    r"regulat(?:es|ed|ing)|span(?:s|ning)?|extend(?:s|ed|ing)? (?:to|into)|expand(?:s|ed|ing)? (?:to|into)|"
                    r"br(?:ing|ings|ought) (?:in|into|under)|add(?:s|ed|ing)?|"
                    # Sectors as the subject of an entry, said plainly: "steelworks were in from day one", "domestic
                    # flights followed in January", "shipping came in last year".
                    r"(?:(?:were|was|are|is|have been|has been) in|came in|followed)(?= (?:from|since|in|on|at|with|last|this)\b)|"
                    r"join(?:s|ed)?(?= (?:the |in\b)|\s*[.;,]|$)|"
                    # "The program began on 1 January 2018 with electricity generation and large industrial emitters"
                    r"(?:began|begun|started|launched|opened|begins|starts|opens)\b[^.;]{0,40}? with(?= )|fall(?:s)? (?:under|within)|subject to|obligated|"
                    r"participat(?:e|es|ing)|take(?:s)? in|(?:limit|cap|ceiling|price) on (?:the )?emissions (?:from|of)|"
                    r"(?:caps?|capped|capping|limits?|limited|limiting) (?:the )?(?:carbon dioxide|CO2|emissions|greenhouse[- ]gas(?:es)?)(?: emissions)?\s+(?:\w+\s+){0,2}?from|"
                    # "Power sector only", "steel and cement sectors only": a table's or a slide's note of the scope
                    r"(?<=\w )(?:sectors?|industr(?:y|ies)) only\b|"
                    r"emissions (?:from|of)|regulated entities (?:include|are)|participants (?:include|are)|covered entities|"
                    r"(?:system|scheme|program(?:me)?|market|ETS|mechanism|(?:performance )?standards|baselines|benchmarks)(?: \([\w-]{2,12}\))? for(?= (?:large |major |the |its )?(?:\w+ )?(?:sectors?|emitters|"
                    r"industr\w+|facilities|installations|producers|generators|companies|plants|suppliers|distributors|importers|sellers)"
                    # "a classic cap-and-trade scheme for power stations, heavy industry and district heating": a
                    # market for an enumeration, whatever its items are called.
                    r"| (?:[\w-]+ ){0,3}?[\w-]+(?=,| and\b| or\b)))\b|"
                    r"^\s*(?:[-–•*·]\s*)?(?:(?:main|key|covered|regulated)\s+)?(?:sectors?(?: covered)?|coverage|scope|industries)\s*:|"
                    # "Schedule 1 lists electricity generation, cement ...": a regulation's annex of covered activities.
                    r"\b(?:schedule|annex|appendix)\s+[\w.]+\s+(?:lists|sets out|specifies|names)\b"),
        "cover_not": rx(r"\b(?:not|n't|no longer|neither|nor|exclud\w*|exempt\w*|outside|remain(?:s|ed)? out|left out|"
                        r"other than|beyond|phas(?:e|ed|ing) out|removed|dropped|moved (?:to|into)|instead|voluntar\w*)\b"),
        # Coverage that is proposed, studied or possible: a scope the market may get, not one it has.
        "cover_hedge": rx(r"\b(?:propos\w*|consult\w*|consider\w*|stud(?:y|ies|ying|ied)|explor\w*|could|may|might|would|"
                          r"plan(?:s|ned)? to|intend\w*|assess\w*|whether|debat\w*|review\w*|evaluat\w*|weigh\w*|"
                          r"possible|possibly|potential(?:ly)?|idea|option|future|later stage|"
                          # a model's run, not the rules: "scenario: chemicals added 2027 (projection)"
                          r"scenarios?|projections?|projected|forecasts?|modell?ed)\b"),
        "link": rx(r"\b(?:link(?:ed|s|ing|age)?|joint (?:market|auctions?|carbon market)|mutual(?:ly)? recogni[sz]\w*|fully fungible|interchangeab\w+|"
                   r"connect(?:ed|ing|ion)?|integrat(?:ed|ion) (?:of )?(?:their|the two|its) (?:markets|systems))\b"),
        # What says a link is in operation; "a link", "linking" alone may be a wish.
        "linked": rx(r"\b(?:linked|joint (?:market|auctions?|carbon market)|mutual(?:ly)? recogni[sz]\w*|fully fungible|"
                     r"(?:have |has )?shared? (?:one|a|a single|the same) (?:[\w-]+ ){0,2}(?:market|pool)|"
                     r"(?:became|become|are|is|were) (?:fully )?interchangeable|"
                     r"connected|linkage (?:agreement )?(?:took|has taken|entered|came) (?:effect|into force))\b"),
        "link_planned": rx(r"\b(?:call(?:s|ed|ing)? for|negotiat\w*|talks?|process (?:of|to)|(?:linkage|linking) process|work(?:ing|s|ed)? (?:towards?|on)|plan(?:s|ned)?|pursu\w*|"
                           r"explor\w*|facilitat\w*|prepar\w*|discussions?|discuss\w*|seek(?:s|ing)?|aim(?:s|ing)?|intend\w*|would|"
                           r"future|potential|prospect\w*|momentum|joint statement|agreement to link|memorandum|"
                           r"will|toward|towards|consider\w*|stud(?:y|ies|ying)|propos\w*|hope\w*|ambition|goal|step|aligning)\b"),
        "link_ended": rx(r"\b(?:end(?:ed|s|ing)?|terminat\w*|suspend\w*|sever\w*|dissolv\w*|unlink\w*|de-?link\w*|"
                         r"no longer linked|withdr[ae]w\w*|cut (?:the|its|their) link|came to an end|broke off|"
                         r"until|lapsed|expired|dismantl\w*|scrapp\w*)\b"),
        # A link that is over: its end said of the link itself, not a period that ends ("until 2030").
        "link_over": rx(r"\b(?:unlinked|de-?linked|no longer linked|ceased to be linked|(?:link|linkage|connection)\b[^.;]{0,80}?"
                        r"\b(?:ended|(?:was |has been |were )?(?:terminated|severed|dissolved|suspended)|came to an end|ceased|lapsed|expired))\b"),
        # "dismissed reports that the kingdom was negotiating to connect": a denied link
        "link_not": rx(r"\b(?:not (?:yet )?(?:be )?linked|no (?:plans?|intention)|has not|have not|never|rule(?:s|d)? out|"
                       # "None of the region's markets will link with …", "is not expected to link"
                       r"none of|will not|won't|not (?:expected|likely|planned|intended|set|due) to|"
                       # "Press reports that a link … was under discussion were denied by the Ministry"
                       + DENIED_EN + r"|"
                       r"had been (?:linked|connected)|not agreed|no agreement|"
                       r"not rule|(?:is|are) not|closely|watch\w*|follow\w*|not connected|remains? separate|unlike|"
                       r"independent(?:ly)?|no link)\b"),
        "offset": rx(r"\b(?:offsets?|offset credits?|credits?|CCERs?|ACCUs?|carbon units|reduction units|project units|"
                     r"external units)\b"),
        "offset_none": rx(r"\b(?:no (?:use of )?(?:offsets?|credits?|external units)|(?:(?:does|do|did|will|would|shall) not|won't|no longer) (?:allow|accept|permit|recogni[sz]e)s?|"
                          r"(?:are|is|were) not (?:allowed|accepted|permitted|eligible|recogni[sz]ed)|not (?:been |be )?(?:eligible|allowed|accepted|permitted)|"
                          r"none|prohibit\w*|ban(?:s|ned)?|without (?:any )?offsets|disallow\w*|(?:cannot|may not|must not) be (?:used|surrendered)|"
                          r"ineligible|(?:are|is|were|be) ruled out|not be able to use|"
                          r"rul(?:e|es|ed|ing) out (?:accepting|allowing|using|the use of))\b|^\s*offsets?\s*:\s*(?:none|no|not allowed)|"
                          # "Neither the UK ETS nor the EU ETS accepts offsets": a refusal by each market named.
                          r"\bneither\b[^.;]{1,80}\bnor\b[^.;]{1,60}?\b(?:allow|accept|permit|recogni[sz]e)s?\b"),
        # A regulation's own "Article 6" is no reference to the Paris Agreement's.
        # Credits of a mechanism between countries count as international: the CDM, Japan's Joint Crediting Mechanism.
        "offset_intl": rx(r"\b(?:international|overseas|foreign|abroad|CDM|JCM|Joint Crediting Mechanism|external|imported|CERs?|(?:partner|host) countr(?:y|ies))\b|"
                          r"(?<!^)(?<![.:;]\s)\bArticle 6(?:\.[24])?\b(?!\s*[.:(])"),
        # "without a hard limit", "no fixed percentage limit", "without any numerical cap": the kind of limit denied
        "offset_unlimited": rx(r"\b(?:(?:without (?:a |any )?|no )(?:(?:quantitative|quantity|usage|hard|fixed|numerical|numeric|"
                               r"percentage|upper|set|formal|statutory|explicit)\s+){0,2}(?:limit|cap|ceiling)|unlimited|"
                               r"(?:all|100\s?%) of (?:their|its|the) (?:obligation|liability|compliance)|fully with)\b"),
        "pct": rx(r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)"),
        "limit": rx(r"(?:\b(?:up to|no more than|not more than|a maximum of|maximum|max\.?|limit\w*|cap(?:ped)?|ceiling|"
                    r"at most|less than|under|only|quota)\b|\bof (?:its|their|a company's|an entity's) (?:obligation|liabilit|surrender|compliance|emissions)|"
                    + LIMIT_SIGN + r")"),
        # A cap on emissions is what the zh 总量上限/排放上限 says: "lowered the caps for 2024", "sectoral caps",
        # "binding, declining caps on emissions"; a cap on prices or offsets is none.
        "cap_and_trade": rx(r"\bcap[- ]and[- ](?:trade|invest)\b|\babsolute (?:cap|emissions? cap|limit)\b|\b(?:sets|set|imposes?) (?:a|an) (?:\w+ )?(?:cap|ceiling) on\b(?! (?:the )?(?:use|price|prices|offsets?|credits?)\b)|"
                            r"\b(?:emissions?|sectoral|sector|annual|declining|binding|overall|economy[- ]wide|GHG|greenhouse gas) caps?\b|"
                            r"\bcaps? on (?:\w+ ){0,3}emissions\b|\bcap[- ]setting\b|"
                            r"\b(?:reset|lower(?:ed|s|ing)?|tighten(?:ed|s|ing)?|reduc(?:e|ed|es|ing)|cut(?:s|ting)?) "
                            r"(?:(?:the|its|their|both|all|each|these|those|annual|sectoral|national)\s+){1,2}caps?\b|"
                            r"\b(?:reductions?|cuts?|declines?) (?:in|of|to) (?:the|its) caps?\b|"
                            r"\b(?:lower|tighter|stricter|declining|shrinking|reduced|smaller) caps?\b|\bcap reductions?\b|"
                            # "Flights are brought under the cap", "the cap falls by 2.2% a year": a market with a cap
                            r"\bunder (?:the|its|a) (?:\w+ )?cap\b|\b(?:the|its|a) cap (?:of \d|falls?|fell|declines?|declined|"
                            r"shrinks?|tightens?|is set|was set|will (?:fall|decline|shrink))\b"),
        "intensity": rx(r"\b(?:intensity[- ]based|output[- ]based|baseline[- ]and[- ]credit|performance[- ]standards?|"
                        r"intensity (?:benchmarks?|targets?|limits?|standards?)|rate[- ]based|tradable performance|"
                        # an intensity the market sets, not one a statistic reports ("emissions intensity ... has decreased")
                        r"emissions? intensity(?= (?:benchmarks?|targets?|standards?|basis|approach|caps?|limits?|baselines?))|"
                        r"(?<=targets )(?:\w+ ){0,2}(?:in |of )?emissions? intensity|"
                        r"(?:emissions? )?per unit of (?:output|production)|benchmark(?:s|ed)? (?:per|for each) (?:unit|tonne))\b"),
        "not": rx(r"\b(?:not|n't|no|never|neither|nor|rather than|instead of|unlike)\b"),
    },
    "zh": {
        "launch_done": rx(r"启动|开市|上线|(?:转为|转入|进入|成为)强制(?:性)?(?:阶段|履约|市场)?|(?:正式)?上路|开始运行|正式运行|投入运行|开始交易|首日交易|首笔交易|首次交易|首次拍卖|首场拍卖|开始推行|首次实施|首次实行|正式运营|开始运营|运行至今|已运行|运行了|"
                          r"(?:首个|第一个)(?:履约|遵约)(?:期间|周期|期|年度)|(?:首个|第一个)交易期间?(?=[^，。；]{0,3}(?:自|从|由|于|在|将于))|开始实施|正式实施|开始试运行|正式开始|鸣锣|开锣|开始运作|投入运作|"
                          r"^\s*(?:启动|开始|开市|上线|(?:首个|开始)?履约|运行|实施)(?:时间|日期|年份|年度|起始年份?|始于|起)?\s*[:：]|运行(?:已|至今)|运行以来|开市以来|启动以来|"
                          r"正式生效|开始生效|生效|推出|实施了|已实施|起实施|自[^，。；]{0,12}起[^，。；]{0,16}实施|建立于|成立于|"
                          # "自2021年1月起，该省将大型排放源从联邦体系过渡至省级体系": the market moved to runs from then
                          r"(?<=[年月日度])起[^。；]{0,30}?(?:过渡|转移|转入|转到)(?:至|到)?(?=[^，。；]{0,8}(?:体系|市场|机制|OBPS|ETS))|"
                          # "自2021年起运作", "于2021年1月1日起运行", "2023年度起先以自愿方式试行", "于2023年4月开始试行": a date
                          # from which it runs, on trial (试行, 试办) or not
                          # ("本办法自…起施行" dates the law, which may set up a market that starts later)
                          r"(?<=[年月日度])起(?:正式)?(?:运行|运作|交易)|(?<=[年月日度])起[^，。；]{0,8}?试[行办]|开始试[行办]|"
                          # "自2021年1月运作至今": 起 left out, the 自 before the date says the same
                          r"自[^，。；自]{0,12}?[年月日度](?:正式)?(?:运行|运作)|"
                          # "瑞士于2008年设立排放交易体系": set up in a year (one being set up now is "develop")
                          r"(?<=[年月日])(?:正式)?(?:设立|建立|推出)|"
                          # "配额交易自2025年4月1日起在省交易中心开展": trading that opens on a day
                          r"(?:配额|碳排放权)?交易自[^，。；]{0,12}起[^，。；]{0,16}(?<![不未])开展|(?<![不未])开展(?:配额)?交易", 0),
        # "最早可能于2030年启动" (at the earliest), not "最早启动的地方试点" (the first to start)
        "launch_maybe": rx(r"(?:或将|可能)[^，。；]{0,10}?(?:启动|开市|上线|开始交易)|(?:最早|最快)(?:也要|可能|将|会|要)?(?:于|在|到)[^，。；]{0,10}?"
                           r"(?:启动|开市|上线|开始交易)", 0),
        "launch_planned": rx(r"(?:将|拟|" + PLAN_ZH + r"|预计|有望|准备|将于|定于|预定|力争|争取|预期|打算|可望|" + PLAN_ZH + r"于|目标是)[^，。；]{0,20}?"
                             r"(?:启动|开市|上线|运行|开始交易|实施|推出|建成|生效|试行|试办|试运行)|(?:启动|上线|开市)(?:时间|日期)?(?:定于|定在|预计)", 0),
        "law": rx(r"(?:办法|条例|法律|法规|规定|规则|决定|法案|修正案|修订|通知|方案|意见|规章|指引|立法|政策|《[^》]{2,30}》)", 0),
        "develop": rx(r"建设中|正在建设|筹建|筹备|正在制定|起草|制定中|征求意见稿|草案|立法|试运行|模拟|准备阶段|设计阶段|开发中|正在开发|"
                      r"正在设计|正在筹备|加快建设|积极推进|正在推进|推进建设|建设阶段|试点阶段|基础(?:建设|工作)|建立[^，。；]{0,8}(?:碳市场|交易)|"
                      r"搭建|完善(?:相关)?(?:制度|法规)|通过[^，。；]{0,10}(?:法|条例|法案)|三读通过|颁布|(?:尚未|还未|未)(?:正式)?(?:启动|运行|开市)", 0),
        # A round of a programme's own review ("第三轮计划评估", "定期评估") is what a market in operation does.
        # "制定一项覆盖电力行业排放的碳市场提案": a proposal for a market, as "a proposal for a carbon market"
        "consider": rx(r"(?<!通过)(?<!否决)(?<!批准)提案|研究|考虑|探索|(?<!计划)(?<!轮)(?<!定期)(?<!中期)评估|论证|可行性|酝酿|探讨|审视|评价|调研|规划", 0),
        "operate": rx(r"运行|覆盖|纳入|配额|履约|拍卖|交易量|成交|价格|清缴|管控|总量控制|(?:第[一二三四五六七八九十\d]+轮|定期|中期)[^，。；]{0,6}(?:评估|审查|审议)", 0),
        # "需同时遵守RGGI与…碳市场规定" (must comply), "针对大型工业排放源" (aimed at), "设定了工业…设施的碳排放基线",
        # "电力行业的碳市场": what a market binds or is for. 管制 / 纳管 (Taiwan's usage): what it regulates.
        # "主要是电力、钢铁、化工等产业" after who must take part: the industries it holds.
        "cover": rx(r"覆盖|纳入|涵盖|包括|包含|涉及|管控|(?<!总量)管制|纳管|适用于|(?:主要|大多|多数)(?:是|为)(?=[^，。；]{2,24}(?:行业|产业|部门|领域))|对象(?:为|是|包括)|(?:须|需|需要|必须)(?:同时)?遵守|针对|面向(?=[^，。；]{1,16}的)|设定了?[^，。；]{0,24}?(?:排放)?基线|"
                    r"(?:行业|部门|领域)的(?:碳市场|碳排放权交易|碳交易|排放交易)|(?:(?<=重点排放单位)|(?<=控排企业))，?是指|分布(?:在|于)|(?:须|需|需要|必须)履约|扩展至|扩大至|扩围至|扩容至|延伸至|参与|重点排放单位|控排企业|"
                    r"^\s*[^:：，。；]{0,6}(?:行业|范围|部门)\s*[:：]|的(?:企业|单位|设施)|附(?:件|表)[一二三四五六七八九十\d]*(?:列明|列出|所列)|"
                    # Speech: "把大型公共建筑纳进来了", "把电力、钢铁这些大户都放进去", "这些行业都在里面"
                    r"(?:纳|放|装|拉)(?:了)?进(?:来|去)|(?:行业|企业|大户|单位)(?:都|也|全)?在里(?:面|头|边)", 0),
        "cover_not": rx(r"未|不|没有|并未|尚未|暂不|不再|排除|除外|以外|之外|豁免|退出|移出|转入|而非|改由", 0),
        # "业内普遍预计会从PAT计划过渡": what others expect is no scope the market has.
        "cover_hedge": rx(r"(?:业内|外界|市场|分析人士|专家|普遍)[^，。；]{0,4}预计|预测|情景|提案|拟|研究|考虑|评估|论证|探讨|建议|可能|或将|征求意见|" + PLAN_ZH + r"|讨论|提议|是否|将来|未来|后续|有待|另行", 0),
        "link": rx(r"连接|链接|对接|互认|联通|挂钩|联合市场|联合拍卖|相连|联结|串联|连结", 0),
        "linked": rx(r"已(?:经)?(?:实现)?(?:连接|链接|对接|联通|相连|连结)|实现(?:了)?(?:连接|链接|对接|互认)|互认|联合市场|联合拍卖|相互承认|(?:连接|链接)(?:至今|以来)|自[^，。]{0,12}起(?:连接|链接)", 0),
        "link_planned": rx(r"谈判|磋商|商讨|推进|拟|" + PLAN_ZH + r"|探讨|寻求|致力|准备|有望|协议|意向|讨论|将|未来|目标|研究|考虑|希望|筹备|争取|推动|旨在|促进|以便", 0),
        "link_ended": rx(r"终止|中止|解除|断开|结束|取消|退出|中断|截至|为止|撤销|告终", 0),
        "link_over": rx(r"(?:连接|链接|对接|挂钩|联结|连结)[^。；，]{0,30}?(?:终止|中止|解除|断开|告终|结束)|(?:终止|中止|解除|断开)[^。；]{0,20}?(?:连接|链接|对接|挂钩|联结|连结)|"
                        r"不再[^。；，]{0,20}?(?:连接|链接|对接|挂钩|相连|联结|连结)", 0),
        # "有媒体报道称两地将链接，经核实，目前两地并无链接安排": a reported link the sentence denies
        "link_not": rx(r"未|尚未|没有|并无|不排除|无意|不会|并非|并未|不打算|关注|独立|" + DENIED_ZH, 0),
        # "减排信用", "减排单位": translations of "reduction credits" and "reduction units"
        "offset": rx(r"抵销|抵消|抵换|碳信用|核证自愿减排量|CCER|减排量|减排信用|减排单位|信用额度|抵扣|碳汇", 0),
        # "不得少于一半" sets a floor on a kind of credit and "不得转入" bars moving credits to another market: neither
        # refuses offsets
        "offset_none": rx(r"不(?:允许|容许|接受|得|能|可|获|予|被)(?:使用|接受|认可)?(?!超过|超出|高于|多于|少于|低于|转入|转出|转让|转移)|禁止|未(?:允许|开放)|不设(?:任何)?抵[销消换]|"
                          r"(?:无|没有)(?:任何)?(?:抵[销消换]|碳信用|减排量)|"
                          r"^\s*抵[销消换][^:：]*[:：]\s*(?:无|不允许|否)", 0),
        "offset_intl": rx(r"国际|境外|海外|外国|CDM|JCM|联合(?:信用|抵换|抵销|减排)机制|(?:协定》?|协议》?)第六条|第六条(?:机制|项下|下的|第[二四]款)|清洁发展机制", 0),
        "offset_unlimited": rx(r"不设(?:使用)?上限|未(?:对[^，。；]{0,8}?)?设(?:定|置|立)?上限|不限|无上限|没有上限|无限制|不受限制|全部", 0),
        "pct": rx(r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]|百分之(?P<pctzh>[一二三四五六七八九十]+)", 0),
        "limit": rx(r"不超过|不得超过|上限|最多|最高|比例|以内|为限|限额|至多", 0),
        "cap_and_trade": rx(r"总量(?:控制|管制)?(?:与|和|及)(?:交易|投资)|总量控制|绝对(?:总量|上限)|排放上限|总量上限", 0),
        "intensity": rx(r"强度|基准线法?|基准法|基于产出|行业基准|基于排放绩效|单位产品|单位产出", 0),
        "not": rx(r"不|未|没有|并非|而非|非", 0),
    },
}
# "Compliance obligations started in 2013 and the market was joined to California's on 1 January 2014": "and" before a
# market with a verb of its own opens a clause with its own subject; the place after it is no subject of "started".
CLAUSE = {"en": rx(r"[;；|]|,\s+(?:but|while|whereas|although|though)\b|\bbut\b|\bwhile\b|\bwhereas\b|"
                   r"(?<=\d{4})\s+and\s+(?=(?:the|its|this)\s+(?:[\w-]+\s+){0,2}(?:market|scheme|system|program(?:me)?|ETS)\s+"
                   r"(?:was|were|is|are|has|have|had|will|would)\b)"),
          "zh": rx(r"[；;。|]|，(?:但|而|不过|然而|同时)", 0)}
# A plan or study of a change to a market ("considering whether to extend its scheme to aviation")
# says nothing of whether the market itself exists.
CHANGE = {"en": rx(r"\b(?:extend|expand|includ|add|rais|lower|chang|link|allow|cover|reform|tighten|revis|amend|"
                   r"introduc\w* (?:auction|a price|a floor|a ceiling)|increas|reduc|cut)\w*"),
          "zh": rx(r"扩大|扩展|纳入|增加|提高|降低|调整|修订|修改|连接|允许|改革|收紧", 0)}
# A voluntary phase has begun, but nothing binds yet: the market is still being developed.
VOLUNTARY = {"en": rx(r"^\W*(?:an?|its|the)?\s*voluntary\b"), "zh": rx(r"^[^，。；]{0,4}自愿", 0)}
# A consultation's options ("Option B – Create a … ETS covering …") are choices, not what is in force or covered.
OPTION = {"en": r"^\s*Option\s+[A-Z\d]\b", "zh": r"^\s*方案[一二三四五甲乙丙ABCD]"}
HYPOTHETICAL = {"en": rx(r"\b(?:if|would|could|might|may|will|shall|once|when the bill|proposed|plans? to)\b|" + OPTION["en"]),
                "zh": rx(OPTION["zh"] + r"|如果|若|将|拟|" + PLAN_ZH + r"|一旦|可能|或将", 0)}
LINK_PARTNER = {"en": rx(r"\b(?:link(?:s|ed|ing|age)?|connect(?:s|ed|ing|ion)?)\s+(?:it\s+|its\s+\w+\s+)?(?:with|to)\s+([^,;.]{1,60})"),
                "zh": rx(r"与([^，。；]{1,20}?)(?:之间)?的?(?:连接|对接|链接|联通|相连|连结)", 0)}
# A proposal or study that governs a whole list of sectors: said earlier in the sentence ("consultations on two
# proposed extensions: including domestic maritime ..."), or, in Chinese, at the end of the list's clause
# ("…纳入全国碳市场的工作方案公开征求意见").
LIST_HEDGE = {"en": rx(r"\b(?:propos\w*|consultations?|consider\w*|stud(?:y|ies|ying)|research\w*|explor\w*|whether|"
                        r"(?:is|are|was|were) (?:\w+ ){0,5}?(?:preparing|developing|designing|drafting))\b"),
              "zh": rx(r"研究|考虑|拟议|拟将|征求意见|草案|是否|讨论|探讨|计划将|建议将|提议|咨询", 0)}
# A sector that moves into a market: the target's coverage ("过渡至CCTS", "move into the EU ETS 2").
MOVE_INTO = {"zh": rx(r"(?:过渡|转入|进入|移入|并入|转由)(?:至|到)?", 0),
             "en": rx(r"\b(?:move[sd]? (?:in)?to|moving (?:in)?to|transition(?:ed|s|ing)? (?:in)?to|transferr?(?:ed|ing|s)? (?:in)?to)\b")}
OFFSET_HEDGE = {"en": rx(r"\b(?:may|might|could|would)\b"), "zh": rx(r"可能|或将|有望|未来", 0)}
LEGEND = {"en": rx(r"\b(?:dots?|icons?|symbols?|shading|colou?rs?|hatching)\b[^.]{0,60}\b(?:on|in) the (?:map|figure|chart|graphic)\b"
                 r"[^.]{0,20}\bindicates?\b|\bthe (?:map|figure|chart|legend) (?:shows|indicates)\b"),
          "zh": rx(r"图(?:中|例|上)[^。]{0,30}表示|地图上[^。]{0,30}表示", 0)}
CONTRAST = {"en": rx(r"\b(?:outside|beyond|unlike|besides|apart from|other than|not under|instead of|than|compared (?:with|to)|"
                    r"in contrast (?:with|to)|contrary to)\s+(?:of\s+)?(?:the\s+)?$"),
            "zh": rx(r"(?:除了?|不同于|有别于|而非|以外的?|之外的?)$", 0)}
# "与欧英两者不同，全国碳市场…", "和广东相比，澄川…": the market named before the contrast word is not the subject.
CONTRAST_AFTER = {"en": rx(r"(?!)"),
                  "zh": rx(r"(?:两者|二者|两地|的[^，。；]{0,6}?)?(?:不同|相比|相较|不一样|有别|相反)(?:的是)?\s*[，,]", 0)}
LABEL_LINE = re.compile(r"^\s*[-•*]?\s*[A-Za-z\u4e00-\u9fff][\w /()&,-]{1,30}\s*[:：]\s*\S")
def clause_of(f: Frame, pos: int) -> tuple[int, int]:
    bounds = [0] + [m.end() for m in CLAUSE[f.lang].finditer(f.text)] + [len(f.text)]
    start = max(b for b in bounds if b <= pos)
    end = min([b for b in bounds if b > pos] + [len(f.text)])
    return start, end


FRAGMENT = re.compile(r"(?![-•*·▪–]|\(?\d{1,2}[.)、])[^:：.。!?！？;；]{1,60}")
PRONOUN = {"en": rx(r"\b(?:it|its|they|their|the (?:scheme|system|program(?:me)?|market|ETS))\b"), "zh": rx(r"其|该|它|本", 0)}
# "China Certified Emission Reductions", "中国核证自愿减排量": a place in the name of a kind of credit is not the subject.
CREDIT_NAME = {"en": rx(r"(?:['’]s)?\s+(?:Certified|Verified|Voluntary|Carbon Credit|Emission Reduction|Offset|Credit)"),
               "zh": rx(r"(?:的)?(?:核证|自愿减排|减排量|碳汇|碳信用|抵销|抵消)", 0)}
# "本计划", "the scheme": the market the text is about, spoken of as its own.
SELF_REF = {"en": rx(r"\b(?:the|this|our) (?:scheme|program(?:me)?)\b"), "zh": rx(r"(?:本|该|此)(?:计划|方案)", 0)}
# "The UK ETS replaced our participation in the EU system on 1 January 2021, and it covers power": a pronoun that opens
# a coordinate clause continues the sentence's subject, not the last market named.
CONTINUED = {"en": rx(r"(?:[,;]\s*(?:and|but|while)?|\band)\s+(?:it|the (?:scheme|system|program(?:me)?|market))\s+(?:\w+\s+)?$"),
             "zh": rx(r"[，；]\s*(?:并且|而且|并|且|同时)?(?:它|其)[^，。；]{0,6}$", 0)}
# "Europe's market has been running since 2005" in a text about China's: a market whose owner the text names but no
# place resolves is another market than the one under discussion.
OTHER_OWNER = {"en": rx(r"\b[A-Z][a-z]+['’]s\s+(?:(?:own|first|national|regional|new|older|younger)\s+)?$", 0), "zh": rx(r"(?!)", 0)}
INDEFINITE = {"en": rx(r"\b(?:an?|any|some)\s+(?:\w+\s+){0,2}$"), "zh": rx(r"(?:一个|一套|一项)[^，。；]{0,6}$", 0)}


def _in_parentheses(text: str, pos: int) -> bool:
    before = text[max(0, pos - 80):pos]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


APPOSITION = re.compile(r"\s*,\s*(?:a|an|the|one of the)\b[^,;]*,")


# The writer's own province or city, which a national market is not ("本省林业碳汇", "our province").
LOCAL_SELF = {"zh": rx(r"本省|本市|我省|我市|全省|全市", 0), "en": rx(r"\b(?:our|this) (?:province|city|state)\b")}


def subject(f: Frame, pos: int, *, within: tuple[int, int] | None = None) -> str | None:
    """The system a predicate at ``pos`` is about; none when its clause is about markets in general."""
    c0, c1 = within or clause_of(f, pos)
    generic = [mm for mm in f.markets if mm.plural and not mm.reference and c0 <= mm.start < c1]
    if generic and not any(c0 <= r.start < c1 and r.how != "place" for r in f.refs):
        return None
    # A caption or a key standing on its own line ("International offsets allowed", "允许使用国际碳抵消"): no
    # sentence, no label, no bullet and no market named says whose it is.
    if not f.refs and FRAGMENT.fullmatch(f.text.strip()) and not PRONOUN[f.lang].search(f.text):
        return None
    # "Another 22 governments are considering an ETS": a market the clause introduces with no place, and nothing that
    # refers back, is some market, not the one under discussion.
    if (not any(c0 <= r.start < c1 for r in f.refs) and not PRONOUN[f.lang].search(f.text[c0:c1])
            and any(c0 <= mm.start < c1 and not mm.plural and not mm.reference and mm.place is None and not mm.new_name
                    and not mm.programme and (INDEFINITE[f.lang].search(f.text[max(c0, mm.start - 12):mm.start])
                                              or mm.start < pos and OTHER_OWNER[f.lang].search(f.text[max(c0, mm.start - 24):mm.start]))
                    for mm in f.markets)):
        return None
    # A market named as a contrast ("outside the EU ETS", "unlike the UK ETS") is not what the clause is about, nor
    # one named in an aside in parentheses ("…将拓展至建筑与道路运输（EU ETS 2）") when the predicate is outside it.
    refs = [r for r in f.refs if not CONTRAST[f.lang].search(f.text[max(0, r.start - 24):r.start])
            and not CONTRAST_AFTER[f.lang].match(f.text, r.end)
            and not (r.how == "place" and CREDIT_NAME[f.lang].match(f.text, r.end))
            and (not _in_parentheses(f.text, r.start) or _in_parentheses(f.text, pos))]
    before = [r for r in refs if c0 <= r.start < pos]
    if len(before) > 1 and f.lang == "en":
        # "Qingtan, a port city on China's south-east coast, has run its own market since 2019": the places of an aside
        # describe the subject; they are not what the predicate is about.
        aside = APPOSITION.match(f.text, before[0].end, pos)
        if aside:
            before = [r for r in before if not before[0].end <= r.start < aside.end()]
    if before:
        if len({r.key for r in before}) > 1 and CONTINUED[f.lang].search(f.text, before[-1].end, pos):
            return before[0].key
        return before[-1].key
    if f.topic and SELF_REF[f.lang].search(f.text, c0, pos):
        return f.topic  # "本计划于2016年1月启动，是…境内唯一的碳市场": the programme the text is about, not the place after
    anywhere_before = [r for r in refs if r.start < pos]
    # "全国碳市场管发电行业，今年又把钢铁纳了进来" in a text about a city's market: the national market the sentence
    # opens with, which the text does not place, is the subject, not the one under discussion.
    if not anywhere_before and any(mm.start < pos and mm.level_word == "national" and not (
            mm.plural or mm.reference or mm.place or mm.new_name or mm.programme) for mm in f.markets):
        return None
    if LABEL_LINE.match(f.text) and (f.topic or f.main):
        return f.topic or f.main  # "Covered: ..." in a factsheet speaks of the system its section is about
    if anywhere_before:
        return anywhere_before[0].key
    after = [r for r in refs if pos <= r.start < c1]
    if after:
        return after[0].key
    national = keyed_place(f.topic)
    if f.local and national is not None and national.type == "country" and LOCAL_SELF[f.lang].search(f.text, c0, c1):
        return f.local  # "本省林业碳汇…抵消比例不得超过3%" after a word on the national market: the province's own
    return f.topic


def co_subjects(f: Frame, key: str) -> list[str]:
    """``key`` and the markets one plural mention refers to with it ("上海、北京两地的试点也相继开市": both pilots)."""
    starts = {r.start for r in f.refs if r.key == key and r.how == "reference"}
    shared = [r.key for r in f.refs if r.start in starts and r.how == "reference"]
    return list(dict.fromkeys([key, *shared]))


END_DATE = {"en": rx(r"\b(?:until|till|through|to|ending|ends|expires?)\s+(?:the\s+end\s+of\s+)?$"), "zh": rx(r"(?:至|到|截至|直至)$", 0)}
# "will not start until 1 January 2027": "not until" dates the start; it ends nothing. (The Chinese "要到2028年才开始"
# is left out: with a "done" cue such as 首个履约期 and no document date it would read as a start that happened.)
NOT_UNTIL = rx(r"\b(?:not|n't|no)\b[^.;,]{0,40}?\b(?:until|till)\s+$")


def _end_date(f: Frame, d: DateMention) -> bool:
    """A date that closes a span ("runs until 2033", "运行至2033年"), not one a start waits for."""
    if not END_DATE[f.lang].search(f.text[max(0, d.start - 20):d.start]):
        return False
    return not (f.lang == "en" and NOT_UNTIL.search(f.text[max(0, d.start - 60):d.start]))


SUBORDINATE = {"en": rx(r"\b(?:after|before|because|although|though|until|unless)\s+(?:it|they|the|a|an|its|their|this|that)\b"),
               "zh": rx(r"(?!)", 0)}


COMMA = re.compile(r"[,，;；]")


def nearest_date(f: Frame, start: int, end: int, clause: tuple[int, int], prefer_after: bool) -> DateMention | None:
    """The date a verb at [start, end) speaks of: the nearest in its clause, not an end date ("runs until 2033")."""
    # "relaunched its carbon market after it was ruled invalid in 2023": a subordinate clause after the verb has
    # events of its own.
    sub = SUBORDINATE[f.lang].search(f.text, end, clause[1])
    clause = (clause[0], sub.start()) if sub else clause
    dates = [d for d in f.dates if clause[0] <= d.start < clause[1] and not _end_date(f, d)]
    if not dates:
        return None

    def distance(d: DateMention) -> tuple[int, int]:
        gap = d.start - end if d.start >= end else start - d.end
        side = 0 if (d.start >= end) == prefer_after else 1
        # "明年为准备年，首个履约周期从后年1月1日开始": a comma between puts a date in another phrase than the verb's.
        between = f.text[min(end, d.end):max(start, d.start)]
        return (max(gap, 0) + (0 if side == 0 else 15) + 12 * len(COMMA.findall(between)), side)

    return min(dates, key=distance)


def _market_object(f: Frame, end: int, clause: tuple[int, int]) -> bool:
    """A market mention right after a verb is its object ("launched its national ETS", "启动全国碳市场"),
    not one after a first object ("launched a voluntary carbon exchange in 2022 and may introduce an ETS")."""
    reach = 45 if f.lang == "en" else 14
    # "began formal negotiations to connect their carbon markets": a market after a preposition or an infinitive
    # belongs to another phrase, not to the verb.
    between = r"\b(?:and|to|on|for|about|over|into|towards?)\b|[,，、和及]" if f.lang == "en" else r"[,，、和及]"
    return any(end <= mm.start < min(clause[1], end + reach) and not re.search(between, f.text[end:mm.start])
               for mm in f.markets)


def _object_ref(f: Frame, end: int, clause: tuple[int, int]) -> str | None:
    """The system of the market mention that is the object of the verb ending at ``end`` (``_market_object``)."""
    if not _market_object(f, end, clause):
        return None
    mm = min((mm for mm in f.markets if mm.start >= end), key=lambda mm: mm.start)
    return next((r.key for r in f.refs if mm.start <= r.start < mm.end), None)


def _market_subject(f: Frame, pos: int, clause: tuple[int, int], topic: bool = False) -> bool:
    """The verb at ``pos`` has a market as its subject: a market mention (not a bare place) leads up to it,
    or, with ``topic``, nothing does and the market under discussion is meant ("Launched in 2015, it ...")."""
    before = [r for r in f.refs if clause[0] <= r.start < pos]
    # A place a plural market listed before it is that market's member ("three pilots — Shenzhen, which opened …").
    member = bool(before) and any(r.key == before[-1].key and r.how == "reference" and r.start < before[-1].start for r in f.refs)
    return bool(before) and (before[-1].how != "place" or member) or (topic and not before and f.topic is not None)


DURATION = {"en": rx(r"\b(?:has|have) (?:now )?(?:been )?(?:operat\w*|running|run|in (?:operation|place|force)) for "
                     r"(?:(?:the )?(?:past|last) )?(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten) years\b"),
            "zh": rx(r"(?:已|已经)?(?:运行|实施|运作)(?:了)?(?P<n>\d+|[一二两三四五六七八九十]+)(?:个)?年", 0)}


def _duration_start(f: Frame) -> list[Candidate]:
    """"已运行两年" in a 2025 text: the market started in 2023."""
    m = DURATION[f.lang].search(f.text)
    day = f.ref_day
    if not m or day is None:
        return []
    raw = m.group("n")
    years = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, chinese_number(raw))
    key = subject(f, m.start())
    if not years or key is None:
        return []
    if INDEFINITE[f.lang].search(f.text[max(0, m.start() - 16):m.start()]):
        return []  # "一个已经运行四年多的市场", "a market that has run for four years": some market, not one named
    when = DateMention(m.start(), m.end(), Day(day.year - years), relative=True)
    return [Candidate(key, "launch", str(day.year - years), f, "rule:launch/duration", 1.0, when, {"planned": False})]


NO_LAUNCH_BEFORE = {"en": rx(r"\b(?:not|never|yet to|whether|when will|when it will|if)\s+(?:yet\s+)?(?:\w+\s+)?$"),
                    "zh": rx(r"(?:尚未|还未|仍未|未|没有|并未|不会|何时|是否|能否|无法|不能)(?:正式|真正|全面)?$|"
                             r"不(?:认为|相信|觉得|预期|看好)[^，。；]{0,14}$", 0)}  # "我不认为2026年以前会上路"
# "Launch: not before 2028", "Start: TBD": a label of the start whose value denies or defers one.
NO_LAUNCH_AFTER = {"en": rx(r"^\s*(?:date|time)\s+(?:is|was|remains)\s+(?:still\s+)?(?:not|un)|"
                            r"^\s*:\s*(?:not|no|none|never|tbd|tbc|unknown|undecided|unclear|n/?a)\b"),
                   "zh": rx(r"^(?:的)?(?:时间|日期|时程)?(?:(?:尚未|仍未|未|待|还没有)(?:确定|决定|定|公布)|是否|会否|能否)", 0)}
PRONOUN_SUBJECT = {"en": rx(r"[,;]\s*(?:it|the (?:system|scheme|market|program(?:me)?))\s+(?:\w+\s+)?$"),
                  "zh": rx(r"[，；](?:该|本)(?:市场|体系|机制|计划|制度)[^，。；]{0,6}$", 0)}


REPLACED = re.compile(REPLACED_EN)
UNDER_LAW = {"en": rx(r"(?:^|[,;]\s*|^\W*)\b(?:under|pursuant to|according to|in line with)\s+(?:the\s+|this\s+|that\s+|its\s+)?(?:[\w'’-]+\s+){0,4}$"),
             "zh": rx(r"(?!)", 0)}
MARKET_AFTER_LAW = {"en": rx(r"^(?:\s+(?:of|on)\s+\d{4})?\s*,?\s*(?:it|the (?:system|scheme|market|program(?:me)?|ETS))\s+(?:\w+\s+)?$"),
                    "zh": rx(r"(?!)", 0)}
# "started a year later in 2011", "began two months earlier": a span of time after the verb says when, it is no object.
TIME_SHIFT = re.compile(r"\s+(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|a few|several|some)\s+"
                        r"(?:years?|months?|weeks?|days?|decades?)\s+(?:later|earlier|after|before|on)\b", re.I)
# A participle aside closing right before the verb ("…, created by the 2021 Climate Act, began …", "…, set up under the
# law, opened …"): what it names acts in the aside.
AGENT_ASIDE = {"en": rx(r",\s+(?:(?:first|originally|initially|jointly)\s+)?(?:created|established|set up|introduced|enacted|"
                        r"adopted|passed|mandated|required|authori[sz]ed|governed|backed|underpinned|provided for|founded|"
                        r"launched)\s+(?:by|under|in|through|with)\b[^,;]*,\s*$"),
               "zh": rx(r"(?!)", 0)}
OWN_OBJECT = re.compile(rf"^(?:introduced|{MOVED_EN}) .*\b(?:system|market|scheme|program(?:me)?|ETS|OBPS|mechanism)$", re.I)
# What a Chinese launch verb puts in place when it is not the market: an exchange, a registry, a platform, or the rules
# for a market ("推出了针对…碳市场的相关法规"); a pricing scheme it launches is the market ("推出了北美首个工业碳定价机制").
ZH_OTHER_OBJECT = re.compile(r"^了?[^，。；]{0,12}?(?:交易所|登记系统|注册登记|网站|门户)|^了?[^，。；]{0,30}?的?(?:相关)?(?:法规|办法|条例|规则|细则|草案|法案)(?=[，。；]|$)")
ZH_OWN_OBJECT = re.compile(r"^了?[^，。；]{0,12}?(?:碳定价|碳排放|排放|碳)[^，。；]{0,4}?(?:机制|体系|制度)")


DENIED = {"en": rx(rf"\b(?:{DENIED_EN})\b"), "zh": rx(DENIED_ZH, 0)}
# A change that still waits on a vote or an approval ("- subject to parliament", "须经省人大审议通过"): a plan.
PENDING = {"en": rx(r"\bsubject to (?:(?:a |the )?(?:parliament\w*|legislat\w*|(?:\w+ )?approval|ratification|(?:a |the )?vote|"
                    r"confirmation)|(?:the )?(?:bill|law|regulation) (?:passing|being (?:passed|adopted)))|\bpending (?:\w+ )?approval"
                    r"|\bif (?:it is |they are )?approved\b|\bonce approved\b"),
           "zh": rx(r"(?:须|需|尚需|还需|仍需|有待|待)(?:经|经过|获得?)?[^，。；]{0,10}(?:审议|批准|表决|通过)后?|如获(?:通过|批准)|若获(?:通过|批准)", 0)}
# Carbon pricing that is no market: a tax, fee or levy, a border adjustment. What it charges is no market's coverage.
OTHER_INSTRUMENT = {"en": rx(r"\bcarbon (?:tax|levy|fee|charge)|\bfuel (?:levy|tax)|\bborder (?:carbon )?adjustment|\bCBAM\b"),
                    "zh": rx(r"碳税|碳费|碳边境调节|边境调节机制|CBAM|燃油税|环境税", 0)}
# A start moved to a later date: the date after these words ("delayed from 2026 to", "推迟至") replaces the one first set.
# "decided to push the ETS2 start back by one year, to 2028": the verb's object may stand inside it.
POSTPONE_VERBS = {"en": r"postpone[ds]?|delay(?:ed|s)?|defer(?:red|s)?|(?:push|put|move)(?:es|ed|s)? (?:(?:the|its|their) )?(?:[\w-]+ ){0,3}?back",
                  "zh": r"推迟|延后|延迟|推延|延期|顺延|押后"}
POSTPONED = {"en": rx(rf"\b(?:{POSTPONE_VERBS['en']})\b[^.;]{{0,40}}?\b(?:to|until|till)\s+(?:the\s+)?$"),
             "zh": rx(rf"(?:{POSTPONE_VERBS['zh']}|延)(?:到|至)\s*$|(?:{POSTPONE_VERBS['zh']})\s*$", 0)}


PLANNED_MARK = re.compile(r"\s*[（(]\s*(?:计划|拟|预计|预定|待定|草案|planned|expected|scheduled|proposed|tentative|provisional)"
                          r"\s*[）)]", re.I)


def launches(f: Frame) -> list[Candidate]:
    cues, out = CUES[f.lang], _duration_start(f)
    planned_spans = [(p.start(), p.end()) for kind in ("launch_planned", "launch_maybe") for p in cues[kind].finditer(f.text)]
    for m in cues["launch_maybe"].finditer(f.text):
        key = _market_subject(f, m.start(), clause_of(f, m.start()), topic=True) and subject(f, m.start())
        if key and not NO_LAUNCH_BEFORE[f.lang].search(f.text[max(0, m.start() - 12):m.start()]):
            out.append(Candidate(key, "planned", "", f, "rule:launch/maybe", 0.5))
    for kind in ("launch_done", "launch_planned"):
        for m in cues[kind].finditer(f.text):
            clause = clause_of(f, m.start())
            span = re.match(r"\s*(?:(?:至|到)(?!今)|until|till|through)\s*", f.text[m.end():])
            if span and all(_end_date(f, d) for d in f.dates if d.start == m.end() + span.end()):
                continue  # "运行至2033年": how long, not when it began ("运作至今" is till now; "not … until" is when)
            if kind == "launch_done" and any(clause[0] <= a < clause[1] for a, _ in planned_spans):
                continue  # "the first compliance period is expected to begin": a plan, whatever its words
            if kind == "launch_planned" and DENIED[f.lang].search(f.text, m.end()):
                continue  # a planned start reported, then denied
            if NO_LAUNCH_BEFORE[f.lang].search(f.text[max(clause[0], m.start() - 12):m.start()]) or NO_LAUNCH_AFTER[f.lang].match(
                    f.text[m.end():m.end() + 12]):
                continue  # "正式阶段尚未启动", "何时正式启动", "生效时间尚未确定", "has not yet started": no launch happened
            lead = f.text[max(clause[0], m.start() - 60):m.start()]
            refs_between = [r for r in f.refs if clause[0] <= r.start < m.start()]
            tax = list(OTHER_INSTRUMENT[f.lang].finditer(f.text, clause[0], m.start()))
            if tax and not any(tax[-1].end() <= mm.start < m.start() for mm in f.markets):
                continue  # "A carbon levy on aviation fuel, in force since 2022, will remain outside the scheme"
            # "The program, created by the 2021 Climate Act, began in 2022": a law in an aside that closes right before
            # the verb is the aside's agent, not the verb's subject.
            aside = AGENT_ASIDE[f.lang].search(lead)
            law = list(cues["law"].finditer(lead, 0, aside.start() if aside else len(lead)))
            # "Set up under Directive 2003/87/EC, it began operating in 2005": a pronoun after the law is the subject;
            # so is the market after a law the clause opens with as its frame ("Under the Act the scheme will start").
            pronoun = law and (PRONOUN_SUBJECT[f.lang].search(lead[law[-1].end():])
                               or UNDER_LAW[f.lang].search(lead[:law[-1].start()]) and MARKET_AFTER_LAW[f.lang].match(lead[law[-1].end():]))
            if law and not pronoun and (not refs_between or refs_between[-1].end <= law[-1].start() + max(clause[0], m.start() - 60)):
                continue
            if f.lang == "zh" and re.match(r"[^，。；]{0,6}(?:研究|立法|谈判|咨询|征求意见|程序|工作|调研|评估|建设)|"
                                           r"[^，。；]{0,24}的(?:纳入|扩容|扩围|准备|筹备)?(?:工作|程序|研究)(?=[，。；]|$)", f.text[m.end():]):
                continue  # "启动钢铁、水泥行业的纳入工作": the work of bringing sectors in starts, not the market
            if (f.lang == "zh" and f.text[m.end():m.end() + 1] == "的"
                    and not re.match(r"的\s*(?:[。，；！？]|$)", f.text[m.end():])  # "湖北试点是2014年4月开始交易的。": a cleft
                    and not any(m.end() < mm.start <= m.end() + 8 and not re.search(r"[，,。；;]", f.text[m.end():mm.start])
                                for mm in f.markets)):
                continue  # "2023年1月生效的修订内容": the verb describes another noun (the amendments), not the market
            if f.lang == "en" and re.search(r"\b(?:study|consultation|review|talks|negotiations|process|reform|debate|auction|"
                                            r"program review|registry|register|platform|exchange|portal|website|office)\b\W*"
                                            r"(?:will\s+|would\s+|(?:is|are)\s+(?:due|set|expected|scheduled)\s+to\s+)?$", lead[-40:]):
                continue
            if (f.lang == "en" and re.search(r"[^\W\d]\s*,\s*$", lead) and m.group(0).endswith("ed")
                    and not any(clause[0] <= mm.start < m.start() for mm in f.markets)
                    and not any(clause[0] <= r.start < m.start() for r in f.refs)):
                continue  # "A separate consultation on a fuel levy, launched in January, is …": the aside's noun is no market
            rel = re.search(r"\b(?:that|which)\s+(?:has\s+|had\s+|have\s+)?$", lead) if f.lang == "en" else None
            at = max(clause[0], m.start() - 60) + rel.start() if rel else 0
            if rel and not any(x.end <= at <= x.end + 2 for x in [*f.markets, *f.refs]):
                continue  # "the price gap that opened last year": the verb belongs to another noun than a market (or
                # than a place that stands for one: "three pilots — Shenzhen, which opened for trading in June 2013")
            # A relative clause on one member of a list speaks of that member alone.
            own = bool(rel) and any(r.how == "place" and r.end <= at <= r.end + 2 for r in f.refs)
            # What was launched must be the market: as the verb's object (the cue's own, "introduced … pricing
            # system", or a market mention after it), or as its subject.
            if f.lang == "zh" and ZH_OTHER_OBJECT.match(f.text[m.end():]):
                continue
            if not (OWN_OBJECT.search(m.group(0)) or f.lang == "zh" and ZH_OWN_OBJECT.match(f.text[m.end():])
                    or _market_object(f, m.end(), clause)
                    or _market_subject(f, m.start(), clause, topic=True)):
                continue
            # "the government began a review", "have begun formal negotiations": the verb has an object of its own,
            # and it is not a market.
            if (f.lang == "en" and not TIME_SHIFT.match(f.text, m.end()) and re.match(r"\s+(?:a|an|the|its|their|his|her|some|new|further|(?!(?:in|on|at|from|with|by|as|to|"
                                            r"for|last|this|next|early|late|earlier|later|operat\w*|trading|and|or|under|after|"
                                            r"before|around|only|again|back|officially|formally|successfully|its|since|until|over|into|through|during|already|"
                                            r"now|yet|alongside|smoothly|well|without)\b)[a-z]{3,})\b",
                                            f.text[m.end():])
                    and re.search(r"(?:ed|gan|gun|run)$", m.group(0).strip()) and not _market_object(f, m.end(), clause)
                    and not REPLACED.match(m.group(0))):  # what a market replaced is its object by right
                continue
            # "The EU … plans to set up a separate ETS from 2027": what is set up is the market started, not the
            # subject that sets it up.
            made = re.search(r"(?:set up|establish|create|introduce)\s*$", m.group(0), re.I) and _object_ref(f, m.end(), clause)
            key = made or subject(f, m.start())
            if key is None:
                continue
            when = nearest_date(f, m.start(), m.end(), clause, prefer_after=f.lang == "en")
            if when is None or when.range_:
                if kind == "launch_planned":
                    out.append(Candidate(key, "planned", "", f, "rule:launch/planned", 0.5))
                continue
            moved = [d for d in f.dates if clause[0] <= d.start < clause[1] and d.start > when.start and not d.range_
                     and POSTPONED[f.lang].search(f.text[max(clause[0], d.start - 50):d.start])]
            maybe = moved and MAY_MOVE[f.lang].search(f.text, clause[0], moved[-1].start)
            if maybe and maybe.start() < m.start():
                continue  # "如果能源价格在2026年异常高企，启动时间可推迟至2028年": a delay that may come dates no start
            if moved and not maybe:
                when = moved[-1]  # "启动时间由原定的2027年推迟至2028年", "delayed from 2027 to 2028": the new date
            replaced = [d for d in f.dates if clause[0] <= d.start < clause[1] and d.start > when.start and not d.range_]
            if ORIGINAL[f.lang].search(f.text[max(clause[0], when.start - 8):when.start]) and replaced:
                when = replaced[-1]  # "原定2026年1月启动，后押后一年，现定于2027年1月1日": the date set now
            if re.search(r"(?:覆盖|涵盖|\bcover(?:s|ed|ing)?(?: the)?(?: emissions of)?)\s*$", f.text[max(0, when.start - 24):when.start], re.I):
                continue  # "首个履约周期覆盖2019年和2020年的排放": the years whose emissions a period covers, not its start
            if f.lang == "zh" and when.start >= m.end() and re.match(r"(?:之前|以前|前夕|之后|以后)", f.text[m.end():]):
                continue  # "在全国市场启动之前，我国自2013年起…开展了试点": a date after "before it launched" is another event's
            # "启动时间：2027年1月（计划）", "Start: 2027 (planned)": a date the text marks as planned.
            marked = bool(PLANNED_MARK.match(f.text, when.end))
            deadline = bool(re.search(r"\bby\s*$", f.text[max(0, when.start - 4):when.start])) or f.text[when.end:when.end + 1] == "前"
            voluntary = bool(VOLUNTARY[f.lang].search(f.text[m.end():m.end() + 40]))
            planned = kind == "launch_planned" or marked
            out.extend(Candidate(k, "launch", when.day.value()[:4] if deadline else when.day.value(), f,
                                 f"rule:launch/{'planned' if planned else 'voluntary' if voluntary else 'done'}",
                                 1.0, when, {"planned": planned, "voluntary": voluntary, "cue": m.group(0)})
                       for k in ([key] if own else co_subjects(f, key)))
    return out + _postponed_starts(f)


# "The start of the Pellmark ETS has been delayed from 2026 to 2028", "…was postponed until January 2028": a start
# moved to the date after "to"/"until"; the clause must speak of a start ("auctions were postponed" moves none).
POSTPONE_CUE = {"en": rx(rf"\b(?:{POSTPONE_VERBS['en']})\b"), "zh": rx(POSTPONE_VERBS["zh"], 0)}
START_WORDS = {"en": rx(r"\b(?:start\w*|launch\w*|begin\w*|began|open(?:s|ed|ing)?|trading|first (?:compliance|commitment) period|operation)\b"),
               "zh": rx(r"启动|开市|上线|开始交易|开始履约|首个履约期|运行", 0)}
MOVED_TO = {"en": rx(r"\b(?:to|until|till)\s+(?:the\s+)?$"), "zh": rx(r"(?:到|至)\s*$", 0)}


# A move that may happen ("if prices spike, the start may be delayed to 2028", "如…可推迟至") has not happened.
# Single characters only right before the verb of delay: 如 is also in 例如 and 如期, 可 in 认可, 或 in 或者.
MAY_MOVE = {"en": rx(r"\b(?:if|unless|may|might|could|would)\b"),
            "zh": rx(r"如果|倘若|假如|若是|如若|可能|或将|或许|(?:可|或)(?=推迟|延后|延迟|推延|顺延|押后|延期|延至|推至)", 0)}
# A date the text says was first set and then changed ("原定2026年1月", "originally set for 2026").
ORIGINAL = {"en": rx(r"\boriginally (?:\w+ )?(?:for |in |to )?(?:start |begin |launch )?$|\binitially (?:\w+ )?(?:for |in )?$"),
            "zh": rx(r"(?:原定|原订|原计划|原本计划|原先|原来|最初)(?:于|在|的)?$", 0)}


def _postponed_starts(f: Frame) -> list[Candidate]:
    out = []
    for m in POSTPONE_CUE[f.lang].finditer(f.text):
        clause = clause_of(f, m.start())
        if not START_WORDS[f.lang].search(f.text[clause[0]:clause[1]]):
            continue
        if MAY_MOVE[f.lang].search(f.text[clause[0]:m.start()]):
            continue  # "如果能源价格异常高企，启动时间可推迟至2028年": a start that may move has not moved
        later = [d for d in f.dates if m.end() <= d.start < clause[1] and not d.range_ and not d.relative
                 and MOVED_TO[f.lang].search(f.text[m.end():d.start])]
        # "delayed from 2026 to 2028" reads as a span of years: its end is the new date.
        later += [DateMention(d.start, d.end, day) for d in f.dates if m.end() <= d.start < clause[1] and d.range_
                  and (day := parse_day(re.split(r"\b(?:to|until|till)\b|至|到", f.text[d.start:d.end])[-1])) is not None]
        key = subject(f, m.start())
        if later and key:
            out.append(Candidate(key, "launch", later[0].day.value(), f, "rule:launch/postponed", 1.0, later[0],
                                 {"planned": True, "voluntary": False}))
    return out


# "the interaction between NYCI and RGGI is still under study", "NYCI与RGGI之间的协同机制仍在研究中": what is studied is
# how two markets relate, not whether one of them should exist.
BETWEEN = {"en": rx(r"\b(?:interaction|interplay|relationship|coordination|overlap|alignment|synerg\w+|interface)\s+(?:between|of|with)\b"),
           "zh": rx(r"之间", 0)}


def status_words(f: Frame) -> list[Candidate]:
    cues, out = CUES[f.lang], []
    if f.section_status:
        out += [Candidate(k, "status_word", f.section_status, f, "rule:status/section") for k in f.group]
    for kind, status in (("develop", "under_development"), ("consider", "under_consideration"), ("operate", "in_force")):
        for m in cues[kind].finditer(f.text):
            key = subject(f, m.start())
            if key is None:
                continue
            clause = clause_of(f, m.start())
            if status == "in_force" and HYPOTHETICAL[f.lang].search(f.text[clause[0]:clause[1]]):
                continue  # "if the bill passes, the market will cover ...": nothing operates yet
            # Considering or developing the market itself ("studying an ETS", "筹建碳市场"), not a change to it
            # ("considering raising the price").
            governs = _market_object(f, m.end(), clause) or (status != "in_force" and _market_subject(f, m.start(), clause)
                                                            and not BETWEEN[f.lang].search(f.text[clause[0]:m.start()]))
            # Chinese puts the change before the word as often as after it ("是否纳入尚在评估之中").
            change = CHANGE[f.lang].search(f.text[clause[0] if f.lang == "zh" else m.end():clause[1]])
            weight = 1.0 if governs and not (change and status != "in_force") else 0.4
            # The word nearest the market it governs decides between two ("passed a bill requiring a study of an ETS").
            gap = min([mm.start - m.end() for mm in f.markets if mm.start >= m.end()] + [len(f.text)])
            out.append(Candidate(key, "status_word", status, f, f"rule:status/{kind}" + ("" if weight >= 1 else "/weak"), weight,
                                 extra={"gap": gap}))
    return out


def _moved_into(f: Frame, s1: int, clause: tuple[int, int]) -> tuple[re.Match, Ref] | None:
    """"发电、钢铁企业进入国家市场", "fuels due to move into the new EU ETS 2": the verb after a sector and the
    market it moves into, which covers it from then on."""
    reach = 16 if f.lang == "zh" else 30
    for mv in MOVE_INTO[f.lang].finditer(f.text, s1, clause[1]):
        target = [r for r in f.refs if mv.end() <= r.start <= mv.end() + reach and r.how != "place"
                  and not re.search(r"[，,；;。]", f.text[mv.end():r.start])]
        if target:
            return mv, target[0]
    return None


def coverage(f: Frame) -> list[Candidate]:
    cues, out = CUES[f.lang], []
    if not f.sectors:
        return out
    covers = list(cues["cover"].finditer(f.text))
    if not covers and not MOVE_INTO[f.lang].search(f.text):
        return out
    market_spans = [(mm.start, mm.end) for mm in f.markets]
    last: Candidate | None = None
    last_end = 0
    for s0, s1, sector in f.sectors:
        if last is not None and f.lang == "zh" and LIST_GOES_ON.fullmatch(f.text[last_end:s0]):
            # "纳入…的发电厂，以及钢铁、水泥等工业设施": the list goes on past a comma with 以及.
            out.extend(Candidate(k, "sector", sector, f, last.method, extra=dict(last.extra)) for k in co_subjects(f, last.key))
            last_end = s1
            continue
        clause = clause_of(f, s0)
        moved = _moved_into(f, s1, clause)
        if moved:
            mv, target = moved
            if not cues["cover_not"].search(f.text[max(clause[0], s0 - 12):s0]):
                hedge = bool(cues["cover_hedge"].search(f.text[clause[0]:mv.start()]))
                out.append(Candidate(target.key, "sector", sector, f, "rule:sector/planned" if hedge else "rule:sector/moved",
                                     extra={"planned": hedge}))
            continue
        if (OTHER_INSTRUMENT[f.lang].search(f.text[clause[0]:s0])
                and not any(clause[0] <= mm.start < clause[1] for mm in f.markets)):
            continue  # "碳費正式開徵，首批徵收對象為電力業及製造業", "CBAM … importers of steel": whom a tax or levy charges
        if re.match(r"\s*(?:碳汇|减排项目|项目|(?:offset |carbon )?credits?|offsets?|projects?|removals?)", f.text[s1:s1 + 16], re.I):
            continue  # where offset credits come from ("林业碳汇", "forestry credits") is not what the market covers
        opening = re.search(r"[(（][^)）]*$", f.text[max(0, s0 - 40):s0])
        outer = [x for _, e, x in f.sectors if e <= s0 - len(opening.group(0))] if opening else []
        if outer and outer[-1] in sector:
            continue  # "aviation (domestic flights ...)": the parenthesis narrows the sector named before it
        near = [c for c in covers if clause[0] <= c.start() < clause[1]]
        enumerated = False
        if not near:
            # "应当纳入本计划：（一）水泥熟料生产；（二）钢铁冶炼；": an item of a list a colon opens after the cue.
            lead = _list_lead(f, s0)
            near = [c for c in covers if lead and lead[0] <= c.start() < lead[1]]
            if not near:
                continue
            clause, enumerated = (lead[0], clause[1]), True
        cue = min(near, key=lambda c: abs(c.start() - s0))
        into = next((mm for mm in f.markets if cue.end() <= mm.start <= cue.end() + 2), None) if f.lang == "zh" else None
        if into is not None and cue.group(0) == "纳入" and not any(r.start == into.start for r in f.refs):
            continue  # "钢铁企业已纳入全国碳市场管理": covered by the market named after 纳入, one this text leaves unplaced
        lo, hi = min(cue.start(), s0), max(cue.end(), s1)
        if f.lang == "zh" and not enumerated:
            gap = f.text[cue.end():s0] if cue.end() <= s0 else f.text[s1:cue.start()]
            for a, b, _ in f.sectors:
                gap = gap.replace(f.text[a:b], "")
            # "陶瓷、纺织、造纸和平板玻璃企业，应当纳入…": the rest of an enumeration of firms, then the cue.
            listed = cue.start() > s0 and re.fullmatch(r"(?:[、和及与]*[\u4e00-\u9fff]{1,8}?)*(?:等)?(?:行业|企业|设施|单位)[，,]\s*"
                                                        r"(?:应当|必须|需要|应|须|需|也|均|都|将|一律)*", gap) or (
                # "陶瓷、纺织、造纸行业中，年综合能耗达到1万吨标准煤以上的企业，纳入…": the sectors' firms above a threshold
                cue.start() > s0 and re.fullmatch(r"[、和及与]*(?:[\u4e00-\u9fff]{1,8}?[、和及与]*)*?(?:等)?(?:行业|领域)中?[，,]"
                                                  r"[^。；]{0,60}?(?:以上|以下|达到|超过)[^。；，,]{0,12}?(?:的?(?:企业|单位|设施)[，,]?)?\s*"
                                                  r"(?:应当|必须|需要|应|须|需|也|均|都|将|一律)*", gap))
            # "只纳入两个行业，即发电和石油炼制": what follows 即/包括/例如 names what the clause before counted.
            named = re.fullmatch(r"[^，。；]{0,10}[，,]\s*(?:即|包括|例如|比如|如|主要是|分别是|分别为)", gap) or (
                # "它覆盖的行业比较多，电力、石化…": the clause counts the sectors, the next one names them.
                cue.end() <= s0 and re.fullmatch(r"的?(?:行业|部门|领域|范围)[^，。；]{0,6}[，,：:]\s*(?:[、，,和及与\s]|以及|还有)*", gap))
            if (re.search(r"[，,；]", gap) and re.sub(r"[、，,和及与以及等行业企业领域部门的\s]|应当|必须|需要|[应须需也均都]", "", gap)
                    and not listed and not named):
                continue  # another clause: "纳入该市场，有助于引导它们采购绿色电力" (a list may run over commas)
        w0 = max(clause[0], lo - (60 if f.lang == "en" else 12))
        if f.lang == "zh":
            # "发电企业已转入全国碳市场，目前试点覆盖陶瓷": a word before the comma speaks of another clause.
            w0 = max([w0] + [w0 + c.end() for c in re.finditer(r"[，,]", f.text[w0:lo])])
        window = f.text[w0:hi]
        for a, b in market_spans:  # a market's own name ("排放交易计划") says nothing of coverage
            if a >= max(clause[0], lo - 25) and b <= hi:
                window = window.replace(f.text[a:b], " " * (b - a))
        if cues["cover_not"].search(window) or UNDECIDED[f.lang].search(window):
            continue  # not covered, or not decided either way ("航空业是否纳入，另行研究", "whether to add shipping")
        if f.lang == "zh" and (TOPIC_NOUN_ZH.match(f.text, cue.end()) or ABOUT_ZH.match(f.text)):
            continue  # "三、关于冷链物流纳入问题", "四、关于将内河航运纳入试点": an item about the inclusion, not one made
        # A scope that is proposed, studied or "will" come with no date is the scope a market is to have: its
        # coverage only while it is not yet in force (the facts stage decides); an operating market's proposed
        # extension is not coverage yet. A proposal earlier in the sentence governs the list after it
        # ("consultations on two proposed extensions: including domestic maritime ...").
        will = [w for w in re.finditer(r"\bwill\b|将|拟", window) if not _ba(f, w0 + w.start(), w.group(0))]
        planned = (bool(cues["cover_hedge"].search(window)) or bool(re.match(OPTION[f.lang], f.text, re.I))
                   or bool(PENDING[f.lang].search(f.text, clause[0]))
                   or bool(LIST_HEDGE[f.lang].search(f.text, 0, s0 if f.lang == "en" else clause[1]))
                   or bool(will) and not any(clause[0] <= d.start < clause[1] for d in f.dates))
        key = _included_in(f, cue, s0)
        if key is None:
            key = _relative_head(f, s1, clause) or subject(f, cue.start() if cue.start() < s0 else s0)
        if not key:
            continue
        last = Candidate(key, "sector", sector, f, "rule:sector/planned" if planned else "rule:sector/coverage",
                         extra={"planned": planned})
        last_end = s1
        out.append(last)
        # "上海、北京两地的试点均覆盖电力行业": a plural mention's other markets are covered alike.
        out.extend(Candidate(k, "sector", sector, f, last.method, extra=dict(last.extra)) for k in co_subjects(f, key)[1:])
    return out


# Items the vocabulary does not know may stand between two it does ("电力、石化、化工、钢铁"); after the comma,
# items added since ("，以及近年新增的陶瓷、港口") are covered too, items to come ("以及拟纳入的") are not.
LIST_GOES_ON = rx(r"(?:、[\u4e00-\u9fff]{1,4})*(?:[、\u4e00-\u9fff]{0,4}[，,]\s*(?:以及|及|还有|另有|乃至)(?:所有|全部|部分)?"
                  r"(?:(?:(?!计划|拟|将|预计|可能|或)[\u4e00-\u9fff\d]){0,6}?(?:新增|增加|增补|扩大|扩展|加入|纳入|增设)的)?|[、和及与]|以及)", 0)


UNDECIDED = {"en": rx(r"\bwhether\b"), "zh": rx(r"是否|另行|待定|有待", 0)}
# The cue as the noun of a topic, the item of an agenda or a work plan ("纳入问题", "扩围工作", "纳入事宜").
TOPIC_NOUN_ZH = rx(r"的?(?:问题|工作|事宜|事项|进展|安排)", 0)
# A line that is all a 关于 phrase ("(四、)关于将内河航运纳入试点"): the title of an item, a reply or a notice, whose body
# says what is decided; "关于覆盖范围，该市场纳入…" goes on past its comma to a statement.
ABOUT_ZH = rx(r"\s*(?:[一二三四五六七八九十\d]+[、.．]\s*)?关于[^，,：:；;。]*。?\s*$", 0)


def _ba(f: Frame, pos: int, word: str) -> bool:
    """"将城市轨道交通纳入管理": 将 marks the object it moves (a sector within a few characters), not the future."""
    return word == "将" and any(pos < a <= pos + 4 for a, _, _ in f.sectors)


# A list item's mark: "（一）", "一、", "(d)", "2)", "a. ", a bullet.
LIST_ITEM = re.compile(r"\s*(?:[;；]\s*)?(?:[(（][一二三四五六七八九十\da-zA-Z]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|[a-zA-Z\d]{1,2}[.)](?=\s)|[-–•·*▪])\s*")


def _list_lead(f: Frame, s0: int) -> tuple[int, int] | None:
    """The clause that ends in the colon opening the list ``s0`` is an item of, when everything between the colon
    and the item is earlier items ("…纳入本计划：（一）水泥熟料生产；（二）钢铁冶炼"); else None."""
    colon = max(f.text.rfind("：", 0, s0), f.text.rfind(":", 0, s0))
    if colon < 0:
        return None
    items = f.text[colon + 1:s0]
    # Items marked ("（一）…；（二）…") or only separated by semicolons ("涵蓋範圍：發電廠；工業製程；…").
    if not (LIST_ITEM.match(items) or re.fullmatch(r"[^，,。!?！？:：]{0,100}", items)) or re.search(r"[。.!?！？]\s", items):
        return None
    start = clause_of(f, max(colon - 1, 0))[0]
    return (start, colon)


def _included_in(f: Frame, cue: re.Match, s0: int) -> str | None:
    """"已纳入全国碳排放权交易市场的发电企业": the market a Chinese relative clause says the firms were brought
    into, whatever the sentence goes on to say of another market."""
    if f.lang != "zh" or cue.end() > s0:
        return None
    into = [mm for mm in f.markets if cue.end() <= mm.start and re.fullmatch(r"的", f.text[mm.end:s0])]
    if not into:
        return None
    # A market the text names but the stage could not place: no other market gets its firms ("" = none).
    return next((r.key for r in f.refs if r.start == into[-1].start and r.how != "place"), "")


def _relative_head(f: Frame, pos: int, clause: tuple[int, int]) -> str | None:
    """Chinese puts a relative clause before its noun: "覆盖建筑……的独立碳市场（欧盟碳市场2）"."""
    if f.lang != "zh":
        return None
    after = [r for r in f.refs if pos <= r.start < clause[1]]
    if after and "的" in f.text[pos:after[0].start] and not re.search(r"[，,；]", f.text[pos:after[0].start]):
        return after[0].key
    return None


# A link that has happened, whatever planning words stand around it ("the long-negotiated link ... formally took
# effect", "became interchangeable yesterday").
LINK_DONE = {"en": rx(r"\blink(?:age|ing)?\b[^.;]{0,120}?\b(?:took|has taken|have taken|came into|entered into) (?:effect|force)\b|"
                      # "talks opened in 2021 … and the joint market has operated since January 2025": the talks are over
                      r"\b(?:joint|linked|combined|common) (?:carbon )?market (?:has |have )?(?:operated|been operating|opened|"
                      r"started|began|been running|run) (?:since|in|on|from)\b|"
                      r"\bbec(?:ame|ome) (?:fully )?interchangeable\b|\b(?:were|was|are|have been|has been) (?:formally |officially |fully )?linked\b"),
             "zh": rx(r"(?:连接|链接|互认)[^，。；]{0,20}(?:正式生效|已生效|已经生效)|(?:已|已经)(?:正式)?(?:实现)?(?:连接|链接|互认)|正式连接", 0)}
NOT_YET = {"en": rx(r"has not|have not"), "zh": rx(r"尚未", 0)}
# "discussed linking with X around 2013, but those talks were abandoned", "曾商讨连接，但谈判已经搁置": talks given up,
# said after the link word anywhere in its sentence, leave no plan.
GIVEN_UP = {"en": rx(r"\b(?:talks|negotiations|discussions|plans?|efforts?|process|idea)\b[^.;]{0,40}?\b(?:(?:were|was|has been|have been) "
                     r"(?:abandoned|shelved|dropped|called off|suspended)|fell through|broke down|collapsed|stalled)\b"),
            "zh": rx(r"(?:谈判|磋商|商讨|计划|进程)[^。；]{0,8}(?:搁置|告吹|破裂|中止|终止|放弃|流产)", 0)}
LINK_TALKS = {"en": rx(r"\b(?:talks|negotiat\w+|round of|process of link\w*)\b"), "zh": rx(r"谈判|磋商|商讨|会谈", 0)}


PARTY = {"en": (rx(r"\b(?:with|and|between|for)\s+(?:the\s+)?(?:(?:Republic|State|Province|City|Kingdom|Federation|Commonwealth|Emirate)\s+of\s+)?$"),
                rx(r"(?:['’]s?)?\s+(?:(?:is|are|has|have|was|were)\s+(?:now\s+|still\s+)?)?(?:and|with|negotiat\w+|in talks)\b")),
         "zh": (rx(r"[与和同及、跟]$", 0), rx(r"(?:正在|正|已|将|仍|也|亦|还)?[与和同及、跟]", 0))}
WITH = {"en": rx(r"\bwith\s+(?:the\s+|an?\s+)?(?:(?:joint|linked|shared|combined|existing|common)\s+)*$"),
        "zh": rx(r"(?:与|同|跟)$", 0)}
QUALIFIES = {"en": rx(r"(?:['’]s)?\s*,?\s*"), "zh": rx(r"(?:共和国|王国|联邦|国)?(?:的|辖下的?|下辖的?|治下的?|境内的?)?", 0)}


def partner_markets(systems: dict[str, DocSystem], frames: list[Frame]) -> None:
    """A place a link clause names beside a market stands for that place's market, even where the document says
    nothing more of it ("negotiators for Ambrell and the City of Port Lenhari held … linkage talks", "与萨本德拉的连接
    谈判"): a link has two markets. Only where the clause says the link is in place or under negotiation, and the
    sentence is about a market (one it names, or the one under discussion)."""
    for f in frames:
        if not (f.refs or f.topic or f.markets):
            continue
        cues = CUES[f.lang]
        for m in cues["link"].finditer(f.text):
            c0, c1 = clause_of(f, m.start())
            text = f.text[c0:c1]
            if (not (LINK_TALKS[f.lang].search(text) or cues["linked"].search(text)) or cues["link_not"].search(text)
                    or SUPPOSED[f.lang].search(text)):
                continue
            for pm in f.places:
                key = place_key(pm.place, pm.new_name)
                if not c0 <= pm.start < c1 or any(r.start <= pm.start < r.end for r in f.refs):
                    continue
                # Only a place joined to the other party ("with Y", "Y and", "与Y"), not one that qualifies the
                # next place ("加拿大魁北克省", "森纳维亚共和国辖下的文德尔省") nor a currency or an adjective.
                joined = PARTY[f.lang][0].search(f.text[max(0, pm.start - 40):pm.start]) or PARTY[f.lang][1].match(f.text[pm.end:])
                if not joined or any(q.start >= pm.end and QUALIFIES[f.lang].fullmatch(f.text[pm.end:q.start]) for q in f.places):
                    continue
                if key not in systems:
                    written = f.passage.text[f.offset + pm.start:f.offset + pm.end] if pm.place is None else ""
                    systems[key] = DocSystem(key, pm.place, written, first=(f.passage.id, f.offset + pm.start, f.offset + pm.end))
                f.refs.append(Ref(pm.start, pm.end, key, "place"))
            f.refs.sort(key=lambda r: r.start)


RELATIVE = {"en": rx(r",\s+(?:which|that)\b"), "zh": rx(r"(?!)", 0)}


# A figure's or a table's caption ("Figure 3.1: Allowance prices … (lines: California–Québec joint auction, RGGI,
# Washington)", "图2 …"): it names what is plotted, side by side, and links none of it.
FIGURE_CAPTION = rx(r"^\s*(?:(?:Figure|Fig\.|Chart|Graph|Exhibit|Table)\s*[\dA-Z][\w.-]*\s*[:.：—–-]|[图圖表]\s*[\d一二三四五六七八九十]+(?:[.-]\d+)?(?:\s|[:：]))")


def linkage(f: Frame) -> list[Candidate]:
    cues, out = CUES[f.lang], []
    if FIGURE_CAPTION.match(f.text):
        return out
    # "连接情况：- 加州与魁北克…连接": the link word of a label says what the lines under it are about.
    label_end = re.search(r"[:：]", f.text).end() if LABEL_LINE.match(f.text) and not f.cell else 0
    for m in cues["link"].finditer(f.text, label_end):
        clause = (0, len(f.text)) if f.cell else clause_of(f, m.start())  # a cell's "TW;OK" lists, it parts no clauses
        # "linking its program with the California and Québec system, which has been linked since 2014": a relative
        # clause speaks of the market right before it; the main clause ends where it begins.
        relative = [r.start() for r in RELATIVE[f.lang].finditer(f.text, clause[0], clause[1])]
        inner = [q for q in relative if q < m.start()]
        clause = (inner[-1], clause[1]) if inner else clause
        clause = (clause[0], min([q for q in relative if q > m.start()] + [clause[1]]))
        antecedent = _antecedent(f, inner[-1]) if inner else []
        refs = antecedent or [r for r in f.refs if clause[0] <= r.start < clause[1]] or list(f.refs)
        keys = list(dict.fromkeys(r.key for r in refs))
        if len(keys) < 2 and len(f.group) >= 2:
            keys = list(dict.fromkeys(keys + f.group))
        # The market under discussion is the partner, unless the one market named is the link's subject and a place
        # after the link word is its partner ("Qinyu's earlier link with Qiwu Province ended": Qiwu's market, which
        # this text does not describe).
        others = [pm for pm in f.places if m.end() <= pm.start < clause[1] and place_key(pm.place, pm.new_name) not in keys]
        named_before = all(r.start < m.start() for r in refs)
        # "- Swiss ETS — started 2008; linked with the EU ETS since 2020": a clause with no subject of its own speaks of
        # the market its sentence opens with, before the one under discussion in earlier sentences.
        opening = next((r.key for r in f.refs if r.start < clause[0] and r.how != "place"), None)
        lead = opening or f.topic
        # "intends to link the program with the joint California–Québec market", "将持续推动与加州、魁北克碳权市场的
        # 连结谈判": every market the clause names comes after "with", so all are partners of the one it speaks of
        # by a common noun, or of none it names.
        first = min(refs, key=lambda r: r.start, default=None)
        named = f.text[first.start:max(r.end for r in refs)] if first else ""
        partners_only = (first is not None and not antecedent and clause[0] <= first.start and len(named) <= 60
                         and not cues["link"].search(named)
                         and bool(WITH[f.lang].search(f.text[max(0, first.start - 30):first.start])))
        if partners_only and (not lead or lead in keys):
            continue
        if lead and lead not in keys and (len(keys) == 1 and not (others and named_before) or partners_only or f.cell):
            keys.insert(0, lead)  # a table cell's markets are all partners of its row's
        if len(keys) < 2:
            continue
        text = f.text[clause[0]:clause[1]]
        if cues["link_over"].search(text):
            # "the link between A and B ended", "不再与…连接": the pair's link is over, both ways
            subj = subject(f, m.start()) or keys[0]
            for k in (k for k in keys if k != subj):
                out.append(Candidate(subj, "linkage_ended", k, f, "rule:linkage/ended"))
                out.append(Candidate(k, "linkage_ended", subj, f, "rule:linkage/ended"))
            break
        # "已与加州、魁北克启动连接谈判，尚未签署协议": talks under way, an agreement not yet made; any other
        # negation ("并未承诺启动谈判") stands.
        negated = [n for n in cues["link_not"].finditer(f.text)
                   if not (LINK_TALKS[f.lang].search(text) and NOT_YET[f.lang].fullmatch(n.group(0)))]
        if negated or cues["link_ended"].search(text) or SUPPOSED[f.lang].search(text) or GIVEN_UP[f.lang].search(f.text, m.end()):
            continue  # "If the two were linked, prices would fall": a supposition links nothing
        partner = LINK_PARTNER[f.lang].search(f.text, clause[0], clause[1])
        if partner and not any(partner.start(1) <= r.start < partner.end(1) for r in f.refs):
            continue  # linked with something that is not a market ("对接净零目标轨迹", "link to the price path")
        done = LINK_DONE[f.lang].search(text)
        dated = any(clause[0] <= d.start < clause[1] and not d.range_ and (f.ref_day is None or not d.day.after(f.ref_day))
                    for d in f.dates)
        # "will be linked from 1 January 2027", "将于明年1月…实现链接": a link dated only after the text's own date is
        # still to come, whatever verb says it operates.
        # Read in the comma-clause of the link word: "于2022年启动了本国碳市场，并将于明年1月与…实现链接".
        near = (max([clause[0]] + [c.end() for c in re.finditer(r"[,，]", f.text[:m.start()])]),
                min([clause[1]] + [m.end() + c.start() for c in re.finditer(r"[,，]", f.text[m.end():])]))
        near_dates = [d for d in f.dates if near[0] <= d.start < near[1] and not d.range_]
        future = f.ref_day is not None and bool(near_dates) and all(d.day.after(f.ref_day) for d in near_dates)
        # "正与鹭汀市商讨配额互认安排": talks about a link are a plan, whatever word for a link they are about
        planned = future or bool(cues["link_planned"].search(text)) and (not cues["linked"].search(text)
                                                                          or LINK_TALKS[f.lang].search(text)) and not done
        if not planned and not (cues["linked"].search(text) or dated):
            continue  # "a link" with no word that it operates, nor a date it began
        relation = "linkage_planned" if planned else "linked_with"
        # "were formally linked on 1 July 2023": a word that the link operates, which the classifier may not overturn
        said = {"said": True} if done or cues["linked"].search(text) and not cues["link_planned"].search(text) else {}
        if planned and (LINK_TALKS[f.lang].search(text) or future):
            said = {"said": True}  # "opened formal negotiations on linking": talks, whatever the classifier reads
        # The one under discussion deals with the one a clause names ("该市场正与岚江省…谈判"); the one that opens a
        # clause of three deals with the others, listed together ("华盛顿州正与加州、魁北克就市场连接进行谈判").
        opener = keys[0] not in {r.key for r in refs} or len(keys) >= 3 or f.cell
        subj = keys[0] if opener else subject(f, m.start()) or keys[0]
        if subj not in keys and len(keys) >= 2:
            subj = keys[0]  # "the joint market run by California and Québec": the two it names, not the sentence's topic
        partners = [k for k in keys if k != subj]
        for k in partners:
            out.append(Candidate(subj, relation, k, f, f"rule:linkage/{'planned' if planned else 'linked'}", extra=said))
            # A link, in operation or in the making, is the two markets' both ways.
            out.append(Candidate(k, relation, subj, f, f"rule:linkage/{'planned' if planned else 'linked'}", extra=said))
        if not relative:
            break
    return out


def _antecedent(f: Frame, pos: int) -> list[Ref]:
    """The markets a relative clause at ``pos`` speaks of: the one named right before it, with those joined to it
    ("California and Québec, which have been linked since 2014": both, not the sentence's subject)."""
    before = sorted((r for r in f.refs if r.end <= pos), key=lambda r: r.start)
    if not before:
        return []
    last = [r for r in before if r.end == before[-1].end]
    out, start = list(last), min(r.start for r in last)
    for r in reversed(before):
        if r.end <= start and JOINED.fullmatch(f.text[r.end:start]):
            out.insert(0, r)
            start = r.start
    return out


# A supposition or a question, which states no link and no offset rule ("if the two were linked", "whether the linked
# market will be open to …", "倘若当初…允许抵销10%").
# "A linked market would allow UK and EU allowances to be used interchangeably": a link imagined, not one made.
SUPPOSED = {"en": rx(r"\b(?:if|even if|unless|whether|suppose|supposing|had (?:it|they) been)\b"
                     r"|\b(?:a|an|any) (?:[\w-]+ )?linked (?:carbon )?(?:market|system|scheme)\b[^.;]*?\b(?:would|could|might)\b"), "zh": rx(r"倘若|如果|假如|假设|即便|即使|若是|要是|是否|能否|会否", 0)}
WISHED = {"en": rx(r"\b(?:wants?|wanted|would like|wish(?:es|ed)?|hope[sd]? to|call(?:s|ed|ing)? for|lobb(?:y|ies|ied|ying)|"
                   r"urg(?:e|es|ed|ing)|push(?:es|ed|ing)? for|ask(?:s|ed|ing)? (?:for|to be allowed))\b"),
          "zh": rx(r"希望|呼吁|想要|游说|争取|盼望", 0)}
NOT_MEANT = {"en": rx(r"\b(?:does not|doesn't|did not|do not) (?:mean|imply)\b"), "zh": rx(r"不代表|不意味|并非表示|不等于", 0)}
OFFSET_CEILING = {"en": rx(r"\b(?:ceiling|cap|limit|maximum|up to|no more than|at most)\b|" + LIMIT_SIGN),
                  "zh": rx(r"上限|不超过|不得超过|最多|最高|以内|" + LIMIT_SIGN, 0)}


# A word that leaves out the international credits right after it ("未引入境外减排量", "no international units have ever
# been accepted"): the rule stated beside it is a domestic one.
INTL_DENIED = {"en": rx(r"\b(?:no|not|never|without|nor)\s+(?:\w+\s+){0,2}$"),
               "zh": rx(r"(?:未|不|没有|无|并未|从未|尚未)[\u4e00-\u9fff]{0,3}$", 0)}
# "credits of any kind, domestic or foreign": a refusal that names foreign credits among all kinds refuses them all.
ANY_KIND = {"en": rx(r"\b(?:of any kind|any kind of|any type of|of any type)\b"), "zh": rx(r"任何|一概|一律", 0)}
# Fragments write a change as an arrow ("抵换上限：4% → 6%", "Offsets: 8% -> 5%"): the share before it is the one
# changed from, the share after it the one changed to.
ARROW = r"(?:→|⟶|⇒|->|=>)"
CHANGED_FROM = {"en": rx(r"\bfrom\s*$"), "zh": rx(r"(?:由|从)\s*$", 0)}
CHANGED_TO = {"en": rx(rf"(?:\b(?:to|until)|{ARROW})\s*$"), "zh": rx(rf"(?:至|到|为|{ARROW})\s*$", 0)}
ARROW_AFTER = re.compile(rf"\s*{ARROW}")


def changed_from(text: str, lang: str, pcts) -> list[re.Match]:
    """The shares among ``pcts`` that a change starts from ("from 5% to 8%", "由5%提高到8%", "4% → 6%")."""
    return [q for q in pcts if CHANGED_FROM[lang].search(text[max(0, q.start() - 8):q.start()])
            or ARROW_AFTER.match(text, q.end())]
# A change only proposed ("Staff proposed raising the cap from 6% to 8%", "有企业建议将抵消比例由5%提高到8%") leaves the
# share it would change from in force.
PROPOSED = {"en": rx(r"\b(?:propos(?:e|es|ed|al|als|ing)|recommend\w*|suggest\w*|floated|mooted)\b"),
            "zh": rx(r"建议|提议|拟议|倡议", 0)}


def offsets(f: Frame) -> list[Candidate]:
    """The first clause that states a rule decides ("可以使用CCER抵销部分排放，但抵销量不得超过8%": the second)."""
    cues, out = CUES[f.lang], []
    read = set()
    for m in cues["offset"].finditer(f.text):
        clause = clause_of(f, m.start())
        if clause in read:
            continue
        read.add(clause)
        text = own = f.text[clause[0]:clause[1]]
        if not cues["pct"].search(text) and clause[1] < len(f.text) - 1:
            # "企业可以使用国内减排项目产生的抵销信用，但使用量不得超过…的5%": the limit in the next clause, which
            # names the credits no more.
            after = clause_of(f, clause[1] + 1)
            rest = f.text[clause[1]:after[1]]
            if cues["pct"].search(rest) and OFFSET_CEILING[f.lang].search(rest) and not cues["offset"].search(rest):
                text = f.text[clause[0]:after[1]]
        key = subject(f, m.start())
        if key is None or SUPPOSED[f.lang].search(text) or WISHED[f.lang].search(text):
            continue  # "倘若当初开市时就允许抵销10%", "if offsets were allowed", "firms want to use international
            # credits": a supposition or a wish states no rule
        if f.polar == "no" and m.start() < f.text.find(":" if f.lang == "en" else "："):
            # "Offsets allowed | N (no international credits since 2021)": the header asks, the cell says no.
            out.append(Candidate(key, "offset_rule", "none", f, "rule:offsets/none"))
            break
        intl = cues["offset_intl"].search(own)
        none = cues["offset_none"].search(own)  # a refusal is the credits' own clause's
        if none and NOT_MEANT[f.lang].search(text[:none.start()]):
            none = None  # "并不代表该试点不允许抵销": a denial the text itself denies
        if none and intl and abs(none.start() - intl.start()) < 60 and not ANY_KIND[f.lang].search(own):
            # "credits from overseas projects are not accepted": only international credits are refused.
            intl, none = None, None
            if not cues["pct"].search(text):
                continue
        if none:
            out.append(Candidate(key, "offset_rule", "none", f, "rule:offsets/none"))
            break
        # "6.1% of all units surrendered, inside the 8% ceiling": the share next to a word of limit is the limit.
        # A share of the offsets themselves ("不得超过抵销总量的40%", "40% of the offsets used") is no share of the
        # obligation.
        pcts = [p for p in cues["pct"].finditer(text) if not OF_OFFSETS[f.lang].search(text[max(0, p.start() - 12):p.start()])
                and not OF_OFFSETS[f.lang].match(text, p.end())]
        unlimited = cues["offset_unlimited"].search(text)
        # The words that deny a limit ("without a hard limit") are no word of one.
        bare = text if not unlimited else text[:unlimited.start()] + " " * len(unlimited.group(0)) + text[unlimited.end():]
        limits = [p for p in pcts if OFFSET_CEILING[f.lang].search(bare[max(0, p.start() - 12):p.end() + 12])]
        if not intl and unlimited and unlimited.start() < len(own) and OFFSET_CEILING[f.lang].search(unlimited.group(0)) and not limits:
            # "without a hard limit — above 30% they just have to explain why": a limit denied outright leaves a
            # share with no word of limit beside it a threshold of another kind.
            out.append(Candidate(key, "offset_rule", "domestic_unlimited", f, "rule:offsets/unlimited"))
            break
        pct = (limits or pcts or [None])[0]
        # "raised its offset limit from 5% to 8%", "上限由10%降至5%": the share it was changed to is the limit.
        changed = [p for p in pcts if CHANGED_TO[f.lang].search(text[max(0, p.start() - 12):p.start()])]
        origins = changed_from(text, f.lang, pcts)
        if changed and origins:
            pct = origins[0] if PROPOSED[f.lang].search(text) else changed[-1]
        value = None
        if pct:
            value = pct.group("pct") if pct.groupdict().get("pct") else str(chinese_number(pct.group("pctzh")) or "")
        if pct and value and (cues["limit"].search(text) or f.lang == "zh"):
            # "…不超过10%的抵销比例，未引入境外减排量": international credits left out are no international rule.
            rule = "international" if intl and not INTL_DENIED[f.lang].search(own[:intl.start()]) else "domestic_limited"
            out.append(Candidate(key, "offset_rule", rule, f, "rule:offsets/limit"))
            out.append(Candidate(key, "offset_limit_pct", f"{float(value):g}", f, "rule:offsets/limit"))
        elif (intl and not cues["not"].search(text[:max(0, intl.start() - clause[0])][-40:] + text[intl.end() - clause[0]:][:40])
              and not OFFSET_HEDGE[f.lang].search(text)):  # "Article 6 may drive demand for international credits"
            out.append(Candidate(key, "offset_rule", "international", f, "rule:offsets/international"))
        elif cues["offset_unlimited"].search(text):  # a limit denied in the next clause ("…，但不设上限")
            out.append(Candidate(key, "offset_rule", "domestic_unlimited", f, "rule:offsets/unlimited"))
        elif f.cell and DOMESTIC_CREDITS[f.lang].search(text) and not intl:
            # "Offsets | Y (domestic only)", "抵销信用类型 | CCER、省级碳普惠": credits of home only, their share set in
            # a column of its own.
            out.append(Candidate(key, "offset_rule", "domestic_limited", f, "rule:offsets/domestic"))
        else:
            continue
        break
    # "广东、湖北和深圳三个试点的上限均为10%", "Neither A nor B accepts offsets": a rule dealt out to several markets.
    return [replace(c, key=k) for c in out for k in co_subjects(f, c.key)]


def design(f: Frame) -> list[Candidate]:
    cues, out = CUES[f.lang], []
    if GLOSS[f.lang].search(f.text):
        return out  # "cap-and-trade 译为「总量管制与交易」": a translator's gloss names a design, no market has it
    for kind, value in (("cap_and_trade", "cap_and_trade"), ("intensity", "intensity")):
        for m in cues[kind].finditer(f.text):
            clause = clause_of(f, m.start())
            lead = f.text[max(clause[0], m.start() - 25):m.start()]
            if cues["not"].search(lead) or re.search(r"\b(?:previous|former|replac\w*)\b|原|取代", lead, re.I):
                continue
            if kind == "intensity" and not re.search(r"强度|intensity", m.group(0), re.I) and (re.match(r"[^，,。；;]{0,6}?(?:分配|分发|核定配额)", f.text[m.end():]) or re.search(
                    r"\ballocat\w*\s+(?:\w+\s+){0,4}$|\bfree(?:ly)?\s+(?:\w+\s+){0,3}$", lead, re.I)):
                continue  # benchmarks that allocate allowances ("以行业基准分配配额") say how, not what is capped;
                # an intensity benchmark does ("按基于排放强度的基准分配")
            key = subject(f, m.start())
            if key is None:
                continue
            out.append(Candidate(key, "design", value, f, f"rule:design/{kind}"))
    cap = CAP_COLUMN[f.lang].match(f.text) if f.cell else None
    if cap and not out and f.topic and re.search(r"\d", f.text[cap.end():]):
        # "Cap 2025 (MtCO2e) | 1,386": a table that gives a market's cap in tonnes says it caps them.
        out.append(Candidate(f.topic, "design", "cap_and_trade", f, "rule:design/cap_column"))
    return out


# A table column of absolute caps: "Cap 2025 (MtCO2e)", "Emissions cap", "配额总量（万吨）", "总量上限".
CAP_COLUMN = {"en": rx(r"\s*(?:(?:annual|emissions?|allowance) )?cap\b(?![- ]and)[^:]{0,30}:"),
              "zh": rx(r"\s*(?:\d{4}年)?(?:年度)?(?:配额总量|排放总量|总量上限|总量)[^：]{0,20}：", 0)}


# A fact sheet's or a table column's label of the level ("Level: subnational", "级别：省级").
LEVEL_LABEL = re.compile(r"^\s*(?:[-–•*·]\s*)?(?:(?i:level|jurisdiction level|tier)|级别|层级|层次)\s*[:：]\s*(?P<value>[^\n]{1,30})$")


def levels(f: Frame) -> list[Candidate]:
    out = []
    label = LEVEL_LABEL.match(f.text)
    word = level_word(label.group("value"), f.lang) if label else ""
    if word and f.topic:
        out.append(Candidate(f.topic, "level", word, f, "rule:level/label"))
    for mm in f.markets:
        # "地方试点" is a local pilot: a city's stays a city's market.
        if mm.level_word and not (mm.level_word == "subnational" and mm.place is not None and mm.place.type == "city"):
            ref = next((r for r in f.refs if r.start == mm.start and r.how == "name"), None)
            if ref:
                out.append(Candidate(ref.key, "level", mm.level_word, f, "rule:level/wording"))
    return out


PREDICATES = (launches, status_words, coverage, linkage, offsets, design, levels)
TABLE_ROW = re.compile(r"^\s*(?P<name>\S.*?)\s+(?P<pct>\d+(?:[.,]\d+)?)\s*[%％]\s*$")
OFFSET_WORD = re.compile(r"offset|抵销|抵消|抵换|碳信用", re.I)


def offset_tables(frames: list[Frame]) -> set[str]:
    """List passages whose rows are "<system> <share>%" and whose caption speaks of offsets.

    Charts put the caption before or after their rows, so the next passage of
    another section counts as the caption too.
    """
    passages = list(dict.fromkeys(f.passage.id for f in frames))
    by_id = {f.passage.id: f.passage for f in frames}
    # A text table with cells under headers ("试点 | 开市时间 | … | CCER抵销上限") is read cell by cell.
    celled = {f.passage.id for f in frames if f.row is not None}
    out = set()
    for i, pid in enumerate(passages):
        p = by_id[pid]
        if pid in celled:
            continue
        rows = [line for line in p.text.split("\n") if TABLE_ROW.match(line)]
        if len(rows) < 3:
            continue
        after = next((by_id[q] for q in passages[i + 1:] if by_id[q].section != p.section), None)
        caption = " ".join([p.section, p.text, after.section if after else "", after.text[:200] if after else ""])
        if OFFSET_WORD.search(caption):
            out.add(pid)
    return out


def table_offsets(f: Frame) -> list[Candidate]:
    """A row of an offsets table: the share of an obligation that offset credits may cover.

    A row that names a system and gives no share says the system takes no offsets (an empty cell).
    """
    m = TABLE_ROW.match(f.text)
    if m is None:
        refs = [r for r in f.refs if r.start == 0 and r.how == "name"]
        if refs and not re.search(r"\d", f.text):
            return [Candidate(refs[0].key, "offset_rule", "none", f, "rule:offsets/table-empty")]
        return []
    refs = [r for r in f.refs if r.start < len(m.group("name"))]
    if not refs:
        return []
    value = float(m.group("pct").replace(",", "."))
    rule = "domestic_unlimited" if value >= 100 else "domestic_limited"
    return [Candidate(refs[0].key, "offset_rule", rule, f, "rule:offsets/table"),
            Candidate(refs[0].key, "offset_limit_pct", f"{value:g}", f, "rule:offsets/table")]


# Where the wording rules decide between close predicate classes, the sentence classifier over
# multilingual embeddings (ingest.classify) has the last word: it was trained on labelled sentences
# of many genres, the rules on cue words. Only sentences with such a decision are encoded.
ARBITRATED = {"status_word", "linked_with", "linkage_planned"}
# A scope or a design the rules read may stand in a sentence that, as a whole, only proposes, asks, studies, excludes
# or speaks of something else ("investors should check whether planned wind farms fall within the annual cap",
# "公布了关于民航纳入问题的评估结论：近期不纳入", "the discount on heating fuel charges is extended"): the cue words sit in
# the rules' window, the words that govern them may not. The classifier reads the whole sentence; what it reads as only such a sentence states no scope or design.
DOUBTED = {"sector", "design"}
NOT_STATED = {"coverage_excluded", "under_consideration", "other"}
DESIGNS = {"design_cap_and_trade", "design_intensity"}
LINKS = {"linked", "link_planned", "link_ended"}
# Encoding costs ~40 ms a sentence and a report states scopes and designs in most of its sentences: only those with a
# word that can take a claim back are put to the classifier (a hedge or negation of coverage, an ask, another
# instrument, a wish, a condition, a question, the allocation or price of allowances); a plain statement is the rules'.
DOUBT = {"en": rx(r"\b(?:support\w*|welcome\w*|oppos\w*|favou?r\w*|prefer\w*|request\w*|should|hope\w*|wish\w*|"
                 r"allocat\w*|prices?|auction\w*|charges?|if|unless|question\w*)\b"),
         "zh": rx(r"支持|赞成|反对|希望|要求|请求|应当|分配|价格|拍卖|费用|收费|如果|若|假如|如何|是否|吗", 0)}


def doubted(c: Candidate) -> bool:
    """Whether a scope or design candidate is put to the classifier: not a table cell (no sentence), not a scope the
    rules already hold as planned, and only in a sentence with a word that can take the claim back."""
    f = c.frame
    if "table" in c.method or c.relation == "sector" and c.extra.get("planned"):
        return False
    return any(r.search(f.text) for r in (CUES[f.lang]["cover_hedge"], CUES[f.lang]["cover_not"], ASKED_FOR[f.lang],
                                            OTHER_INSTRUMENT[f.lang], DOUBT[f.lang]))


def arbitrate(candidates: list[Candidate], classify=None) -> list[Candidate]:
    """Let the sentence classifier confirm or correct the rules' status, linkage, scope and design classes."""
    # A table cell is no sentence: the classifier, trained on sentences, has nothing to read in "link (…): CA;QC".
    todo = [c for c in candidates if not c.frame.cell and (
        c.relation in ARBITRATED and not (c.relation == "status_word" and c.value == "in_force")
        or c.relation in DOUBTED and doubted(c))]
    if not todo:
        return candidates
    if classify is None:
        from ingest.classify import default_classifier

        classify = default_classifier().predict_labels
    texts = list(dict.fromkeys(c.frame.text for c in todo))
    labels = dict(zip(texts, classify(texts)))
    out = []
    for c in candidates:
        if c not in todo:
            out.append(c)
            continue
        got = labels[c.frame.text]
        if c.relation == "launch":
            if "law_adopted" in got and not got & {"launch_done", "launch_planned"}:
                continue
            if not c.extra.get("planned") and "launch_planned" in got and "launch_done" not in got:
                c.extra = {**c.extra, "planned": True}
                c.method += "+embedding"
        elif c.relation == "status_word":
            other = {"under_development": "under_consideration", "under_consideration": "under_development"}[c.value]
            if other in got and c.value not in got:
                c.value, c.method = other, c.method + "+embedding"
        elif c.relation == "sector":
            # Held as a scope to come (the facts stage keeps it only while the market does not run), as the rules'
            # own hedges are: "not yet covered" is still what a market being built is to cover.
            if "coverage" not in got and got & NOT_STATED:
                c.extra, c.method = {**c.extra, "planned": True}, c.method + "+embedding"
        elif c.relation == "design":
            if not got & DESIGNS and got & NOT_STATED:
                continue
        elif "link_ended" in got and not got & {"linked", "link_planned"}:
            continue
        elif not got & LINKS and got & NOT_STATED and not c.extra.get("said"):
            continue  # "a link … has been discussed …, but no negotiations had been opened": no link, none planned
        elif c.relation == "linked_with" and "link_planned" in got and "linked" not in got and not c.extra.get("said"):
            c.relation, c.method = "linkage_planned", c.method + "+embedding"
        elif c.relation == "linkage_planned" and "linked" in got and "link_planned" not in got and not c.extra.get("said"):
            c.relation, c.method = "linked_with", c.method + "+embedding"
        out.append(c)
    return out


OF_OFFSETS = {"en": rx(r"\s*of (?:the |all |total )?(?:offsets?|credits)\b(?! (?:to|against|towards))|of (?:the |all )?offsets? (?:used|surrendered)$"),
              "zh": rx(r"(?:抵销|抵消|抵扣|抵换)(?:总量|总额|量)的?$", 0)}  # frames are simplified Chinese
# Credits of home: "domestic only", "provincial projects", "in-region projects", "CCER", "省内项目".
DOMESTIC_CREDITS = {"en": rx(r"\b(?:domestic|provincial|in-region|in-state|local|national|CCERs?)\b"),
                    "zh": rx(r"国内|境内|省内|市内|本地|本省|本市|CCER|核证自愿减排|碳普惠", 0)}
# A cell that answers its header yes or no: "Y", "N (…)", "Yes", "否", "是（…）", "✓".
POLAR = re.compile(r"\s*(?:(?P<no>N|No|None|否|无|無|✗|✘|×)|Y|Yes|是|有|✓|✔)(?=\s*(?:$|[(（;；,，:：—–-]))")
# A column of shares: "Offset limit (%)", "offset_limit_pct", "抵销比例（%）".
PERCENT_HEADER = re.compile(r"[(（]\s*[%％]\s*[)）]|(?i:\bpct\b|_pct\b|percent)|百分比")


# A Chinese column of years or dates: "启动年份", "啟動年", "开始时间", "上线日期".
YEAR_HEADER = re.compile(r"年份|年度|(?<![0-9])年$|时间|時間|日期")
# A note on a table's asterisk: a line that opens with it, or quotes it ('“*”表示', '"*" marks', 'electricity*').
STAR_NOTE = re.compile(r"^\s*[*＊]\s*\S|[“\"'「]\s*[*＊]\s*[”\"'」]|\w[*＊][”\"'」]")
STAR_PLANNED = {"en": rx(r"\b(?:planned|projection|projected|forecast|not (?:yet )?(?:adopted|in force|decided))\b"),
                "zh": rx(r"规划|预测|拟议|尚未(?:正式)?(?:实施|决定|通过)|未定", 0)}
# A column of the state of a link: "link_status", "Linkage status", "连接状态".
LINK_STATE = re.compile(r"(?i:\blink\w*[ _-]?status|status[ _-]of[ _-](?:the[ _-])?link)|(?:连接|链接)(?:状态|情况|进展)")


def with_unit(header: str, value: str) -> str:
    """"Offset limit (%) | 5", "offset_limit_pct,4 (6 from 2026)": a column or key of shares gives its figures their
    unit; "启动年份 | 2005": a column of years in Chinese, which writes a year with 年."""
    if PERCENT_HEADER.search(header):
        return re.sub(r"(?<![\d.])(\d{1,2}(?:\.\d+)?)(?![\d.%％])", r"\1%", value)
    if YEAR_HEADER.search(header):
        return re.sub(r"(?<![\d.-])((?:19|20)\d\d)(?![\d年.-])", r"\1年", value)
    return value


def column_frames(frames: list[Frame]) -> list[Frame]:
    """Each row of a text table read as its cells, every cell as a "header：value" line about the row's system
    ("覆盖范围：电力、供热"), in place of the row, whose words alone assert nothing."""
    out = []
    # "CA,California Cap-and-Trade Program,…,QC": the codes a table keys its rows by stand for their rows' markets.
    codes = {f.text[f.row.cells[0][0] - f.offset:f.row.cells[0][1] - f.offset].strip(): f.topic
             for f in frames if f.row is not None and f.row.name > 0 and f.topic}
    codes = {c: k for c, k in codes.items() if re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", c)}
    # "* 规划事项，尚未正式实施", "² Proposed only": a note that says what a table's asterisk marks as planned.
    notes = {(f.passage.doc, f.lang, to_simplified(line) if f.lang == "zh" else line) for f in frames if f.row is None
             for line in f.passage.text.split("\n") if STAR_NOTE.search(line)}
    starred = {doc for doc, lang, line in notes
               if CUES[lang]["cover_hedge"].search(line) or STAR_PLANNED[lang].search(line)}
    for f in frames:
        row = f.row
        if row is None:
            out.append(f)
            continue
        if f.topic is None:
            continue
        cells = {h: f.text[a - f.offset:b - f.offset].strip() for (a, b), h in zip(row.cells, row.headers)}
        for i, ((a, b), header) in enumerate(zip(row.cells, row.headers)):
            if i < row.name or not header:
                continue
            value = with_unit(header, f.text[a - f.offset:b - f.offset])
            if f.passage.doc in starred and i > row.name:
                # The items so marked ("冷链物流*", "electricity*") are plans the cell lists, not what the market covers.
                value = re.sub(r"[^,，、;；|｜/]*?\*", lambda m: " " * len(m.group()), value)
            # The name cell is read alone ("California Cap-and-Trade Program" is a design); a code's underscores are
            # spaces ("first_compliance").
            label = "" if i == row.name else header.replace("_", " ")
            # "linked_to | link_status": the column of a link's state says what the column of partners means.
            state = next((v for h, v in cells.items() if h != header and LINK_STATE.search(h)), "") if (
                label and CUES[f.lang]["link"].search(label)) else ""
            # The header's own word ("linked_to") says which column this is, not that the link operates.
            label = ("连接" if f.lang == "zh" else "link") + f" ({state})" if state else label
            label = to_simplified(label) if f.lang == "zh" else label
            # "N (no international credits since 2021)": a yes or a no answers the header's question; the rest of the
            # cell qualifies it. The word is blanked out so that the qualification is read on its own.
            polar = POLAR.match(value)
            if polar and label:
                value = " " * polar.end() + value[polar.end():]
            text = label + ("：" if f.lang == "zh" else ": ") * bool(label) + value
            # Offsets stay those of the cell's value, so that evidence spans point into the row.
            cell = Frame(f.passage, max(0, b - len(text)), text, f.lang, topic=f.topic, main=f.topic, ref_day=f.ref_day,
                         cell=bool(label), polar=("no" if polar.group("no") else "yes") if polar and label else "")
            # The markets and places the cell itself names ("加州与魁北克自2014年1月起连接"), moved to the cell's text.
            shift = len(text) - (b - a) - (a - f.offset)
            cell.refs = [replace(r, start=r.start + shift, end=r.end + shift) for r in f.refs
                         if a - f.offset <= r.start and r.end <= b - f.offset]
            cell.places = [replace(pm, start=pm.start + shift, end=pm.end + shift) for pm in f.places
                           if a - f.offset <= pm.start and pm.end <= b - f.offset]
            if i > row.name:
                at = len(text) - len(value)
                cell.refs += [Ref(at + m.start(), at + m.end(), codes[m.group()], "name")
                              for m in re.finditer(r"(?<![\w-])[A-Z][A-Z0-9-]{1,9}(?![\w-])", value)
                              if codes.get(m.group(), f.topic) != f.topic]
                cell.refs.sort(key=lambda r: r.start)
            cell.sectors = sector_mentions(text, f.lang)
            cell.dates = find_dates(text, f.lang, f.ref_day)
            out.append(cell)
    return out


def _read_after(lead: str, f: Frame, key: str | None) -> Frame:
    """``f``'s line read after ``lead`` (a list's lead line, a question), about ``key``'s market, with the sectors the
    joined text names. Offsets end where ``f`` ends, so that evidence spans point into its own line (the offset may
    fall before the passage: the lead's words stand on another line, which evidence never reaches)."""
    text = lead + f.text.strip()
    item = Frame(f.passage, f.offset + len(f.text) - len(text), text, f.lang, topic=key, main=key, ref_day=f.ref_day)
    item.sectors = sector_mentions(text, f.lang)
    return item


def list_item_frames(frames: list[Frame]) -> list[Frame]:
    """Items on lines of their own under a line that ends in a colon after a word of coverage ("下列排放源…应纳入
    本制度：" / "（一）水泥熟料生产；", "The scheme applies to the following activities:" / "(d) iron and steel
    production;"): each item read as the lead's sentence followed by the item, about the lead's market. Only
    coverage is read from them; the lead's other words are read where they stand."""
    out, lead, key = [], None, None
    for f in frames:
        if lead is not None and f.passage.doc == lead.passage.doc and LIST_ITEM.match(f.text):
            out.append(_read_after(lead.text.rstrip() + " ", f, key))
            continue
        lead = key = None
        cover = CUES[f.lang]["cover"].search(f.text)
        if cover and re.search(r"[:：]\s*$", f.text) and not CUES[f.lang]["cover_not"].search(f.text):
            key = subject(f, cover.start())
            lead = f if key else None
    return out


# A key that opens a nested record ("抵销:", "offsets: {", "linkage:"): nothing but the key on its line.
BARE_KEY = re.compile(r"\s*(?:[-–•*]\s*)?(?P<key>[A-Za-z\u4e00-\u9fff][\w /()&-]{0,30}?)\s*[:：]\s*[{\[]?\s*(?:#.*)?$")


def nested_frames(frames: list[Frame]) -> list[Frame]:
    """The fields of a nested record read after their parent key ("抵销:" / "上限: 8%" as "抵销 上限: 8%",
    "offsets: {" / "limit_pct: 8" as "offsets limit pct: 8"): a YAML or JSON record says what a field is about
    only by where it stands. Read for offsets and links, the fields that name no predicate of their own."""
    out, lead, key = [], None, ""
    for f in frames:
        bare = BARE_KEY.match(f.text)
        if bare:
            lead, key = f, bare.group("key")
            continue
        if lead is None or f.passage.doc != lead.passage.doc or not LABEL_LINE.match(f.text):
            lead = None
            continue
        colon = re.search(r"[:：]", f.text).end()
        text = f.text[:colon] + with_unit(f.text[:colon], f.text[colon:])
        field = replace(f, text=text, offset=f.offset - (len(text) - len(f.text)))  # its end stays where the line ends
        out.append(_read_after(key + " ", field, f.topic or lead.topic))
    return out


# A record on one line, its fields set apart by bars or middle dots ("湖北试点｜2014年4月开市｜钢铁、水泥等高耗能工业｜
# 抵消≤10%", "Washington | since 2023 | industrial facilities · fuel suppliers"): a field that only lists sectors, with
# words of size and kind of emitter, is what the line's market covers.
RECORD_SEP = re.compile(r"\s*[｜|]\s*|\s+[·•]\s+")
SECTOR_FILLER = {"en": re.compile(r"(?:[\s,&+/()<>≥≤~.\d-]|\b(?:and|or|all|large|small|major|heavy|facilities|installations|"
                                  r"plants|operators|companies|firms|entities|emitters|sites|producers|generators|importers|"
                                  r"suppliers|t|tCO2e?|tonnes?|MW|above|over|incl|including|domestic)\b)*", re.I),
                  "zh": re.compile(r"[\s、，,和及与＋+/（）()等的其大型重点高耗能企业行业设施单位以上万吨\d.≥>]*")}


def record_frames(frames: list[Frame]) -> list[Frame]:
    """Each field of a one-line record that only lists sectors, read as "覆盖：<field>" / "Covers: <field>" about
    the market the line names first (else the one under discussion); only coverage is read from them."""
    out = []
    for f in frames:
        fields = [(m.end(), n.start()) for m, n in zip([re.match("", f.text), *RECORD_SEP.finditer(f.text)],
                                                         [*RECORD_SEP.finditer(f.text), re.search(r"$", f.text)])]
        key = f.refs[0].key if f.refs else f.topic
        if len(fields) < 3 or not f.sectors or key is None:
            continue
        for a, b in fields:
            named = [(s0, s1) for s0, s1, _ in f.sectors if a <= s0 and s1 <= b]
            rest = "".join(f.text[x:y] for x, y in zip([a] + [e for _, e in named], [s for s, _ in named] + [b]))
            if not named or not SECTOR_FILLER[f.lang].fullmatch(rest):
                continue
            lead = "覆盖：" if f.lang == "zh" else "Covers: "
            cell = Frame(f.passage, max(0, f.offset + b - (len(lead) + b - a)), lead + f.text[a:b], f.lang, topic=key,
                         main=key, ref_day=f.ref_day)
            cell.sectors = sector_mentions(cell.text, f.lang)
            out.append(cell)
    return out


NO_ANSWER = re.compile(r"^\s*(?:(?:A|Answer|答|[\u4e00-\u9fff]{2,4})\s*[:：]\s*)?(?:No\b|Not\b|None\b|不|没有|否|尚未|并未|暂未|还没)", re.I)


# A question of who must take part asks what the market covers: "Who has to take part?", "哪些企业需要参与？".
TAKES_PART = re.compile(r"\bwho\s+(?:has|have|must|needs?|is required|are required|is obliged|are obliged)\s+to\s+"
                        r"(?:take part|participate|comply|join|surrender|report)|\bwho\s+(?:is|are)\s+(?:covered|obliged|regulated)|"
                        r"\bwhich\s+(?:companies|firms|installations|entities|facilities|operators)\b|"
                        r"(?:谁|哪些[^？?]{0,6})(?:需要|必须|须|应当|要)(?:参与|参加|履约|纳入|清缴)", re.I)


def answer_frames(frames: list[Frame]) -> list[Frame]:
    """The answer to a question about coverage ("Q: Who is covered?" / "A: Power stations, district heating plants
    and cement kilns …", "问：覆盖哪些行业？" / "答：电力和钢铁。"): its first sentence read after the question's
    words, for coverage only, about the market under discussion; only the sectors the answer names count, and an
    answer that opens with a no gives none."""
    out, asked = [], None
    for f in frames:
        if QUESTION.search(f.text):
            cover = CUES[f.lang]["cover"].search(f.text) or re.search(r"哪些(?:行业|部门|领域)|which (?:sectors|industries)", f.text, re.I)
            asked = f if (cover or TAKES_PART.search(f.text)) and not CUES[f.lang]["cover_not"].search(f.text) else None
            continue
        if asked is not None and f.passage.doc == asked.passage.doc and not NO_ANSWER.match(f.text):
            lead = re.sub(r"[?？]\s*$", "", asked.text.strip()) + ("：" if f.lang == "zh" else ": ")
            if not CUES[f.lang]["cover"].search(lead):
                lead = "覆盖：" if f.lang == "zh" else "Covered: "  # "Who has to take part?": who takes part is covered
            item = _read_after(lead, f, f.topic or asked.topic)
            item.refs = [replace(r, start=r.start + len(lead), end=r.end + len(lead)) for r in f.refs]
            item.markets = [replace(mm, start=mm.start + len(lead), end=mm.end + len(lead)) for mm in f.markets]
            item.sectors = [x for x in item.sectors if x[0] >= len(lead)]
            out.append(item)
        asked = None
    return out


# A claim passed on from no one in particular ("rumours that…", "my boss read somewhere that…", "press reports that…",
# "网上流传…", "有人说…", "有媒体报道称…") is hearsay, whether the text goes on to deny it or not: the sentence is read
# only up to where the hearsay begins. A named official's word (有关负责人称, "the ministry said") is no hearsay.
HEARSAY = {"en": rx(r"\b(?:rumou?r(?:s|ed)?|speculation|speculat(?:ing|ed|es)|hearsay|gossip)\b|"
                    r"\b(?:read|heard) (?:somewhere|online|it said)\b|\bheard that\b|"
                    r"\b(?:press|media|newspaper|news) (?:reports?|stories|pieces?|accounts?)\b|"
                    r"\bthere (?:has|have) been (?:some |much |a lot of )?talk\b|\bword (?:is|has it)\b"),
           "zh": rx(r"传言|传闻|流传|网传|据传|盛传|坊间|猜测|揣测|有人说|有人称|听说|有说法|"
                    r"有(?!关)[^，。；]{0,6}?(?:媒体|报道|消息|人士|网友)[^，。；]{0,6}?(?:称|说|指)", 0)}

HEARSAY_OPENER = re.compile(r"关于|有关|对于|所谓|外界")

# What someone asks for ("the committee urged the ministry to add shipping", "您建议推动湖北碳市场与…连接",
# "提案建议：一是将交通物流行业纳入试点") is a wish, not a claim about the market, whoever asks: the sentence is read
# only up to the asking, as hearsay is. A rule made on advice ("根据专家建议，…") is still a claim.
ASKED_FOR = {"en": rx(r"\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)? for|press(?:es|ed|ing)? for|lobb(?:y|ies|ied|ying) for|"
                      r"petition(?:s|ed|ing)? for|recommend(?:s|ed|ing)? that|suggest(?:s|ed|ing)? that|"
                      r"ask(?:s|ed|ing)? (?:for|that)|demand(?:s|ed|ing)? that)\b"),
             "zh": rx(r"(?<!根据)(?<!按照)(?<!依据)(?<!采纳)(?:建议|提议|呼吁)", 0)}  # not 倡议: names use it (区域温室气体倡议)


def told_part(f: Frame) -> Frame:
    """``f`` up to its first word of hearsay or of asking, with only the mentions that stand before it."""
    asked = ASKED_FOR[f.lang].search(f.text)
    if asked and changed_from(f.text, f.lang, CUES[f.lang]["pct"].finditer(f.text, asked.end())):
        # A change asked for ("有企业建议将抵消比例由5%提高到8%") presupposes the share in force, which ``offsets``
        # reads from it: such a sentence is read whole.
        asked = None
    found = [m for m in (HEARSAY[f.lang].search(f.text), asked) if m]
    if not found:
        return f
    cut = min(m.start() for m in found)
    if f.text[cut - 1:cut] == "的":
        # "有关其与广东试点开展配额互认的传闻，…已否认": the claim stands before the noun, from the word that opens it,
        # or else from the start of its clause.
        opener = list(HEARSAY_OPENER.finditer(f.text, 0, cut))
        cut = opener[-1].start() if opener else max([0] + [c.end() for c in COMMA.finditer(f.text, 0, cut)])
    return replace(f, text=f.text[:cut], refs=[r for r in f.refs if r.end <= cut],
                   markets=[mm for mm in f.markets if mm.end <= cut], sectors=[x for x in f.sectors if x[1] <= cut],
                   dates=[d for d in f.dates if d.end <= cut], places=[pm for pm in f.places if pm.end <= cut])


RESPECTIVELY = {"en": rx(r"\brespectively\b"), "zh": rx(r"分别", 0)}


def respectively(f: Frame, found: list[Candidate]) -> list[Candidate]:
    """"A和B分别于2016年和2018年开市", "cap offsets at 5% and 8% respectively": as many starts or limits as the markets
    joined before them, dealt out in order, instead of all of them to the market named last."""
    marker = RESPECTIVELY[f.lang].search(f.text)
    runs = coordinated_runs(f, marker.start() if f.lang == "zh" else len(f.text)) if marker else []
    if not runs:
        return found
    run = runs[-1]
    keys = [r.key for r in run]
    dates = [d for d in f.dates if d.start >= run[-1].end and not d.range_ and not d.relative]
    pcts = [p for p in CUES[f.lang]["pct"].finditer(f.text, run[-1].end)]
    out = [c for c in found if not (c.key in keys and c.relation in ("launch", "offset_limit_pct"))]
    for relation, values in (("launch", [(d.day.value(), d) for d in dates]),
                             ("offset_limit_pct", [(f"{float(p.group('pct')):g}", None) for p in pcts if p.group("pct")])):
        model = next((c for c in found if c.key in keys and c.relation == relation), None)
        if model is None:
            continue
        if len(values) != len(keys):
            out.extend(c for c in found if c.key in keys and c.relation == relation)  # no one-to-one reading
            continue
        out.extend(replace(model, key=k, value=v, when=when or model.when) for k, (v, when) in zip(keys, values))
        if relation == "offset_limit_pct":  # each market of the phrase has the rule its limit implies
            rule = next((c for c in found if c.key == model.key and c.relation == "offset_rule"), None)
            out.extend(replace(rule, key=k) for k in keys if rule and not any(
                c.key == k and c.relation == "offset_rule" for c in out))
    return out


# The writer's own earlier report ("in last Tuesday's brief we said NCAM began in 2018", "上月简报称…", "上期我们写道…")
# in a sentence or item that calls it wrong: a claim withdrawn, which states nothing; the correction after it does.
EARLIER_CLAIM = {"en": rx(r"\b(?:we|I)\s+(?:had\s+)?(?:(?:mistakenly|wrongly|incorrectly)\s+)?(?:said|wrote|stated|reported|listed|gave|"
                          r"claimed|described|put)\b|\b(?:was|were) (?:wrongly|incorrectly|mistakenly) (?:given|reported|stated|listed)\b"),
                 "zh": rx(r"(?:我们|本刊|本报|简报|上期|上月|上周|前期|日前)[^，。；]{0,24}?(?:称|写道|写成|报道|提到|说|误作|误写)", 0)}
ERRATUM = {"en": rx(r"\b(?:corrections?|corrigendum|erratum|incorrect(?:ly)?|wrong(?:ly)?|in error|mistaken(?:ly)?|erroneous(?:ly)?|"
                    r"no such)\b"),
           "zh": rx(r"更正|勘误|有误|错误|不准确|不正确|误作|误写|应为", 0)}


def withdrawn(f: Frame) -> bool:
    """Whether ``f`` repeats a claim of the writer's that the sentence, the next one or the item's label calls wrong."""
    if not EARLIER_CLAIM[f.lang].search(f.text):
        return False
    text = f.passage.text if f.lang == "en" else to_simplified(f.passage.text)
    end = f.offset + len(f.text)
    around = text[max(0, f.offset - 40):end + 120]  # the item's label before, the next sentence after
    return bool(ERRATUM[f.lang].search(around))


def read_relations(frames: list[Frame], classify=None) -> list[Candidate]:
    """Candidates of every predicate class; ``classify`` (texts -> label sets) stands in for the shipped classifier."""
    out = []
    tables = offset_tables(frames)
    frames = column_frames(frames)
    for f in frames:
        if not f.refs and not f.topic:
            continue
        if QUESTION.search(f.text):
            continue  # a question asserts nothing ("Q: What about aviation?", "问：航空业会否纳入？")
        if LEGEND[f.lang].search(f.text):
            continue  # a figure's key says what a symbol means, of no market in particular
        if withdrawn(f):
            continue
        if f.passage.id in tables:
            out.extend(table_offsets(f))
            continue
        f = told_part(f)
        out.extend(respectively(f, [c for predicate in PREDICATES for c in predicate(f)]))
    for f in record_frames(frames):
        out.extend(coverage(f))
    for f in list_item_frames(frames):
        out.extend(coverage(f))
    for f in nested_frames(frames):
        out.extend(offsets(f) + linkage(f))
    for f in answer_frames(frames):
        # What an interviewee says is covered may be a scope to come: it tells nothing of whether the market runs.
        out.extend(replace(c, extra={**c.extra, "answer": True}) for c in coverage(f))
    return arbitrate(out, classify)


__all__ = ["Candidate", "partner_markets", "read_relations", "Ref"]
