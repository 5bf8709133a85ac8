"""The errors of the Excel adapter: a file that cannot be imported, with every bad cell listed.

::

    savcore.errors.DataFormatError (ValueError)
    └── ImportFileError                 the file is refused; ``cells`` lists every bad cell

An import is all or nothing: when a single cell is wrong, nothing is returned, and the error names
every cell at fault, not only the first, so that the sender can fix the file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from savcore.errors import DataFormatError

__all__ = ["BadCell", "ImportFileError", "column_letter"]


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index`` (0 -> ``A``, 27 -> ``AB``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@attrs.frozen
class BadCell:
    """One cell refused by an import.

    ``sheet`` is the sheet name, ``row`` the 1-based row number and ``column`` the column letter as
    the spreadsheet shows them (``None`` when the problem concerns a whole row or sheet); ``value``
    is what the cell held and ``reason`` why it is refused, in French.
    """

    sheet: str
    row: int | None
    column: str | None
    value: Any
    reason: str

    @property
    def ref(self) -> str:
        """The cell reference (``D7``), the row (``ligne 7``) or ``""`` for a whole sheet."""
        if self.row is None:
            return ""
        if self.column is None:
            return f"ligne {self.row}"
        return f"{self.column}{self.row}"

    def __str__(self) -> str:
        where = f"feuille « {self.sheet} »"
        if self.ref:
            where += f", {'cellule ' if self.column else ''}{self.ref}"
        shown = "" if self.value in (None, "") else f" (valeur : {self.value!r})"
        return f"{where} : {self.reason}{shown}"


class ImportFileError(DataFormatError):
    """A spreadsheet could not be imported; nothing was imported.

    ``source`` is the file, ``cells`` every bad cell (:class:`BadCell`), ``problems`` one French
    line per problem (the cells first, then problems about the whole file: not a spreadsheet,
    protected by a password, too large once uncompressed...).
    """

    def __init__(
        self, source: str, problems: Iterable[str] = (), *, cells: Iterable[BadCell] = ()
    ) -> None:
        self.cells: tuple[BadCell, ...] = tuple(cells)
        lines = [str(cell) for cell in self.cells] + list(problems)
        super().__init__(source, lines)
