"""savcore.serialize: JSON shapes, and every structure error reported with its JSON path."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from savcore.errors import DataFormatError
from savcore.model import (
    Address,
    Dwelling,
    Outcome,
    Party,
    Portfolio,
    PriceItem,
    PriceSchedule,
    PriceScheduleVersion,
    VisitAttempt,
    VisitType,
    Warranty,
    WarrantyLevel,
)
from savcore.model.sites import ApplianceKind, Location
from savcore.money import VatRate
from savcore.periods import Period
from savcore.serialize import converter, dumps, loads, make_converter, structure, unstructure
from savcore.timeline import Timeline

PARIS = ZoneInfo("Europe/Paris")

ITEM = PriceItem("1.1", "Visite d'entretien", "u", Decimal("80.00"), VatRate.INTERMEDIATE)
SCHEDULE = PriceSchedule("BPU-1", "BPU", (PriceScheduleVersion(date(2025, 1, 1), (ITEM,)),))
COMPANY = Party("Chauffage Martin", Address("3 rue des Forges", "69003", "Lyon"))
ATTEMPT = VisitAttempt("P-1", "I-1", datetime(2025, 3, 4, 9, 30, tzinfo=PARIS), Outcome.DONE)


def problems_of(data: Any, cls: type[Any]) -> list[str]:
    with pytest.raises(DataFormatError) as info:
        structure(data, cls, source="portefeuille.json")
    assert info.value.source == "portefeuille.json"
    assert "portefeuille.json" in str(info.value)
    return info.value.problems


# --- shapes ---------------------------------------------------------------------------------------


def test_decimals_are_strings_enums_values_dates_iso() -> None:
    assert unstructure(ITEM) == {
        "code": "1.1",
        "label": "Visite d'entretien",
        "unit": "u",
        "unit_price": "80.00",
        "vat_rate": "10",
        "family": None,
    }


def test_datetimes_keep_their_offset_and_zone() -> None:
    # RFC 9557: the offset, then the zone name, so Europe/Paris comes back as itself
    assert unstructure(ATTEMPT)["at"] == "2025-03-04T09:30:00+01:00[Europe/Paris]"
    assert loads(dumps(ATTEMPT), VisitAttempt) == ATTEMPT
    assert loads(dumps(ATTEMPT), VisitAttempt).at.tzinfo == ATTEMPT.at.tzinfo


def test_the_repeated_autumn_hour_round_trips() -> None:
    # 26/10/2025: 02:30 happens twice in Paris (+02:00 then, fold=1, +01:00)
    paris = ZoneInfo("Europe/Paris")
    for fold in (0, 1):
        at = datetime(2025, 10, 26, 2, 30, tzinfo=paris, fold=fold)
        back = converter.structure(converter.unstructure(at), datetime)
        assert back == at
        assert back.fold == fold
        assert back.utcoffset() == at.utcoffset()


def test_a_plain_offset_datetime_round_trips() -> None:
    at = datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert unstructure(at) == "2025-03-04T09:30:00+01:00"
    assert converter.structure("2025-03-04T09:30:00+01:00", datetime) == at


def test_frozensets_are_sorted_lists() -> None:
    warranty = Warranty(WarrantyLevel.PARTIAL, frozenset({"P3", "MO", "FOURN"}))
    assert unstructure(warranty)["families"] == ["FOURN", "MO", "P3"]
    visit = VisitType("VT", "Visite", appliance_kinds=frozenset(ApplianceKind))
    kinds = unstructure(visit)["appliance_kinds"]
    assert kinds == sorted(kinds)
    assert loads(dumps(visit), VisitType) == visit


def test_timelines_round_trip() -> None:
    timeline = Timeline.from_pairs([(date(2025, 1, 1), Decimal("12.50")), (date(2026, 1, 1), 13)])
    assert unstructure(timeline) == {
        "changes": [
            {"effective": "2025-01-01", "value": "12.50"},
            {"effective": "2026-01-01", "value": 13},
        ]
    }


def test_dumps_keeps_french_characters() -> None:
    assert "Visite d'entretien" in dumps(ITEM)
    assert "l'Église" in dumps(Address("1 rue de l'Église", "75001", "Paris"))


def test_make_converter_is_a_new_converter() -> None:
    assert make_converter() is not converter
    assert make_converter().unstructure(ITEM) == unstructure(ITEM)


# --- structure errors name their path -------------------------------------------------------------


def test_unknown_key_is_refused_with_its_path() -> None:
    data = {**unstructure(ITEM), "colour": "blue"}
    assert problems_of(data, PriceItem) == ["clé(s) inconnue(s) : colour @ $"]


def test_unknown_key_in_a_nested_object() -> None:
    data = unstructure(Portfolio(COMPANY))
    data["dwellings"] = [{"id": "L1", "unit_id": "UG-1", "reference": "101", "etage": "2"}]
    (problem,) = problems_of(data, Portfolio)
    assert problem.endswith("@ $.dwellings[0]")
    assert "etage" in problem


def test_wrong_type_names_the_field() -> None:
    data = {**unstructure(ITEM), "code": 12}
    (problem,) = problems_of(data, PriceItem)
    assert problem.endswith("@ $.code")


def test_integer_given_as_float_is_refused() -> None:
    data = unstructure(ATTEMPT)
    data["number"] = 1.0
    (problem,) = problems_of(data, VisitAttempt)
    assert problem.endswith("@ $.number")


def test_float_amount_is_refused_with_its_path() -> None:
    data = unstructure(SCHEDULE)
    data["versions"][0]["items"][0]["unit_price"] = 80.0
    (problem,) = problems_of(data, PriceSchedule)
    assert problem.endswith("@ $.versions[0].items[0].unit_price")
    assert "80.0" in problem


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", True, None, [], {}])
def test_bad_amounts_are_refused(bad: object) -> None:
    data = {**unstructure(ITEM), "unit_price": bad}
    (problem,) = problems_of(data, PriceItem)
    assert problem.endswith("@ $.unit_price")


def test_bad_enum_value_lists_the_allowed_ones() -> None:
    data = {**unstructure(ITEM), "vat_rate": "19.6"}
    (problem,) = problems_of(data, PriceItem)
    assert problem.endswith("@ $.vat_rate")
    assert "'20'" in problem
    assert "'5.5'" in problem


def test_enum_name_instead_of_value_is_refused() -> None:
    data = unstructure(ATTEMPT)
    data["outcome"] = "DONE"
    (problem,) = problems_of(data, VisitAttempt)
    assert problem.endswith("@ $.outcome")
    assert "'done'" in problem


@pytest.mark.parametrize("bad", ["2025-13-01", "01/02/2025", "hier", 20250101, None])
def test_bad_date_is_refused_with_its_path(bad: object) -> None:
    (problem,) = problems_of({"start": bad, "end": "2025-12-01"}, Period)
    assert problem.endswith("@ $.start")


def test_date_nested_in_a_list() -> None:
    data = unstructure(SCHEDULE)
    data["versions"][0]["applies_from"] = "2025-02-30"
    (problem,) = problems_of(data, PriceSchedule)
    assert problem.endswith("@ $.versions[0].applies_from")


def test_naive_datetime_is_refused() -> None:
    data = unstructure(ATTEMPT)
    data["at"] = "2025-03-04T09:30:00"
    (problem,) = problems_of(data, VisitAttempt)
    assert "fuseau" in problem
    assert problem.endswith("@ $")


def test_missing_field_is_named() -> None:
    assert problems_of({"start": "2025-01-01"}, Period) == ["champ obligatoire manquant @ $.end"]


def test_every_problem_is_reported_at_once() -> None:
    data = unstructure(SCHEDULE)
    data["versions"][0]["applies_from"] = "hier"
    data["versions"][0]["items"][0]["unit_price"] = 1.5
    data["label"] = 3
    problems = problems_of(data, PriceSchedule)
    assert len(problems) == 3
    assert {p.rsplit(" @ ", 1)[1] for p in problems} == {
        "$.versions[0].applies_from",
        "$.versions[0].items[0].unit_price",
        "$.label",
    }


def test_model_validation_error_names_the_object_and_the_field() -> None:
    data = unstructure(Portfolio(COMPANY))
    data["dwellings"] = [unstructure(Dwelling("L1", "UG-1", "101"))]
    data["dwellings"][0].update(added_on="2025-05-01", withdrawn_on="2025-01-01")
    (problem,) = problems_of(data, Portfolio)
    assert problem.endswith("@ $.dwellings[0]")
    assert "withdrawn_on" in problem


def test_period_end_before_start_from_json() -> None:
    (problem,) = problems_of({"start": "2025-03-01", "end": "2025-02-01"}, Period)
    assert "Period.end" in problem


def test_appliance_location_by_value() -> None:
    assert Location("collective") is Location.COLLECTIVE
    assert structure("dwelling", Location) is Location.DWELLING


# --- JSON text ------------------------------------------------------------------------------------


def test_invalid_json_gives_line_and_column() -> None:
    with pytest.raises(DataFormatError) as info:
        loads('{"start": "2025-01-01",\n "end": }', Period, source="periode.json")
    (problem,) = info.value.problems
    assert "ligne 2" in problem
    assert "colonne 9" in problem
    assert info.value.source == "periode.json"


def test_loads_accepts_bytes() -> None:
    text = dumps(ITEM).encode("utf-8")
    assert loads(text, PriceItem) == ITEM


def test_dumps_is_json() -> None:
    assert json.loads(dumps(SCHEDULE, indent=2))["versions"][0]["items"][0]["code"] == "1.1"


def test_document_that_is_not_an_object() -> None:
    assert problems_of([], PriceItem) == ["objet JSON attendu @ $ (reçu list)"]
    nested = {"id": "BPU", "label": "BPU", "versions": [[]]}
    assert problems_of(nested, PriceSchedule) == ["objet JSON attendu @ $.versions[0]"]
