"""One test per rejected input: each impossible object raises the right error naming its field.

Every case builds a valid object with one thing wrong (``attrs.evolve`` re-runs the validators),
and asserts the error type and ``.field``. The valid baselines are checked too, so a case cannot
pass because the baseline itself is broken.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from savcore.errors import DataFormatError, FloatAmountError, ValidationError
from savcore.model import (
    Address,
    Appliance,
    ApplianceKind,
    Appointment,
    AttemptRule,
    BillingBasis,
    BillingTerm,
    BillingTerms,
    Contact,
    Contract,
    ContractKind,
    Control,
    ControlResult,
    Customer,
    CustomerKind,
    DocumentKind,
    Dwelling,
    Index,
    IndexTerm,
    IndexValue,
    Instalment,
    Intervention,
    InterventionKind,
    InterventionRequest,
    InterventionTerms,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Invoicing,
    InvoicingChannel,
    Location,
    MaintenanceRange,
    ManagementUnit,
    Outcome,
    Party,
    PaymentTerms,
    PenetrationRule,
    Portfolio,
    PriceItem,
    PriceSchedule,
    PriceScheduleVersion,
    PricingBasis,
    PurchaseOrder,
    PurchaseOrderLine,
    Renewal,
    Replacement,
    ResponseTime,
    RevisionClause,
    RevisionFormula,
    RevisionPeriodicity,
    ServiceLine,
    VisitAttempt,
    VisitType,
    Warranty,
    WarrantyLevel,
)
from savcore.model.contracts import DelayUnit
from savcore.money import VatRate
from savcore.periods import Period
from savcore.timeline import Change, Timeline

D = Decimal
PARIS = ZoneInfo("Europe/Paris")
NOON = datetime(2025, 3, 4, 12, 0, tzinfo=PARIS)
NAIVE = datetime(2025, 3, 4, 12, 0)  # noqa: DTZ001 - the point of the test
START = date(2025, 1, 1)

SIREN = "732829320"
SIRET = "73282932000074"
VAT = "FR44732829320"

ADDRESS = Address("3 rue des Forges", "69003", "Lyon")
PARTY = Party("Chauffage Martin", ADDRESS, siren=SIREN, siret=SIRET, vat_number=VAT)
CUSTOMER = Customer("CLI-1", "OPH du Rhône", CustomerKind.SOCIAL_LANDLORD, ADDRESS, siren=SIREN)
ITEM = PriceItem("1.1", "Visite", "u", D("80.00"))
VERSION = PriceScheduleVersion(START, (ITEM, PriceItem("1.2", "Dépannage", "h", D("55.00"))))
SCHEDULE = PriceSchedule(
    "BPU-1", "BPU", (VERSION, attrs.evolve(VERSION, applies_from=date(2026, 1, 1)))
)
LINE = ServiceLine(
    "L1",
    "Entretien chaudières",
    Timeline.constant(D("95.00"), START),
    pricing=PricingBasis.PER_DWELLING,
    dwellings=Timeline.constant(40, START),
    unit_id="UG-1",
)
CONTRACT = Contract(
    "C-1",
    "CLI-1",
    ContractKind.COLLECTIVE,
    "Entretien P2",
    START,
    36,
    lines=(LINE,),
    unit_ids=("UG-1",),
)
INVOICE_LINE = InvoiceLine(1, "Entretien T1", D("1"), D("1250.00"), VatRate.INTERMEDIATE)
INVOICE = Invoice("F-1", "CLI-1", PARTY, PARTY, START, date(2025, 1, 31), (INVOICE_LINE,))
ISSUED = attrs.evolve(INVOICE, status=InvoiceStatus.ISSUED, number="FA-2025-0001")
CREDIT = attrs.evolve(ISSUED, id="AV-1", kind=DocumentKind.CREDIT_NOTE, corrects="FA-2024-0007")
DWELLING = Dwelling("L-1", "UG-1", "101", added_on=START)
ORDER = PurchaseOrder("BC-1", "2025-001", "C-2", START, (PurchaseOrderLine("1.1", D("2")),))
ATTEMPT = VisitAttempt("P-1", "I-1", NOON, Outcome.DONE)
REQUEST = InterventionRequest("DI-1", "DI-2025-1", "C-1", NOON, "U1", "Fuite", "UG-1")
APPOINTMENT = Appointment("RDV-1", NOON, "UG-1")
INSTALMENT = Instalment(
    "E-1",
    "C-1",
    "L1",
    Period(START, date(2025, 4, 1)),
    D("950.00"),
    VatRate.INTERMEDIATE,
    START,
    START,
)
FORMULA = RevisionFormula(D("0.15"), (IndexTerm("BT40", D("0.85")),))
CLAUSE = RevisionClause(Period.month(2024, 10), FORMULA)
APPLIANCE = Appliance("A-1", "UG-1", ApplianceKind.BOILER, dwelling_id="L-1")
VISIT_TYPE = VisitType("VT-1", "Visite annuelle", controls=(Control("CO", "CO ambiant"),))
RANGE = MaintenanceRange("G-1", "Gamme chaudières", (VISIT_TYPE,))
LEVEL = ResponseTime("U1", "Urgence", 4, DelayUnit.HOURS)

BASELINES = [
    ADDRESS,
    PARTY,
    CUSTOMER,
    ITEM,
    VERSION,
    SCHEDULE,
    LINE,
    CONTRACT,
    INVOICE_LINE,
    INVOICE,
    ISSUED,
    CREDIT,
    DWELLING,
    ORDER,
    ATTEMPT,
    REQUEST,
    APPOINTMENT,
    INSTALMENT,
    FORMULA,
    CLAUSE,
    APPLIANCE,
    RANGE,
    LEVEL,
]


def test_baselines_are_valid() -> None:
    for obj in BASELINES:
        assert attrs.evolve(obj) == obj


def case(
    name: str,
    build: Callable[[], object],
    field: str,
    error: type[ValidationError] = ValidationError,
) -> Any:
    return pytest.param(build, field, error, id=name)


def evolve(obj: Any, **changes: Any) -> Callable[[], object]:
    return lambda: attrs.evolve(obj, **changes)


REJECTED = [
    # --- periods, dates, timelines ---------------------------------------------------------------
    case("period-end-before-start", lambda: Period(date(2025, 3, 1), date(2025, 2, 1)), "end"),
    case("period-empty", lambda: Period(START, START), "end"),
    case("period-with-a-datetime", lambda: Period(NOON, date(2025, 4, 1)), "start"),  # type: ignore[arg-type]
    case("timeline-without-change", lambda: Timeline(()), "changes"),
    case(
        "timeline-dates-not-increasing",
        lambda: Timeline((Change(date(2025, 2, 1), 1), Change(START, 2))),
        "changes",
    ),
    # --- sites ------------------------------------------------------------------------------------
    case(
        "dwelling-withdrawn-before-added",
        evolve(DWELLING, withdrawn_on=date(2024, 12, 31)),
        "withdrawn_on",
    ),
    case("dwelling-withdrawn-on-entry-day", evolve(DWELLING, withdrawn_on=START), "withdrawn_on"),
    case(
        "dwelling-vacancies-unsorted",
        evolve(
            DWELLING,
            vacancies=(
                Period(date(2025, 6, 1), date(2025, 7, 1)),
                Period(date(2025, 2, 1), date(2025, 3, 1)),
            ),
        ),
        "vacancies[1]",
    ),
    case("dwelling-empty-id", evolve(DWELLING, id=""), "id"),
    case("dwelling-id-with-spaces", evolve(DWELLING, id=" L-1"), "id"),
    case("unit-blank-name", lambda: ManagementUnit("UG-1", "CLI-1", "   ", ADDRESS), "name"),
    case(
        "unit-kind-as-raw-string",
        lambda: ManagementUnit("UG-1", "CLI-1", "R", ADDRESS, kind="site"),
        "kind",
    ),  # type: ignore[arg-type]
    case(
        "appliance-in-dwelling-without-dwelling", evolve(APPLIANCE, dwelling_id=None), "dwelling_id"
    ),
    case(
        "collective-appliance-with-dwelling",
        evolve(APPLIANCE, location=Location.COLLECTIVE),
        "dwelling_id",
    ),
    case("appliance-zero-power", evolve(APPLIANCE, power_kw=D(0)), "power_kw"),
    case("appliance-float-power", evolve(APPLIANCE, power_kw=24.0), "power_kw", FloatAmountError),
    case("appliance-kind-as-raw-string", evolve(APPLIANCE, kind="boiler"), "kind"),
    # --- parties ----------------------------------------------------------------------------------
    case("address-french-postcode", evolve(ADDRESS, postcode="6900"), "postcode"),
    case("address-country-not-iso", evolve(ADDRESS, country="France"), "country"),
    case(
        "contact-phone-not-normalized",
        lambda: Contact("M. Roux", phones=("06 12 34 56 78",)),
        "phones[0]",
    ),
    case("contact-bad-email", lambda: Contact("M. Roux", emails=("roux@",)), "emails[0]"),
    case("siret-bad-checksum", evolve(PARTY, siret="73282932000075"), "siret"),
    case("siret-wrong-length", evolve(PARTY, siret="7328293200007"), "siret"),
    case(
        "siret-with-spaces",
        evolve(PARTY, siren=None, vat_number=None, siret="732 829 320 00074"),
        "siret",
    ),
    case("siret-of-another-siren", evolve(PARTY, siret="55210055400013"), "siret"),
    case("siren-bad-checksum", evolve(PARTY, siren="732829321"), "siren"),
    case("siren-letters", evolve(PARTY, siren="73282932A"), "siren"),
    case("vat-number-of-another-siren", evolve(PARTY, vat_number="FR40303265045"), "vat_number"),
    case("vat-number-bad-key", evolve(PARTY, vat_number="FR45732829320"), "vat_number"),
    case("iban-bad-checksum", evolve(PARTY, iban="FR7630006000011234567890188"), "iban"),
    case(
        "share-capital-float",
        evolve(PARTY, share_capital=10000.0),
        "share_capital",
        FloatAmountError,
    ),
    case("customer-kind-as-raw-string", evolve(CUSTOMER, kind="social-landlord"), "kind"),
    case("customer-contacts-not-contacts", evolve(CUSTOMER, contacts=("M. Roux",)), "contacts[0]"),
    case(
        "customer-chorus-without-siret",
        evolve(CUSTOMER, invoicing=Invoicing(InvoicingChannel.CHORUS_PRO)),
        "siret",
    ),
    case("invoicing-email-without-address", lambda: Invoicing(InvoicingChannel.EMAIL), "emails"),
    case(
        "invoicing-engagement-too-long",
        lambda: Invoicing(InvoicingChannel.CHORUS_PRO, engagement_number="E" * 51),
        "engagement_number",
    ),
    # --- price schedules --------------------------------------------------------------------------
    case("price-item-float-price", evolve(ITEM, unit_price=80.0), "unit_price", FloatAmountError),
    case("price-item-negative-price", evolve(ITEM, unit_price=D("-1")), "unit_price"),
    case("price-item-vat-as-raw-string", evolve(ITEM, vat_rate="20"), "vat_rate"),
    case("duplicate-price-item-code", evolve(VERSION, items=(ITEM, ITEM)), "items[1].code"),
    case("schedule-without-version", evolve(SCHEDULE, versions=()), "versions"),
    case(
        "schedule-versions-unsorted",
        evolve(SCHEDULE, versions=tuple(reversed(SCHEDULE.versions))),
        "versions[1].applies_from",
    ),
    case(
        "schedule-versions-same-date",
        evolve(SCHEDULE, versions=(VERSION, VERSION)),
        "versions[1].applies_from",
    ),
    # --- revision ---------------------------------------------------------------------------------
    case("vat-rate-19.6-not-allowed", lambda: VatRate.from_percent("19.6"), "vat_rate"),
    case(
        "formula-weights-not-summing-to-one",
        lambda: RevisionFormula(D("0.15"), (IndexTerm("BT40", D("0.80")),)),
        "terms",
    ),
    case(
        "formula-fixed-part-one",
        lambda: RevisionFormula(D("1"), (IndexTerm("BT40", D("0.1")),)),
        "fixed",
    ),
    case(
        "formula-float-fixed-part",
        lambda: RevisionFormula(0.15, (IndexTerm("BT40", D("0.85")),)),
        "fixed",
        FloatAmountError,
    ),  # type: ignore[arg-type]
    case("index-term-zero-weight", lambda: IndexTerm("BT40", D(0)), "weight"),
    case(
        "index-successor-without-coefficient",
        lambda: Index("BT40", "BT40", successor="BT40b"),
        "linking_coefficient",
    ),
    case(
        "index-value-published-before-its-period",
        lambda: IndexValue("BT40", Period.month(2025, 3), D("130.2"), date(2025, 2, 15)),
        "published_on",
    ),
    case(
        "index-value-float",
        lambda: IndexValue("BT40", Period.month(2025, 3), 130.2, date(2025, 4, 15)),  # type: ignore[arg-type]
        "value",
        FloatAmountError,
    ),
    case(
        "clause-reference-month-not-a-month",
        evolve(CLAUSE, reference_month=Period(date(2024, 10, 2), date(2024, 11, 1))),
        "reference_month",
    ),
    case(
        "clause-fixed-date-30-february",
        evolve(CLAUSE, periodicity=RevisionPeriodicity.FIXED_DATE, fixed_month=2, fixed_day=30),
        "fixed_day",
    ),
    case("clause-unknown-rounding", evolve(CLAUSE, price_rounding="ceiling"), "rounding"),
    # --- contracts --------------------------------------------------------------------------------
    case("payment-beyond-60-days", lambda: PaymentTerms(61), "days"),
    case(
        "payment-beyond-45-days-end-of-month", lambda: PaymentTerms(46, end_of_month=True), "days"
    ),
    case(
        "progress-billing-in-advance",
        lambda: BillingTerms(basis=BillingBasis.PROGRESS, term=BillingTerm.IN_ADVANCE),
        "term",
    ),
    case(
        "billing-periodicity-as-raw-string",
        lambda: BillingTerms(periodicity="quarterly"),
        "periodicity",
    ),  # type: ignore[arg-type]
    case(
        "billing-offset-beyond-a-month",
        lambda: BillingTerms(invoice_offset_days=40),
        "invoice_offset_days",
    ),
    case(
        "billing-penalty-rate-float",
        lambda: BillingTerms(late_penalty_rate=10.0),
        "late_penalty_rate",
        FloatAmountError,
    ),  # type: ignore[arg-type]
    case("renewal-zero-months", lambda: Renewal(period_months=0), "period_months"),
    case(
        "renewal-months-as-float",
        lambda: Renewal(period_months=12.0),
        "period_months",
        FloatAmountError,
    ),  # type: ignore[arg-type]
    case("attempts-more-than-ten", lambda: AttemptRule(max_attempts=11), "max_attempts"),
    case(
        "penetration-threshold-above-one", lambda: PenetrationRule(threshold=D("1.5")), "threshold"
    ),
    case("response-time-zero-delay", evolve(LEVEL, delay=0), "delay"),
    case(
        "intervention-terms-duplicate-level",
        lambda: InterventionTerms((LEVEL, LEVEL)),
        "levels[1].level",
    ),
    case("partial-warranty-without-scope", lambda: Warranty(WarrantyLevel.PARTIAL), "families"),
    case(
        "total-warranty-with-cap",
        lambda: Warranty(WarrantyLevel.TOTAL, cap_per_year=D("5000.00")),
        "cap_per_year",
    ),
    case("no-warranty-with-scope", lambda: Warranty(families=frozenset({"P3"})), "level"),
    case(
        "warranty-discount-above-100",
        lambda: Warranty(WarrantyLevel.PARTIAL, discount_percent=D(101)),
        "discount_percent",
    ),
    case(
        "negative-dwellings-count",
        evolve(LINE, dwellings=Timeline.constant(-1, START)),
        "dwellings",
    ),
    case(
        "dwellings-count-float", evolve(LINE, dwellings=Timeline.constant(40.0, START)), "dwellings"
    ),
    case("per-dwelling-price-without-dwellings", evolve(LINE, dwellings=None), "dwellings"),
    case(
        "service-negative-price",
        evolve(LINE, unit_price=Timeline.constant(D("-1"), START)),
        "unit_price",
    ),
    case(
        "service-float-price", evolve(LINE, unit_price=Timeline.constant(95.0, START)), "unit_price"
    ),
    case(
        "unlimited-service-with-callouts",
        evolve(LINE, unlimited=True, included_callouts=3),
        "included_callouts",
    ),
    case(
        "service-end-before-start",
        evolve(LINE, start=date(2025, 5, 1), end=date(2025, 4, 1)),
        "end",
    ),
    case("contract-kind-as-raw-string", evolve(CONTRACT, kind="collective"), "kind"),
    case(
        "framework-contract-without-price-schedule",
        evolve(CONTRACT, kind=ContractKind.FRAMEWORK),
        "price_schedule_id",
    ),
    case("line-unit-not-in-contract", evolve(CONTRACT, unit_ids=("UG-2",)), "lines[0].unit_id"),
    case(
        "line-before-contract-start",
        evolve(CONTRACT, lines=(attrs.evolve(LINE, start=date(2024, 12, 1)),)),
        "lines[0].start",
    ),
    case(
        "line-without-price-at-contract-start",
        evolve(CONTRACT, start=date(2024, 12, 1)),
        "lines[0].unit_price",
    ),
    case("contract-duplicate-line-ids", evolve(CONTRACT, lines=(LINE, LINE)), "lines[1].id"),
    case("contract-duplicate-unit-ids", evolve(CONTRACT, unit_ids=("UG-1", "UG-1")), "unit_ids"),
    case(
        "contract-minimum-above-maximum",
        evolve(CONTRACT, min_amount=D(10), max_amount=D(5)),
        "min_amount",
    ),
    case(
        "contract-float-maximum",
        evolve(CONTRACT, max_amount=5000.0),
        "max_amount",
        FloatAmountError,
    ),
    case("contract-duration-zero", evolve(CONTRACT, duration_months=0), "duration_months"),
    case("contract-start-as-datetime", evolve(CONTRACT, start=NOON), "start"),
    # --- ranges -----------------------------------------------------------------------------------
    case("range-without-visit-type", evolve(RANGE, visit_types=()), "visit_types"),
    case(
        "range-duplicate-visit-types",
        evolve(RANGE, visit_types=(VISIT_TYPE, VISIT_TYPE)),
        "visit_types[1].id",
    ),
    case(
        "visit-type-duplicate-controls",
        evolve(VISIT_TYPE, controls=VISIT_TYPE.controls * 2),
        "controls[1].code",
    ),
    # --- operations -------------------------------------------------------------------------------
    case("attempt-naive-datetime", evolve(ATTEMPT, at=NAIVE), "at"),
    case("attempt-outcome-as-raw-string", evolve(ATTEMPT, outcome="done"), "outcome"),
    case("attempt-notice-after-visit", evolve(ATTEMPT, noticed_on=date(2025, 3, 5)), "noticed_on"),
    case(
        "attempt-supplies-when-absent",
        evolve(
            ATTEMPT,
            outcome=Outcome.ABSENT,
            replacements=(Replacement("1.1", "Thermocouple", D("1")),),
        ),
        "replacements",
    ),
    case("attempt-number-zero", evolve(ATTEMPT, number=0), "number"),
    case(
        "replacement-float-quantity",
        lambda: Replacement("1.1", "Joint", 2.0),
        "quantity",
        FloatAmountError,
    ),  # type: ignore[arg-type]
    case(
        "control-result-two-answers",
        lambda: ControlResult("CO", measure=D("12"), checked=True),
        "measure",
    ),
    case(
        "preventive-intervention-without-visit-type",
        lambda: Intervention("I-1", "C-1", InterventionKind.PREVENTIVE, "UG-1"),
        "visit_type_id",
    ),
    case("request-naive-datetime", evolve(REQUEST, received_at=NAIVE), "received_at"),
    case(
        "request-arrival-before-reception",
        evolve(REQUEST, arrived_at=NOON - timedelta(hours=1)),
        "arrived_at",
    ),
    case(
        "request-end-without-arrival",
        evolve(REQUEST, ended_at=NOON + timedelta(hours=2)),
        "arrived_at",
    ),
    case(
        "request-end-before-arrival",
        evolve(REQUEST, arrived_at=NOON + timedelta(hours=3), ended_at=NOON + timedelta(hours=2)),
        "ended_at",
    ),
    case(
        "order-executed-before-ordered",
        evolve(ORDER, executed_on=date(2024, 12, 31)),
        "executed_on",
    ),
    case("order-without-lines", evolve(ORDER, lines=()), "lines"),
    case("order-line-zero-quantity", lambda: PurchaseOrderLine("1.1", D(0)), "quantity"),
    case("appointment-naive-datetime", evolve(APPOINTMENT, at=NAIVE), "at"),
    case("appointment-notice-after", evolve(APPOINTMENT, notice_on=date(2025, 3, 5)), "notice_on"),
    # --- billing ----------------------------------------------------------------------------------
    case("instalment-not-at-the-cent", evolve(INSTALMENT, amount=D("950.005")), "amount"),
    case("instalment-float-amount", evolve(INSTALMENT, amount=950.0), "amount", FloatAmountError),
    case("instalment-due-before-invoice", evolve(INSTALMENT, due_on=date(2024, 12, 31)), "due_on"),
    case(
        "invoice-line-float-quantity",
        evolve(INVOICE_LINE, quantity=1.0),
        "quantity",
        FloatAmountError,
    ),
    case(
        "invoice-line-float-price",
        evolve(INVOICE_LINE, unit_price=1250.0),
        "unit_price",
        FloatAmountError,
    ),
    case("discount-without-reason", evolve(INVOICE_LINE, discount=D("100.00")), "discount_reason"),
    case(
        "discount-above-the-line",
        evolve(INVOICE_LINE, discount=D("1250.01"), discount_reason="Garantie P3"),
        "discount",
    ),
    case(
        "discount-not-at-the-cent",
        evolve(INVOICE_LINE, discount=D("10.005"), discount_reason="Garantie P3"),
        "discount",
    ),
    case("invoice-line-position-zero", evolve(INVOICE_LINE, position=0), "position"),
    case("credit-note-without-corrects", evolve(CREDIT, corrects=None), "corrects"),
    case("invoice-with-corrects", evolve(ISSUED, corrects="FA-2024-0007"), "corrects"),
    case("issued-invoice-without-number", evolve(ISSUED, number=None), "number"),
    case("draft-with-number", evolve(INVOICE, number="FA-2025-0001"), "number"),
    case(
        "credit-note-negative-quantity",
        evolve(
            CREDIT, lines=(INVOICE_LINE, attrs.evolve(INVOICE_LINE, position=2, quantity=D("-0.5")))
        ),
        "lines[1].quantity",
    ),
    case(
        "invoice-negative-total",
        evolve(INVOICE, lines=(attrs.evolve(INVOICE_LINE, quantity=D("-1")),)),
        "lines",
    ),
    case(
        "zero-vat-without-exemption-reason",
        evolve(INVOICE, lines=(attrs.evolve(INVOICE_LINE, vat_rate=VatRate.ZERO),)),
        "vat_exemption_reason",
    ),
    case("invoice-due-before-issue", evolve(INVOICE, due_date=date(2024, 12, 31)), "due_date"),
    case("invoice-without-lines", evolve(INVOICE, lines=()), "lines"),
    case(
        "invoice-duplicate-positions", evolve(INVOICE, lines=(INVOICE_LINE, INVOICE_LINE)), "lines"
    ),
    case("invoice-not-in-euros", evolve(INVOICE, currency="USD"), "currency"),
    case("invoice-status-as-raw-string", evolve(INVOICE, status="draft"), "status"),
]


@pytest.mark.parametrize(("build", "field", "error"), REJECTED)
def test_rejected(build: Callable[[], object], field: str, error: type[ValidationError]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert type(info.value) is error
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert info.value.reason
    assert field in str(info.value)


def test_there_are_many_rejected_inputs() -> None:
    assert len(REJECTED) >= 40


def test_error_names_the_entity_with_its_id() -> None:
    with pytest.raises(ValidationError) as info:
        attrs.evolve(DWELLING, withdrawn_on=date(2024, 12, 31))
    assert info.value.entity == "Dwelling 'L-1'"
    assert str(info.value).startswith("Dwelling 'L-1'.withdrawn_on: ")
    assert info.value.value == date(2024, 12, 31)


# --- limits that are accepted ---------------------------------------------------------------------


def test_legal_payment_limits_are_accepted() -> None:
    assert PaymentTerms(60).days == 60
    assert PaymentTerms(45, end_of_month=True).days == 45


def test_partial_warranty_with_a_scope_or_a_discount_is_accepted() -> None:
    assert Warranty(WarrantyLevel.PARTIAL, families=frozenset({"P3"})).families == {"P3"}
    assert Warranty(WarrantyLevel.PARTIAL, discount_percent=D(50)).discount_percent == 50
    assert Warranty(WarrantyLevel.TOTAL).cap_per_year is None


def test_negative_line_on_an_invoice_is_accepted() -> None:
    # A regularisation line (quantity -1) on an invoice whose total stays positive.
    refund = InvoiceLine(2, "Régularisation", D("-1"), D("100.00"), VatRate.INTERMEDIATE)
    invoice = attrs.evolve(INVOICE, lines=(INVOICE_LINE, refund))
    # 1250.00 - 100.00 = 1150.00; VAT 10 % = 115.00
    assert invoice.net_total == D("1150.00")
    assert invoice.vat_total == D("115.00")


def test_framework_contract_with_schedule_is_accepted() -> None:
    contract = attrs.evolve(CONTRACT, kind=ContractKind.FRAMEWORK, price_schedule_id="BPU-1")
    assert contract.price_schedule_id == "BPU-1"


# --- portfolio references -------------------------------------------------------------------------


def test_portfolio_dangling_reference_names_the_path() -> None:
    portfolio = Portfolio(PARTY, customers=(CUSTOMER,), dwellings=(DWELLING,))
    assert portfolio.problems() == ["dwellings[0].unit_id: UG 'UG-1' inconnu(e)"]
    with pytest.raises(DataFormatError) as info:
        portfolio.validate("demo.json")
    assert info.value.source == "demo.json"
    assert info.value.problems == portfolio.problems()


def test_portfolio_dangling_references_are_all_listed() -> None:
    portfolio = Portfolio(
        PARTY,
        customers=(CUSTOMER,),
        contracts=(attrs.evolve(CONTRACT, range_ids=("G-9",)),),
        attempts=(ATTEMPT,),
        invoices=(attrs.evolve(INVOICE, customer_id="CLI-9"),),
    )
    problems = portfolio.problems()
    assert "contracts[0].unit_ids: UG 'UG-1' inconnu(e)" in problems
    assert "contracts[0].range_ids: gamme 'G-9' inconnu(e)" in problems
    assert "attempts[0].intervention_id: intervention 'I-1' inconnu(e)" in problems
    assert "invoices[0].customer_id: client 'CLI-9' inconnu(e)" in problems


def test_portfolio_duplicate_id_names_the_path() -> None:
    portfolio = Portfolio(PARTY, customers=(CUSTOMER, CUSTOMER))
    assert portfolio.problems() == ["customers[1].id: 'CLI-1' en double"]


def test_portfolio_element_of_the_wrong_type() -> None:
    with pytest.raises(ValidationError) as info:
        Portfolio(PARTY, customers=(PARTY,))  # type: ignore[arg-type]
    assert info.value.field == "customers[0]"


def test_consistent_portfolio_has_no_problem() -> None:
    unit = ManagementUnit("UG-1", "CLI-1", "Résidence Les Tilleuls", ADDRESS)
    portfolio = Portfolio(
        PARTY,
        customers=(CUSTOMER,),
        units=(unit,),
        dwellings=(DWELLING,),
        appliances=(APPLIANCE,),
        contracts=(CONTRACT,),
        invoices=(INVOICE,),
    )
    assert portfolio.problems() == []
    assert portfolio.validate() is portfolio
