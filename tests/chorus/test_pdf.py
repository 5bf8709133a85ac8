"""The Factur-X PDF: factur-x reads back the same XML, the text is French, pdftoppm renders it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import facturx
import pytest
from pypdf import PdfReader

from savcore_chorus import build_cii, facturx_pdf
from savcore_chorus._samples import sample_credit_note, sample_invoice


def test_facturx_gives_back_the_same_xml() -> None:
    invoice = sample_invoice(12)
    pdf = facturx_pdf(invoice)
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml"
    assert xml == build_cii(invoice)
    assert b"urn:cen.eu:en16931:2017" in xml


def test_the_pdf_reads_in_french() -> None:
    reader = PdfReader(io.BytesIO(facturx_pdf(sample_invoice(3))))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "FACTURE",
        "FA-2025-000042",
        "Thermique Rhône Services",
        "Commune de Villeurbanne",
        "SIRET",
        "Total HT",
        "Net à payer",
        "Pénalités de retard",
        "Indemnité forfaitaire",
        "Code service",
        "N° d'engagement",
        "IBAN",
    ):
        assert expected in text, expected
    assert reader.metadata is not None
    note = PdfReader(io.BytesIO(facturx_pdf(sample_credit_note())))
    assert "AVOIR" in note.pages[0].extract_text()


def test_pdftoppm_renders_the_first_page(tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftoppm absent (paquet poppler-utils)")
        pytest.skip("pdftoppm absent (paquet poppler-utils)")
    pdf = tmp_path / "facture.pdf"
    pdf.write_bytes(facturx_pdf(sample_invoice(12)))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert png.stat().st_size > 5000
