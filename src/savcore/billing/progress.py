"""Progress billing (facturation à l'avancement): a line is billed for the work actually done.

Two modes, both cumulative with catch-up within a billing year (see
:func:`savcore.billing.schedule.billing_year`):

- ``PER_VISIT``: each dwelling whose visit is done in the year earns the line's unit price per
  dwelling in force on the visit day (a second visit of the same dwelling in the year earns
  nothing more).
- ``RATIO``: the year's amount x dwellings done / dwellings in scope (in scope on the last day of
  the period; never more than 1).

For each period, in order: ``earned`` = what the work done up to the period's end is worth (rounded
once to the cent, and never more than the *cap*: the amount the flat schedule gives the line for the
year, i.e. the annual amount prorated to the days the line runs); the instalment is ``earned`` minus
what was billed before in the year (never negative: a drop, e.g. more dwellings in scope, is
caught up later). An instalment that was already invoiced keeps its invoiced amount
(``already_billed``): history is never recomputed, the next period catches up. Periods are billed
in arrears (the model refuses progress billing in advance); zero instalments are left out.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from savcore.billing._exact import cents_to_decimal, round_cents
from savcore.billing.schedule import (
    InvoiceDates,
    check_billing_terms,
    instalment_id,
    iter_line_years,
    line_slices,
    year_cents,
)
from savcore.errors import ConfigurationError, MissingValueError
from savcore.model import _validate as v
from savcore.model.contracts import Contract, PricingBasis, ServiceLine
from savcore.model.invoices import Instalment
from savcore.model.operations import Intervention, VisitAttempt
from savcore.periods import Period

__all__ = [
    "ProgressMode",
    "VisitDone",
    "build_progress_schedule",
    "progress_mode",
    "visits_done",
]


class ProgressMode(enum.Enum):
    """How progress is measured."""

    PER_VISIT = "per-visit"
    """Au logement visité: unit price per dwelling for each dwelling done."""
    RATIO = "ratio"
    """Au taux d'avancement: annual amount x done / in scope, with catch-up."""


@attrs.frozen
class VisitDone:
    """A dwelling's visit done on ``day`` under the service line ``line_id``."""

    line_id: str = attrs.field(validator=v.identifier)
    dwelling_id: str = attrs.field(validator=v.identifier)
    day: date = attrs.field(validator=v.a_date)


def visits_done(
    interventions: Iterable[Intervention], attempts: Iterable[VisitAttempt]
) -> list[VisitDone]:
    """The done visits of ``attempts`` whose intervention names a service line and a dwelling
    (the attempt's dwelling, else the intervention's), on the attempt's local date."""
    by_id = {intervention.id: intervention for intervention in interventions}
    out: list[VisitDone] = []
    for attempt in attempts:
        intervention = by_id.get(attempt.intervention_id)
        if intervention is None or not attempt.outcome.is_done:
            continue
        dwelling = attempt.dwelling_id or intervention.dwelling_id
        if intervention.service_line_id is None or dwelling is None:
            continue
        out.append(VisitDone(intervention.service_line_id, dwelling, attempt.at.date()))
    return sorted(out, key=lambda visit: (visit.day, visit.line_id, visit.dwelling_id))


def progress_mode(line: ServiceLine) -> ProgressMode:
    """The default mode of ``line``: per visit for a price per dwelling, by ratio for a flat one."""
    if line.pricing is PricingBasis.PER_DWELLING:
        return ProgressMode.PER_VISIT
    if line.pricing is PricingBasis.FLAT:
        return ProgressMode.RATIO
    raise ConfigurationError(f"prestation {line.id}", "pricing", "base de prix inconnue")


def _first_visits(visits: Sequence[VisitDone], active: Period) -> list[VisitDone]:
    """The first visit of each dwelling within ``active``, in day order."""
    seen: set[str] = set()
    out: list[VisitDone] = []
    for visit in sorted(visits, key=lambda x: (x.day, x.dwelling_id)):
        if visit.day in active and visit.dwelling_id not in seen:
            seen.add(visit.dwelling_id)
            out.append(visit)
    return out


def _earned(
    contract: Contract,
    line: ServiceLine,
    mode: ProgressMode,
    done: Sequence[VisitDone],
    covered: Period,
    cap_cents: int,
) -> tuple[Fraction, int]:
    """What the work done up to ``covered.end`` is worth (exact), and the dwellings counted."""
    counted = [visit for visit in done if visit.day < covered.end]
    if mode is ProgressMode.PER_VISIT:
        total = Fraction(0)
        for visit in counted:
            if line.unit_price.first_effective > visit.day:
                raise MissingValueError(
                    "prix unitaire",
                    line.id,
                    f"le {visit.day:%d/%m/%Y}",
                    context=f"contrat {contract.id}, prestation {line.id} (visite réalisée)",
                )
            total += Fraction(line.unit_price.value_at(visit.day))
        return total, len(counted)
    if mode is ProgressMode.RATIO:
        if line.dwellings is None:
            raise ConfigurationError(
                f"contrat {contract.id}, prestation {line.id}",
                "dwellings",
                "avancement au taux sans nombre de logements",
            )
        in_scope = line.dwellings.get(covered.last, 0)
        if in_scope <= 0:
            return Fraction(0), len(counted)
        ratio = min(Fraction(len(counted), in_scope), Fraction(1))
        return Fraction(cap_cents, 100) * ratio, len(counted)
    raise ConfigurationError(f"prestation {line.id}", "mode", f"mode inconnu : {mode!r}")


def build_progress_schedule(
    contract: Contract,
    start: date,
    end: date,
    visits: Iterable[VisitDone],
    *,
    already_billed: Mapping[str, Decimal] | None = None,
    modes: Mapping[str, ProgressMode] | None = None,
) -> list[Instalment]:
    """The progress instalments of ``contract`` whose period overlaps ``[start, end)``.

    ``visits`` are the visits done (any line, any contract: those of other lines are ignored);
    ``already_billed`` maps instalment ids to what was invoiced for them; ``modes`` overrides
    :func:`progress_mode` per line id. Each instalment's label says how far the work is
    (``"Entretien chaudières (avancement : 12/40 logements)"``). Periods not yet ended are computed
    with the visits known so far; only periods whose invoice date has come should be invoiced.

    Raises :class:`~savcore.errors.ConfigurationError` for contradictory terms and
    :class:`~savcore.errors.MissingValueError` for a line without price at a visit or billed date.
    """
    window = Period(start, end)
    check_billing_terms(contract)
    billed = already_billed or {}
    by_line: dict[str, list[VisitDone]] = {}
    for visit in visits:
        by_line.setdefault(visit.line_id, []).append(visit)
    dates = InvoiceDates(contract)
    rounding = contract.billing.rounding
    positions = {line.id: i for i, line in enumerate(contract.lines)}
    out: list[Instalment] = []
    for line, _year, periods, active in iter_line_years(contract, window):
        mode = (modes or {}).get(line.id) or progress_mode(line)
        slices = line_slices(periods, active)
        cap = sum(year_cents(contract, line, slices, active))
        done = _first_visits(by_line.get(line.id, []), active)
        before = 0
        for covered, _full in slices:
            exact, count = _earned(contract, line, mode, done, covered, cap)
            earned = min(round_cents(exact, rounding), cap)
            ident = instalment_id(contract.id, line.id, covered.start)
            invoiced = billed.get(ident)
            cents = max(earned - before, 0) if invoiced is None else int(invoiced.scaleb(2))
            before += cents
            if cents == 0 or covered.end <= window.start or covered.start >= window.end:
                continue
            scope = line.dwellings.get(covered.last, 0) if line.dwellings is not None else 0
            invoice_on, due_on = dates(covered)
            out.append(
                Instalment(
                    id=ident,
                    contract_id=contract.id,
                    line_id=line.id,
                    period=covered,
                    amount=cents_to_decimal(cents),
                    vat_rate=line.vat_rate,
                    invoice_on=invoice_on,
                    due_on=due_on,
                    unit_id=line.unit_id,
                    label=f"{line.label} (avancement : {count}/{scope} logements)",
                )
            )
    out.sort(key=lambda i: (i.period.start, positions[i.line_id]))
    return out
