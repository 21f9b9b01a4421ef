"""A throwaway OpenLink Virtuoso on loopback, for tests and benchmarks of the external store.

``with local_virtuoso(directory) as url:`` starts ``virtuoso-t`` (Debian's
``virtuoso-opensource``) with its database in ``directory``, on free
loopback ports, lets the anonymous SPARQL user update (``GRANT SPARQL_UPDATE
TO "SPARQL"``, through ``isql-vt``), and yields the ``sparql+http://...``
URL of its endpoint; the server is stopped on exit. The settings that
matter to etskg are the ones docs/external-store.md asks of any Virtuoso:
no cap on result rows, no query time limit that would return partial
("anytime") answers, room in one transaction for the swap of a large
generation, and memory buffers sized for the graph.
"""
from __future__ import annotations

import configparser
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kg.backends.virtuoso_bulk import ISQL

SERVER = "virtuoso-t"
START_TIMEOUT = 90.0  # seconds; a first start creates the database (about 5 s here)

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = {dir}
ThreadsPerQuery = 2
TransactionAfterImageLimit = 2000000000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


def bulk_environment(directory: str | Path) -> dict[str, str]:
    """The ``kg.backends.virtuoso_bulk`` settings for the server ``local_virtuoso(directory)`` runs."""
    directory = Path(directory).resolve()
    ini = configparser.ConfigParser()
    ini.read(directory / "virtuoso.ini", encoding="utf-8")
    return {"ETSKG_VIRTUOSO_BULK_DIR": str(directory / "load"),  # under its DirsAllowed
            "ETSKG_VIRTUOSO_SQL": ini["Parameters"]["ServerPort"],
            "ETSKG_VIRTUOSO_USER": "dba", "ETSKG_VIRTUOSO_PASSWORD": "dba"}


def available() -> bool:
    """Whether the Virtuoso server and its SQL client are installed."""
    return shutil.which(SERVER) is not None and shutil.which(ISQL) is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(http_url: str) -> bool:
    try:
        with urllib.request.urlopen(http_url + "?query=ASK%7B%7D", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def local_virtuoso(directory: str | Path, buffers: int = 20000) -> Iterator[str]:
    """Run Virtuoso with its files in ``directory``; yields ``sparql+http://127.0.0.1:PORT/sparql``.

    ``buffers`` are 8 KB pages of memory cache (20,000 = 160 MB).
    """
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(_INI.format(dir=directory, sql_port=sql_port, http_port=http_port,
                               buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
    log = open(directory / "server.out", "ab")
    server = subprocess.Popen([SERVER, "+configfile", str(ini), "+foreground"], cwd=directory,
                              stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    http_url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(http_url):
            if server.poll() is not None or time.monotonic() > deadline:
                tail = (directory / "server.out").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Virtuoso did not start (exit {server.poll()}):\n{tail}")
            time.sleep(0.2)
        subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield "sparql+" + http_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
