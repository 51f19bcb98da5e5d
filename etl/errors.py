"""Errors that point at the exact place in a source file, or at the output that could not be written."""
from __future__ import annotations

import sys
from pathlib import Path


class SourceError(Exception):
    """Bad input, reported as ``file:line: message`` so editors can jump to it."""

    def __init__(self, path: str | Path, line: int | None, message: str):
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

    def __init__(self, path: str | Path, line: int | None = None, message: str | None = None):
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


def run_command(command, expected: tuple[type[Exception], ...], path_for_os_errors) -> int:
    """Run a command-line handler: its exit code, or 1 with one ``error: ...`` line on stderr and no
    traceback whatever failed (``expected`` errors as their own message, OS errors with the path);
    130 on Ctrl-C. Both command lines (etl, hromada) end this way."""
    try:
        return command()
    except expected as error:
        message = str(error)
    except OSError as error:
        message = f"{error.filename or path_for_os_errors}: {error.strerror or error}"
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - whatever failed, one line and no traceback
        message = f"{type(error).__name__}: {error}"
    print(f"error: {message}", file=sys.stderr)
    return 1
