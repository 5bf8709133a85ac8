"""Files that must be refused before any parsing: each gives a clear French error, imports nothing
and does not blow up memory."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from savcore_excel import ImportFileError, ReadLimits, read_price_schedule, read_sites
from tests.excel._ole import ole_file

DAY = date(2025, 1, 1)
HEADER = ["N° prix", "Désignation", "Unité", "PU HT"]


def _refused(path: Path, match: str, **options: object) -> ImportFileError:
    with pytest.raises(ImportFileError, match=match) as exc:
        read_price_schedule(path, applies_from=DAY, **options)
    return exc.value


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "vide.xlsx"
    path.write_bytes(b"")
    _refused(path, r"fichier vide \(0 octet\)")


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "absent.xlsx", "fichier introuvable")


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b"N\xb0 prix;D\xe9signation;PU HT\n1.1;Visite;80\n", "n'est pas un classeur"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "fichier HTML"),
        (b"%PDF-1.4\n%...", "document PDF"),
        (b"\x00\x01\x02\x03garbage", "n'est pas un classeur"),
    ],
)
def test_not_a_spreadsheet(tmp_path: Path, content: bytes, hint: str) -> None:
    path = tmp_path / "faux.xls"
    path.write_bytes(content)
    _refused(path, hint)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    _refused(path, "n'est pas un classeur")


def test_a_damaged_zip(tmp_path: Path, xlsx: Callable[..., Path]) -> None:
    good = xlsx([HEADER, ["1", "a", "u", 1]])
    path = tmp_path / "tronque.xlsx"
    path.write_bytes(good.read_bytes()[:300])
    _refused(path, "endommagée")


def test_password_protected_ooxml(tmp_path: Path) -> None:
    # What Excel writes for "Encrypt with password": an OLE container, not a zip.
    path = tmp_path / "protege.xlsx"
    path.write_bytes(
        ole_file(
            {
                "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + b"\0" * 200,
                "EncryptedPackage": b"\x01" * 5000,
            }
        )
    )
    _refused(path, "protégé par mot de passe")


def test_password_protected_xls(tmp_path: Path) -> None:
    # A BIFF8 workbook stream whose globals start with BOF then FILEPASS (RC4 encryption).
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
    filepass = struct.pack("<HH", 0x002F, 6) + struct.pack("<HHH", 1, 1, 2)
    path = tmp_path / "protege.xls"
    path.write_bytes(ole_file({"Workbook": bof + filepass}))
    _refused(path, "protégé par mot de passe")


def test_an_ole_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "lettre.xls"
    path.write_bytes(ole_file({"WordDocument": b"\0" * 100}))
    _refused(path, "n'est pas un classeur")


def _bomb(path: Path, megabytes: int) -> Path:
    """A valid-looking xlsx whose sheet inflates to ``megabytes`` of blanks."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                member.write(block)
    return path


def test_zip_bomb_by_compression_ratio(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bombe.xlsx", 64)
    assert path.stat().st_size < 200_000  # a small file...
    tracemalloc.start()
    try:
        error = _refused(path, "bombe zip")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "se décompresse" in str(error)
    assert peak < 20_000_000  # ...refused from the zip directory, never inflated


def test_zip_bomb_by_total_size(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bombe.xlsx", 12)
    _refused(path, "taille décompressée", limits=ReadLimits(max_uncompressed_bytes=8 << 20))


def test_zip_bomb_with_a_lying_directory_is_stopped_while_inflating(tmp_path: Path) -> None:
    # The directory claims 1 kB; the member really inflates to 12 MB: the streamed budget stops it.
    path = _bomb(tmp_path / "menteur.xlsx", 12)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    central = data.rfind(
        b"PK\x01\x02" + data[data.find(b"PK\x01\x02") + 4 : data.find(b"PK\x01\x02") + 4], 0
    )
    start = data.find(b"PK\x01\x02")
    while start != -1:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + length] == name:
            central = start
            break
        start = data.find(b"PK\x01\x02", start + 4)
    extra = struct.unpack_from("<H", data, central + 30)[0]
    if extra:  # zip64: the real size sits in the extra field; rewrite it there
        struct.pack_into("<Q", data, central + 46 + len(name) + 4, 1024)
    else:
        struct.pack_into("<I", data, central + 24, 1024)
    path.write_bytes(bytes(data))
    error = _refused(path, "bombe zip", limits=ReadLimits(max_uncompressed_bytes=8 << 20))
    assert "taille décompressée réelle" in str(error)


def _member_data(path: Path, name: str) -> tuple[int, int]:
    """Offset and length of the compressed data of member ``name`` in the zip file ``path``."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = path.read_bytes()
    lengths = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + sum(lengths), info.compress_size


@pytest.mark.parametrize("damage", ["garbled", "truncated"])
def test_a_damaged_sheet_inside_a_sound_zip(
    tmp_path: Path, xlsx: Callable[..., Path], damage: str
) -> None:
    good = xlsx([HEADER, *([f"{n}", f"Article {n}", "u", n] for n in range(1, 400))])
    data = bytearray(good.read_bytes())
    start, length = _member_data(good, "xl/worksheets/sheet1.xml")
    if damage == "garbled":  # the deflate stream's bytes overwritten: zlib cannot inflate them
        data[start : start + length] = b"\xff" * length
    else:  # the stream ends early: the rest of the member is zeros
        data[start + length // 2 : start + length] = bytes(length - length // 2)
    path = tmp_path / "abime.xlsx"
    path.write_bytes(bytes(data))
    error = _refused(path, "endommagé")
    assert "xl/worksheets/sheet1.xml" in str(error)


def _with_part(source: Path, target: Path, part: str, transform: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, transform(data) if info.filename == part else data)
    return target


def _prolog(data: bytes, declaration: bytes) -> bytes:
    """``data`` with ``declaration`` inserted after the XML declaration (or at the start)."""
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        return data[:end] + declaration + data[end:]
    return declaration + data


def test_xml_external_entity(tmp_path: Path, xlsx: Callable[..., Path]) -> None:
    good = xlsx([HEADER, ["1.1", "Visite", "u", 80]])
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe")

    def inject(data: bytes) -> bytes:
        doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
        return _prolog(data, doctype).replace(b"Visite", b"&xxe;")

    path = _with_part(good, tmp_path / "xxe.xlsx", "xl/worksheets/sheet1.xml", inject)
    error = _refused(path, "DOCTYPE/ENTITY interdite")
    assert "mot de passe" not in str(error)


def test_billion_laughs_in_shared_strings(tmp_path: Path, xlsx: Callable[..., Path]) -> None:
    good = xlsx([HEADER, ["1.1", "Visite", "u", 80]])
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    path = _with_part(
        good, tmp_path / "lol.xlsx", "[Content_Types].xml", lambda d: _prolog(d, laughs)
    )
    _refused(path, "DOCTYPE/ENTITY")


def test_too_large_a_file(xlsx: Callable[..., Path]) -> None:
    path = xlsx([HEADER, ["1.1", "Visite", "u", 80]])
    _refused(path, "trop volumineux", limits=ReadLimits(max_file_bytes=1000))


def test_portfolio_import_applies_the_same_checks(tmp_path: Path) -> None:
    path = tmp_path / "vide.ods"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError, match="fichier vide"):
        read_sites(path)
