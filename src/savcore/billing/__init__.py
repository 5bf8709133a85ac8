"""Billing (facturation): schedules, progress billing, P2/P3 coverage of supplies, invoices and
credit notes, and plain-row reports. Pure functions of values: no store, no clock.

- :mod:`savcore.billing.schedule`: the billing schedule (échéancier) of a contract.
- :mod:`savcore.billing.progress`: progress billing (à l'avancement) from visits done.
- :mod:`savcore.billing.coverage`: replaced supplies priced and discounted by the warranty.
- :mod:`savcore.billing.invoicing`: invoice drafts, credit notes, mandatory mentions, checks.
- :mod:`savcore.billing.reports`: the schedule and invoices as rows with French headers.

Automatic invoicing on a store is :func:`savcore.services.billing.run_billing`; the command-line
``schedule`` and ``bill`` commands are in :mod:`savcore.billing.cli`.
"""

from __future__ import annotations

from savcore.billing.coverage import CoveredSupply, SupplyEvent, cover_supplies, price_supply
from savcore.billing.invoicing import (
    credit_note,
    draft_invoices,
    en16931_problems,
    mandatory_notes,
    mention_problems,
)
from savcore.billing.progress import (
    ProgressMode,
    VisitDone,
    build_progress_schedule,
    visits_done,
)
from savcore.billing.reports import invoice_line_rows, invoice_rows, schedule_rows
from savcore.billing.schedule import billing_year, build_schedule, check_billing_terms

__all__ = [
    "CoveredSupply",
    "ProgressMode",
    "SupplyEvent",
    "VisitDone",
    "billing_year",
    "build_progress_schedule",
    "build_schedule",
    "check_billing_terms",
    "cover_supplies",
    "credit_note",
    "draft_invoices",
    "en16931_problems",
    "invoice_line_rows",
    "invoice_rows",
    "mandatory_notes",
    "mention_problems",
    "price_supply",
    "schedule_rows",
    "visits_done",
]
