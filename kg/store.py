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

import ctypes
import fcntl
import json
import os
import shutil
import threading
import time
import weakref
from contextlib import contextmanager
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from kg.load import load_ontology, refresh_merge
from kg.namespaces import ONTOLOGY, PREFIXES

STORE_ENV = "ETSKG_STORE"
FULL_CHECK_EVERY = 1.0  # seconds between full checks of a graph's files when no change is reported
MANIFEST = "generation.json"


def default_store_dir() -> Path:
    """``$ETSKG_STORE`` if set, else ``./data``."""
    return Path(os.environ.get(STORE_ENV) or "data")


class StoreError(RuntimeError):
    """The store cannot do what was asked (busy, no generation, corrupt)."""


class GenerationDamaged(StoreError):
    """The live generation's files are no longer as they were written (``Generation.damage``)."""

    def __init__(self, gen: "Generation", what: str):
        super().__init__(f"generation {gen.path} is damaged: {what}")


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
        self._damage_lock = threading.Lock()
        self._damage: str | None = None
        self._damage_checked = float("-inf")  # time.monotonic() of the last full check

    def __repr__(self) -> str:
        return f"Generation({str(self.path)!r})"

    @property
    def building(self) -> bool:
        """True inside ``new_generation`` until the generation is published."""
        return self._writable is not None

    @property
    def graph_path(self) -> Path:
        return self.path / "graph"

    @cached_property
    def graph_location(self) -> str:
        """``graph_path`` resolved, as a query process opens it: worked out once, not per query."""
        return str(self.graph_path.resolve())

    @property
    def manifest(self) -> dict:
        with open(self.path / MANIFEST, encoding="utf-8") as fh:
            return json.load(fh)

    def damage(self) -> str | None:
        """What is wrong with this generation's graph files on disk, in one line naming no directory; None if nothing.

        A generation never changes once published, so its manifest lists
        its graph's files and their sizes: a file missing or of
        another size means the generation was damaged (a disk fault, a
        partial copy, a hand deletion). A server asks on every request, so
        that every worker says the same whatever it has loaded. Content
        changed at the same size is not seen here. Manifests written before
        the list was kept: the graph's own CURRENT file must be there. A
        graph on an external store: None.

        A stat per file (about 30) was 85 us, a third of what a small /sparql
        request costs in the app (bench/README.md "## SPARQL beside
        Oxigraph"), so the files are stat-ed again only when the kernel
        reports a change in the graph directory (``DirectoryWatch``) or the
        last full check is ``FULL_CHECK_EVERY`` old: a change the kernel
        does not report (another host on a network file system) is seen
        within that time, every other one at the next request.
        """
        if self.building or self.remote is not None:
            return None
        with self._damage_lock:
            now = time.monotonic()
            if not self._graph_watch.quiet() or now - self._damage_checked >= FULL_CHECK_EVERY:
                self._damage = self._find_damage()
                self._damage_checked = now
            return self._damage

    @cached_property
    def _graph_watch(self) -> "DirectoryWatch":
        return DirectoryWatch(self.graph_path)

    def _find_damage(self) -> str | None:
        expected = self._graph_files
        try:
            found = _file_sizes(self.graph_path)
        except OSError:
            return "its graph directory is missing"
        if expected is None:
            return None if "CURRENT" in found else "graph/CURRENT is missing"
        for name, size in sorted(expected.items()):
            if name not in found:
                return f"graph/{name} is missing"
            if found[name] != size:
                return f"graph/{name} has {found[name]:,} bytes, not the {size:,} it was written with"
        return None

    @cached_property
    def _graph_files(self) -> dict[str, int] | None:
        return self.manifest.get("graph_files")

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
        self._current_key: tuple | None = None  # CURRENT's inode, mtime and size when it was read

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
        marker = os.path.join(self.dir, "CURRENT")
        try:
            seen = os.stat(marker)
        except FileNotFoundError:
            return None
        # A server asks on every request. CURRENT is only ever replaced whole
        # (os.replace: a new inode), so while its inode and time are those of
        # the last read, the live generation is the same one and is reused
        # without reading CURRENT or parsing a manifest (a generation never
        # changes); one stat of its manifest still notices it being removed.
        key = (seen.st_ino, seen.st_mtime_ns, seen.st_size)
        cached = self._current
        if cached is not None and key == self._current_key:
            if not os.path.exists(os.path.join(cached.path, MANIFEST)):
                raise StoreError(f"{self.dir}/CURRENT names generation {cached.name!r}, which is missing or incomplete")
            gen = cached
        else:
            try:
                with open(marker, encoding="utf-8") as fh:
                    name = fh.read().strip()
            except FileNotFoundError:
                return None
            path = self.generations_dir / name
            if not (path / MANIFEST).exists():
                raise StoreError(f"{self.dir}/CURRENT names generation {name!r}, which is missing or incomplete")
            gen = cached if cached is not None and cached.name == name else Generation(path)
            self._current, self._current_key = gen, key
        if gen.remote is not None:
            # The endpoint's marker switched with its graphs; CURRENT is written just after.
            live = gen.remote.live_generation()
            if live not in (None, gen.name) and (self.generations_dir / live / MANIFEST).exists():
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
        with self._write_lock() as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another process is building a generation in {self.dir}") from None
            numbered = self._numbered()
            self._remove_incomplete(numbered)
            path = self.generations_dir / str(int(numbered[-1].name) + 1 if numbered else 1)
            try:
                path.mkdir()
            except OSError as err:
                raise self._not_writable(err) from None
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

    def check_writable(self) -> None:
        """``StoreError`` in one line unless a generation can be written here (ask before costly work)."""
        with self._write_lock():
            pass

    def _write_lock(self):
        """The open lock file; a store that cannot be written (read-only, not ours) is a StoreError, not an OSError."""
        try:
            self.generations_dir.mkdir(parents=True, exist_ok=True)
            return open(self.dir / ".write-lock", "a+")
        except OSError as err:
            raise self._not_writable(err) from None

    def _not_writable(self, err: OSError) -> StoreError:
        return StoreError(f"cannot write to the store {self.dir}: {err.strerror or err} "
                          "(a read-only file system, or a directory of another user); nothing was changed")

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
        if staged is None:
            # Closed now, so final: readers open it read-only and nothing writes to it again (Generation.damage).
            manifest["graph_files"] = dict(sorted(_file_sizes(gen.graph_path).items()))
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


class DirectoryWatch:
    """Whether the kernel saw nothing change in one directory since the last ``quiet()`` (Linux inotify).

    Reported: files created, deleted, renamed in or out, written,
    truncated or changed in their attributes, and the directory itself
    deleted or moved; the path is stat-ed on every call too, so a
    directory moved away with its parent, or another one put at the path,
    counts as a change. ``quiet()`` is False when anything was reported,
    on the first call, after a fork (an inherited inotify descriptor is
    shared with the parent, which would take its events), and always where
    inotify is unavailable (not Linux, or the per-user limit of instances
    reached): the caller then checks in full, as it did before.
    """

    _MASK = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800  # IN_MODIFY ... IN_MOVE_SELF
    _FLAGS = os.O_NONBLOCK | os.O_CLOEXEC  # IN_NONBLOCK and IN_CLOEXEC are these

    def __init__(self, path: Path):
        self.path = os.fsencode(path)
        self._fd: int | None = None
        self._owner: tuple | None = None  # (pid, st_dev, st_ino) the descriptor was made for
        self._closer: weakref.finalize | None = None

    def quiet(self) -> bool:
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        owner = (os.getpid(), st.st_dev, st.st_ino)
        if owner != self._owner:
            self._watch(owner)
            return False
        if self._fd is None:
            return False
        seen = False
        while True:  # drain every pending event
            try:
                seen = bool(os.read(self._fd, 65536)) or seen
            except BlockingIOError:
                return not seen

    def _watch(self, owner: tuple) -> None:
        if self._closer is not None:
            self._closer()  # the previous descriptor, closed only by the process that made it
        self._fd, self._owner, self._closer = None, owner, None
        libc = _libc()
        if libc is None:
            return
        fd = libc.inotify_init1(self._FLAGS)
        if fd < 0:
            return
        if libc.inotify_add_watch(fd, self.path, self._MASK) < 0:
            os.close(fd)
            return
        self._fd = fd
        self._closer = weakref.finalize(self, _close_owned, fd, owner[0])


def _close_owned(fd: int, pid: int) -> None:
    if os.getpid() == pid:
        os.close(fd)


@lru_cache(maxsize=1)
def _libc():
    """The C library with inotify, or None (not Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.inotify_init1, libc.inotify_add_watch  # noqa: B018 - AttributeError where absent
    except (OSError, AttributeError):
        return None
    return libc


def _file_sizes(directory: Path) -> dict[str, int]:
    """Name -> size of the files directly in ``directory`` (one scandir: a server asks per request)."""
    with os.scandir(directory) as entries:
        return {e.name: e.stat().st_size for e in entries if e.is_file()}


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
