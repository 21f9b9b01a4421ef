"""Cold full ingest of the bundled report (both editions), timed in fresh processes.

    python bench/ingest_bench.py [--runs 3]

Each run is a new Python process (so model and pipeline loads count) running
``etskg ingest`` into an empty temporary store. Prints the times and the
extraction-only time of the same process as a ratio, so that a noisy shared
machine still gives comparable figures.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time

EXTRACT_ONLY = "from ingest.pipeline import bundled_corpus, ingest_files; ingest_files(bundled_corpus())"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    full, extract = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as store:
            full.append(timed([sys.executable, "-m", "etskg", "ingest", "--quiet", "--store", store]))
        extract.append(timed([sys.executable, "-c", EXTRACT_ONLY]))
    print(f"full cold ingest (s):       median {statistics.median(full):.1f}  runs {[round(x, 1) for x in full]}")
    print(f"extraction only (s):        median {statistics.median(extract):.1f}")
    print(f"graph + index share:        {1 - statistics.median(extract) / statistics.median(full):.0%}")


if __name__ == "__main__":
    main()
