"""Read a document as analysts get it — PDF, HTML or plain text — into one text with a map back to where it came from.

``read_source(path)`` decides the format by content (a ``%PDF-`` header, an
HTML document's tags; the extension only breaks ties) and returns a
``Source``: the text the rest of ingestion reads (``Passage``/``Evidence``
offsets point into it, as they point into a text file) and, for a PDF, the
page of every character; for HTML, the element of the main content it came
from. ``Source.locate(evidence)`` writes both onto evidence records; an
extractor calls it once its facts are made.

PDF (pdfminer.six: MIT, keeps each line's box and each page): the text of a
PDF is repaired on the way in, with ``Source.origin`` mapping every repaired
character back to the library's raw text (``Source.raw``):

- Unicode NFKC for compatibility characters — the CJK fonts that browsers and
  office suites embed map common ideographs to Kangxi radicals ("⼀年" for
  一年), and NFKC folds those back; the CJK Radicals Supplement's simplified
  forms (⻓, ⻢, ...) have no NFKC mapping, so ``RADICALS`` completes it from
  Unicode's EquivalentUnifiedIdeograph.txt. Full-width punctuation is left
  alone: the Chinese rules read "，" and "：".
- Lines broken by wrapping are joined: a line is wrapped when the next line's
  first word would have fitted after it; Chinese joins with nothing, English
  with a space, and a break after a hyphen keeps the hyphen.
  A wider gap than the page's usual line pitch is a paragraph break.
- Running headers and footers are dropped: a line in the top or bottom band
  of the page that recurs on most pages (numbers aside), or that is a page
  number, a file address or a date stamp, and whatever shares its row (a
  browser prints the title beside the date).
- Spaces a PDF puts between two Chinese characters are dropped.

HTML (trafilatura): the main content only — navigation, scripts, cookie
banners, sidebars and footers are dropped; each paragraph, heading, list item
or table row is one block, separated by blank lines.

Pages measured (bench/README.md "Document formats"): pdfminer.six was chosen
over pypdf (same text, slower, Kangxi radicals too) and PyMuPDF (exact CJK
without repair and faster, but AGPL-licensed).
"""
from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from collections import Counter
from typing import Callable, Iterator

from ingest.clean import Clean, IngestError, decode_text, is_cjk

# A PDF's header may follow up to 1 KB of other bytes, but always starts a line.
PDF_MAGIC = re.compile(rb"(?:^|[\r\n])%PDF-\d")
HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
HTML_TAGS = re.compile(r"<(?:p|div|article|h[1-6]|br|span|a\s)[\s>/]", re.I)
# Unicode EquivalentUnifiedIdeograph.txt: simplified radical forms with no NFKC decomposition that CJK fonts
# share with the everyday ideograph.
RADICALS = dict(zip("⻄⻅⻈⻉⻋⻒⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰", "西见讠贝车镸长门青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙"))
# What browsers and office suites print in a page's margins: page numbers, the file's address, a date stamp.
MARGIN_MARK = re.compile(
    r"^\W*(?:page|p\.|第)?\s*\d{1,4}\s*(?:(?:/|of|／)\s*\d{1,4})?\s*页?\W*$"
    r"|^(?:file|https?)://\S+$"
    r"|^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?$",
    re.I,
)
FURNITURE_BAND = 0.12  # running headers and footers sit in the top and bottom 12% of a page


@dataclass
class Source:
    """A document's text and where each character came from."""

    path: str
    kind: str  # "pdf" | "html" | "text"
    text: str
    raw: str = ""  # PDF: the library's text, pages separated by form feeds; "" for other kinds
    origin: list[int] = field(default_factory=list, repr=False)  # PDF: per character of text, its offset in raw
    page_starts: list[int] = field(default_factory=list)  # PDF: offset in raw where each page begins
    elements: list[tuple[int, str]] = field(default_factory=list)  # HTML: (offset in text, element) per block

    @property
    def pages(self) -> int:
        return len(self.page_starts)

    def page_of(self, offset: int) -> int | None:
        """The 1-based PDF page of the character at ``offset`` in ``text``; None for other formats."""
        if not self.page_starts or not self.origin:
            return None
        raw = self.origin[min(max(offset, 0), len(self.origin) - 1)]
        return bisect.bisect_right(self.page_starts, raw)

    def element_of(self, offset: int) -> str:
        """The HTML element (``"p[3]"``: the main content's third paragraph) holding ``offset``; "" for other formats."""
        i = bisect.bisect_right([start for start, _ in self.elements], offset) - 1
        return self.elements[i][1] if i >= 0 else ""

    def locate(self, records) -> None:
        """Write the page (PDF) or element (HTML) of each record's ``start`` onto it: Evidence and Passage both."""
        if self.kind == "text":
            return
        for r in records:
            r.page = self.page_of(r.start)
            r.element = self.element_of(r.start)


def detect(raw: bytes, path: Path) -> str:
    """The format by content: PDF by its header, HTML by its opening tags; the extension only breaks ties."""
    if PDF_MAGIC.search(raw[:1024]):
        return "pdf"
    if path.suffix.lower() == ".pdf":
        raise IngestError(f"{path}: not a PDF (no %PDF header), though it is named .pdf")
    head = raw[:4096].decode("utf-8", "replace").lstrip("\ufeff")
    if HTML_START.match(head) or (path.suffix.lower() in (".html", ".htm", ".xhtml") and HTML_TAGS.search(head)):
        return "html"
    return "text"


def read_source(path: str | Path, progress: Callable[[int, int], None] = lambda done, total: None) -> Source:
    """Read one document of any supported format, or raise IngestError with one clear line.

    ``progress(pages_done, pages)`` is called as a PDF's pages are read.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if path.is_dir():
        raise IngestError(f"{path}: is a directory, not a document")
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(f"{path}: the file is empty")
    kind = detect(raw, path)
    if kind == "pdf":
        return read_pdf(path, progress)
    text = decode_text(raw, path)
    if kind == "html":
        return read_html(text, path)
    return Source(str(path), "text", text)


def inspect(path: Path, name: str = "") -> str:
    """The format of a document, checked without extracting its text: for an upload, before it is accepted.

    Raises IngestError, naming the file ``name`` (default: its path), for a file that
    is no PDF, HTML or text, and for a PDF that is malformed, encrypted or has no pages.
    """
    name = name or str(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(f"{name}: the file is empty")
    kind = detect(raw, Path(name))
    if kind != "pdf":
        decode_text(raw, Path(name))
        return kind
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage, PDFTextExtractionNotAllowed
    from pdfminer.pdfparser import PDFParser

    with pdf_errors(name), open(path, "rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        if not doc.is_extractable:
            raise PDFTextExtractionNotAllowed
        pages = sum(1 for _ in PDFPage.create_pages(doc))
    if not pages:
        raise IngestError(f"{name}: not a readable PDF (no pages)")
    return kind


# --- HTML ---------------------------------------------------------------------------------------------------

BLOCK_TAGS = {"p", "head", "item", "row", "quote", "code"}


def read_html(markup: str, path: Path) -> Source:
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(markup, output_format="xml", favor_recall=True, include_tables=True,
                              include_comments=False, include_links=False, include_images=False, deduplicate=False)
    if not xml:
        raise IngestError(f"{path}: no main text found in the HTML page")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    for el in (main if main is not None else root).iter(*BLOCK_TAGS):
        if any(a.tag in BLOCK_TAGS for a in el.iterancestors()):
            continue  # a paragraph inside a list item or quote is read with it
        text = block_text(el).strip()
        if not text:
            continue
        tag = {"head": "h", "item": "li", "row": "tr", "quote": "blockquote"}.get(el.tag, el.tag)
        counts[tag] = counts.get(tag, 0) + 1
        blocks.append((f"{tag}[{counts[tag]}]", text))
    if not blocks:
        raise IngestError(f"{path}: no main text found in the HTML page")
    out, elements = "", []
    for name, text in blocks:
        if out:
            out += "\n\n"
        elements.append((len(out), name))
        out += text
    return Source(str(path), "html", out, elements=elements)


def block_text(el) -> str:
    """An element's text with its line breaks (<lb/>) kept and table cells separated by tabs."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag == "cell":
            parts.append(("\t" if len(parts) > 1 else "") + "".join(child.itertext()))
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(parts))


# --- PDF ----------------------------------------------------------------------------------------------------


@dataclass
class PdfLine:
    page: int  # 0-based
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float
    text: str
    first_word: float  # width of the line's first word (its first character for Chinese)
    page_height: float
    raw_start: int = 0  # offset of the line in Source.raw


def normalize_char(ch: str) -> str:
    """Undo what a PDF font's character map did to one character (see the module docstring)."""
    if ch in RADICALS:
        return RADICALS[ch]
    if "\uff00" <= ch <= "\uffef" or ch in "\u3000":
        return ch  # full-width forms: clean.fold folds them one to one, keeping Chinese punctuation
    return unicodedata.normalize("NFKC", ch)


def read_pdf(path: Path, progress: Callable[[int, int], None]) -> Source:
    pages = pdf_lines(path, progress)
    if not any(pages):
        raise IngestError(f"{path}: the PDF has no text layer (a scan?); run OCR on it first, e.g. with ocrmypdf")
    raw_parts, page_starts, offset = [], [], 0
    for lines in pages:
        page_starts.append(offset)
        for line in lines:
            line.raw_start = offset
            raw_parts.append(line.text + "\n")
            offset += len(line.text) + 1
        raw_parts.append("\f")
        offset += 1
    furniture = running_furniture(pages)
    body = [[ln for ln in lines if id(ln) not in furniture] for lines in pages]
    out = Clean()
    prev: PdfLine | None = None
    pitch = line_pitch(body)
    for lines in body:
        right = max((ln.x1 for ln in lines), default=0.0)
        left = margin(lines)
        for line in lines:
            if prev is not None:
                for ch in break_between(prev, line, right, pitch):
                    out.add_joiner(ch, prev.raw_start + len(prev.text))
            if line.x0 - left > line.first_word * 0.5 and line.x0 - left > 2:
                out.add_joiner(" ", line.raw_start)  # an indented first line: the Chinese rules start a paragraph there
            add_normalized(out, line)
            prev = line
    text = drop_cjk_spaces(out)
    if not text.text.strip():
        raise IngestError(f"{path}: the PDF has no text layer (a scan?); run OCR on it first, e.g. with ocrmypdf")
    return Source(str(path), "pdf", text.text, "".join(raw_parts), text.origin, page_starts)


def add_normalized(out: Clean, line: PdfLine) -> None:
    for i, ch in enumerate(line.text):
        for piece in normalize_char(ch):
            out.text += piece
            out.origin.append(line.raw_start + i)


def drop_cjk_spaces(c: Clean) -> Clean:
    """A PDF's glyph gaps read as spaces between Chinese characters ("年 度回顾"); they are not in the text."""
    keep = [i for i, ch in enumerate(c.text)
            if not (ch == " " and 0 < i < len(c.text) - 1 and is_cjk(c.text[i - 1]) and is_cjk(c.text[i + 1])
                    and c.text[i - 1] not in "\u3000" and c.text[i + 1] not in "\u3000")]
    return Clean("".join(c.text[i] for i in keep), [c.origin[i] for i in keep])


def margin(lines: list[PdfLine]) -> float:
    """The page's left margin: where most lines begin (the leftmost line may be a figure label)."""
    starts = Counter(round(ln.x0) for ln in lines)
    return float(max(starts.items(), key=lambda kv: (kv[1], -kv[0]))[0]) if starts else 0.0


def break_between(prev: PdfLine, line: PdfLine, right: float, pitch: float) -> str:
    """What stands between two consecutive lines: nothing or a space (wrapped), a line break, or a paragraph break."""
    last = prev.text[-1:]
    new_page = line.page != prev.page
    # Wrapped: the next line's first word would not have fitted after this line. The page's right edge is
    # known only as far as its longest line, which punctuation may push past the edge the text wraps at:
    # half a font size of slack, and within a paragraph (no wider gap than a line's).
    slack = (prev.bottom - prev.top) * 0.5
    wrapped = prev.x1 + line.first_word > right - slack and (new_page or line.top - prev.bottom < pitch)
    if wrapped:
        if is_cjk(last) or is_cjk(line.text[:1]):
            return ""
        return "" if last in "-‐" else " "
    if new_page or line.top - prev.top > pitch * 1.6:
        return "\n\n"
    return "\n"


def line_pitch(pages: list[list[PdfLine]]) -> float:
    """The distance from one line's top to the next one's within a paragraph, over the whole document.

    The low end of all steps: in a text of short paragraphs most steps cross a paragraph break.
    """
    steps = sorted(b.top - a.top for lines in pages for a, b in zip(lines, lines[1:]) if b.top > a.top)
    return steps[len(steps) // 10] if steps else 14.0


def running_furniture(pages: list[list[PdfLine]]) -> set[int]:
    """Ids of header, footer and page-number lines."""
    out, seen = set(), {}
    banded = [(line, band) for lines in pages for line in lines if (band := in_band(line))]
    for line, band in banded:
        if MARGIN_MARK.match(line.text):
            out.add(id(line))
        seen.setdefault((band, re.sub(r"\d+", "#", line.text)), []).append(line)
    for lines in seen.values():
        if len(pages) > 1 and len({ln.page for ln in lines}) >= max(2, len(pages) // 2):
            out.update(id(ln) for ln in lines)
    rows = {(ln.page, round(ln.top)) for lines in pages for ln in lines if id(ln) in out}
    for line, _ in banded:
        if any(page == line.page and abs(top - line.top) < 2 for page, top in rows):
            out.add(id(line))
    return out


def in_band(line: PdfLine) -> str | None:
    if line.bottom < line.page_height * FURNITURE_BAND:
        return "top"
    if line.top > line.page_height * (1 - FURNITURE_BAND):
        return "bottom"
    return None


def pdf_lines(path: Path, progress: Callable[[int, int], None]) -> list[list[PdfLine]]:
    """Each page's text lines in reading order, with their boxes (top-down coordinates)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfpage import PDFPage

    out: list[list[PdfLine]] = []
    with pdf_errors(str(path)):
        with open(path, "rb") as fh:
            total = sum(1 for _ in PDFPage.get_pages(fh))
        for n, layout in enumerate(extract_pages(path, laparams=LAParams())):
            lines = []
            for box in layout:
                if not isinstance(box, LTTextContainer):
                    continue
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    text = line.get_text().strip()
                    if not text:
                        continue
                    chars = [c for c in line if isinstance(c, LTChar)]
                    lines.append(PdfLine(n, line.x0, line.x1, layout.height - line.y1, layout.height - line.y0,
                                         text, first_word_width(chars), layout.height))
            out.append(lines)
            progress(n + 1, total)
    return out


@contextmanager
def pdf_errors(name: str):
    """Whatever the PDF library raises on a bad file, as one IngestError line that names the file."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFTextExtractionNotAllowed

    # Fonts without a bounding box are common in browser-made PDFs; pdfminer logs each one.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        yield
    except IngestError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError, PDFTextExtractionNotAllowed):
        raise IngestError(f"{name}: the PDF is encrypted; save an unprotected copy first") from None
    except Exception as err:  # damage shows anywhere in the parser; what helps is that it is damaged
        raise IngestError(f"{name}: not a readable PDF (damaged or truncated: {type(err).__name__})") from None


def first_word_width(chars) -> float:
    """Width of the line's first word: up to the first space, or its first character when that is Chinese."""
    chars = [c for c in chars if c.get_text().strip()]
    if not chars:
        return 0.0
    if is_cjk(chars[0].get_text()[:1]):
        return chars[0].x1 - chars[0].x0
    end = chars[0]
    for prev, c in zip(chars, chars[1:]):
        if c.x0 - prev.x1 > (prev.x1 - prev.x0) * 0.2 or is_cjk(c.get_text()[:1]):
            break
        end = c
    return end.x1 - chars[0].x0


def read_sources(paths) -> Iterator[tuple[Path, str, Source]]:
    """Each file of one ingest, read: (path, document id, what was read).

    The document id is the file's stem; a second file with the same id is an
    error that names it, raised before anything is written.
    """
    seen = set()
    for path in map(Path, paths):
        read = read_source(path)
        if path.stem in seen:
            raise IngestError(f"{path}: a document named {path.stem!r} is already part of this ingest")
        seen.add(path.stem)
        yield path, path.stem, read
