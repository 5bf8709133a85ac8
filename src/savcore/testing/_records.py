"""Strategies for the records the store keeps itself: number sequences and transmissions."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from savcore.ports import TransmissionStatus
from savcore.store.records import NumberSequence, Transmission, format_number
from savcore.testing import _basics as b

__all__ = ["number_sequences", "transmissions"]


def number_sequences() -> st.SearchStrategy[NumberSequence]:
    """Invoice number sequences: a series, a year, a counter and the last issue date of that year."""

    @st.composite
    def build(draw: st.DrawFn) -> NumberSequence:
        day = draw(b.business_dates())
        series = draw(st.sampled_from(["FA", "FC", "FP", "AV"]))
        return NumberSequence(series, day.year, draw(st.integers(0, 999_999)), day)

    return build()


def transmissions() -> st.SearchStrategy[Transmission]:
    """Transmission records as a portal follow-up leaves them: before any answer (no status),
    failed, or with a status and the portal's id."""

    @st.composite
    def build(draw: st.DrawFn) -> Transmission:
        first = draw(b.aware_datetimes())
        updated = first + draw(st.timedeltas(timedelta(0), timedelta(days=60)))
        status = draw(st.none() | st.sampled_from(list(TransmissionStatus)))
        number = format_number("FA", first.year, draw(st.integers(1, 999_999)))
        return Transmission(
            channel=draw(st.sampled_from(["chorus", "email"])),
            invoice_id=draw(b.identifiers()),
            number=number,
            first_attempt_at=first,
            updated_at=updated,
            status=status,
            remote_id=draw(st.none() | b.identifiers()) if status is not None else None,
            attempts=draw(st.integers(0, 5)),
            detail=draw(st.sampled_from(["", "envoi en cours", "Mise en paiement « ok »"])),
            failed=draw(st.booleans()) if status is None else False,
        )

    return build()
