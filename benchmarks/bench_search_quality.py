"""Search quality: recall and precision at 10 over the labelled set in
``tests/listings/search_cases.py`` (56 queries over 45 listings in six languages), on the
configured database's engine.

The measurement is the test ``test_recall_and_precision_at_10`` (which also asserts recall
≥ 0.98); this runs it in a throw-away test database and lets it print its figures.
Usage: .venv/bin/python benchmarks/bench_search_quality.py
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    return subprocess.call(  # noqa: S603  (a fixed command line)
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-header",
            "tests/listings/test_search_quality.py::test_recall_and_precision_at_10",
        ],
        cwd=ROOT,
    )


if __name__ == "__main__":
    sys.exit(main())
