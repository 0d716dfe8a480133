"""`python -m bench`: run the benchmarks and write docs/benchmarks.md."""

import sys

from .run import main

sys.exit(main())
