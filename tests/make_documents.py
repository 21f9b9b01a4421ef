"""Make the PDF and HTML editions of text documents, the way an analyst would get them.

    python tests/make_documents.py OUTDIR FILE.txt...

For each text file this writes ``OUTDIR/NAME.pdf`` (the text printed by
headless Chromium with Noto CJK fonts, Chromium's own running header and
footer — date, title, file URL, "page/pages" — left on, as a browser prints)
and ``OUTDIR/NAME.html`` (the text as a news site's page: navigation, a
script, a cookie banner, a sidebar and a footer around the article). The
format tests and ``bench/README.md``'s PDF figures use it; the files are made
on demand rather than committed because the PDFs of the bundled report are
large.

Needs Debian's ``chromium`` and ``fonts-noto-cjk`` (the Makefile installs
both).
"""
from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PRINT_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: A4; margin: 22mm 18mm; }}
body {{ font-family: "Noto Serif CJK SC", "Noto Serif", serif; font-size: 10.5pt; line-height: 1.5; }}
.text {{ white-space: pre-wrap; }}
</style></head>
<body><div class="text">{body}</div></body></html>
"""

WEB_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Carbon Desk</title>
<script>window.dataLayer = window.dataLayer || []; function track(e) {{ dataLayer.push({{event: e}}); }}
document.addEventListener("DOMContentLoaded", function () {{ track("article-view"); }});</script>
<style>nav a {{ margin-right: 1em; }} .cookie {{ position: fixed; bottom: 0; }}</style>
</head>
<body>
<header><a href="/">Carbon Desk</a>
<nav><a href="/markets">Markets</a><a href="/policy">Policy</a><a href="/data">Data</a><a href="/about">About us</a>
<a href="/subscribe">Subscribe</a><a href="/login">Log in</a></nav></header>
<div class="cookie">We use cookies to improve your experience. <button>Accept all</button> <button>Settings</button></div>
<main><article>
{body}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a/1">Ten charts on power prices</a></li>
<li><a href="/a/2">Newsletter: the week in policy</a></li><li><a href="/a/3">Podcast: the grid at night</a></li></ul></aside>
</main>
<footer><p>&copy; 2025 Carbon Desk. All rights reserved.</p><p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p></footer>
<script>track("footer-seen");</script>
</body></html>
"""


def language(text: str) -> str:
    cjk = sum(1 for ch in text[:5000] if "\u4e00" <= ch <= "\u9fff")
    return "zh-CN" if cjk > 50 else "en"


def print_html(text: str, title: str) -> str:
    return PRINT_PAGE.format(lang=language(text), title=html.escape(title), body=html.escape(text.strip("\n")))


def web_html(text: str, title: str) -> str:
    """Each blank-line block of the text is one paragraph; a block's own line breaks are kept as <br>."""
    blocks = [b.strip("\n") for b in text.split("\n\n") if b.strip()]
    body = "\n".join("<p>" + "<br>\n".join(html.escape(line) for line in block.split("\n")) + "</p>" for block in blocks)
    return WEB_PAGE.format(lang=language(text), title=html.escape(title), body=body)


def print_pdf(html_file: Path, pdf: Path) -> None:
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
             f"--print-to-pdf={pdf}", html_file.resolve().as_uri()],
            check=True, capture_output=True, timeout=300,
        )
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF for {html_file}")


def make(text_file: Path, out: Path, pdf: bool = True, web: bool = True) -> dict[str, Path]:
    """NAME.pdf and NAME.html of one text file in ``out``; the text file's stem names both."""
    text = text_file.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    if pdf:
        source = out / f"{text_file.stem}.print.htm"
        source.write_text(print_html(text, text_file.stem), encoding="utf-8")
        made["pdf"] = out / f"{text_file.stem}.pdf"
        print_pdf(source, made["pdf"])
        source.unlink()
    if web:
        made["html"] = out / f"{text_file.stem}.html"
        made["html"].write_text(web_html(text, text_file.stem), encoding="utf-8")
    return made


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for name in sys.argv[2:]:
        for kind, path in make(Path(name), Path(sys.argv[1])).items():
            print(kind, path)
