"""IRIs under the base ⇄ local paths under /id/, in one place."""

from __future__ import annotations

from urllib.parse import quote

ID_PREFIX = "/id/"


class Urls:
    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def path(self, iri: str) -> str | None:
        """The local path of an IRI minted under the base; None for any other IRI."""
        if not iri.startswith(self.base):
            return None
        return ID_PREFIX + iri[len(self.base):]

    def href(self, iri: str) -> str:
        """Where a page links for an IRI: its local path, or the IRI itself outside the base."""
        return self.path(iri) or iri

    def iri(self, path: str) -> str:
        """The IRI of a path under /id/ (without the /id/), as the mapping minted it: ASCII,
        with names percent-encoded, so a browser's decoded path is encoded again."""
        return self.base + quote(path, safe="/%-._~")
