"""Parser of INSEE BDM SDMX-ML 2.1 ``StructureSpecificData`` answers.

Shape (values are XML *attributes*, namespaces vary with the message)::

    <message:StructureSpecificData ...>
      <message:Header>...</message:Header>
      <message:DataSet ...>
        <Series IDBANK="001710986" FREQ="M" TITLE_FR="..." LAST_UPDATE="2022-10-14" ...>
          <Obs TIME_PERIOD="2022-08" OBS_VALUE="127.9" OBS_STATUS="A" OBS_QUAL="DEF" OBS_TYPE="A"/>
          ...
        </Series>
      </message:DataSet>
    </message:StructureSpecificData>

``TIME_PERIOD`` is ``2018-12`` (monthly), ``2018-Q4`` (quarterly) or ``2018`` (yearly);
``OBS_VALUE`` may be ``NaN`` (the observation is skipped); ``OBS_STATUS`` is ``A`` (definitive),
``P`` (provisional) or another code (kept as provisional: only ``A`` is final). Observations come
newest first; the parser returns them oldest first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import attrs

from savcore.errors import DataFormatError
from savcore.model.indices import IndexFrequency, ValueStatus
from savcore.money import to_decimal
from savcore.periods import Period

__all__ = ["Observation", "Series", "parse_structure_specific", "parse_time_period"]

_FREQUENCIES = {
    "M": IndexFrequency.MONTHLY,
    "T": IndexFrequency.QUARTERLY,
    "Q": IndexFrequency.QUARTERLY,
    "A": IndexFrequency.YEARLY,
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[QT]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@attrs.frozen
class Observation:
    """One observation of a series."""

    period: Period
    value: Decimal
    status: ValueStatus
    raw_status: str
    """``OBS_STATUS`` as sent (``A``, ``P``, ...)."""


@attrs.frozen
class Series:
    """One series of the answer with its observations, oldest first (NaN skipped)."""

    idbank: str
    frequency: IndexFrequency
    title: str
    last_update: date | None
    observations: tuple[Observation, ...]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_time_period(text: str, frequency: IndexFrequency) -> Period:
    """``TIME_PERIOD`` of an observation as a period of ``frequency``."""
    if frequency is IndexFrequency.MONTHLY and (m := _MONTH.match(text)):
        return Period.month(int(m[1]), int(m[2]))
    if frequency is IndexFrequency.QUARTERLY and (m := _QUARTER.match(text)):
        return frequency.period_containing(date(int(m[1]), 3 * int(m[2]) - 2, 1))
    if frequency is IndexFrequency.YEARLY and _YEAR.match(text):
        return Period.year(int(text))
    raise ValueError(f"TIME_PERIOD {text!r} illisible pour une série {frequency.value}")


def parse_structure_specific(content: bytes | str, *, source: str = "INSEE BDM") -> list[Series]:
    """Every series of a ``StructureSpecificData`` message.

    Raises :class:`~savcore.errors.DataFormatError` listing every malformed series or observation.
    """
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise DataFormatError(source, [f"XML illisible : {exc}"]) from None
    if _local(root.tag) != "StructureSpecificData":
        raise DataFormatError(
            source, [f"message {_local(root.tag)!r} : StructureSpecificData attendu"]
        )
    problems: list[str] = []
    result: list[Series] = []
    for s_index, element in enumerate(el for el in root.iter() if _local(el.tag) == "Series"):
        idbank = element.get("IDBANK", "")
        where = f"Series[{s_index}] {idbank}".rstrip()
        frequency = _FREQUENCIES.get(element.get("FREQ", ""))
        if not idbank or frequency is None:
            problems.append(f"{where} : IDBANK ou FREQ manquant ou inconnu")
            continue
        observations: list[Observation] = []
        for o_index, obs in enumerate(el for el in element if _local(el.tag) == "Obs"):
            text = (obs.get("OBS_VALUE") or "").strip()
            if text.lower() in ("", "nan"):
                continue
            raw_status = obs.get("OBS_STATUS", "")
            try:
                period = parse_time_period(obs.get("TIME_PERIOD", ""), frequency)
                value = to_decimal(text, field="OBS_VALUE")
            except ValueError as exc:
                problems.append(f"{where}, Obs[{o_index}] : {exc}")
                continue
            status = ValueStatus.FINAL if raw_status == "A" else ValueStatus.PROVISIONAL
            observations.append(Observation(period, value, status, raw_status))
        observations.sort(key=lambda o: o.period)
        update = element.get("LAST_UPDATE")
        try:
            last_update = date.fromisoformat(update) if update else None
        except ValueError:
            problems.append(f"{where} : LAST_UPDATE {update!r} illisible")
            continue
        result.append(
            Series(
                idbank=idbank,
                frequency=frequency,
                title=element.get("TITLE_FR", ""),
                last_update=last_update,
                observations=tuple(observations),
            )
        )
    if problems:
        raise DataFormatError(source, problems)
    return result
