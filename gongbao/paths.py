"""Where the project's data folders live.

The data (ontology, shapes, queries, reference tables) sits beside the package in the
repository, apart from code. GONGBAO_HOME points elsewhere, e.g. for an installed copy.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME = Path(os.environ.get("GONGBAO_HOME", Path(__file__).resolve().parent.parent))
ONTOLOGY = HOME / "ontology"
SHAPES = HOME / "shapes"
QUERIES = HOME / "queries"
MAPPINGS = HOME / "mappings"
SOURCES = HOME / "sources"
GRAPH = HOME / "graph"
# Under a graph directory: the link to the texts the current store's spans count into, for
# sources that were not plain text (PDFs, web pages, Word files).
TEXTS = "texts"


def extracted_text(source_name: str) -> str:
    """The kept text of a source file, relative to the graph directory."""
    return f"{TEXTS}/{source_name}.txt"
