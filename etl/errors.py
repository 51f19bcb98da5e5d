"""Errors that point at the exact place in a source file."""
from __future__ import annotations


class SourceError(Exception):
    """Bad input, reported as ``file:line: message`` so editors can jump to it."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class CheckFailed(Exception):
    """A warehouse integrity test failed; the new database is discarded."""
