"""The sample portfolio behind ``savcore demo`` (``make demo``) and the documentation.

:func:`build_demo_portfolio` builds, deterministically (no clock; the only variety comes from
``random.Random(2025)``), what a Lyon maintenance company hands savcore:

- the company itself, *Thermique Rhône Services*, a SARL with valid SIREN, SIRET, VAT number and IBAN;
- a social landlord (OPH) with 14 residences (UG), 1,640 dwellings, their gas boilers, gas water
  heaters and VMC, under a collective P2/P3 contract billed quarterly in advance, with per-UG service
  lines priced per dwelling (one residence joins on 1 July, another grows on 1 May), a BT40
  revision clause, three urgency levels, the three-visit rule and a penetration target;
- a property manager (syndic) with three condominiums under site maintenance contracts (flat annual
  amounts, billed yearly in arrears at the anniversary);
- a public buyer (a commune invoiced through Chorus Pro) with a framework agreement and its price
  schedule (BPU) of 44 items in three price families, and two purchase orders;
- five technicians, the BT building indices and the BT40 values of 2018;
- a handful of operations: two intervention requests (D.I.), a repair, three preventive visits.

The data is dated 2018 because the revision index values it carries are the real BT40 values of that
year. :func:`run_demo` builds, validates, writes ``portfolio.json`` and prints a French summary.

>>> portfolio = build_demo_portfolio()
>>> len(portfolio.dwellings), len(portfolio.price_schedules[0].versions[0].items)
(1640, 44)
"""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

from savcore.calendars import PARIS
from savcore.demo._bundle import Bundle
from savcore.demo._company import company, index_values, indices, technicians
from savcore.demo._landlord import landlord
from savcore.demo._public import public_buyer
from savcore.demo._summary import megabytes, summary
from savcore.demo._syndic import syndic
from savcore.errors import PluginError
from savcore.model import Portfolio
from savcore.operations import operations_showcase
from savcore.periods import Period
from savcore.plugins import exporter_for
from savcore.serialize import dumps
from savcore.stats import statistics_showcase

__all__ = ["SUMMARY_DATE", "build_demo_portfolio", "run_demo", "summary"]

SEED = 2025
SUMMARY_DATE = date(2018, 12, 31)
"""The day the summary reads annual amounts on (every demo contract is running)."""


def build_demo_portfolio() -> Portfolio:
    """The sample portfolio, validated (:meth:`~savcore.model.Portfolio.validate`); the same on
    every call."""
    rng = random.Random(SEED)
    bundle = Bundle()
    bundle.add(landlord(rng))
    bundle.add(syndic(rng))
    bundle.add(public_buyer(rng))
    portfolio = Portfolio(
        company=company(),
        customers=tuple(bundle.customers),
        units=tuple(bundle.units),
        buildings=tuple(bundle.buildings),
        dwellings=tuple(bundle.dwellings),
        appliances=tuple(bundle.appliances),
        ranges=tuple(bundle.ranges),
        technicians=tuple(technicians()),
        price_schedules=tuple(bundle.price_schedules),
        contracts=tuple(bundle.contracts),
        indices=tuple(indices()),
        index_values=tuple(index_values()),
        interventions=tuple(bundle.interventions),
        attempts=tuple(bundle.attempts),
        requests=tuple(bundle.requests),
        purchase_orders=tuple(bundle.purchase_orders),
        appointments=tuple(bundle.appointments),
    )
    return portfolio.validate("portefeuille d'exemple")


def run_demo(output: Path) -> int:
    """Build and validate the sample portfolio, write ``output/portfolio.json`` (created with its
    folder if needed), print the French summary; return 0."""
    portfolio = build_demo_portfolio()
    output.mkdir(parents=True, exist_ok=True)
    path = output / "portfolio.json"
    text = dumps(portfolio, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    print("savcore demo : portefeuille d'exemple construit et validé (références cohérentes)")
    print()
    print(summary(portfolio, SUMMARY_DATE))
    print()
    print(
        operations_showcase(
            portfolio,
            window=Period(date(2018, 10, 1), date(2018, 12, 1)),
            now=datetime(2018, 12, 31, 18, tzinfo=PARIS),
        )
    )
    print()
    text, reports = statistics_showcase(
        portfolio, period=Period(date(2018, 1, 1), date(2019, 1, 1))
    )
    print(text)
    folder = output / "rapports"
    folder.mkdir(exist_ok=True)
    for report in reports:
        (folder / f"{report.name}.csv").write_text(report.to_csv(), encoding="utf-8")
    print(f"Rapports CSV écrits : {folder}/ ({len(reports)} fichiers)")
    workbook = output / "rapports.xlsx"
    try:
        # Through the plugin system: the core never imports the Excel adapter.
        exporter_for(workbook).export(reports, workbook)
    except PluginError as exc:
        print(f"Classeur Excel non écrit : {exc}")
    else:
        print(f"Classeur Excel écrit : {workbook} ({len(reports)} feuilles)")
    print(f"Fichier écrit : {path} ({megabytes(path.stat().st_size)})")
    return 0
