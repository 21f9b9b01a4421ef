"""Upload a generation with Virtuoso's bulk loader: the opt-in for a server on the writer's machine.

``INSERT DATA`` is portable but slow on Virtuoso, and slower as its
database grows (bench/README.md "Growth": ~37k triples/s into an empty
database, ~12.5k/s past 10 M triples), because each request's triples land
all over the server's indexes. Virtuoso's own bulk loader (``ld_dir`` +
``rdf_loader_run``) parses files on the server's disk and inserts large
sorted batches: ~190k triples/s here at every size from 10x to 300x the
report. It needs what a plain SPARQL endpoint cannot give, so it is opt-in:

- ``ETSKG_VIRTUOSO_BULK_DIR``: a directory the writer writes and the server
  reads (listed in the server's ``DirsAllowed``): the server runs on the
  same machine or shares that disk;
- ``ETSKG_VIRTUOSO_SQL``: the server's SQL port, ``HOST:PORT`` (default:
  the endpoint's host, port 1111), reached with ``isql-vt`` (Debian's
  ``virtuoso-opensource``);
- ``ETSKG_VIRTUOSO_USER`` (default ``dba``) and ``ETSKG_VIRTUOSO_PASSWORD``:
  an account that may run the loader.

The loader writes no transaction log (``log_enable(2)``), so the upload is
made durable with a ``checkpoint`` before the swap, which is logged as
usual; the server pauses other work for the checkpoint (2.2 s after 22 M
triples here). The loader rolls back a file it cannot parse whole, logs
the error and goes on; each file's log entry is read right after it is
loaded, so a rejected file fails the upload and no partial graph is ever
swapped in. (Counting each graph's triples through SPARQL instead took 42 s
at 1000x, one query per graph, and minutes grouped in one query.)
Everything else (what is uploaded, under which names, the swap) is
``kg.backends.sparql.Endpoint.stage``'s.
"""
from __future__ import annotations

import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from kg.backends.sparql import EndpointError

ISQL = "isql-vt"
log = logging.getLogger(__name__)
LINES_PER_FILE = 1_000_000  # each file is loaded once complete: smaller ones start sooner, but cost a call each


def from_environment(endpoint_url: str) -> "BulkLoader | None":
    """The loader the environment asks for (``ETSKG_VIRTUOSO_BULK_DIR`` set) for that endpoint, else None."""
    directory = os.environ.get("ETSKG_VIRTUOSO_BULK_DIR")
    if not directory:
        return None
    if shutil.which(ISQL) is None:
        raise EndpointError(f"ETSKG_VIRTUOSO_BULK_DIR is set but {ISQL} is not installed "
                            "(apt-get install virtuoso-opensource)")
    sql = os.environ.get("ETSKG_VIRTUOSO_SQL") or f"{urlsplit(endpoint_url.removeprefix('sparql+')).hostname}:1111"
    return BulkLoader(Path(directory), sql, os.environ.get("ETSKG_VIRTUOSO_USER", "dba"),
                      os.environ.get("ETSKG_VIRTUOSO_PASSWORD", ""))


class BulkLoader:
    """Graphs written as N-Quads files under ``directory``, each file loaded as soon as it is complete.

    The server loads one file while the writer makes the next, so the two
    overlap (on two cores, most of the upload); ``load`` waits for the last
    file, then checkpoints. ``close`` (always called) removes the files.
    """

    def __init__(self, directory: Path, sql: str, user: str, password: str):
        self.sql, self.user, self.password = sql, user, password
        directory.mkdir(parents=True, exist_ok=True)
        # Its own subdirectory: the loader is pointed at exactly this upload's files.
        self.directory = Path(tempfile.mkdtemp(prefix="etskg-upload-", dir=directory)).resolve()
        self._file, self._lines, self._files = None, 0, 0
        self._complete: queue.Queue[Path | None] = queue.Queue()
        self._error: EndpointError | None = None
        self._abandoned = False
        self._loading = threading.Thread(target=self._load_files, name="virtuoso-bulk-load", daemon=True)
        self._loading.start()

    def add(self, graph: str, lines: list[bytes]) -> None:
        """Queue one graph's N-Triples lines (as ``kg.backends.sparql._lines`` makes them)."""
        if self._error is not None:
            raise self._error
        suffix = b" <" + graph.encode() + b"> .\n"
        for start in range(0, len(lines), LINES_PER_FILE):
            part = lines[start:start + LINES_PER_FILE]
            if self._file is None or self._lines + len(part) > LINES_PER_FILE:
                self._rotate()
            # An N-Triples line ends with " ."; the graph goes before that dot.
            self._file.write(b"".join(line[:-1] + suffix for line in part))
            self._lines += len(part)

    def _rotate(self) -> None:
        self._finish_file()
        self._file = open(self.directory / f"part-{self._files:05d}.nq", "wb")
        self._files, self._lines = self._files + 1, 0

    def _finish_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._complete.put(Path(self._file.name))
            self._file = None

    def _load_files(self) -> None:
        """The loading thread: each complete file, in order, until None; after an error, none."""
        while (path := self._complete.get()) is not None:
            if self._error is None and not self._abandoned:
                name, started = _sql_string(str(path)), time.perf_counter()
                try:
                    # The loader logs a file it rejects and goes on; signal turns its
                    # log entry into an error here. isql runs the DELETE either way.
                    self._isql(f"ld_add({name}, 'urn:etskg:unused'); rdf_loader_run(); "
                               f"SELECT signal('ETSKG', ll_error) FROM DB.DBA.LOAD_LIST "
                               f"WHERE ll_file = {name} AND ll_error IS NOT NULL; "
                               f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file = {name};")
                except EndpointError as err:
                    self._error = err
                else:
                    log.info("loaded %s in %.1f s", path.name, time.perf_counter() - started)

    def _stop_loading(self) -> None:
        if self._loading.is_alive():
            self._finish_file()
            self._complete.put(None)
            self._loading.join()

    def load(self) -> None:
        """Wait for every file to be loaded (an error if the loader rejected one), make it durable."""
        started = time.perf_counter()
        self._stop_loading()
        log.info("waited %.1f s for the last file", time.perf_counter() - started)
        if self._error is not None:
            raise self._error
        if not self._files:
            return
        started = time.perf_counter()
        self._isql("checkpoint;")
        log.info("checkpoint in %.1f s", time.perf_counter() - started)

    def _isql(self, statements: str) -> None:
        try:
            done = subprocess.run([ISQL, self.sql, self.user, self.password, "VERBOSE=OFF", "BANNER=OFF",
                                   "PROMPT=OFF", "ERRORS=STDOUT", f"exec={statements}"],
                                  capture_output=True, text=True, timeout=None)
        except OSError as err:
            raise EndpointError(f"cannot run {ISQL} for Virtuoso's bulk loader: {err}") from None
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            message = next((line for line in output.splitlines() if line.startswith("*** Error")), output.strip()[-300:])
            raise EndpointError(f"Virtuoso's bulk loader at {self.sql} failed: {message.removeprefix('*** ')}")

    def close(self) -> None:
        """Stop loading (after the file in hand) and remove this upload's files, loaded or not."""
        self._abandoned = True
        self._stop_loading()
        shutil.rmtree(self.directory, ignore_errors=True)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
