"""``make bench``: measure the engine on synthetic glossaries (see mesa_glossary.benchmark)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the search timing borrows tests/browser.py

from benchmarks.benchmark import main

if __name__ == "__main__":
    sys.exit(main())
