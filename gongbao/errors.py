"""Typed errors and the exit codes they map to, in one place.

Exit codes (documented in the README, relied on by CI pipelines):
  0  success; for `validate`, the graph conforms
  1  validation found violations
  2  bad input or usage: unreadable or malformed source, unknown query, no store
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


class GongbaoError(Exception):
    """Base of every error the CLI turns into a message and an exit code."""

    exit_code = EXIT_BAD_INPUT


class SourceError(GongbaoError):
    """A source file that cannot be read as a gazette issue.

    The message names the file, the line, what was expected and what was found.
    """

    def __init__(self, path: str, line: int | None, expected: str, found: str | None = None):
        self.path = path
        self.line = line
        self.expected = expected
        self.found = found
        where = f"{path}:{line}" if line else path
        message = f"{where}: expected {expected}"
        if found is not None:
            message += f", found {found!r}" if found else ", found nothing"
        super().__init__(message)

    def __reduce__(self):  # sources are read in worker processes: the error crosses back whole
        return type(self), (self.path, self.line, self.expected, self.found)


class ReferenceDataError(GongbaoError):
    """A reference table under mappings/ that is malformed."""


class StoreError(GongbaoError):
    """No store to open, or a store that cannot be written."""


class QueryError(GongbaoError):
    """An unknown query name or a query that fails to run."""


class ValidationFailed(GongbaoError):
    """The graph does not conform to the shapes; carries the report."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, report):
        self.report = report
        super().__init__(f"{len(report.violations)} violation(s)")
