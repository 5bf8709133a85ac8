"""A minimal OLE2 (Compound File Binary, MS-CFB v3) writer for tests: just enough to build the
container of a password-protected OOXML workbook (streams ``EncryptionInfo`` and
``EncryptedPackage``) or a tiny .xls, without committing a binary file."""

from __future__ import annotations

import struct

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def _entry(
    name: str, kind: int, start: int, size: int, *, child: int = _NOSTREAM, right: int = _NOSTREAM
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NOSTREAM, right, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 file holding ``streams`` (each padded to at least 4096 bytes so that it lives in
    regular sectors, not in the mini stream)."""
    names = list(streams)
    data = [streams[n].ljust(4096, b"\0") for n in names]
    fat: list[int] = [_FAT, _END]  # sector 0: the FAT, sector 1: the directory
    starts, body = [], b""
    for blob in data:
        count = -(-len(blob) // _SECTOR)
        first = len(fat)
        starts.append(first)
        fat.extend(range(first + 1, first + count))
        fat.append(_END)
        body += blob.ljust(count * _SECTOR, b"\0")
    assert len(fat) <= _SECTOR // 4
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *(fat + [_FREE] * (_SECTOR // 4 - len(fat))))
    entries = _entry("Root Entry", 5, _END, 0, child=1)
    for i, (name, blob) in enumerate(zip(names, data, strict=True)):
        right = i + 2 if i + 1 < len(names) else _NOSTREAM
        entries += _entry(
            name,
            2,
            starts[i],
            len(streams[name]) if len(streams[name]) >= 4096 else len(blob),
            right=right,
        )
    directory = entries.ljust(_SECTOR, b"\0")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    assert len(header) == _SECTOR
    return header + fat_sector + directory + body
