"""Automatic invoicing (facturation automatique): every instalment due, invoiced once.

:func:`run_billing` reads the contracts of a store, computes what is due up to a date (flat
schedules, progress instalments from the visits done, replaced supplies with their warranty
discount), leaves out what issued invoices already carry, and issues the rest in one transaction:
all or nothing, numbers taken only for documents actually issued. A dry run computes the same
drafts and writes nothing.

Executed purchase orders of framework agreements are invoiced too, at the prices of the BPU
version in force (:mod:`savcore.billing.orders`).

What is "already invoiced" is read from the issued documents themselves: an instalment by the
``instalment_id`` of their lines, a replaced supply or an order line by the source id written in
the same field (``fourniture:<attempt id>:<n>``, ``bc:<order id>:<n>``). So a second run issues nothing, whatever happened in between.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs

from savcore.billing.coverage import SupplyEvent, cover_supplies
from savcore.billing.invoicing import draft_invoices, mandatory_notes
from savcore.billing.orders import order_invoice, order_source_id
from savcore.billing.progress import build_progress_schedule, visits_done
from savcore.billing.schedule import build_schedule
from savcore.calendars import PARIS
from savcore.errors import ConfigurationError
from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import BillingBasis, Contract
from savcore.model.invoices import DocumentKind, Instalment, Invoice, InvoiceStatus
from savcore.model.operations import Intervention, VisitAttempt
from savcore.operations.orders import price_order
from savcore.services.invoicing import issue_invoices
from savcore.store.ports import Store

__all__ = ["BillingRun", "run_billing"]


@attrs.frozen
class BillingRun:
    """What a run produced: the documents (issued, or drafts for a dry run)."""

    up_to: date
    dry_run: bool
    invoices: tuple[Invoice, ...]

    @property
    def total(self) -> Decimal:
        """Sum of the documents' totals incl. VAT."""
        return sum((invoice.total for invoice in self.invoices), Decimal("0.00"))


def _invoiced(store: Store, contract_id: str) -> dict[str, Decimal]:
    """Instalment and supply ids already on issued invoices of the contract, with their amount."""
    out: dict[str, Decimal] = {}
    for invoice in store.invoices.for_contract(contract_id):
        if invoice.status is not InvoiceStatus.ISSUED or invoice.kind is not DocumentKind.INVOICE:
            continue
        for line in invoice.lines:
            if line.instalment_id is not None:
                out[line.instalment_id] = out.get(line.instalment_id, Decimal(0)) + line.net_amount
    return out


def _operations(store: Store, contract: Contract) -> tuple[list[Intervention], list[VisitAttempt]]:
    interventions = store.interventions.for_contract(contract.id)
    attempts = [a for i in interventions for a in store.attempts.for_intervention(i.id)]
    return interventions, attempts


def _supply_events(
    contract: Contract,
    interventions: list[Intervention],
    attempts: list[VisitAttempt],
    up_to: date,
) -> list[SupplyEvent]:
    """One event per visit attempt with replaced supplies, up to ``up_to`` (the attempt's id is
    the event id)."""
    by_id = {i.id: i for i in interventions}
    events: list[SupplyEvent] = []
    for attempt in attempts:
        day = attempt.at.astimezone(PARIS).date()  # the French business day of the visit
        if not attempt.replacements or day > up_to:
            continue
        intervention = by_id[attempt.intervention_id]
        line_id = intervention.service_line_id
        event = SupplyEvent(
            attempt.id,
            day,
            attempt.replacements,
            line_id=line_id,
            unit_id=intervention.unit_id,
        )
        if line_id is not None:
            event = attrs.evolve(event, vat_rate=contract.line(line_id).vat_rate)
        events.append(event)
    return events


def _schedules(store: Store, contract: Contract) -> list[PriceSchedule]:
    """The contract's BPU first, then the other schedules attached to it."""
    schedules = store.price_schedules.for_contract(contract.id)
    if contract.price_schedule_id is None:
        return schedules
    own = store.price_schedules.get(contract.price_schedule_id)
    return [own, *(s for s in schedules if s.id != own.id)]


def _contract_drafts(store: Store, contract: Contract, up_to: date) -> list[Invoice]:
    invoiced = _invoiced(store, contract.id)
    end = up_to + timedelta(days=1)
    start = contract.start
    interventions, attempts = _operations(store, contract)
    due: list[Instalment]
    if contract.billing.basis is BillingBasis.PROGRESS:
        visits = visits_done(interventions, attempts)
        # Progress periods are billed in arrears: a period whose invoice date has come is over.
        due = build_progress_schedule(contract, start, end, visits, already_billed=invoiced)
    else:
        due = build_schedule(contract, start, end)
    due = [i for i in due if i.invoice_on <= up_to and i.id not in invoiced]
    # Every supply up to the date is covered in order, so that yearly caps count the invoiced
    # ones too; only those not invoiced yet are drafted.
    events = _supply_events(contract, interventions, attempts, up_to)
    supplies = [
        s
        for s in cover_supplies(contract, events, schedules=_schedules(store, contract))
        if s.source_id not in invoiced
    ]
    orders = [
        order
        for order in store.purchase_orders.for_contract(contract.id)
        if order.executed_on is not None
        and order.executed_on <= up_to
        and order_source_id(order, 1) not in invoiced
    ]
    if not due and not supplies and not orders:
        return []
    customer = store.customers.get(contract.customer_id)
    seller = store.company.current()
    if seller is None:
        raise ConfigurationError(
            "société", "company", "identité du vendeur (société) non enregistrée dans la base"
        )
    drafts = draft_invoices(contract, customer, seller, due, supplies=supplies)
    if orders:
        if contract.price_schedule_id is None:
            raise ConfigurationError(
                f"contrat {contract.id}", "price_schedule_id", "bons de commande sans bordereau"
            )
        schedule = store.price_schedules.get(contract.price_schedule_id)
        for order in orders:
            priced = price_order(order, contract, schedule)
            drafts.append(order_invoice(contract, customer, seller, order, priced))
    return drafts


def run_billing(store: Store, up_to: date, *, dry_run: bool = False) -> BillingRun:
    """Issue every instalment (and replaced supply) due up to ``up_to`` not yet invoiced.

    All contracts are computed before anything is written: a contract with contradictory terms
    or a line without price raises (:class:`~savcore.errors.ConfigurationError`,
    :class:`~savcore.errors.MissingValueError`, naming contract and line) and nothing is issued.
    Documents are issued by date in one transaction. A document whose date is before the last
    one numbered in its series is dated on that last date instead (chronological numbering),
    its due date following. ``dry_run``: the drafts are returned, no number is taken, nothing is
    written.
    """
    drafts: list[Invoice] = []
    contracts = {c.id: c for c in store.contracts.all()}
    for contract in contracts.values():
        drafts.extend(_contract_drafts(store, contract, up_to))
    drafts.sort(key=lambda d: (d.issue_date, d.contract_id or "", d.id))
    if dry_run or not drafts:
        return BillingRun(up_to, dry_run, tuple(drafts))
    with store.transaction():
        ready: list[Invoice] = []
        last: dict[str, date] = {}
        taken: set[str] = set()
        for draft in drafts:
            floor = last.get(draft.series)
            if floor is None:
                sequence = store.sequences.find(draft.series)
                floor = sequence.last_issue_date if sequence is not None else draft.issue_date
            if draft.issue_date < floor:
                contract = contracts[draft.contract_id or ""]
                due = contract.billing.payment.due_date(floor)
                draft = attrs.evolve(
                    draft, issue_date=floor, due_date=due, notes=mandatory_notes(contract, due)
                )
            last[draft.series] = draft.issue_date
            ident, n = draft.id, 1
            while ident in taken or store.invoices.find(ident) is not None:
                n += 1
                ident = f"{draft.id}-{n}"
            taken.add(ident)
            ready.append(draft if ident == draft.id else attrs.evolve(draft, id=ident))
        issued = issue_invoices(store, ready)
    return BillingRun(up_to, dry_run, tuple(issued))
