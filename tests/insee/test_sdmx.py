"""Parsing INSEE BDM StructureSpecificData answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from savcore.errors import DataFormatError
from savcore.model.indices import IndexFrequency, ValueStatus
from savcore.periods import Period
from savcore_insee import parse_structure_specific
from tests.insee.conftest import BT40_2018, BT40_IDBANK, bt40_xml


def test_series_values_as_attributes_oldest_first_nan_skipped() -> None:
    bt40, _ = parse_structure_specific(bt40_xml())
    assert bt40.idbank == BT40_IDBANK
    assert bt40.frequency is IndexFrequency.MONTHLY
    assert bt40.last_update == date(2019, 3, 15)
    assert bt40.title.startswith("Indice de prix BT40")
    # 12 real values; the NaN observation of 2019-01 is skipped; newest-first order reversed
    assert [(f"{o.period.start:%Y-%m}", str(o.value)) for o in bt40.observations] == BT40_2018
    assert bt40.observations[0].value == Decimal("105.9")


def test_obs_status() -> None:
    bt40, _ = parse_structure_specific(bt40_xml())
    statuses = {f"{o.period.start:%Y-%m}": o.status for o in bt40.observations}
    assert statuses["2018-11"] is ValueStatus.FINAL
    assert statuses["2018-12"] is ValueStatus.PROVISIONAL
    assert bt40.observations[-1].raw_status == "P"


def test_time_period_by_frequency() -> None:
    _, quarterly = parse_structure_specific(bt40_xml())
    assert quarterly.frequency is IndexFrequency.QUARTERLY
    assert [o.period for o in quarterly.observations] == [
        Period(date(2018, 7, 1), date(2018, 10, 1)),
        Period(date(2018, 10, 1), date(2019, 1, 1)),
    ]


def test_yearly_series() -> None:
    xml = (
        '<m:StructureSpecificData xmlns:m="urn:m"><m:DataSet>'
        '<Series IDBANK="1" FREQ="A" LAST_UPDATE="2019-01-01">'
        '<Obs TIME_PERIOD="2018" OBS_VALUE="99.5" OBS_STATUS="A"/></Series>'
        "</m:DataSet></m:StructureSpecificData>"
    )
    (series,) = parse_structure_specific(xml)
    assert series.observations[0].period == Period.year(2018)


def test_bad_answers_list_every_problem() -> None:
    xml = (
        '<m:StructureSpecificData xmlns:m="urn:m"><m:DataSet>'
        '<Series IDBANK="1" FREQ="M" LAST_UPDATE="2019-01-01">'
        '<Obs TIME_PERIOD="2018-Q1" OBS_VALUE="99.5" OBS_STATUS="A"/>'
        '<Obs TIME_PERIOD="2018-02" OBS_VALUE="abc" OBS_STATUS="A"/></Series>'
        '<Series FREQ="M"/>'
        "</m:DataSet></m:StructureSpecificData>"
    )
    with pytest.raises(DataFormatError) as info:
        parse_structure_specific(xml)
    assert len(info.value.problems) == 3
    with pytest.raises(DataFormatError, match="XML illisible"):
        parse_structure_specific("<html>")
    with pytest.raises(DataFormatError, match="StructureSpecificData attendu"):
        parse_structure_specific("<Error>quota</Error>")
