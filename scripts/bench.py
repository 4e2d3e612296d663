"""``make bench``: measure the engine on synthetic glossaries (see benchmarks/benchmark.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ and the browser of tests/support/

from benchmarks.benchmark import main

if __name__ == "__main__":
    sys.exit(main())
