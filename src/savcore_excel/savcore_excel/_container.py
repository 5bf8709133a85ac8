"""Look inside a spreadsheet file before any reader parses it.

Refused here, with a French message and nothing parsed:

- an empty (0-byte) file, a file that is not a spreadsheet (text, CSV, HTML renamed ``.xls``, a
  Word document...), a file larger than :attr:`ReadLimits.max_file_bytes`;
- a password-protected file: an encrypted OOXML package (an OLE container holding
  ``EncryptionInfo`` / ``EncryptedPackage``) or an ``.xls`` with a ``FILEPASS`` record;
- a zip bomb: the zip directory is checked first (number of members, total uncompressed size,
  compression ratio of large members), then every XML part is inflated in a stream with a byte
  budget, so that a lying directory cannot make us inflate more than the limit;
- an XML part holding a ``<!DOCTYPE`` or ``<!ENTITY`` declaration (external entities, "billion
  laughs"): spreadsheets never need one.

On the way, formula cells are located (``<f>`` elements of xlsx sheets, ``table:formula``
attributes of ods cells, ``FORMULA`` records of xls sheets), since the reading engine only gives
their cached values: :mod:`savcore_excel._table` refuses formulas where a value is imported.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal
from xml.etree import ElementTree

import attrs
import olefile  # type: ignore[import-untyped, unused-ignore]

from savcore_excel.errors import ImportFileError

__all__ = ["Container", "ReadLimits", "inspect_file"]

Kind = Literal["xlsx", "ods", "xls"]
Cell = tuple[int, int]
"""(row, column), both 0-based."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XLSX_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ODS_FORMULA = re.compile(rb"table:formula\s*=|number-(?:rows|columns)-spanned\s*=")
# Quick scans: a chunk in which a pattern's quick scan finds nothing cannot match the pattern, so
# the pattern itself is searched only in chunks that pass it. A quick scan is a byte (searched by
# memchr, the fastest) then a pattern starting with a literal (which re searches fast, unlike "<"
# followed by alternatives): "!" then "<!" for a declaration; "f" then "f" after "<" or ":" (a
# prefixed element, "<x:f>") and before a blank, ">" or "/" for a formula.
_QUICK: dict[bytes, tuple[bytes, re.Pattern[bytes]]] = {
    _DECLARATION.pattern: (b"!", re.compile(rb"<!")),
    _XLSX_FORMULA.pattern: (b"f", re.compile(rb"f(?<=[<:]f)[\s>/]")),
}
_CHUNK = 1 << 20
_MB = 1 << 20


@attrs.frozen
class ReadLimits:
    """Size limits applied before and while reading a file (defaults suit a 100,000-row BPU).

    ``max_file_bytes``: size of the file itself; ``max_uncompressed_bytes``: total size of the
    members of an xlsx/ods package once inflated; ``max_ratio``: highest compression ratio
    accepted for a member of more than ``ratio_floor_bytes`` once inflated (a sheet of repeated
    text compresses about 10 to 30 times; a bomb, thousands of times); ``max_members``: number of
    members of the package.
    """

    max_file_bytes: int = 100 * _MB
    max_uncompressed_bytes: int = 1024 * _MB
    max_ratio: int = 200
    ratio_floor_bytes: int = 10 * _MB
    max_members: int = 10_000


@attrs.frozen
class Container:
    """What :func:`inspect_file` found: the file ``kind``, the formula cells per sheet name and,
    for .ods files (whose merges the engine does not report), the merged ranges per sheet."""

    kind: Kind
    formulas: dict[str, frozenset[Cell]]
    merges: dict[str, tuple[tuple[Cell, Cell], ...]] = attrs.field(factory=dict)


def _refuse(path: Path, message: str) -> ImportFileError:
    return ImportFileError(str(path), [message])


def inspect_file(path: Path, limits: ReadLimits | None = None) -> Container:
    """Check that ``path`` is a readable, safe spreadsheet; see the module docstring.

    :raises ImportFileError: with one French line saying why the file is refused.
    """
    limits = limits or ReadLimits()
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise _refuse(path, "fichier introuvable") from None
    except IsADirectoryError:
        raise _refuse(path, "c'est un dossier, pas un fichier") from None
    except OSError as exc:
        raise _refuse(path, f"lecture impossible : {exc.strerror or exc}") from None
    if size == 0:
        raise _refuse(path, "fichier vide (0 octet) : ce n'est pas un classeur")
    if size > limits.max_file_bytes:
        raise _refuse(
            path,
            f"fichier trop volumineux ({size // _MB} Mo, limite {limits.max_file_bytes // _MB} Mo)",
        )
    if head.startswith(_ZIP_MAGIC):
        return _inspect_zip(path, limits)
    if head == _OLE_MAGIC:
        return _inspect_ole(path, limits)
    raise _refuse(path, _not_a_spreadsheet(path, head))


def _not_a_spreadsheet(path: Path, head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith((b"<html", b"<!doc", b"<?xml", b"<table")):
        hint = "fichier HTML ou XML (souvent un export web renommé) ; "
    elif text.startswith(b"%pdf"):
        hint = "document PDF ; "
    else:
        hint = ""
    return (
        f"{hint}ce fichier n'est pas un classeur .xlsx, .xls ou .ods : ouvrez-le dans votre "
        "tableur et enregistrez-le au format Excel (.xlsx) ou OpenDocument (.ods)"
    )


# --- xlsx and ods (zip packages) ------------------------------------------------------------------


def _inspect_zip(path: Path, limits: ReadLimits) -> Container:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(path, "archive zip endommagée : le classeur est illisible") from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        _check_directory(path, infos, limits)
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            kind: Kind = "xlsx"
            if "xl/workbook.bin" in names:
                raise _refuse(
                    path, "classeur binaire .xlsb non pris en charge : enregistrez en .xlsx"
                )
        elif "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
            kind = "ods"
        else:
            raise _refuse(path, _not_a_spreadsheet(path, b""))
        flagged = _scan_xml_parts(path, archive, infos, kind, limits)
        if kind == "xlsx":
            return Container(kind, _xlsx_formulas(archive, flagged))
        if not flagged:
            return Container(kind, {})
        formulas, merges = _ods_cells(archive)
    return Container(kind, formulas, merges)


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    if len(infos) > limits.max_members:
        raise _refuse(
            path, f"archive anormale : {len(infos)} éléments (limite {limits.max_members})"
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(
                path, "classeur chiffré (protégé par mot de passe) : retirez la protection"
            )
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise _refuse(path, _bomb(limits, "taille décompressée"))
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(
                path,
                f"archive suspecte (bombe zip) : « {info.filename} » se décompresse {ratio} fois "
                f"(limite {limits.max_ratio})",
            )


def _bomb(limits: ReadLimits, what: str) -> str:
    return (
        f"archive suspecte (bombe zip) : {what} supérieure à la limite de "
        f"{limits.max_uncompressed_bytes // _MB} Mo"
    )


def _is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
"""A zip member's local header (APPNOTE 4.3.7): its name and extra field lengths end it."""


def _inflated(raw: IO[bytes], archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The bytes of member ``info`` once inflated, in chunks of at most :data:`_CHUNK`: a deflated
    member straight from ``raw`` (the archive file) with zlib, each step's output bounded (no CRC
    is computed: the reading engine checks it; this pass is about sizes and declarations), any
    other member through :mod:`zipfile`."""
    if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        with archive.open(info) as stream:
            yield from _chunks(stream)
        return
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != _ZIP_MAGIC:
        raise zipfile.BadZipFile(info.filename)
    fields = _LOCAL_HEADER.unpack(header)
    raw.seek(fields[10] + fields[11], 1)  # name and extra field
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while left > 0:
            chunk = raw.read(min(left, _CHUNK))
            if not chunk:
                raise EOFError(info.filename)
            left -= len(chunk)
            yield chunk
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while left > 0 and not inflater.eof:
        data = raw.read(min(left, _CHUNK))
        if not data:
            raise EOFError(info.filename)
        left -= len(data)
        while data and not inflater.eof:
            chunk = inflater.decompress(data, _CHUNK)
            data = inflater.unconsumed_tail
            if chunk:
                yield chunk
    if not inflater.eof:
        raise EOFError(info.filename)


def _scan_xml_parts(
    path: Path,
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    kind: Kind,
    limits: ReadLimits,
) -> set[str]:
    """Inflate every XML part under the byte budget; refuse declarations; return the parts that
    hold formulas."""
    with path.open("rb") as raw:
        budget = limits.max_uncompressed_bytes
        flagged: set[str] = set()
        for info in infos:
            if info.is_dir() or not _is_xml_part(info.filename):
                continue
            if kind == "xlsx":
                formula = _XLSX_FORMULA if info.filename.startswith("xl/worksheets/") else None
            else:
                formula = _ODS_FORMULA if info.filename == "content.xml" else None
            tail = b""
            try:
                for chunk in _inflated(raw, archive, info):
                    budget -= len(chunk)
                    if budget < 0:
                        raise _refuse(path, _bomb(limits, "taille décompressée réelle"))
                    window = tail + chunk
                    if _found(_DECLARATION, window):
                        raise _refuse(
                            path,
                            f"déclaration DOCTYPE/ENTITY interdite dans « {info.filename} » "
                            "(entités XML externes) : fichier refusé par sécurité",
                        )
                    if (
                        formula is not None
                        and info.filename not in flagged
                        and _found(formula, window)
                    ):
                        flagged.add(info.filename)
                    tail = chunk[-32:]
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
                if isinstance(exc, ImportFileError):
                    raise
                raise _refuse(
                    path, f"élément « {info.filename} » endommagé dans l'archive"
                ) from None
    return flagged


def _found(pattern: re.Pattern[bytes], window: bytes) -> bool:
    """Whether ``pattern`` occurs in ``window``, its quick scans first (see :data:`_QUICK`)."""
    quick = _QUICK.get(pattern.pattern)
    if quick is not None and (quick[0] not in window or not quick[1].search(window)):
        return False
    return pattern.search(window) is not None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _cell_ref(ref: str) -> Cell:
    match = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?([0-9]+)", ref)
    if match is None:
        raise ValueError(ref)
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1


def _xlsx_formulas(archive: zipfile.ZipFile, flagged: set[str]) -> dict[str, frozenset[Cell]]:
    if not flagged:
        return {}
    sheets = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets: dict[str, str] = {}
    for rel in rels:
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id", "")] = posixpath.normpath(part)
    out: dict[str, frozenset[Cell]] = {}
    for element in sheets.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        found = targets.get(rid)
        if found is not None and found in flagged:
            out[element.get("name", "")] = frozenset(_xlsx_sheet_formulas(archive, found))
    return out


def _xlsx_sheet_formulas(archive: zipfile.ZipFile, part: str) -> Iterator[Cell]:
    row, column = -1, -1
    with archive.open(part) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name == "row":
                    row = int(element.get("r", row + 2)) - 1
                    column = -1
                elif name == "c":
                    ref = element.get("r")
                    row, column = _cell_ref(ref) if ref else (row, column + 1)
                elif name == "f":
                    yield row, column
            elif name in ("c", "row"):
                element.clear()


def _ods_cells(
    archive: zipfile.ZipFile,
) -> tuple[dict[str, frozenset[Cell]], dict[str, tuple[tuple[Cell, Cell], ...]]]:
    """Formula cells and merged ranges of every table of an .ods ``content.xml``."""
    out: dict[str, set[Cell]] = {}
    merges: dict[str, list[tuple[Cell, Cell]]] = {}
    sheet, row, column = "", -1, 0
    with archive.open("content.xml") as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            attributes = {_local(k): v for k, v in element.attrib.items()}
            if event == "start":
                if name == "table":
                    sheet, row = attributes.get("name", ""), -1
                elif name == "table-row":
                    row += 1
                    column = 0
                elif name in ("table-cell", "covered-table-cell"):
                    if "formula" in attributes:
                        out.setdefault(sheet, set()).add((row, column))
                    rows = int(attributes.get("number-rows-spanned", "1"))
                    columns = int(attributes.get("number-columns-spanned", "1"))
                    if rows > 1 or columns > 1:
                        last = (row + rows - 1, column + columns - 1)
                        merges.setdefault(sheet, []).append(((row, column), last))
                    column += int(attributes.get("number-columns-repeated", "1"))
            elif name == "table-row":
                row += int(attributes.get("number-rows-repeated", "1")) - 1
                element.clear()
    return (
        {name: frozenset(cells) for name, cells in out.items()},
        {name: tuple(ranges) for name, ranges in merges.items()},
    )


# --- xls and encrypted OOXML (OLE containers) -----------------------------------------------------


def _inspect_ole(path: Path, limits: ReadLimits) -> Container:
    try:
        ole = olefile.OleFileIO(str(path))
    except (OSError, ValueError, struct.error):
        raise _refuse(path, "conteneur OLE endommagé : le classeur est illisible") from None
    with ole:
        streams = {"/".join(entry) for entry in ole.listdir()}
        if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
            raise _refuse(
                path,
                "classeur protégé par mot de passe (chiffré) : ouvrez-le, retirez le mot de passe "
                "puis enregistrez-le de nouveau",
            )
        name = "Workbook" if "Workbook" in streams else "Book" if "Book" in streams else None
        if name is None:
            raise _refuse(path, _not_a_spreadsheet(path, b""))
        if ole.get_size(name) > limits.max_uncompressed_bytes:
            raise _refuse(
                path, f"classeur trop volumineux (limite {limits.max_uncompressed_bytes // _MB} Mo)"
            )
        data = ole.openstream(name).read()
    return Container("xls", _biff_formulas(path, data))


def _biff_formulas(path: Path, data: bytes) -> dict[str, frozenset[Cell]]:
    """Walk the BIFF8 records: refuse FILEPASS (encryption), collect FORMULA cells per sheet."""
    sheet_at: dict[int, str] = {}
    out: dict[str, set[Cell]] = {}
    current: str | None = None
    offset, end = 0, len(data)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", data, offset)
        body = offset + 4
        if kind == 0x002F:  # FILEPASS
            raise _refuse(
                path,
                "classeur protégé par mot de passe (chiffré) : ouvrez-le, retirez le mot de passe "
                "puis enregistrez-le de nouveau",
            )
        if kind == 0x0085 and length >= 8:  # BOUNDSHEET8
            position = struct.unpack_from("<I", data, body)[0]
            count, flags = data[body + 6], data[body + 7]
            raw = data[body + 8 : body + 8 + count * (2 if flags & 1 else 1)]
            sheet_at[position] = raw.decode("utf-16-le" if flags & 1 else "latin-1")
        elif kind == 0x0809:  # BOF: a sheet's substream starts here
            current = sheet_at.get(offset)
        elif kind == 0x0006 and current is not None and length >= 4:  # FORMULA
            row, column = struct.unpack_from("<HH", data, body)
            out.setdefault(current, set()).add((row, column))
        offset = body + length
    return {name: frozenset(cells) for name, cells in out.items()}
