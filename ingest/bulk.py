"""Making millions of small objects at once: the graph's quads, the index's token lists.

Python's cycle collector walks every live object on each full collection,
and the number of collections grows with the number of objects made, so
its cost grew faster than the corpus (bench/README.md "Growth": 28 % of
building the quads at 100x the report). These builders make no reference
cycles, so the collector can rest while they run.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def no_cycle_collection():
    """Pause the cycle collector for the block; reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
