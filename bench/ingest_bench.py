"""Cold full ingest of the bundled report (both editions), timed in fresh processes.

    python bench/ingest_bench.py [--runs 3]

Each run is a new Python process (so model and pipeline loads count) running
``etskg ingest`` into an empty temporary store: first with an empty reading
cache (``ingest.cached``, as on a new machine), then again with the cache the
first run left. Prints the times and the extraction-only time of the same
process as a ratio, so that a noisy shared machine still gives comparable
figures.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

EXTRACT_ONLY = "from ingest.pipeline import bundled_corpus, ingest_files; ingest_files(bundled_corpus())"


def timed(cmd: list[str], cache: str) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "ETSKG_CACHE": cache})
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    first, full, extract = [], [], []
    ingest = [sys.executable, "-m", "etskg", "ingest", "--quiet", "--store"]
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as cache:
            for times in (first, full):
                with tempfile.TemporaryDirectory() as store:
                    times.append(timed(ingest + [store], cache))
            extract.append(timed([sys.executable, "-c", EXTRACT_ONLY], cache))
    print(f"first cold ingest (s):      median {statistics.median(first):.1f}  runs {[round(x, 1) for x in first]}")
    print(f"full cold ingest (s):       median {statistics.median(full):.1f}  runs {[round(x, 1) for x in full]}")
    print(f"extraction only (s):        median {statistics.median(extract):.1f}")
    print(f"graph + index share:        {1 - statistics.median(extract) / statistics.median(full):.0%}")


if __name__ == "__main__":
    main()
