"""Bad input files: a one-line error or a correct result, never a traceback, never a half-written store.

Each refused file leaves the store exactly as it was (same live generation,
no new directory). Files that can be read (UTF-16 with a byte-order mark,
full-width digits, zero-width spaces, mixed scripts) give the same system
and start year as plain text. A 50 MB file is refused at once by the input
size limit (--max-bytes), and a pipe or device is refused before it is read
(either would otherwise run or block for good).
"""
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT

HEAD = "Carbon Market Year in Review\n\nKey developments by jurisdiction in 2024\n\n"
REPORT = HEAD + "Kestria: Trading under the Kestria ETS began in March 2019. Its cap covers power generation.\n"
START = "SELECT ?y WHERE { sys:kestria ets:startYear ?y }"


def run(capsys, *args):
    from etskg import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(store):
    return (store / "CURRENT").read_text(), sorted(p.name for p in (store / "generations").iterdir())


@pytest.fixture
def live_store(sec_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(sec_store, store)
    return store


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b" \n\t\r\n\xe3\x80\x80\n", "no text"),  # white space only, an ideographic space among it
    (bytes(range(256)) * 64, "binary"),
    (b"\x7fELF\x02\x01\x01" + bytes(4000) + b"Kestria: text", "binary"),
    (b"\x89PNG\r\n\x1a\n" + os.urandom(3000).replace(b"\x00", b"\x01"), "not UTF-8"),
    ("碳市场：韩国碳市场于2015年启动。".encode("gbk"), "not UTF-8"),
    (b"Kestria: \xed\xa0\x80 a lone surrogate", "not UTF-8"),
    ("。，；：！？\u200b\u200b——…".encode(), "no text"),
])
def test_unreadable_files_are_one_line_errors_and_leave_the_store(capsys, live_store, tmp_path, content, message):
    before = snapshot(live_store)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _, err = run(capsys, "ingest", "--quiet", "--store", live_store, bad)
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert snapshot(live_store) == before


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-16"),  # little-endian with its BOM
    lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    lambda t: t.encode("utf-8-sig"),
    lambda t: t.replace("2019", "２０１９").encode(),  # full-width digits
    lambda t: t.replace("Kestria", "Kes\u200btria").replace("cap", "cap\u200b\u2060").encode(),  # zero-width
    lambda t: t.replace(". Its", " (凯斯特里亚, Кestria, Κestria, \u202egnirt\u202c 🙂 e\u0301). Its").encode(),  # scripts
    lambda t: t.replace("\n", "\r\n").encode(),
], ids=["utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "full-width-digits", "zero-width", "mixed-scripts", "crlf"])
def test_odd_but_readable_text_gives_the_right_facts(capsys, tmp_path, encode):
    report = tmp_path / "odd-en.txt"
    report.write_bytes(encode(REPORT))
    store = tmp_path / "store"
    code, out, err = run(capsys, "ingest", "--quiet", "--store", store, report)
    assert code == 0, err
    assert "systems 1" in out
    code, out, _ = run(capsys, "query", START, "--store", store, "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == ["2019-03"]


def etskg_ingest(store, path, timeout):
    return subprocess.run([sys.executable, str(ROOT / "etskg.py"), "ingest", "--quiet", "--store", str(store), str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_a_50_mb_file_is_refused_at_once_by_the_size_limit(live_store, tmp_path):
    big = tmp_path / "big-en.txt"
    with open(big, "w", encoding="utf-8") as fh:
        line = REPORT.splitlines()[-1] + "\n\n"
        fh.write(HEAD + line * (50_000_000 // len(line)))
    assert big.stat().st_size > 49_000_000
    before = snapshot(live_store)
    started = time.monotonic()
    result = etskg_ingest(live_store, big, timeout=300)
    assert time.monotonic() - started < 60  # refused at start-up; reading it at ingest speed would take ~25 min
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "input size limit" in result.stderr and "--max-bytes" in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(live_store) == before


def test_a_pipe_or_device_is_refused_before_it_is_read(live_store, tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    before = snapshot(live_store)
    for path in (fifo, "/dev/zero"):
        result = etskg_ingest(live_store, path, timeout=60)
        assert result.returncode == 2 and "not a regular file" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(live_store) == before
