"""The pages' two languages: the interface strings in zh and en, and which one a request gets.

The interface language is chosen by ``?hl=zh|en`` (remembered in a cookie so
that it sticks while navigating), else the cookie, else the browser's
Accept-Language, else English. It is separate from the ``lang`` filter of
search, which picks the language of the *passages*. Names of systems and
concepts come from the graph (labels in both languages); only the words of
the interface itself live here.
"""
from __future__ import annotations

from functools import lru_cache

from flask import request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LANGS = ("en", "zh")
COOKIE = "hl"

STRINGS: dict[str, tuple[str, str]] = {
    # key: (en, zh)
    "site": ("ETS knowledge graph", "碳市场知识图谱"),
    "tagline": ("Carbon markets in the ICAP status report, searchable in Chinese and English",
                "ICAP 碳市场进展报告中的碳市场，中英文可检索"),
    "nav.search": ("Search", "检索"),
    "nav.systems": ("Systems", "碳市场"),
    "nav.graph": ("Linkages", "连接"),
    "nav.sparql": ("SPARQL", "SPARQL"),
    "nav.api": ("API", "API"),
    "switch": ("中文", "English"),
    "search.placeholder": ("Ask or search: e.g. Korea international offsets", "输入问题或关键词，例如：韩国 国际抵消"),
    "search.button": ("Search", "检索"),
    "filter.lang": ("Passage language", "段落语言"),
    "filter.jurisdiction": ("Jurisdiction", "司法管辖区"),
    "filter.sector": ("Sector", "行业"),
    "filter.any": ("Any", "全部"),
    "filter.apply": ("Apply", "筛选"),
    "filter.reset": ("Reset", "重置"),
    "lang.en": ("English", "英文"),
    "lang.zh": ("Chinese", "中文"),
    "results.none": ("No passage matches.", "没有匹配的段落。"),
    "results.count": ("{n} passages", "{n} 个段落"),
    "results.words_only": ("The server was too busy to read this query's meaning in time: these passages match "
                           "its words and names only.",
                           "服务器繁忙，未能及时理解查询的含义：以下段落仅按字词和名称匹配。"),
    "result.context": ("in context", "查看上下文"),
    "result.translation": ("Other edition", "另一语言版本"),
    "answer.title": ("Answer", "回答"),
    "answer.sources": ("Sources", "来源"),
    "answer.late": ("The server was too busy to answer from the knowledge graph in time; the passages below "
                    "may hold the answer.", "服务器繁忙，未能及时从知识图谱作答；以下段落或许包含答案。"),
    "stats.line": ("{systems} systems, {facts} facts with evidence, {documents} documents",
                   "{systems} 个碳市场，{facts} 条带证据的事实，{documents} 份文档"),
    "systems.title": ("Emissions trading systems", "碳排放交易体系"),
    "systems.count": ("{n} of {total} systems", "共 {total} 个碳市场，显示 {n} 个"),
    "systems.csv": ("Download CSV", "下载 CSV"),
    "col.name": ("System", "碳市场"),
    "col.jurisdiction": ("Jurisdiction", "司法管辖区"),
    "col.status": ("Status", "状态"),
    "col.region": ("Region", "地区"),
    "col.level": ("Level", "层级"),
    "col.design": ("Design", "设计"),
    "col.start_year": ("Start", "启动年份"),
    "col.sectors": ("Sectors", "覆盖行业"),
    "col.offset_rules": ("Offsets", "抵消规则"),
    "col.offset_limit_pct": ("Offset limit", "抵消上限"),
    "col.linkages": ("Linkages", "连接"),
    "filter.start_from": ("Start from", "启动年份自"),
    "filter.start_to": ("to", "至"),
    "system.facts": ("Facts and evidence", "事实与证据"),
    "system.related": ("Related systems", "相关碳市场"),
    "system.same_region": ("Same region", "同一地区"),
    "system.same_jurisdiction": ("Same jurisdiction", "同一司法管辖区"),
    "system.aliases": ("Also called", "别名"),
    "system.data": ("Data", "数据"),
    "system.summary": ("Where it stands now", "当前概况"),
    "system.timeline": ("Over the editions", "历年变化"),
    "timeline.undated": ("Undated", "未注明日期"),
    "timeline.superseded": ("no longer current", "已不再适用"),
    "nav.changes": ("Changes", "变化"),
    "changes.title": ("What changed between two editions", "两个版本之间的变化"),
    "changes.from": ("From", "自"),
    "changes.to": ("to", "至"),
    "changes.show": ("Compare", "比较"),
    "changes.none": ("Nothing changed between these two dates.", "这两个日期之间没有变化。"),
    "changes.one_date": ("The store holds documents of one date only; there is nothing to compare.",
                         "库中只有一个日期的文档，无可比较。"),
    "changes.count": ("{n} changes in {systems} systems", "{systems} 个碳市场共 {n} 处变化"),
    "change.added": ("added", "新增"),
    "change.removed": ("removed", "删除"),
    "change.changed": ("changed", "变更"),
    "change.kept": ("unchanged", "未变"),
    "change.ended": ("ended", "已终止"),
    "jurisdiction.systems": ("Systems", "碳市场"),
    "passage.title": ("Passage", "段落"),
    "passage.previous": ("Previous passage", "上一段"),
    "passage.next": ("Next passage", "下一段"),
    "passage.aligned": ("Same passage in the other edition", "另一语言版本中的对应段落"),
    "passage.mentions": ("Mentions", "提及"),
    "passage.offsets": ("Characters {start}–{end} of {doc}", "{doc} 第 {start}–{end} 个字符"),
    "source.page": ("p. {page}", "第 {page} 页"),
    "upload.title": ("Add a document", "添加文档"),
    "upload.help": ("A report as PDF, a web page as HTML, or plain text, up to {mb} MB. It is read into the graph "
                    "together with the documents already there.",
                    "PDF 报告、HTML 网页或纯文本，最大 {mb} MB。它将与已有文档一起读入知识图谱。"),
    "upload.drop": ("Drop a file here or choose one", "将文件拖到此处，或选择文件"),
    "upload.send": ("Add to the graph", "加入知识图谱"),
    "upload.queued": ("Waiting to be read…", "等待读取……"),
    "upload.running": ("Reading:", "读取中："),
    "upload.done": ("Done: {systems} systems, {facts} facts from this document.",
                    "完成：本文档中有 {systems} 个碳市场、{facts} 条事实。"),
    "upload.failed": ("Not added:", "未能添加："),
    "upload.systems": ("Systems in this document", "本文档中的碳市场"),
    "upload.facts": ("Facts from this document", "本文档中的事实"),
    "source.element": ("element {element}", "网页元素 {element}"),
    "sparql.complete": ("Ctrl+Space completes prefixes, classes and properties; Ctrl+Enter runs the query.",
                        "Ctrl+空格 补全前缀、类和属性；Ctrl+回车 运行查询。"),
    "sparql.chart": ("Chart", "图表"),
    "resource.title": ("Resource", "资源"),
    "resource.property": ("Property", "属性"),
    "resource.value": ("Value", "值"),
    "resource.subject": ("Subject", "主语"),
    "resource.triples": ("{n} triples; the first {shown} are listed", "共 {n} 个三元组，列出前 {shown} 个"),
    "graph.title": ("Linkages between systems", "碳市场之间的连接"),
    "graph.linked": ("linked", "已连接"),
    "graph.planned": ("linkage planned", "计划连接"),
    "graph.unlinked": ("{n} other systems have no linkage in the report.",
                       "另有 {n} 个碳市场在报告中没有连接。"),
    "sparql.title": ("SPARQL query editor", "SPARQL 查询编辑器"),
    "sparql.examples": ("Example queries", "示例查询"),
    "sparql.pick": ("Pick an example…", "选择一个示例……"),
    "sparql.run": ("Run query", "运行查询"),
    "sparql.share": ("Link to this query", "本查询的链接"),
    "sparql.download": ("Download", "下载"),
    "sparql.rows": ("{n} rows", "{n} 行"),
    "sparql.prefixes": ("Predeclared prefixes (no PREFIX lines needed)", "预定义前缀（无需 PREFIX 声明）"),
    "sparql.endpoint": ("Endpoint for SPARQL clients: {url}", "SPARQL 客户端端点：{url}"),
    "error.title": ("Error", "错误"),
    "error.back": ("Back to search", "返回检索"),
}


def choose_language() -> str:
    """The interface language of the current request (see the module docstring)."""
    asked = request.args.get(COOKIE)
    if asked in LANGS:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGS:
        return remembered
    return _from_accept_language(request.headers.get("Accept-Language", ""))


@lru_cache(maxsize=256)
def _from_accept_language(header: str) -> str:
    # Parsing the header was a tenth of a SPARQL request's time; clients send few distinct ones.
    asked = parse_accept_header(header, LanguageAccept)
    return asked.best_match(["en", "zh", "zh-CN", "zh-TW"], default="en")[:2]


def translate(key: str, lang: str, **values) -> str:
    """The interface string ``key`` in ``lang`` with ``{name}`` fields filled in."""
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def label(labels: dict[str, str] | None, lang: str, fallback: str = "") -> str:
    """The label in ``lang``, else in the other language, else ``fallback``."""
    labels = labels or {}
    return labels.get(lang) or labels.get("en" if lang == "zh" else "zh") or labels.get("") or fallback
