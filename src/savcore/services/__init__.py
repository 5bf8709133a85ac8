"""Use cases: functions over a store (:mod:`savcore.store`), each one unit of work.

They turn the pure core's results into recorded facts: a portfolio loaded, a visit attempt
recorded, an invoice numbered and issued, a revision applied, a transmission followed. None reads
the clock: times are parameters (``now``) or come with the data.
"""

from __future__ import annotations

from savcore.services.invoicing import issue_invoice, issue_invoices
from savcore.services.portfolio import Progress, export_portfolio, load_portfolio
from savcore.services.revisions import (
    StoreRevisions,
    add_index_data,
    index_registry,
    record_revision,
)
from savcore.services.transmissions import record_transmission, record_transmission_failure
from savcore.services.visits import record_attempt

__all__ = [
    "Progress",
    "StoreRevisions",
    "add_index_data",
    "export_portfolio",
    "index_registry",
    "issue_invoice",
    "issue_invoices",
    "load_portfolio",
    "record_attempt",
    "record_revision",
    "record_transmission",
    "record_transmission_failure",
]
