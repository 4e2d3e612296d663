"""``make bench``: measure the engine on synthetic glossaries (see mesa_glossary.benchmark)."""

import sys

from mesa_glossary.benchmark import main

if __name__ == "__main__":
    sys.exit(main())
