"""Hypothesis strategies for every savcore model object, and for whole consistent portfolios.

Shipped so that integrators and plugin authors test the way the core does. Needs the optional
``testing`` extra (``pip install "savcore[testing]"``, which brings hypothesis).

Every strategy is a function returning a ``SearchStrategy``; the objects it generates pass the
model's validation, and keyword arguments pin ids or restrict references so that strategies
compose (``dwellings(unit_id="UG-1", building_ids=("UG-1-B1",))``).

>>> from hypothesis import given
>>> from savcore.serialize import dumps, loads
>>> @given(portfolios(max_units=2))
... def test_round_trip(portfolio):
...     assert not portfolio.problems()
...     assert loads(dumps(portfolio), type(portfolio)) == portfolio
>>> test_round_trip()

:func:`strategy_for` gives the default strategy of any model class (or enum), so a test can
iterate over ``savcore.model.__all__``.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised by a test with hypothesis hidden
    raise ImportError(
        "savcore.testing a besoin de hypothesis : installez l'extra « testing » "
        '(pip install "savcore[testing]"). / '
        "savcore.testing requires hypothesis: install the 'testing' extra "
        '(pip install "savcore[testing]").'
    ) from exc

from savcore.testing._basics import (
    addresses,
    aware_datetimes,
    business_dates,
    contacts,
    emails,
    enum_values,
    ibans,
    identifiers,
    labels,
    money,
    periods,
    phones,
    sirens,
    siret_for,
    sirets,
    timelines,
    vat_number_for,
    vat_numbers,
)
from savcore.testing._catalog import (
    caps,
    coefficient_results,
    family_formulas,
    index_readings,
    index_terms,
    index_values,
    indices,
    months,
    price_items,
    price_schedule_versions,
    price_schedules,
    revision_clauses,
    revision_formulas,
    revisions,
    safeguards,
    term_readings,
    value_selections,
)
from savcore.testing._contracts import (
    attempt_rules,
    billing_terms,
    contracts,
    controls,
    intervention_terms,
    maintenance_ranges,
    payment_terms,
    penetration_rules,
    renewals,
    response_times,
    service_lines,
    technicians,
    visit_types,
    warranties,
)
from savcore.testing._invoices import (
    credit_notes,
    instalments,
    invoice_lines,
    invoices,
    vat_breakdowns,
)
from savcore.testing._operations import (
    appointments,
    control_results,
    intervention_requests,
    interventions,
    purchase_order_lines,
    purchase_orders,
    replacements,
    visit_attempts,
)
from savcore.testing._parties import (
    appliances,
    buildings,
    customers,
    dwellings,
    invoicings,
    parties,
    units,
)
from savcore.testing._portfolio import portfolios
from savcore.testing._records import number_sequences, transmissions
from savcore.testing._registry import STRATEGIES, strategy_for

__all__ = [
    "STRATEGIES",
    "addresses",
    "appliances",
    "appointments",
    "attempt_rules",
    "aware_datetimes",
    "billing_terms",
    "buildings",
    "business_dates",
    "caps",
    "coefficient_results",
    "contacts",
    "contracts",
    "control_results",
    "controls",
    "credit_notes",
    "customers",
    "dwellings",
    "emails",
    "enum_values",
    "family_formulas",
    "ibans",
    "identifiers",
    "index_readings",
    "index_terms",
    "index_values",
    "indices",
    "instalments",
    "intervention_requests",
    "intervention_terms",
    "interventions",
    "invoice_lines",
    "invoices",
    "invoicings",
    "labels",
    "maintenance_ranges",
    "money",
    "months",
    "number_sequences",
    "parties",
    "payment_terms",
    "penetration_rules",
    "periods",
    "phones",
    "portfolios",
    "price_items",
    "price_schedule_versions",
    "price_schedules",
    "purchase_order_lines",
    "purchase_orders",
    "renewals",
    "replacements",
    "response_times",
    "revision_clauses",
    "revision_formulas",
    "revisions",
    "safeguards",
    "service_lines",
    "sirens",
    "siret_for",
    "sirets",
    "strategy_for",
    "technicians",
    "term_readings",
    "timelines",
    "transmissions",
    "units",
    "value_selections",
    "vat_breakdowns",
    "vat_number_for",
    "vat_numbers",
    "visit_attempts",
    "visit_types",
    "warranties",
]
