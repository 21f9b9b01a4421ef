"""Readings of packaged data kept on disk between processes.

Some readings take seconds and always give the same result for the same code and data: the gazetteer
(ISO 3166, CLDR and CC-CEDICT's capitals), CC-CEDICT's common English words, the dictionary's senses for query
translation. Every ``etskg`` command used to pay for them again (about 9 s of a cold ingest). A reading is
kept under ``$ETSKG_CACHE`` (default ``~/.cache/etskg``), named by a digest of what it depends on: the source
files given and the versions of the packages given, so a change to either reads the data afresh. Where the
cache cannot be read or written, the reading is made each time, as before.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def folder() -> Path:
    return Path(os.environ.get("ETSKG_CACHE") or Path.home() / ".cache" / "etskg")


def key(sources: Iterable[Path], packages: Iterable[str]) -> str:
    """A digest of the source files' bytes (in a stable order) and the packages' installed versions."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for source in sorted(sources):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for package in packages:
        digest.update(f"{package}={version(package)};".encode())
    return digest.hexdigest()[:20]


def on_disk(name: str, read: Callable[[], T], sources: Iterable[Path], packages: Iterable[str]) -> T:
    """``read()``, or what an earlier process stored for the same ``name``, sources and packages."""
    path = folder() / f"{name}-{key(sources, packages)}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError):
        pass  # none yet, or written by code whose classes have changed shape
    found = read()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            pickle.dump(found, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)  # whole or not at all: another process may be reading it
    except OSError:
        pass
    return found


def ingest_sources() -> list[Path]:
    """The ingest package's code and vocabulary files: what a reading built by ``ingest`` may depend on."""
    here = Path(__file__).resolve().parent
    return [*here.glob("*.py"), *(p for p in (here / "vocab").iterdir() if p.is_file())]
