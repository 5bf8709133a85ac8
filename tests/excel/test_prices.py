"""Price schedule (BPU) import: header detection, French formats, skipped rows, every bad cell."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savcore.errors import DataFormatError
from savcore.money import VatRate
from savcore_excel import ImportFileError, import_price_schedule, read_price_schedule

HEADER = ["N° prix", "Désignation", "Unité", "PU HT", "TVA"]
DAY = date(2025, 1, 1)


def _problems(exc: pytest.ExceptionInfo[ImportFileError]) -> list[str]:
    return [f"{c.ref}: {c.reason}" for c in exc.value.cells]


def test_header_on_row_4_after_a_merged_title_and_parameters(xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        [
            ["BORDEREAU DES PRIX UNITAIRES - LOT 3 CHAUFFAGE"],
            ["Applicable à partir du :", "01/01/2025"],
            [],
            ["N°PRIX", "Désignation des ouvrages", "U", "Prix unitaire H.T. (€)", "Taux de TVA"],
            ["1 - ENTRETIEN"],
            ["1.1", "Visite annuelle chaudière", "u", "80,00 €", "10 %"],
            ["1.2", "Ramonage", "u", "1 234,50", 20],
            [101, "Main-d'œuvre", "h", 45.3, 0.055],
            [],
            ["2 - DÉPANNAGE"],
            ["2.1", "Déplacement", "forfait", "12.5", "5,5"],
            [None, "Sous-total", None, "=SUM(D6:D11)"],
        ],
        merges=["A1:E1"],
    )
    imported = import_price_schedule(path, schedule_id="BPU-1", label="Lot 3")
    (version,) = imported.value.versions
    assert version.applies_from == DAY
    assert [(i.code, i.unit_price, i.vat_rate) for i in version.items] == [
        ("1.1", Decimal("80.00"), VatRate.INTERMEDIATE),
        ("1.2", Decimal("1234.50"), VatRate.STANDARD),
        ("101", Decimal("45.30"), VatRate.REDUCED),  # a float 45.3 -> 45.30, never 45.29999...
        ("2.1", Decimal("12.50"), VatRate.REDUCED),
    ]
    assert version.items[2].label == "Main-d'œuvre"
    assert imported.notes == ("feuille « BPU », ligne 12 : ligne de total ignorée",)


def test_float_cells_become_the_decimal_they_show(xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        [HEADER, ["A", "a", "u", 0.1, 20], ["B", "b", "u", 12.3456, 20], ["C", "c", "u", 1e-2, 20]]
    )
    items = read_price_schedule(path, applies_from=DAY).versions[0].items
    assert [i.unit_price for i in items] == [Decimal("0.10"), Decimal("12.3456"), Decimal("0.01")]


def test_column_mapping_and_header_row_override(xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        [
            ["Réf. interne", "Texte", "Mesure", "Montant"],
            ["X1", "Pose radiateur", "u", "150"],
        ]
    )
    with pytest.raises(ImportFileError, match="en-tête introuvable"):
        read_price_schedule(path, applies_from=DAY)
    mapping = {"code": "Réf. interne", "label": "Texte", "unit": "Mesure", "unit_price": "Montant"}
    schedule = read_price_schedule(
        path, applies_from=DAY, mapping=mapping, header_row=1, vat_rate=VatRate.INTERMEDIATE
    )
    (item,) = schedule.versions[0].items
    assert (item.code, item.unit_price, item.vat_rate) == (
        "X1",
        Decimal("150.00"),
        VatRate.INTERMEDIATE,
    )


def test_unknown_mapping_key_is_refused(xlsx: Callable[..., Path]) -> None:
    path = xlsx([HEADER, ["A", "a", "u", 1, 20]])
    with pytest.raises(ImportFileError, match="inconnue"):
        read_price_schedule(path, applies_from=DAY, mapping={"prix": "PU HT"})


def test_wrong_header_names_the_missing_columns(xlsx: Callable[..., Path]) -> None:
    path = xlsx([["Code", "Désignation", "Quantité"], ["A", "a", 3]])
    with pytest.raises(ImportFileError) as exc:
        read_price_schedule(path, applies_from=DAY)
    message = str(exc.value)
    assert "« Unité »" in message
    assert "« PU HT »" in message
    assert "ligne 1 la plus proche" in message


def test_every_bad_cell_is_listed_and_nothing_is_imported(xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        [
            HEADER,
            ["1.1", "Visite", "u", "80", 20],
            ["1.2", "Texte", "u", "douze euros", 20],  # text in a price cell
            ["1.3", "Négatif", "u", -3, 20],  # negative price
            ["1.1", "Doublon", "u", 5, 20],  # duplicate code
            ["1.4", "TVA", "u", 5, 19.6],  # VAT rate not allowed
            ["1.5", None, "u", 5, 20],  # missing label
            [None, "Sans code", "u", 5, 20],  # price without a code
        ]
    )
    with pytest.raises(ImportFileError) as exc:
        read_price_schedule(path, applies_from=DAY)
    assert _problems(exc) == [
        "D3: PU HT : texte à la place d'un nombre",
        "D4: PU HT : montant négatif",
        "A5: code en double (déjà ligne 2)",
        "E6: TVA : taux de TVA non autorisé (20, 10, 5,5, 2,1 ou 0 %)",
        "B7: Désignation manquant(e)",
        "A8: N° de prix manquant(e)",
    ]
    cell = exc.value.cells[0]
    assert (cell.sheet, cell.row, cell.column, cell.value) == ("BPU", 3, "D", "douze euros")
    assert isinstance(exc.value, DataFormatError)
    assert len(exc.value.problems) == 6


def test_merged_cells_in_the_table_are_refused(xlsx: Callable[..., Path]) -> None:
    path = xlsx(
        [HEADER, ["1.1", "Visite", "u", 80, 20], ["1.2", "Visite bis", "u", 80, 20]],
        merges=["D2:D3"],
    )
    with pytest.raises(ImportFileError) as exc:
        read_price_schedule(path, applies_from=DAY)
    assert "ligne 2: cellules fusionnées dans le tableau" in _problems(exc)


def test_merged_cells_in_the_header_are_refused(xlsx: Callable[..., Path]) -> None:
    path = xlsx([[*HEADER, None], ["1.1", "Visite", "u", 80, 20]], merges=["E1:F1"])
    with pytest.raises(ImportFileError, match="fusionnées dans l'en-tête"):
        read_price_schedule(path, applies_from=DAY)


def test_merged_chapter_headings_are_fine(xlsx: Callable[..., Path]) -> None:
    path = xlsx([HEADER, ["CHAPITRE 1"], ["1.1", "Visite", "u", 80, 20]], merges=["A2:E2"])
    assert len(read_price_schedule(path, applies_from=DAY).versions[0].items) == 1


def test_formulas_in_price_cells_are_refused(xlsx: Callable[..., Path]) -> None:
    path = xlsx([HEADER, ["1.1", "Visite", "u", 80, 20], ["1.2", "Double", "u", "=D2*2", 20]])
    with pytest.raises(ImportFileError) as exc:
        read_price_schedule(path, applies_from=DAY)
    assert _problems(exc) == [
        "D3: PU HT : formule refusée, une valeur est attendue (copiez puis collage spécial > valeurs)"
    ]


def test_an_empty_sheet_is_refused(xlsx: Callable[..., Path]) -> None:
    with pytest.raises(ImportFileError, match="feuille vide"):
        read_price_schedule(xlsx([]), applies_from=DAY)


def test_a_header_without_rows_is_refused(xlsx: Callable[..., Path]) -> None:
    with pytest.raises(ImportFileError, match="aucune ligne de prix"):
        read_price_schedule(xlsx([HEADER, [], ["Total", None, None, 0]]), applies_from=DAY)


def test_application_date_is_required(xlsx: Callable[..., Path]) -> None:
    with pytest.raises(ImportFileError, match="date d'application inconnue"):
        read_price_schedule(xlsx([HEADER, ["1.1", "Visite", "u", 80, 20]]))


def test_one_version_per_sheet_and_a_named_sheet(tmp_path: Path) -> None:
    from tests.excel.conftest import write_xlsx

    rows = [HEADER, ["1.1", "Visite", "u", 80, 20]]
    path = write_xlsx(
        tmp_path / "v.xlsx",
        {
            "2026": [["Applicable à partir du", date(2026, 1, 1)], ["Révision", "REV-2026"], *rows],
            "Notes": [["Ce classeur contient deux versions"]],
            "2025": [["Bordereau", "BPU-7"], ["Applicable à partir du", "01/01/2025"], *rows],
        },
    )
    schedule = read_price_schedule(path)
    assert schedule.id == "BPU-7"
    assert [v.applies_from for v in schedule.versions] == [DAY, date(2026, 1, 1)]
    assert schedule.versions[1].revision_id == "REV-2026"
    only = read_price_schedule(path, sheet="2025", applies_from=date(2024, 7, 1))
    assert [v.applies_from for v in only.versions] == [date(2024, 7, 1)]
    with pytest.raises(ImportFileError, match="feuille « Absente » introuvable"):
        read_price_schedule(path, sheet="Absente")


def test_an_absurdly_large_price_is_a_bad_cell(xlsx: Callable[..., Path]) -> None:
    # 1e26 EUR cannot be held at the cent in 28 digits: a bad cell, never a crash
    path = xlsx([HEADER, ["1.1", "Visite", "u", 80, 20], ["1.2", "Erreur", "u", 1e26, 20]])
    with pytest.raises(ImportFileError) as exc:
        read_price_schedule(path, applies_from=DAY)
    assert _problems(exc) == ["D3: PU HT : montant hors limites (10^15 € ou plus)"]
