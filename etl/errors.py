"""Errors that point at the exact place in a source file, or at the output that could not be written."""
from __future__ import annotations


class SourceError(Exception):
    """Bad input, reported as ``file:line: message`` so editors can jump to it."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.path:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class CheckFailed(SourceError):
    """A warehouse integrity test failed; the new database is discarded.

    Raised as ``CheckFailed(path, line, message)``, naming the document whose rows broke the rule;
    ``CheckFailed(message)`` is kept for callers whose message already says where.
    """

    def __init__(self, path: str, line: int | None = None, message: str | None = None):
        if message is None:
            path, message = "", path
        super().__init__(path, line, message)


class OutputError(Exception):
    """The warehouse could not be written (disk full, read-only, ...): ``path: reason``."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
