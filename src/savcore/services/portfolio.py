"""Loading a portfolio into a store and reading it back."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from savcore.errors import StoreError
from savcore.model.invoices import Invoice, InvoiceStatus
from savcore.model.portfolio import Portfolio
from savcore.store._specs import PORTFOLIO_SPECS
from savcore.store.ports import Store
from savcore.store.records import NumberSequence, parse_number

__all__ = ["Progress", "export_portfolio", "load_portfolio"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(collection, done, total)`` while a long operation runs."""

_BATCH = 20_000


def _batches(items: tuple[Any, ...]) -> Iterable[tuple[Any, ...]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


def load_portfolio(
    store: Store,
    portfolio: Portfolio,
    *,
    replace: bool = False,
    source: str = "portefeuille",
    progress: Progress | None = None,
) -> dict[str, int]:
    """Record every object of ``portfolio`` in ``store``, all or nothing; return the counts.

    The portfolio is validated first (:meth:`~savcore.model.Portfolio.validate`, naming
    ``source``). Without ``replace``, an object whose key is already stored raises
    :class:`~savcore.errors.DuplicateError` and nothing is written; with it, stored objects are
    replaced (issued invoices excepted: they are final). Issued invoices numbered in savcore's
    format move their series' number sequence forward, so that numbering continues after them.
    """
    portfolio.validate(source)
    counts: dict[str, int] = {}
    with store.transaction():
        store.company.put(portfolio.company)
        for spec in PORTFOLIO_SPECS:
            repo = getattr(store, spec.name)
            items: tuple[Any, ...] = getattr(portfolio, spec.name)
            done = 0
            if progress is not None:
                progress(spec.name, 0, len(items))
            for batch in _batches(items):
                done += repo.put_many(batch) if replace else repo.add_many(batch)
                if progress is not None:
                    progress(spec.name, done, len(items))
            counts[spec.name] = done
        _advance_sequences(store, portfolio.invoices)
    return counts


def _advance_sequences(store: Store, invoices: Iterable[Invoice]) -> None:
    """Move each series' sequence past the issued invoices numbered in savcore's format."""
    latest: dict[str, NumberSequence] = {}
    for invoice in invoices:
        if invoice.status is not InvoiceStatus.ISSUED or invoice.number is None:
            continue
        parsed = parse_number(invoice.number)
        if parsed is None or parsed[0] != invoice.series:
            continue
        series, year, counter = parsed
        seen = latest.get(series)
        last_date = max(invoice.issue_date, seen.last_issue_date) if seen else invoice.issue_date
        if seen is None or (year, counter) > (seen.year, seen.counter):
            latest[series] = NumberSequence(series, year, counter, last_date)
        else:
            latest[series] = NumberSequence(series, seen.year, seen.counter, last_date)
    for series, imported in latest.items():
        current = store.sequences.find(series)
        if current is None or (imported.year, imported.counter) > (current.year, current.counter):
            store.sequences.put(imported)


def export_portfolio(store: Store) -> Portfolio:
    """Everything ``store`` holds as a :class:`~savcore.model.Portfolio` (in insertion order).

    Raises :class:`~savcore.errors.StoreError` when no company is recorded (nothing was
    imported yet).
    """
    company = store.company.current()
    if company is None:
        raise StoreError("aucune entreprise enregistrée : importez d'abord un portefeuille")
    collections = {spec.name: tuple(getattr(store, spec.name).all()) for spec in PORTFOLIO_SPECS}
    return Portfolio(company=company, **collections)
