"""Statistics and reports for the landlord (bailleur) and the company: pure functions of a
contract, its data and a period, each returning a :class:`~savcore.reports.Report` with French
column labels and totals.

- :func:`penetration`: the penetration rate per UG (taux de pénétration), by the contract's rule;
  :func:`penetration_counts` gives the same counts as objects.
- :func:`dwellings_report`: the dwellings of each residence with the date done and the dates of
  the 1st and 2nd absences.
- :func:`not_done_report`: the visits not done per residence, with their reasons.
- :func:`repairs_report`: the number of repairs (dépannages) per UG.
- :func:`activity_report`: interventions, attempts and time spent per service and per UG.
- :func:`supplies_report`: the supplies replaced per UG, priced with the coverage discounts or
  unpriced.
- :func:`requests_report`: intervention-request deadline compliance per urgency level.
- :func:`schedule_report`, :func:`invoices_report`: the billing schedule and the invoices.
- :func:`statistics_showcase`: every report of a portfolio's collective contract, on a simulated
  campaign (the demo's walk-through).

No I/O and no clock: "today" is the period's end. :func:`savcore.services.reports.build_report`
reads the data from a store; ``savcore report NAME`` prints a report.
"""

from __future__ import annotations

from savcore.billing.report_views import invoices_report, schedule_report
from savcore.stats.activity import activity_report, repairs_report
from savcore.stats.penetration_rate import UnitPenetration, penetration, penetration_counts
from savcore.stats.requests import requests_report
from savcore.stats.showcase import statistics_showcase
from savcore.stats.supplies import supplies_report, supply_events
from savcore.stats.visits import dwellings_report, not_done_report

__all__ = [
    "UnitPenetration",
    "activity_report",
    "dwellings_report",
    "invoices_report",
    "not_done_report",
    "penetration",
    "penetration_counts",
    "repairs_report",
    "requests_report",
    "schedule_report",
    "statistics_showcase",
    "supplies_report",
    "supply_events",
]
