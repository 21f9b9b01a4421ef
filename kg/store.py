"""The persistent store: complete, validated generations switched atomically.

Layout of a store directory (``$ETSKG_STORE``, else ``./data``)::

    DIR/CURRENT                 name of the live generation, e.g. "3"
    DIR/.write-lock             flock()ed by the one process building a generation
    DIR/generations/<n>/        one complete generation:
        graph/                  Oxigraph (RocksDB) store: one named graph per
                                document, the ontology graph, and as default
                                graph their merge
        generation.json         manifest, written last: its presence marks the
                                generation complete
        index/, passages.jsonl  written by the search component, inside the
                                ``with store.new_generation()`` block

Why generations: a build may fail or be killed at any point, and several
processes (web workers, CLI queries) read the store while it runs. Readers
open the live generation read-only; the writer builds the next one in a new
directory and only then replaces CURRENT with ``os.replace`` (atomic on
POSIX). A failed build removes its directory; a killed one leaves a
directory without manifest, removed at the start of the next build. Old
generations are pruned, keeping the newest ``keep`` so that readers still
holding one open are not pulled from under them.

Reopening is instant: ``Store(dir).current().graph()`` opens the existing
Oxigraph directory read-only, nothing is re-ingested.

The graph may instead live on an external SPARQL 1.1 server:
``Store(dir, graph="sparql+http://HOST:PORT/PATH")`` builds each generation
the same way (in ``graph/``, as a staging copy) and publishes it to the
server at commit; the manifest records the endpoint, so later
``Store(dir)`` readers find it (``kg/backends/sparql.py``,
docs/external-store.md).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from kg.load import load_ontology, refresh_merge
from kg.namespaces import ONTOLOGY, PREFIXES

STORE_ENV = "ETSKG_STORE"
MANIFEST = "generation.json"


def default_store_dir() -> Path:
    """``$ETSKG_STORE`` if set, else ``./data``."""
    return Path(os.environ.get(STORE_ENV) or "data")


class StoreError(RuntimeError):
    """The store cannot do what was asked (busy, no generation, corrupt)."""


class ValidationFailed(StoreError):
    """The new generation broke a SHACL shape; it was discarded. ``report`` says why."""

    def __init__(self, report: str):
        super().__init__("the new generation does not validate; the previous one stays live\n" + report)
        self.report = report


class Generation:
    """One complete (or, inside ``new_generation``, in-progress) version of the graph.

    ``path`` is the generation directory: other components put their files
    next to ``graph/`` there.
    """

    def __init__(self, path: Path, endpoint: str | None = None):
        self.path = path
        self.name = path.name
        self._writable: ox.Store | None = None  # set by Store.new_generation while building
        self._merged = False  # while building: the default graph is the merge of what was written
        self._read_only: ox.Store | None = None
        self._endpoint = endpoint  # the external store a generation being built goes to

    def __repr__(self) -> str:
        return f"Generation({str(self.path)!r})"

    @property
    def building(self) -> bool:
        """True inside ``new_generation`` until the generation is published."""
        return self._writable is not None

    @property
    def graph_path(self) -> Path:
        return self.path / "graph"

    @property
    def manifest(self) -> dict:
        with open(self.path / MANIFEST, encoding="utf-8") as fh:
            return json.load(fh)

    @cached_property
    def remote(self):
        """The ``kg.backends.sparql.Endpoint`` holding this generation's graph; None if embedded."""
        manifest = self.manifest if (self.path / MANIFEST).exists() else {}
        url = self._endpoint or manifest.get("graph")
        if url is None:
            return None
        from kg.backends.sparql import Endpoint

        return Endpoint(url, manifest.get("named_graphs", []), manifest.get("merge", {}).get("iri"))

    def writable(self) -> ox.Store:
        """The read-write Oxigraph store; only while the generation is being built.

        Whoever asks for it may write, so the merged default graph is stale
        from then until the next read (``oxigraph``) or the commit remakes it:
        one merge per build however many loads, not one per load.
        """
        if self._writable is None:
            raise StoreError(f"generation {self.name} is not being built: it is read-only")
        self._merged = False
        return self._writable

    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store: the one being written while building (merge fresh), else a read-only handle."""
        if self._writable is not None:
            if not self._merged:
                refresh_merge(self._writable)
                self._merged = True
            return self._writable
        if self.remote is not None:
            raise StoreError(f"generation {self.name} is on {self.remote.url}: use run_query or graph()")
        if self._read_only is None:
            self._read_only = ox.Store.read_only(str(self.graph_path))
        return self._read_only

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (and, embedded, of the merged default graph)."""
        if self.remote is None or self.building:
            return iter(self.oxigraph())
        counts = self.manifest.get("graphs", {})
        return (q for g in self.remote.graphs for q in self.remote.download(g, counts.get(g, {}).get("triples")))

    def graph(self) -> Dataset:
        """An rdflib Dataset over this generation.

        Its default graph is the merge of all named graphs (see
        ``kg.load.refresh_merge``), so queries without GRAPH see every
        document. SPARQL strings given to ``Dataset.query`` run inside
        Oxigraph (oxrdflib hands them over unparsed), so rdflib's own SPARQL
        engine is not involved. A generation on an external store gives a
        ``kg.backends.sparql.RemoteDataset``, whose ``query`` and ``quads``
        are answered by the server.
        """
        if self.remote is not None and not self.building:
            return self.remote.dataset()
        dataset = Dataset(store=OxigraphStore(store=self.oxigraph()))
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True, replace=True)
        return dataset


class Store:
    """A directory of generations; see the module docstring for the layout."""

    def __init__(self, directory: str | os.PathLike | None = None, keep: int = 3, graph: str | None = None):
        self.dir = Path(directory) if directory is not None else default_store_dir()
        self.keep = keep
        self.graph = graph  # "sparql+http://...": build new generations there; None: where the live one is
        self._current: Generation | None = None  # the last live generation current() returned

    def graph_url(self) -> str | None:
        """The external store new generations go to, or None for the embedded one."""
        if self.graph is not None:
            return self.graph
        live = self.current()
        return live.manifest.get("graph") if live is not None else None

    @property
    def generations_dir(self) -> Path:
        return self.dir / "generations"

    def current(self) -> Generation | None:
        """The live generation, or None before the first successful build.

        For an external store, the generation the endpoint marks live (one
        small query), so that its graph and its search index go together.
        """
        try:
            name = (self.dir / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.generations_dir / name
        if not (path / MANIFEST).exists():
            raise StoreError(f"{self.dir}/CURRENT names generation {name!r}, which is missing or incomplete")
        # A server asks on every request: reusing the Generation of the same name
        # saves reading and parsing its manifest each time (a generation never changes).
        cached = self._current
        gen = cached if cached is not None and cached.name == name else Generation(path)
        self._current = gen
        if gen.remote is not None:
            # The endpoint's marker switched with its graphs; CURRENT is written just after.
            live = gen.remote.live_generation()
            if live not in (None, name) and (self.generations_dir / live / MANIFEST).exists():
                return Generation(self.generations_dir / live)
        return gen

    def generations(self) -> list[Generation]:
        """The complete generations, oldest first."""
        return [Generation(p) for p in self._numbered() if (p / MANIFEST).exists()]

    def _numbered(self) -> list[Path]:
        if not self.generations_dir.exists():
            return []
        return sorted((p for p in self.generations_dir.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))

    @contextmanager
    def new_generation(self, *, inherit: bool = True, validate: bool = True) -> Iterator[Generation]:
        """Build the next generation; it goes live only if the block completes and it validates.

        ``inherit`` starts from a copy of the live generation's graphs (so
        loading one more report keeps the others); ``inherit=False`` starts
        empty. The ontology graph is always reloaded from kg/ontology.ttl.
        On any exception, or a failed validation (``ValidationFailed``), the
        new directory is removed and the previous generation stays live.
        """
        self.generations_dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / ".write-lock", "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another process is building a generation in {self.dir}") from None
            numbered = self._numbered()
            self._remove_incomplete(numbered)
            path = self.generations_dir / str(int(numbered[-1].name) + 1 if numbered else 1)
            path.mkdir()
            gen = Generation(path, self.graph_url())
            try:
                gen._writable = self._start(gen, inherit)
                yield gen
                self._commit(gen, validate)
            except BaseException:
                gen._writable = None
                shutil.rmtree(path, ignore_errors=True)
                raise
            self._prune()

    def _remove_incomplete(self, numbered: list[Path]) -> None:
        # Safe: we hold the write lock, so no other process is building these.
        for path in numbered:
            if not (path / MANIFEST).exists():
                shutil.rmtree(path, ignore_errors=True)

    def _start(self, gen: Generation, inherit: bool) -> ox.Store:
        store = ox.Store(str(gen.graph_path))
        previous = self.current() if inherit else None
        if previous is not None:
            # Documents' graphs only: the ontology is reloaded, the merge recomputed.
            skip = (ox.NamedNode(str(ONTOLOGY)), ox.DefaultGraph())
            store.bulk_extend(q for q in previous.quads() if q.graph_name not in skip)
        load_ontology(store)
        return store

    def _commit(self, gen: Generation, validate: bool) -> None:
        from kg.validate import validate_store  # pyshacl is only needed by writers

        store = gen.oxigraph()
        if validate:
            ok, report = validate_store(store)
            if not ok:
                raise ValidationFailed(report)
        store.flush()
        manifest = {
            "generation": gen.name,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "quads": len(store),
            "named_graphs": sorted(g.value for g in store.named_graphs()),
            "validated": validate,
        }
        staged = self._stage(gen, store) if gen.remote is not None else None
        if staged is not None:
            manifest.update({"graph": gen.remote.url, "graphs": staged.graphs, "merge": staged.merge})
        # Readers may only open the directory read-only once no read-write
        # handle writes to it: drop ours before the generation is published.
        gen._writable = None
        del store
        _write_atomically(gen.path / MANIFEST, json.dumps(manifest, indent=2))
        if staged is not None:
            # The switch for readers of an external store (Store.current follows it).
            try:
                staged.swap()
            except BaseException:
                staged.discard()
                raise
            shutil.rmtree(gen.graph_path)  # the staging copy: the graph now lives on the endpoint
        _write_atomically(self.dir / "CURRENT", gen.name + "\n")
        gen.__dict__.pop("remote", None)  # reopened from the manifest: the endpoint with its graphs

    def _stage(self, gen: Generation, store: ox.Store):
        """Upload the new generation's graphs to its endpoint, ready to swap in.

        With ``INSERT DATA``, or with Virtuoso's bulk loader when the
        environment sets it up (``kg.backends.virtuoso_bulk``).
        """
        from kg.backends.virtuoso_bulk import from_environment

        previous = self.current()
        same = previous is not None and previous.manifest.get("graph") == gen.remote.url
        return gen.remote.stage(store, gen.name, previous.manifest if same else {},
                                uploader=from_environment(gen.remote.url))

    def _prune(self) -> None:
        complete = self.generations()
        current = self.current()
        for gen in complete[: max(0, len(complete) - self.keep)]:
            if current is None or gen.name != current.name:
                shutil.rmtree(gen.path, ignore_errors=True)


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file, fsync, then os.replace: readers see the old or the new file."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
