"""Contracts: terms, billing terms, intervention terms, warranty (P3), and service lines (prestations).

A :class:`Contract` is one of three kinds: a site maintenance contract (a syndic's building), a
collective P2/P3 contract (a landlord's residences), or a framework agreement with purchase orders
(a public buyer, priced on a BPU). Everything that changes over time on a service line (the number of
dwellings, the unit price after a revision) is a :class:`~savcore.timeline.Timeline`.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from decimal import Decimal

import attrs

from savcore.calendars import Region
from savcore.errors import NotFoundError
from savcore.model import _validate as v
from savcore.model.indices import RevisionClause
from savcore.model.sites import Location
from savcore.money import Rounding, VatRate
from savcore.periods import Alignment, Period, Periodicity, ProrataConvention, add_months
from savcore.timeline import Timeline

__all__ = [
    "AttemptRule",
    "BillingBasis",
    "BillingTerm",
    "BillingTerms",
    "Contract",
    "ContractKind",
    "DelayUnit",
    "Grouping",
    "InterventionTerms",
    "PaymentTerms",
    "PenetrationRule",
    "PricingBasis",
    "Renewal",
    "RenewalKind",
    "ResponseTime",
    "ServiceCategory",
    "ServiceLine",
    "Warranty",
    "WarrantyLevel",
]


class ContractKind(enum.Enum):
    """The three kinds of contract savcore runs."""

    SITE_MAINTENANCE = "site-maintenance"
    """Contrat d'entretien de site (copropriété, tertiaire)."""
    COLLECTIVE = "collective"
    """Contrat collectif P2/P3 d'un bailleur (logements par UG)."""
    FRAMEWORK = "framework"
    """Accord-cadre à bons de commande, prix au BPU."""


class RenewalKind(enum.Enum):
    """How a contract is renewed at its term."""

    NONE = "none"
    """Pas de reconduction."""
    TACIT = "tacit"
    """Reconduction tacite."""
    EXPRESS = "express"
    """Reconduction expresse (décision écrite)."""


@attrs.frozen
class Renewal:
    """Renewal rule: kind, length of each renewal, notice to terminate, and how many renewals."""

    kind: RenewalKind = attrs.field(default=RenewalKind.NONE, validator=v.member_of(RenewalKind))
    period_months: int = attrs.field(default=12, validator=v.integer(minimum=1))
    notice_months: int = attrs.field(default=3, validator=v.integer(minimum=0))
    max_renewals: int | None = attrs.field(default=None, validator=v.optional_integer(minimum=0))


class BillingTerm(enum.Enum):
    """When a period is billed."""

    IN_ADVANCE = "in-advance"
    """Terme à échoir: at the start of the period."""
    IN_ARREARS = "in-arrears"
    """Terme échu: at the end of the period (service fait)."""


class BillingBasis(enum.Enum):
    """What an instalment is computed from."""

    PRORATA = "prorata"
    """Forfait au prorata temporis."""
    PROGRESS = "progress"
    """À l'avancement: visits done, or completion ratio with catch-up."""


class Grouping(enum.Enum):
    """How instalments are grouped into invoices."""

    CONTRACT = "contract"
    """Une facture par contrat et par période."""
    UNIT = "unit"
    """Une facture par UG (résidence)."""
    SERVICE = "service"
    """Une facture par prestation."""


@attrs.frozen
class PaymentTerms:
    """Payment terms, within the French limits (Code de commerce L441-10): at most 60 days from
    the invoice date, or 45 days end of month."""

    days: int = attrs.field(default=30, validator=v.integer(minimum=0))
    end_of_month: bool = attrs.field(default=False)

    def __attrs_post_init__(self) -> None:
        limit = 45 if self.end_of_month else 60
        if self.days > limit:
            rule = "45 jours fin de mois" if self.end_of_month else "60 jours date de facture"
            raise v.fail(
                self, "days", self.days, f"délai de paiement au-delà du plafond légal ({rule})"
            )

    def due_date(self, issue_date: date) -> date:
        """The due date of an invoice issued on ``issue_date``.

        "45 jours fin de mois" is read as: add 45 days, then go to the end of that month.
        """
        due = issue_date + timedelta(days=self.days)
        if self.end_of_month:
            due = add_months(due.replace(day=1), 1) - timedelta(days=1)
        return due


@attrs.frozen
class BillingTerms:
    """How a contract is billed (conditions de facturation)."""

    periodicity: Periodicity = attrs.field(
        default=Periodicity.QUARTERLY, validator=v.member_of(Periodicity)
    )
    term: BillingTerm = attrs.field(
        default=BillingTerm.IN_ADVANCE, validator=v.member_of(BillingTerm)
    )
    alignment: Alignment = attrs.field(default=Alignment.CALENDAR, validator=v.member_of(Alignment))
    basis: BillingBasis = attrs.field(
        default=BillingBasis.PRORATA, validator=v.member_of(BillingBasis)
    )
    prorata: ProrataConvention = attrs.field(
        default=ProrataConvention.ACTUAL_DAYS, validator=v.member_of(ProrataConvention)
    )
    grouping: Grouping = attrs.field(default=Grouping.CONTRACT, validator=v.member_of(Grouping))
    invoice_offset_days: int = attrs.field(default=0, validator=v.integer(minimum=-31, maximum=31))
    """Invoice date = period start (in advance) or period end (in arrears) + this offset."""
    payment: PaymentTerms = attrs.field(factory=PaymentTerms, validator=v.instance_of(PaymentTerms))
    rounding: Rounding = attrs.field(default=Rounding.HALF_UP, validator=v.member_of(Rounding))
    late_penalty_rate: Decimal = attrs.field(
        default=Decimal("10.00"), validator=v.decimal_value(minimum=Decimal(0))
    )
    """Taux des pénalités de retard, % per year (mandatory mention; at least 3x the legal rate)."""
    recovery_indemnity: Decimal = attrs.field(
        default=Decimal("40.00"), validator=v.decimal_value(minimum=Decimal(0))
    )
    """Indemnité forfaitaire pour frais de recouvrement (40 EUR, D441-5 Code de commerce)."""
    series: str = attrs.field(default="FA", validator=v.identifier)
    """The invoice number series (préfixe de numérotation)."""

    def __attrs_post_init__(self) -> None:
        if self.basis is BillingBasis.PROGRESS and self.term is BillingTerm.IN_ADVANCE:
            raise v.fail(
                self,
                "term",
                self.term,
                "la facturation à l'avancement ne peut pas être à terme à échoir",
            )


class DelayUnit(enum.Enum):
    """Unit of a contractual response time."""

    HOURS = "hours"
    """Heures calendaires (urgences)."""
    WORKING_HOURS = "working-hours"
    """Heures ouvrées."""
    WORKING_DAYS = "working-days"
    """Jours ouvrés."""
    CALENDAR_DAYS = "calendar-days"
    """Jours calendaires."""


@attrs.frozen
class ResponseTime:
    """One urgency level of the intervention terms: its delay, and the penalty when late.

    ``penalty_per_unit`` is charged per started ``penalty_unit`` (hours or days) of delay, up to
    ``penalty_cap``.
    """

    level: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    delay: int = attrs.field(validator=v.integer(minimum=1))
    unit: DelayUnit = attrs.field(validator=v.member_of(DelayUnit))
    weekends_and_holidays: bool = attrs.field(default=False)
    """Whether the level runs on weekends and public holidays (urgent levels usually do)."""
    penalty_per_unit: Decimal = attrs.field(default=Decimal("0"), validator=v.NON_NEGATIVE)
    penalty_unit: DelayUnit = attrs.field(default=DelayUnit.HOURS, validator=v.member_of(DelayUnit))
    penalty_cap: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0))
    )


@attrs.frozen
class InterventionTerms:
    """Response times per urgency level, and the calendar they are counted in."""

    levels: tuple[ResponseTime, ...] = attrs.field(default=(), validator=v.tuple_of(ResponseTime))
    region: Region = attrs.field(default=Region.METROPOLE, validator=v.member_of(Region))

    def __attrs_post_init__(self) -> None:
        v.unique_ids(self, "levels", self.levels, key="level")

    def level(self, code: str) -> ResponseTime:
        """The response time of urgency level ``code``."""
        for level in self.levels:
            if level.level == code:
                return level
        raise NotFoundError("niveau d'urgence", code)


class WarrantyLevel(enum.Enum):
    """P3 warranty level."""

    NONE = "none"
    """Pas de garantie: every supply is billed."""
    PARTIAL = "partial"
    """Garantie partielle: listed families, a location, a cap per event or per year."""
    TOTAL = "total"
    """Garantie totale: every covered supply is free."""


@attrs.frozen
class Warranty:
    """Which replaced supplies the contract covers, and how much (remise automatique P2/P3).

    For a partial warranty, a supply is covered when its family is in ``families`` (all families
    if empty) and its location in ``locations`` (all if empty); the discount is ``discount_percent``
    of its price, up to ``cap_per_event`` per intervention and ``cap_per_year`` per contract year.
    """

    level: WarrantyLevel = attrs.field(
        default=WarrantyLevel.NONE, validator=v.member_of(WarrantyLevel)
    )
    families: frozenset[str] = attrs.field(default=frozenset())
    locations: frozenset[Location] = attrs.field(default=frozenset())
    discount_percent: Decimal = attrs.field(
        default=Decimal("100"),
        validator=v.decimal_value(minimum=Decimal(0), strict=True, maximum=Decimal(100)),
    )
    cap_per_event: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0), strict=True)
    )
    cap_per_year: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0), strict=True)
    )

    def __attrs_post_init__(self) -> None:
        limited = bool(self.families or self.locations or self.cap_per_event or self.cap_per_year)
        if self.level is WarrantyLevel.NONE and limited:
            raise v.fail(self, "level", self.level, "périmètre ou plafond donné sans garantie")
        if self.level is WarrantyLevel.PARTIAL and not (limited or self.discount_percent < 100):
            raise v.fail(
                self, "families", self.families, "garantie partielle sans périmètre ni plafond"
            )
        if self.level is WarrantyLevel.TOTAL:
            for cap in ("cap_per_event", "cap_per_year"):
                if getattr(self, cap) is not None:
                    raise v.fail(self, cap, getattr(self, cap), "garantie totale sans plafond")
        for location in self.locations:
            if not isinstance(location, Location):
                raise v.fail(self, "locations", location, "emplacement inconnu")


class ServiceCategory(enum.Enum):
    """The billing item a service line belongs to (P1..P4 of operating contracts)."""

    P1 = "P1"
    """Fourniture d'énergie."""
    P2 = "P2"
    """Entretien courant, conduite."""
    P3 = "P3"
    """Gros entretien et renouvellement (garantie totale)."""
    P4 = "P4"
    """Financement de travaux."""
    MULTISERVICE = "multiservice"
    """Contrat multiservices (plomberie, robinetterie, VMC...)."""
    OTHER = "other"
    """Autre prestation."""


class PricingBasis(enum.Enum):
    """How a service line's annual amount is found."""

    PER_DWELLING = "per-dwelling"
    """Annual amount = unit price x number of dwellings."""
    FLAT = "flat"
    """Annual amount = the unit price itself (forfait annuel)."""


@attrs.frozen
class ServiceLine:
    """A billed service (prestation) of a contract, for one UG or site, or for the whole contract.

    ``unit_price`` is the annual price per dwelling (``PER_DWELLING``) or the annual flat amount
    (``FLAT``), excl. VAT, as a timeline: a revision adds a change from its application date.
    ``dwellings`` is the number of dwellings served, also a timeline. ``start``/``end`` bound the
    line inside the contract (a residence joining on 10 May, leaving on 30 September).
    """

    id: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    unit_price: Timeline[Decimal] = attrs.field(validator=v.instance_of(Timeline))
    category: ServiceCategory = attrs.field(
        default=ServiceCategory.P2, validator=v.member_of(ServiceCategory)
    )
    pricing: PricingBasis = attrs.field(
        default=PricingBasis.FLAT, validator=v.member_of(PricingBasis)
    )
    dwellings: Timeline[int] | None = attrs.field(
        default=None, validator=v.optional_instance_of(Timeline)
    )
    unit_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    vat_rate: VatRate = attrs.field(default=VatRate.INTERMEDIATE, validator=v.member_of(VatRate))
    unlimited: bool = attrs.field(default=False)
    """Illimité: no cap on call-outs; a counted service has ``included_callouts``."""
    included_callouts: int | None = attrs.field(
        default=None, validator=v.optional_integer(minimum=0)
    )
    revisable: bool = attrs.field(default=True)
    price_family: str | None = attrs.field(default=None, validator=v.optional_identifier)
    range_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """The maintenance range (gamme) whose visits this line pays for."""
    warranty: Warranty | None = attrs.field(
        default=None, validator=v.optional_instance_of(Warranty)
    )
    """Overrides the contract's warranty for supplies replaced under this line."""
    start: date | None = attrs.field(default=None, validator=v.optional_date)
    end: date | None = attrs.field(default=None, validator=v.optional_date)

    def __attrs_post_init__(self) -> None:
        for price in self.unit_price.changes:
            value: object = price.value
            if not isinstance(value, Decimal) or value < 0:
                raise v.fail(self, "unit_price", value, "prix Decimal positif ou nul attendu")
        if self.pricing is PricingBasis.PER_DWELLING and self.dwellings is None:
            raise v.fail(
                self, "dwellings", None, "nombre de logements obligatoire (prix au logement)"
            )
        if self.dwellings is not None:
            for count in self.dwellings.changes:
                number: object = count.value
                if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                    raise v.fail(
                        self, "dwellings", number, "nombre de logements entier positif attendu"
                    )
        if self.unlimited and self.included_callouts is not None:
            raise v.fail(self, "included_callouts", self.included_callouts, "prestation illimitée")
        if self.start and self.end and self.end <= self.start:
            raise v.fail(self, "end", self.end, "fin avant le début")

    def annual_amount_at(self, day: date) -> Decimal:
        """Annual amount excl. VAT on ``day`` (unit price x dwellings, or the flat amount)."""
        price = self.unit_price.value_at(day)
        if self.pricing is PricingBasis.PER_DWELLING:
            assert self.dwellings is not None
            return price * self.dwellings.value_at(day)
        return price

    def active_period(self, contract_period: Period) -> Period | None:
        """The part of ``contract_period`` during which this line runs."""
        start = max(self.start or contract_period.start, contract_period.start)
        end = min(self.end or contract_period.end, contract_period.end)
        return Period(start, end) if start < end else None


@attrs.frozen
class AttemptRule:
    """The repeat-visit rule after an absence (2ème et 3ème passages).

    After a failed attempt, the next one is planned at least ``min_days_between`` days later, with
    a new visit notice ``notice_days`` before; after ``max_attempts`` failures the dwelling is
    reported as not done.
    """

    max_attempts: int = attrs.field(default=3, validator=v.integer(minimum=1, maximum=10))
    min_days_between: int = attrs.field(default=7, validator=v.integer(minimum=0))
    notice_days: int = attrs.field(default=7, validator=v.integer(minimum=0))


@attrs.frozen
class PenetrationRule:
    """How the penetration rate (taux de pénétration) is counted for the contract.

    Denominator: dwellings in scope during the period, less vacant ones if ``exclude_vacant``,
    less those whose occupant refused if ``exclude_refused``. Numerator: dwellings with a done visit
    of one of ``visit_type_ids`` (any preventive visit when empty). ``threshold`` is the
    contractual target (e.g. 0.90), if any.
    """

    exclude_vacant: bool = attrs.field(default=True)
    exclude_refused: bool = attrs.field(default=False)
    visit_type_ids: frozenset[str] = attrs.field(default=frozenset())
    threshold: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0), maximum=Decimal(1))
    )


@attrs.frozen
class Contract:
    """A contract (marché) with a customer.

    ``designation`` is the market designation (objet du marché), ``reference`` the market number
    (BT-12 on Chorus Pro invoices), ``engagement_number`` and ``service_code`` override the
    customer's Chorus references for this contract. ``start`` is the effective date (date d'effet)
    and ``duration_months`` the initial duration. A framework agreement has a ``price_schedule_id``
    and optional minimum/maximum amounts.
    """

    id: str = attrs.field(validator=v.identifier)
    customer_id: str = attrs.field(validator=v.identifier)
    kind: ContractKind = attrs.field(validator=v.member_of(ContractKind))
    designation: str = attrs.field(validator=v.text)
    start: date = attrs.field(validator=v.a_date)
    duration_months: int = attrs.field(validator=v.integer(minimum=1, maximum=600))
    reference: str | None = attrs.field(default=None, validator=v.optional_identifier)
    renewal: Renewal = attrs.field(factory=Renewal, validator=v.instance_of(Renewal))
    billing: BillingTerms = attrs.field(factory=BillingTerms, validator=v.instance_of(BillingTerms))
    intervention: InterventionTerms = attrs.field(
        factory=InterventionTerms, validator=v.instance_of(InterventionTerms)
    )
    warranty: Warranty = attrs.field(factory=Warranty, validator=v.instance_of(Warranty))
    revision: RevisionClause | None = attrs.field(
        default=None, validator=v.optional_instance_of(RevisionClause)
    )
    lines: tuple[ServiceLine, ...] = attrs.field(default=(), validator=v.tuple_of(ServiceLine))
    unit_ids: tuple[str, ...] = attrs.field(default=())
    """The management units (UG, sites) under the contract."""
    range_ids: tuple[str, ...] = attrs.field(default=())
    """The maintenance ranges (gammes) that apply."""
    attempts: AttemptRule = attrs.field(factory=AttemptRule, validator=v.instance_of(AttemptRule))
    penetration: PenetrationRule = attrs.field(
        factory=PenetrationRule, validator=v.instance_of(PenetrationRule)
    )
    price_schedule_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    price_orders_on_execution: bool = attrs.field(default=False)
    """Purchase orders are priced with the BPU version in force at execution (else at order date)."""
    min_amount: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0))
    )
    max_amount: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0), strict=True)
    )
    engagement_number: str | None = attrs.field(default=None, validator=v.optional_identifier)
    service_code: str | None = attrs.field(default=None, validator=v.optional_identifier)

    def __attrs_post_init__(self) -> None:
        v.unique_ids(self, "lines", self.lines)
        for field_name in ("unit_ids", "range_ids"):
            values = getattr(self, field_name)
            if not isinstance(values, tuple) or len(set(values)) != len(values):
                raise v.fail(self, field_name, values, "tuple d'identifiants distincts attendu")
        for i, line in enumerate(self.lines):
            if line.unit_id is not None and line.unit_id not in self.unit_ids:
                raise v.fail(self, f"lines[{i}].unit_id", line.unit_id, "UG absente du contrat")
            if line.start is not None and line.start < self.start:
                raise v.fail(self, f"lines[{i}].start", line.start, "avant la date d'effet")
            if line.unit_price.first_effective > max(line.start or self.start, self.start):
                raise v.fail(
                    self,
                    f"lines[{i}].unit_price",
                    line.unit_price.first_effective,
                    "aucun prix à la date de début de la prestation",
                )
        if self.kind is ContractKind.FRAMEWORK and self.price_schedule_id is None:
            raise v.fail(
                self, "price_schedule_id", None, "un accord-cadre doit avoir un bordereau de prix"
            )
        if (
            self.min_amount is not None
            and self.max_amount is not None
            and self.min_amount > self.max_amount
        ):
            raise v.fail(self, "min_amount", self.min_amount, "minimum supérieur au maximum")
        if self.engagement_number is not None and len(self.engagement_number) > 50:
            raise v.fail(self, "engagement_number", self.engagement_number, "50 caractères au plus")

    @property
    def end(self) -> date:
        """End of the initial term (exclusive): start + duration."""
        return add_months(self.start, self.duration_months)

    @property
    def period(self) -> Period:
        """The initial term as a period."""
        return Period(self.start, self.end)

    def line(self, line_id: str) -> ServiceLine:
        """The service line ``line_id``."""
        for line in self.lines:
            if line.id == line_id:
                return line
        raise NotFoundError("prestation", line_id, context=f"contrat {self.id}")

    def contract_year(self, day: date) -> Period:
        """The contract year (anniversary to anniversary) that contains ``day``."""
        n = (day.year - self.start.year) * 12 + day.month - self.start.month
        years = n // 12
        start = add_months(self.start, 12 * years)
        if start > day:
            years -= 1
            start = add_months(self.start, 12 * years)
        return Period(start, add_months(self.start, 12 * (years + 1)))
