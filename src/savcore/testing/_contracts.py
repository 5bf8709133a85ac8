"""Strategies for contracts and their terms: billing and payment terms, intervention terms,
warranties, renewal, service lines (prestations), and maintenance ranges."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from savcore.calendars import Region
from savcore.model.contracts import (
    AttemptRule,
    BillingBasis,
    BillingTerm,
    BillingTerms,
    Contract,
    ContractKind,
    DelayUnit,
    Grouping,
    InterventionTerms,
    PaymentTerms,
    PenetrationRule,
    PricingBasis,
    Renewal,
    RenewalKind,
    ResponseTime,
    ServiceCategory,
    ServiceLine,
    Warranty,
    WarrantyLevel,
)
from savcore.model.ranges import Control, ControlKind, MaintenanceRange, Technician, VisitType
from savcore.model.sites import ApplianceKind, Location
from savcore.money import Rounding, VatRate
from savcore.periods import Alignment, Periodicity, ProrataConvention
from savcore.testing._basics import (
    business_dates,
    cached,
    choice,
    emails,
    enum_values,
    identifiers,
    labels,
    money,
    optional,
    phones,
    timelines,
)
from savcore.testing._catalog import revision_clauses

__all__ = [
    "attempt_rules",
    "billing_terms",
    "contracts",
    "controls",
    "intervention_terms",
    "maintenance_ranges",
    "payment_terms",
    "penetration_rules",
    "renewals",
    "response_times",
    "service_lines",
    "technicians",
    "visit_types",
    "warranties",
]

_FAMILIES = ("MO", "FOURN-CH", "FOURN-PL", "P2", "P3")


@cached
def renewals() -> st.SearchStrategy[Renewal]:
    """Renewal rules (none, tacit, express) with their period, notice and number of renewals."""
    return st.builds(
        Renewal,
        kind=enum_values(RenewalKind),
        period_months=st.integers(1, 60),
        notice_months=st.integers(0, 12),
        max_renewals=optional(st.integers(0, 5)),
    )


@st.composite
def _payment_terms(draw: st.DrawFn) -> PaymentTerms:
    end_of_month = draw(st.booleans())
    return PaymentTerms(draw(st.integers(0, 45 if end_of_month else 60)), end_of_month)


@cached
def payment_terms() -> st.SearchStrategy[PaymentTerms]:
    """Payment terms within the legal limits: at most 60 days, or 45 days end of month."""
    return _payment_terms()


@st.composite
def _billing_terms(draw: st.DrawFn) -> BillingTerms:
    basis = draw(enum_values(BillingBasis))
    term = (
        BillingTerm.IN_ARREARS if basis is BillingBasis.PROGRESS else draw(enum_values(BillingTerm))
    )
    return BillingTerms(
        periodicity=draw(enum_values(Periodicity)),
        term=term,
        alignment=draw(enum_values(Alignment)),
        basis=basis,
        prorata=draw(enum_values(ProrataConvention)),
        grouping=draw(enum_values(Grouping)),
        invoice_offset_days=draw(st.integers(-31, 31)),
        payment=draw(payment_terms()),
        rounding=draw(enum_values(Rounding)),
        late_penalty_rate=draw(money(max_value=30)),
        recovery_indemnity=draw(money(max_value=100)),
        series=draw(st.sampled_from(("FA", "FC", "AV")) | identifiers(max_size=4)),
    )


@cached
def billing_terms() -> st.SearchStrategy[BillingTerms]:
    """Billing terms: periodicity, in advance or in arrears (progress billing only in arrears),
    alignment, prorata convention, grouping, invoice offset, payment terms, rounding."""
    return _billing_terms()


@cached
def response_times(*, level: str | None = None) -> st.SearchStrategy[ResponseTime]:
    """One urgency level with its delay and late penalty."""
    return st.builds(
        ResponseTime,
        level=st.just(level) if level is not None else identifiers(max_size=4),
        label=labels(),
        delay=st.integers(1, 240),
        unit=enum_values(DelayUnit),
        weekends_and_holidays=st.booleans(),
        penalty_per_unit=money(max_value=500),
        penalty_unit=enum_values(DelayUnit),
        penalty_cap=optional(money(max_value=10_000)),
    )


@st.composite
def _intervention_terms(draw: st.DrawFn) -> InterventionTerms:
    levels = draw(st.lists(st.sampled_from(("U1", "U2", "U3", "P")), max_size=3, unique=True))
    return InterventionTerms(
        levels=tuple(draw(response_times(level=level)) for level in levels),
        region=draw(enum_values(Region)),
    )


@cached
def intervention_terms() -> st.SearchStrategy[InterventionTerms]:
    """Intervention terms: distinct urgency levels and the calendar region."""
    return _intervention_terms()


def _caps() -> st.SearchStrategy[Decimal]:
    return money(min_value=Decimal("0.01"), max_value=50_000)


@st.composite
def _warranties(draw: st.DrawFn) -> Warranty:
    level = draw(enum_values(WarrantyLevel))
    discount = draw(money(min_value=Decimal("0.01"), max_value=100))
    if level is WarrantyLevel.NONE:
        return Warranty(level, discount_percent=discount)
    families = frozenset(draw(st.sets(st.sampled_from(_FAMILIES), max_size=3)))
    locations = frozenset(draw(st.sets(enum_values(Location), max_size=2)))
    if level is WarrantyLevel.TOTAL:
        return Warranty(level, families, locations, discount)
    cap_per_event = draw(optional(_caps()))
    cap_per_year = draw(optional(_caps()))
    if not (families or locations or cap_per_event or cap_per_year or discount < 100):
        families = frozenset({draw(st.sampled_from(_FAMILIES))})
    return Warranty(level, families, locations, discount, cap_per_event, cap_per_year)


@cached
def warranties() -> st.SearchStrategy[Warranty]:
    """P3 warranties: none, partial (with a scope, a cap or a partial discount) or total (no cap)."""
    return _warranties()


@st.composite
def _service_lines(
    draw: st.DrawFn, line_id: str | None, unit_ids: Sequence[str] | None, start: date | None
) -> ServiceLine:
    first = start if start is not None else draw(business_dates(max_value=date(2040, 1, 1)))
    line_start = draw(optional(st.dates(min_value=first, max_value=first + timedelta(days=400))))
    price_from = line_start or first
    pricing = draw(enum_values(PricingBasis))
    dwellings = None
    if pricing is PricingBasis.PER_DWELLING or draw(st.booleans()):
        dwellings = draw(timelines(st.integers(0, 500), min_start=price_from, max_start=price_from))
    unlimited = draw(st.booleans())
    if unit_ids is None:
        unit_id = draw(optional(identifiers()))
    else:
        unit_id = draw(optional(choice(unit_ids))) if unit_ids else None
    end = draw(optional(st.integers(1, 2000)))
    return ServiceLine(
        id=line_id if line_id is not None else draw(identifiers()),
        label=draw(labels()),
        unit_price=draw(
            timelines(money(max_value=50_000), min_start=price_from, max_start=price_from)
        ),
        category=draw(enum_values(ServiceCategory)),
        pricing=pricing,
        dwellings=dwellings,
        unit_id=unit_id,
        vat_rate=draw(enum_values(VatRate)),
        unlimited=unlimited,
        included_callouts=None if unlimited else draw(optional(st.integers(0, 20))),
        revisable=draw(st.booleans()),
        price_family=draw(optional(st.sampled_from(_FAMILIES))),
        range_id=draw(optional(identifiers())),
        warranty=draw(optional(warranties())),
        start=line_start,
        end=None if end is None else (line_start or first) + timedelta(days=end),
    )


@cached
def service_lines(
    *,
    line_id: str | None = None,
    unit_ids: Sequence[str] | None = None,
    start: date | None = None,
) -> st.SearchStrategy[ServiceLine]:
    """Service lines (prestations): flat or per-dwelling prices as timelines, dwellings counts,
    VAT rate, unlimited or counted call-outs, optional own warranty and bounds.

    ``unit_ids`` restricts the UG a line names (``()``: none); ``start`` is the contract's start:
    the line starts on or after it and has a price from its own start."""
    return _service_lines(line_id, unit_ids, start)


@cached
def attempt_rules() -> st.SearchStrategy[AttemptRule]:
    """Repeat-visit rules after an absence (up to 10 attempts)."""
    return st.builds(
        AttemptRule,
        max_attempts=st.integers(1, 10),
        min_days_between=st.integers(0, 60),
        notice_days=st.integers(0, 30),
    )


@cached
def penetration_rules() -> st.SearchStrategy[PenetrationRule]:
    """How the penetration rate is counted, with an optional threshold in [0, 1]."""
    return st.builds(
        PenetrationRule,
        exclude_vacant=st.booleans(),
        exclude_refused=st.booleans(),
        visit_type_ids=st.frozensets(identifiers(max_size=6), max_size=3),
        threshold=optional(money(max_value=1)),
    )


@st.composite
def _contracts(
    draw: st.DrawFn,
    contract_id: str | None,
    customer_id: str | None,
    unit_ids: tuple[str, ...] | None,
    range_ids: tuple[str, ...] | None,
    price_schedule_ids: tuple[str, ...] | None,
    max_lines: int,
) -> Contract:
    kind = draw(enum_values(ContractKind))
    start = draw(business_dates(max_value=date(2040, 1, 1)))
    if unit_ids is None:
        unit_ids = tuple(draw(st.lists(identifiers(), max_size=3, unique=True)))
    if range_ids is None:
        range_ids = tuple(draw(st.lists(identifiers(), max_size=2, unique=True)))
    if price_schedule_ids is None:
        schedule = draw(optional(identifiers()))
    else:
        schedule = (
            draw(optional(st.sampled_from(price_schedule_ids))) if price_schedule_ids else None
        )
    if kind is ContractKind.FRAMEWORK and schedule is None:
        if price_schedule_ids == ():
            kind = draw(st.sampled_from((ContractKind.SITE_MAINTENANCE, ContractKind.COLLECTIVE)))
        else:
            schedule = draw(
                st.sampled_from(price_schedule_ids) if price_schedule_ids else identifiers()
            )
    n_lines = draw(st.integers(0, max_lines))
    lines = tuple(
        draw(service_lines(line_id=f"L{i + 1}", unit_ids=unit_ids, start=start))
        for i in range(n_lines)
    )
    min_amount = draw(optional(money(max_value=100_000)))
    max_amount = draw(optional(money(min_value=Decimal("0.01"), max_value=1_000_000)))
    if min_amount is not None and max_amount is not None and min_amount > max_amount:
        min_amount, max_amount = max_amount, min_amount
    return Contract(
        id=contract_id if contract_id is not None else draw(identifiers()),
        customer_id=customer_id if customer_id is not None else draw(identifiers()),
        kind=kind,
        designation=draw(labels()),
        start=start,
        duration_months=draw(st.integers(1, 120)),
        reference=draw(optional(identifiers())),
        renewal=draw(renewals()),
        billing=draw(billing_terms()),
        intervention=draw(intervention_terms()),
        warranty=draw(warranties()),
        revision=draw(optional(revision_clauses())),
        lines=lines,
        unit_ids=unit_ids,
        range_ids=range_ids,
        attempts=draw(attempt_rules()),
        penetration=draw(penetration_rules()),
        price_schedule_id=schedule,
        price_orders_on_execution=draw(st.booleans()),
        min_amount=min_amount,
        max_amount=max_amount,
        engagement_number=draw(optional(identifiers(max_size=50))),
        service_code=draw(optional(identifiers())),
    )


@cached
def contracts(
    *,
    contract_id: str | None = None,
    customer_id: str | None = None,
    unit_ids: tuple[str, ...] | None = None,
    range_ids: tuple[str, ...] | None = None,
    price_schedule_ids: tuple[str, ...] | None = None,
    max_lines: int = 3,
) -> st.SearchStrategy[Contract]:
    """Contracts of the three kinds with all their terms and up to ``max_lines`` service lines.

    ``unit_ids`` and ``range_ids`` are the UGs and ranges under contract (drawn when ``None``);
    ``price_schedule_ids`` the schedules a contract may name (a framework agreement always names
    one; ``()`` means there is none, so no framework agreement is drawn)."""
    return _contracts(contract_id, customer_id, unit_ids, range_ids, price_schedule_ids, max_lines)


# --- maintenance ranges ---------------------------------------------------------------------------


@cached
def controls(*, code: str | None = None) -> st.SearchStrategy[Control]:
    """Checklist items of a visit (contrôles)."""
    return st.builds(
        Control,
        code=st.just(code) if code is not None else identifiers(max_size=6),
        label=labels(),
        kind=enum_values(ControlKind),
        unit=optional(st.sampled_from(("ppm", "%", "°C", "Pa"))),
        required=st.booleans(),
    )


@st.composite
def _visit_types(draw: st.DrawFn, visit_type_id: str | None) -> VisitType:
    codes = draw(st.lists(identifiers(max_size=6), max_size=3, unique=True))
    return VisitType(
        id=visit_type_id if visit_type_id is not None else draw(identifiers()),
        label=draw(labels()),
        periodicity=draw(enum_values(Periodicity)),
        appliance_kinds=frozenset(draw(st.sets(enum_values(ApplianceKind), max_size=3))),
        duration_minutes=draw(st.integers(1, 1440)),
        controls=tuple(draw(controls(code=code)) for code in codes),
    )


@cached
def visit_types(*, visit_type_id: str | None = None) -> st.SearchStrategy[VisitType]:
    """Preventive visit types with their periodicity, appliance kinds and distinct controls."""
    return _visit_types(visit_type_id)


@st.composite
def _ranges(
    draw: st.DrawFn, range_id: str | None, unit_ids: tuple[str, ...] | None
) -> MaintenanceRange:
    ids = draw(st.lists(identifiers(max_size=6), min_size=1, max_size=3, unique=True))
    if unit_ids is None:
        chosen = draw(st.lists(identifiers(), max_size=3, unique=True))
    else:
        chosen = (
            draw(st.lists(st.sampled_from(unit_ids), max_size=3, unique=True)) if unit_ids else []
        )
    return MaintenanceRange(
        id=range_id if range_id is not None else draw(identifiers()),
        label=draw(labels()),
        visit_types=tuple(draw(visit_types(visit_type_id=i)) for i in ids),
        unit_ids=tuple(chosen),
    )


@cached
def maintenance_ranges(
    *, range_id: str | None = None, unit_ids: tuple[str, ...] | None = None
) -> st.SearchStrategy[MaintenanceRange]:
    """Maintenance ranges (gammes): 1 to 3 visit types with distinct ids, for some units (taken
    from ``unit_ids`` when given)."""
    return _ranges(range_id, unit_ids)


@cached
def technicians(*, technician_id: str | None = None) -> st.SearchStrategy[Technician]:
    """Technicians with their sectors and daily capacity."""
    return st.builds(
        Technician,
        id=st.just(technician_id) if technician_id is not None else identifiers(),
        name=labels(),
        sectors=st.frozensets(identifiers(max_size=4), max_size=3),
        visits_per_half_day=st.integers(1, 50),
        phone=optional(phones()),
        email=optional(emails()),
    )
