"""Problems found in the catalogue: one type, one format, for people and for CI annotations."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "fout"
WARNING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, pointing at a file, a line, a column and a field."""

    path: str
    line: int
    column: int
    field: str
    message: str
    level: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        prefix = "" if self.is_error else "waarschuwing: "
        return one_line(
            f"{self.path}:{self.line}:{self.column}: {self.field}: {prefix}{self.message}"
        )

    def as_annotation(self) -> str:
        """Format as a GitHub Actions workflow command, so the problem shows on the pull request."""
        kind = "error" if self.is_error else "warning"
        message = (
            f"{self.field}: {self.message}".replace("%", "%25")
            .replace("\r", "%0D")
            .replace("\n", "%0A")
        )
        path = (
            self.path.replace("%", "%25")
            .replace("\r", "%0D")
            .replace("\n", "%0A")
            .replace(":", "%3A")
            .replace(",", "%2C")
        )
        return f"::{kind} file={path},line={self.line},col={self.column}::{message}"


def one_line(text: str) -> str:
    """Show control characters (a value can hold a line break) so one problem stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
