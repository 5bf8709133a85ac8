"""One strategy per model type: :data:`STRATEGIES` and :func:`strategy_for`."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar, cast

from hypothesis import strategies as st

from savcore import model as m
from savcore.errors import NotFoundError
from savcore.periods import Period
from savcore.store.records import NumberSequence, Transmission
from savcore.testing import _basics as b
from savcore.testing import _catalog as cat
from savcore.testing import _contracts as con
from savcore.testing import _invoices as inv
from savcore.testing import _operations as ops
from savcore.testing import _parties as par
from savcore.testing import _portfolio as pf
from savcore.testing import _records as rec
from savcore.timeline import Change, Segment, Timeline

__all__ = ["STRATEGIES", "strategy_for"]

T = TypeVar("T")

_FACTORIES: dict[type[Any], Callable[[], st.SearchStrategy[Any]]] = {
    # parties and sites
    m.Address: b.addresses,
    m.Contact: b.contacts,
    m.Invoicing: par.invoicings,
    m.Party: par.parties,
    m.Customer: par.customers,
    m.ManagementUnit: par.units,
    m.Building: par.buildings,
    m.Dwelling: par.dwellings,
    m.Appliance: par.appliances,
    # catalogue and revision
    m.PriceItem: cat.price_items,
    m.PriceScheduleVersion: cat.price_schedule_versions,
    m.PriceSchedule: cat.price_schedules,
    m.Index: cat.indices,
    m.IndexValue: cat.index_values,
    m.IndexTerm: cat.index_terms,
    m.RevisionFormula: cat.revision_formulas,
    m.FamilyFormula: cat.family_formulas,
    m.ValueSelection: cat.value_selections,
    m.Cap: cat.caps,
    m.Safeguard: cat.safeguards,
    m.RevisionClause: cat.revision_clauses,
    m.IndexReading: cat.index_readings,
    m.TermReading: cat.term_readings,
    m.CoefficientResult: cat.coefficient_results,
    m.Revision: cat.revisions,
    # contracts and ranges
    m.Renewal: con.renewals,
    m.PaymentTerms: con.payment_terms,
    m.BillingTerms: con.billing_terms,
    m.ResponseTime: con.response_times,
    m.InterventionTerms: con.intervention_terms,
    m.Warranty: con.warranties,
    m.ServiceLine: con.service_lines,
    m.AttemptRule: con.attempt_rules,
    m.PenetrationRule: con.penetration_rules,
    m.Contract: con.contracts,
    m.Control: con.controls,
    m.VisitType: con.visit_types,
    m.MaintenanceRange: con.maintenance_ranges,
    m.Technician: con.technicians,
    # operations
    m.ControlResult: ops.control_results,
    m.Replacement: ops.replacements,
    m.VisitAttempt: ops.visit_attempts,
    m.Intervention: ops.interventions,
    m.InterventionRequest: ops.intervention_requests,
    m.PurchaseOrderLine: ops.purchase_order_lines,
    m.PurchaseOrder: ops.purchase_orders,
    m.Appointment: ops.appointments,
    # billing
    m.Instalment: inv.instalments,
    m.InvoiceLine: inv.invoice_lines,
    m.VatBreakdown: inv.vat_breakdowns,
    m.Invoice: inv.invoices,
    # the whole
    m.Portfolio: pf.portfolios,
    # the store's own records
    NumberSequence: rec.number_sequences,
    Transmission: rec.transmissions,
    # core values used by the model
    Period: b.periods,
    Timeline: lambda: b.timelines(b.money()),
    Change: lambda: st.builds(Change, b.business_dates(), b.money()),
    Segment: lambda: st.builds(Segment, b.periods(), b.money()),
}

STRATEGIES: Mapping[type[Any], Callable[[], st.SearchStrategy[Any]]] = MappingProxyType(_FACTORIES)
"""Model type -> function returning its default strategy (read-only). Enums are not listed:
:func:`strategy_for` samples their members."""


def strategy_for(cls: type[T]) -> st.SearchStrategy[T]:
    """The default strategy for ``cls``: any model class (``Contract``, ``Portfolio``...),
    ``Period``, ``Timeline`` (of amounts), ``Change``, ``Segment``, ``Decimal`` (amounts at the cent) or any
    enum (its members).

    Raises :class:`~savcore.errors.NotFoundError` (a ``LookupError``) for a type without one, so a
    test iterating over the model fails when a new class has no strategy yet.
    """
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return cast("st.SearchStrategy[T]", b.enum_values(cls))
    if cls is Decimal:
        return cast("st.SearchStrategy[T]", b.money())
    factory = _FACTORIES.get(cls)
    if factory is None:
        name = getattr(cls, "__qualname__", repr(cls))
        raise NotFoundError("stratégie hypothesis", name, context="savcore.testing")
    return cast("st.SearchStrategy[T]", factory())
