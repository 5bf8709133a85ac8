"""Billing (facturation): schedules, progress billing, P2/P3 coverage of supplies, invoices and
credit notes, and plain-row reports. Pure functions of values: no store, no clock.

- :mod:`savcore.billing.schedule`: the billing schedule (échéancier) of a contract.
- :mod:`savcore.billing.progress`: progress billing (à l'avancement) from visits done.
- :mod:`savcore.billing.coverage`: replaced supplies priced and discounted by the warranty.
- :mod:`savcore.billing.invoicing`: invoice drafts, credit notes, mandatory mentions, checks.
- :mod:`savcore.billing.reports`: the schedule and invoices as rows with French headers.
"""

from __future__ import annotations

from savcore.billing.schedule import build_schedule

__all__ = ["build_schedule"]
