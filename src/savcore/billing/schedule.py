"""The billing schedule (échéancier de facturation): the instalments of every service line.

**Periods.** Nominal periods of ``m`` months (the contract's periodicity) are anchored on 1 January
(calendar alignment, périodes civiles) or on the contract's effective date (anniversary alignment),
always counted from the anchor (never from the previous date). A line is billed on the days it runs:
inside the contract's term (renewals included, see :func:`billing_span`) and inside its own
``start``/``end`` (a residence joining on 10 May). The part of a nominal period ``F`` during which
a line runs is a *slice* ``c``; only the first and the last slice of a line can be partial.

**Amount of a slice.** With ``p = 12 / m`` periods a year, and the line's annual amount ``A`` (unit
price x dwellings, or the flat price) piecewise constant on the segments ``s`` of ``c`` (a revision
or a change in the number of dwellings effective inside ``c`` splits it)::

    amount(c) = prorata(c, F, convention) / p  x  sum over s of A(s) x w(s) / w(c)

where ``w`` counts days in the convention's way: 30/360 days for ``THIRTY_360``, actual days
otherwise. For ``ACTUAL_DAYS`` this is simply ``sum A(s) x days(s) / days(F) / p``: each segment is
billed for its own days of the full period. For ``WHOLE_MONTHS`` and ``NONE`` the convention says
how much of the period is due, and the annual amount is the day-weighted mean over ``c``. Amounts are
exact fractions until they are rounded.

**Rounding.** The slices of one line are grouped by *billing year* (the contract year for anniversary
alignment, the calendar year for calendar alignment; nominal periods never straddle one). The
group's exact total is rounded once to the cent with the contract's rounding mode, then split over
its slices in proportion to their exact amounts (largest remainders, ties to the earlier slice: the
rule of :func:`savcore.money.allocate`). Each instalment is therefore rounded once, and a full year
at constant price and quantity adds up exactly to the annual amount. The amounts of a year do not
depend on the window asked for: the whole year is always computed.

**Dates.** An instalment in advance (terme à échoir) is invoiced on the first day of its slice, one
in arrears (terme échu) on the day after its last day (service fait), plus the contract's
``invoice_offset_days``; it is due on the date the payment terms give from there.

A contract billed on progress (à l'avancement) gets the flat schedule here as a *forecast*; what is
actually billed comes from :mod:`savcore.billing.progress`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from savcore.billing._exact import allocate_exact, cents_to_decimal, round_cents, split_equal
from savcore.errors import ConfigurationError, MissingValueError, ValidationError
from savcore.model.contracts import (
    BillingBasis,
    BillingTerm,
    Contract,
    Grouping,
    PricingBasis,
    RenewalKind,
    ServiceLine,
)
from savcore.model.invoices import Instalment
from savcore.periods import Alignment, Period, ProrataConvention, add_months, days_360, prorata
from savcore.timeline import Timeline

__all__ = [
    "InvoiceDates",
    "annual_segments",
    "billing_span",
    "billing_year",
    "build_schedule",
    "check_billing_terms",
    "exact_slice_amount",
    "instalment_id",
    "iter_line_years",
    "line_slices",
    "nominal_periods",
    "year_cents",
]


def instalment_id(contract_id: str, line_id: str, start: date) -> str:
    """The stable id of the instalment of ``line_id`` whose slice starts on ``start``.

    Ids are deterministic, so the same instalment computed twice (a dry run, then a real run) is
    recognised as already invoiced.
    """
    return f"{contract_id}:{line_id}:{start.isoformat()}"


def _subject(contract: Contract, line: ServiceLine | None = None) -> str:
    if line is None:
        return f"contrat {contract.id}"
    return f"contrat {contract.id}, prestation {line.id}"


def check_billing_terms(contract: Contract) -> None:
    """Refuse billing terms that contradict each other or the contract's lines.

    Raises :class:`~savcore.errors.ConfigurationError` naming the contract (and the line) when:
    an in-arrears contract (terme échu) would be invoiced before the last day of the period
    (``invoice_offset_days`` below -1); the grouping is per UG but a line has no UG; the contract is
    billed on progress per visit done but a line is a flat amount with no dwellings.
    """
    terms = contract.billing
    if terms.term is BillingTerm.IN_ARREARS and terms.invoice_offset_days < -1:
        raise ConfigurationError(
            _subject(contract),
            "billing.invoice_offset_days",
            f"facturation à terme échu datée {-terms.invoice_offset_days} jours après le début "
            "de la période suivante impossible : la facture précèderait la fin du service fait",
        )
    for line in contract.lines:
        if terms.grouping is Grouping.UNIT and line.unit_id is None:
            raise ConfigurationError(
                _subject(contract, line),
                "unit_id",
                "regroupement des factures par UG, mais la prestation n'est rattachée à aucune UG",
            )
        if (
            terms.basis is BillingBasis.PROGRESS
            and line.pricing is PricingBasis.FLAT
            and line.dwellings is None
        ):
            raise ConfigurationError(
                _subject(contract, line),
                "dwellings",
                "facturation à l'avancement sans nombre de logements : l'avancement ne peut "
                "pas être mesuré",
            )


def billing_span(contract: Contract) -> tuple[date, date | None]:
    """The first billed day and the end (exclusive) of billing, ``None`` when endless.

    The initial term is billed; a tacit renewal (reconduction tacite) extends it by
    ``renewal.period_months`` at a time, ``max_renewals`` times or endlessly. An express renewal
    needs a decision: the integrator then extends ``duration_months``.
    """
    renewal = contract.renewal
    if renewal.kind is RenewalKind.TACIT:
        if renewal.max_renewals is None:
            return contract.start, None
        months = contract.duration_months + renewal.period_months * renewal.max_renewals
        return contract.start, add_months(contract.start, months)
    if renewal.kind in (RenewalKind.NONE, RenewalKind.EXPRESS):
        return contract.start, contract.end
    raise ValidationError("renewal.kind", renewal.kind, "reconduction inconnue")


def _year_base(contract: Contract) -> date:
    alignment = contract.billing.alignment
    if alignment is Alignment.CALENDAR:
        return date(contract.start.year, 1, 1)
    if alignment is Alignment.ANNIVERSARY:
        return contract.start
    raise ValidationError("billing.alignment", alignment, "alignement inconnu")


def _year_index(base: date, day: date) -> int:
    k = ((day.year - base.year) * 12 + day.month - base.month) // 12
    while add_months(base, 12 * k) > day:
        k -= 1
    while add_months(base, 12 * (k + 1)) <= day:
        k += 1
    return k


def billing_year(contract: Contract, day: date) -> Period:
    """The billing year containing ``day``: the contract year (anniversary alignment) or the
    calendar year (calendar alignment). Instalments are rounded together within it."""
    base = _year_base(contract)
    k = _year_index(base, day)
    return Period(add_months(base, 12 * k), add_months(base, 12 * (k + 1)))


def nominal_periods(contract: Contract, year: Period) -> list[Period]:
    """The nominal periods of the contract's periodicity that tile the billing year ``year``."""
    months = contract.billing.periodicity.months
    return [
        Period(add_months(year.start, i * months), add_months(year.start, (i + 1) * months))
        for i in range(12 // months)
    ]


def _missing(contract: Contract, line: ServiceLine, what: str, day: date) -> MissingValueError:
    return MissingValueError(
        what, line.id, f"le {day:%d/%m/%Y}", context=_subject(contract, line) + " (date facturée)"
    )


def _constant_over(timeline: Timeline[int] | Timeline[Decimal], period: Period) -> bool:
    """Whether ``timeline`` has a value from ``period.start`` and no change strictly inside."""
    if timeline.first_effective > period.start:
        return False
    return all(c.effective == period.start for c in timeline.changes_within(period))


def annual_segments(
    contract: Contract, line: ServiceLine, period: Period
) -> list[tuple[Period, Decimal]]:
    """The pieces of ``period`` over which the line's annual amount is constant, with that amount.

    Raises :class:`~savcore.errors.MissingValueError` naming the contract and the line when the
    price or the number of dwellings is unknown at a day of ``period``.
    """
    prices = line.unit_price
    counts = line.dwellings if line.pricing is PricingBasis.PER_DWELLING else None
    if prices.first_effective > period.start:
        raise _missing(contract, line, "prix unitaire", period.start)
    if counts is not None and counts.first_effective > period.start:
        raise _missing(contract, line, "nombre de logements", period.start)
    cuts = {c.effective for c in prices.changes_within(period)}
    if counts is not None:
        cuts.update(c.effective for c in counts.changes_within(period))
    cuts.discard(period.start)
    bounds = [period.start, *sorted(cuts), period.end]
    pieces: list[tuple[Period, Decimal]] = []
    for lo, hi in itertools.pairwise(bounds):
        price = prices.value_at(lo)
        amount = price if counts is None else price * counts.value_at(lo)
        pieces.append((Period(lo, hi), amount))
    return pieces


def _weight(period: Period, convention: ProrataConvention) -> int:
    if convention is ProrataConvention.THIRTY_360:
        return days_360(period.start, period.end)
    return period.days


def exact_slice_amount(
    contract: Contract, line: ServiceLine, covered: Period, full: Period
) -> Fraction:
    """The exact (unrounded) amount excl. VAT of ``line`` for the part ``covered`` of the nominal
    period ``full``, by the definition in this module's docstring."""
    per_year = contract.billing.periodicity.per_year
    convention = contract.billing.prorata
    pieces = annual_segments(contract, line, covered)
    share = Fraction(1) if covered == full else prorata(covered, full, convention)
    if len(pieces) == 1:
        return Fraction(pieces[0][1]) * share / per_year
    whole = _weight(covered, convention)
    if whole == 0 or share == 0:
        return Fraction(0)
    weighted = sum(
        (Fraction(amount) * _weight(piece, convention) for piece, amount in pieces), Fraction(0)
    )
    return weighted * share / (whole * per_year)


def _line_bounds(line: ServiceLine, first: date, last: date | None) -> tuple[date, date | None]:
    start = max(first, line.start) if line.start is not None else first
    end: date | None = last
    if line.end is not None:
        end = line.end if end is None else min(end, line.end)
    return start, end


class InvoiceDates:
    """The invoice date and due date of a slice under a contract's terms (memoised per date).

    In advance: the slice's first day; in arrears: the day after its last day; plus the offset.
    """

    def __init__(self, contract: Contract) -> None:
        terms = contract.billing
        self.in_advance = terms.term is BillingTerm.IN_ADVANCE
        self.offset = timedelta(days=terms.invoice_offset_days)
        self.payment = terms.payment
        self._due: dict[date, date] = {}

    def __call__(self, covered: Period) -> tuple[date, date]:
        """``(invoice date, due date)`` of the slice ``covered``."""
        invoice_on = (covered.start if self.in_advance else covered.end) + self.offset
        due = self._due.get(invoice_on)
        if due is None:
            due = self._due[invoice_on] = self.payment.due_date(invoice_on)
        return invoice_on, due


def line_slices(periods: Sequence[Period], active: Period) -> list[tuple[Period, Period]]:
    """The ``(covered, full)`` slices of the nominal ``periods`` during which a line is
    ``active``, in order; ``covered is full`` for every whole period."""
    slices: list[tuple[Period, Period]] = []
    for full in periods:
        if full.end <= active.start:
            continue
        if full.start >= active.end:
            break
        if full.start >= active.start and full.end <= active.end:
            slices.append((full, full))
        else:
            covered = Period(max(full.start, active.start), min(full.end, active.end))
            slices.append((covered, full))
    return slices


def year_cents(
    contract: Contract,
    line: ServiceLine,
    slices: Sequence[tuple[Period, Period]],
    active: Period,
) -> list[int]:
    """The rounded amounts, in cents, of the ``slices`` of one line in one billing year (its
    ``active`` part): the exact total rounded once, split by largest remainders."""
    terms = contract.billing
    constant = _constant_over(line.unit_price, active) and (
        line.pricing is not PricingBasis.PER_DWELLING
        or (line.dwellings is not None and _constant_over(line.dwellings, active))
    )
    if constant and all(covered is full for covered, full in slices):
        annual = line.annual_amount_at(active.start)
        per_year = terms.periodicity.per_year
        total = round_cents(Fraction(annual) * len(slices) / per_year, terms.rounding)
        return split_equal(total, len(slices))
    exact = [exact_slice_amount(contract, line, covered, full) for covered, full in slices]
    total = round_cents(sum(exact, Fraction(0)), terms.rounding)
    return allocate_exact(total, exact)


def iter_line_years(
    contract: Contract, window: Period
) -> Iterator[tuple[ServiceLine, Period, list[Period], Period]]:
    """For each billing year overlapping ``window`` and each line running in it: the line, the
    year, its nominal periods and the line's active part of the year (within the billing span).

    Years come in order, and lines in the contract's order within a year.
    """
    first, last = billing_span(contract)
    lo = max(first, window.start)
    hi = window.end if last is None else min(last, window.end)
    if lo >= hi:
        return
    base = _year_base(contract)
    k_first = _year_index(base, lo)
    k_last = _year_index(base, hi - timedelta(days=1))
    bounds = [_line_bounds(line, first, last) for line in contract.lines]
    for k in range(k_first, k_last + 1):
        year = Period(add_months(base, 12 * k), add_months(base, 12 * (k + 1)))
        periods = nominal_periods(contract, year)
        for line, (line_start, line_end) in zip(contract.lines, bounds, strict=True):
            a_start = max(line_start, year.start)
            a_end = year.end if line_end is None else min(line_end, year.end)
            if a_start < a_end:
                yield line, year, periods, Period(a_start, a_end)


def build_schedule(contract: Contract, start: date, end: date) -> list[Instalment]:
    """The instalments of every service line of ``contract`` whose slice overlaps
    ``[start, end)``, ordered by period start, then by line (in the contract's order).

    Each instalment's amount is that of the whole slice, even when the slice sticks out of the
    window, and the rounding of a billing year does not depend on the window (see the module
    docstring). Raises :class:`~savcore.errors.ConfigurationError` for contradictory billing terms
    and :class:`~savcore.errors.MissingValueError` for a line without price (or dwellings) at a
    billed date, both naming the contract and the line.

    >>> from decimal import Decimal
    >>> from savcore.model.contracts import BillingTerms, Contract, ContractKind, ServiceLine
    >>> from savcore.periods import Periodicity
    >>> line = ServiceLine("L1", "Entretien", Timeline.constant(Decimal("1000"), date(2025, 1, 1)))
    >>> c = Contract("C1", "K1", ContractKind.SITE_MAINTENANCE, "Entretien", date(2025, 1, 1), 12,
    ...              billing=BillingTerms(Periodicity.MONTHLY), lines=(line,))
    >>> [str(i.amount) for i in build_schedule(c, date(2025, 1, 1), date(2025, 4, 1))]
    ['83.34', '83.34', '83.34']
    >>> sum(i.amount for i in build_schedule(c, date(2025, 1, 1), date(2026, 1, 1)))
    Decimal('1000.00')
    """
    window = Period(start, end)
    check_billing_terms(contract)
    dates = InvoiceDates(contract)
    positions = {line.id: i for i, line in enumerate(contract.lines)}
    out: list[Instalment] = []
    for line, _year, periods, active in iter_line_years(contract, window):
        slices = line_slices(periods, active)
        cents = year_cents(contract, line, slices, active)
        for (covered, _full), amount in zip(slices, cents, strict=True):
            if covered.end <= window.start or covered.start >= window.end:
                continue
            invoice_on, due_on = dates(covered)
            out.append(
                Instalment(
                    id=instalment_id(contract.id, line.id, covered.start),
                    contract_id=contract.id,
                    line_id=line.id,
                    period=covered,
                    amount=cents_to_decimal(amount),
                    vat_rate=line.vat_rate,
                    invoice_on=invoice_on,
                    due_on=due_on,
                    unit_id=line.unit_id,
                    label=line.label,
                )
            )
    out.sort(key=lambda i: (i.period.start, positions[i.line_id]))
    return out
