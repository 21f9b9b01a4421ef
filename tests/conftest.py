"""Shared fixtures. Each capability keeps its fixtures in its own marked section."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
CORPUS = ROOT / "ingest" / "corpus"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus_dir():
    return CORPUS


# --- ingest / kg fixtures -------------------------------------------------

# --- search fixtures ------------------------------------------------------
