"""A readable French summary of a portfolio (what ``savcore demo`` prints)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from savcore.model import (
    ApplianceKind,
    BillingTerm,
    Contract,
    ContractKind,
    CustomerKind,
    InvoicingChannel,
    Portfolio,
    UnitKind,
    WarrantyLevel,
)
from savcore.money import format_euros as euros
from savcore.periods import Alignment, Periodicity, ProrataConvention

__all__ = ["integer", "megabytes", "summary"]

_CUSTOMER_KINDS = {
    CustomerKind.PRIVATE: "particulier",
    CustomerKind.PROPERTY_MANAGER: "syndic / administrateur de biens",
    CustomerKind.AGENCY: "agence immobilière",
    CustomerKind.TERTIARY: "tertiaire",
    CustomerKind.INDUSTRIAL: "industriel",
    CustomerKind.SOCIAL_LANDLORD: "bailleur social",
    CustomerKind.PUBLIC_BUYER: "acheteur public",
}
_CHANNELS = {
    InvoicingChannel.PAPER: "courrier",
    InvoicingChannel.EMAIL: "e-mail",
    InvoicingChannel.CHORUS_PRO: "Chorus Pro",
}
_CONTRACT_KINDS = {
    ContractKind.SITE_MAINTENANCE: "contrat d'entretien de site",
    ContractKind.COLLECTIVE: "contrat collectif P2/P3",
    ContractKind.FRAMEWORK: "accord-cadre à bons de commande",
}
_PERIODICITIES = {
    Periodicity.MONTHLY: "mensuelle",
    Periodicity.BIMONTHLY: "bimestrielle",
    Periodicity.QUARTERLY: "trimestrielle",
    Periodicity.HALF_YEARLY: "semestrielle",
    Periodicity.YEARLY: "annuelle",
}
_TERMS = {BillingTerm.IN_ADVANCE: "terme à échoir", BillingTerm.IN_ARREARS: "terme échu"}
_ALIGNMENTS = {Alignment.CALENDAR: "périodes civiles", Alignment.ANNIVERSARY: "date anniversaire"}
_PRORATA = {
    ProrataConvention.ACTUAL_DAYS: "prorata jours réels",
    ProrataConvention.THIRTY_360: "prorata 30/360",
    ProrataConvention.WHOLE_MONTHS: "prorata mois entiers",
    ProrataConvention.NONE: "sans prorata",
}
_WARRANTIES = {
    WarrantyLevel.NONE: "sans garantie P3",
    WarrantyLevel.PARTIAL: "garantie partielle",
    WarrantyLevel.TOTAL: "garantie totale",
}
_APPLIANCES = {
    ApplianceKind.BOILER: "chaudières",
    ApplianceKind.WATER_HEATER: "chauffe-eau",
    ApplianceKind.VMC: "VMC",
    ApplianceKind.HEAT_PUMP: "pompes à chaleur",
    ApplianceKind.AIR_CONDITIONER: "climatiseurs",
    ApplianceKind.SUBSTATION: "sous-stations",
    ApplianceKind.RADIATOR: "radiateurs",
    ApplianceKind.OTHER: "autres",
}


def integer(number: int) -> str:
    """``1640`` -> ``"1 640"`` (French digit grouping)."""
    return f"{number:,}".replace(",", " ")


def megabytes(size: int) -> str:
    """A file size in megabytes, French style: ``"1,9 Mo"``."""
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{integer(count)} {(words or word + 's') if count > 1 else word}"


def _annual_amount(contract: Contract, day: date) -> Decimal:
    """Sum of the annual amounts excl. VAT of the lines running on ``day``."""
    total = Decimal("0.00")
    for line in contract.lines:
        if day < max(line.start or contract.start, contract.start):
            continue
        if line.end is not None and day >= line.end:
            continue
        total += line.annual_amount_at(day)
    return total


def _contract_lines(portfolio: Portfolio, contract: Contract, on: date) -> list[str]:
    customer = next(c.name for c in portfolio.customers if c.id == contract.customer_id)
    billing = contract.billing
    out = [
        f"  {contract.id} · {_CONTRACT_KINDS[contract.kind]} · {customer}",
        f"      {contract.designation}",
        f"      effet le {contract.start:%d/%m/%Y}, {contract.duration_months} mois ; "
        f"facturation {_PERIODICITIES[billing.periodicity]}, {_TERMS[billing.term]}, "
        f"{_ALIGNMENTS[billing.alignment]}, {_PRORATA[billing.prorata]}",
    ]
    if contract.lines:
        rates = sorted({line.vat_rate.value for line in contract.lines})
        out.append(
            f"      {_plural(len(contract.lines), 'prestation')} sur "
            f"{_plural(len(contract.unit_ids), 'UG', 'UG')}, "
            f"TVA {', '.join(rate + ' %' for rate in rates)}, "
            f"{_WARRANTIES[contract.warranty.level]}"
        )
        at_start = _annual_amount(contract, contract.start)
        at_day = _annual_amount(contract, on)
        amounts = f"montant annuel HT au {on:%d/%m/%Y} : {euros(at_day)}"
        if at_start != at_day:
            amounts += f" (au {contract.start:%d/%m/%Y} : {euros(at_start)})"
        out.append(f"      {amounts}")
    if contract.kind is ContractKind.FRAMEWORK:
        bounds = []
        if contract.min_amount is not None:
            bounds.append(f"minimum {euros(contract.min_amount)}")
        if contract.max_amount is not None:
            bounds.append(f"maximum {euros(contract.max_amount)}")
        schedule = next(
            (s for s in portfolio.price_schedules if s.id == contract.price_schedule_id), None
        )
        if schedule is not None:
            version = schedule.version_at(max(on, schedule.versions[0].applies_from))
            families = {item.family for item in version.items}
            bounds.append(
                f"BPU {schedule.id} : {len(version.items)} articles, "
                f"{len(families)} familles de prix, {_plural(len(schedule.versions), 'version')}"
            )
        out.append(f"      montants HT : {' ; '.join(bounds)}")
    if contract.revision is not None:
        revision = contract.revision
        text = (
            f"révision : {revision.formula.describe()}, M0 = {revision.reference_month.start:%m/%Y}"
        )
        if revision.family_formulas:
            text += f", {_plural(len(revision.family_formulas), 'formule')} par famille de prix"
        out.append(f"      {text}")
    return out


def summary(portfolio: Portfolio, on: date) -> str:
    """A French summary of ``portfolio``: company, customers, contracts with their annual amounts
    on ``on``, units, dwellings, appliances, catalogues, indices and operations."""
    company = portfolio.company
    lines = [
        "Portefeuille savcore",
        f"Entreprise : {company.name}"
        + (f", {company.legal_form}" if company.legal_form else "")
        + (f" au capital de {euros(company.share_capital)}" if company.share_capital else "")
        + (f", {company.rcs}" if company.rcs else ""),
        "",
        f"Clients ({len(portfolio.customers)})",
    ]
    units_by_customer = Counter(unit.customer_id for unit in portfolio.units)
    for customer in portfolio.customers:
        invoicing = customer.invoicing
        channel = _CHANNELS[invoicing.channel]
        if invoicing.service_code:
            channel += f", code service {invoicing.service_code}"
        if invoicing.engagement_number:
            channel += f", engagement {invoicing.engagement_number}"
        lines.append(
            f"  {customer.name} : {_CUSTOMER_KINDS[customer.kind]}, "
            f"{units_by_customer[customer.id]} UG/sites, facturation {channel}"
        )
    lines += ["", f"Contrats ({len(portfolio.contracts)})"]
    for contract in portfolio.contracts:
        lines += _contract_lines(portfolio, contract, on)

    unit_kinds = Counter(unit.kind for unit in portfolio.units)
    occupied = sum(1 for d in portfolio.dwellings if d.occupant is not None)
    vacant = sum(1 for d in portfolio.dwellings if d.vacancies)
    delivered = sum(1 for d in portfolio.dwellings if d.added_on is not None)
    appliances = Counter(a.kind for a in portfolio.appliances)
    visit_types = sum(len(r.visit_types) for r in portfolio.ranges)
    lines += [
        "",
        "Parc",
        f"  UG : {integer(len(portfolio.units))} ({unit_kinds[UnitKind.RESIDENCE]} résidences, "
        f"{unit_kinds[UnitKind.SITE]} sites), bâtiments : {integer(len(portfolio.buildings))}",
        f"  logements : {integer(len(portfolio.dwellings))} ({integer(occupied)} occupants "
        f"connus, {vacant} avec une période de vacance, {delivered} livrés en cours d'année)",
        f"  appareils : {integer(len(portfolio.appliances))} ("
        + ", ".join(f"{_APPLIANCES[kind]} {integer(n)}" for kind, n in appliances.most_common())
        + ")",
        f"  gammes de maintenance : {len(portfolio.ranges)} ({visit_types} types de visite), "
        f"techniciens : {len(portfolio.technicians)}",
        "",
        "Indices : "
        + ", ".join(index.code for index in portfolio.indices)
        + f" ({len(portfolio.index_values)} valeurs publiées)",
        f"Opérations : {len(portfolio.interventions)} interventions, "
        f"{len(portfolio.attempts)} passages, {len(portfolio.requests)} demandes d'intervention, "
        f"{len(portfolio.purchase_orders)} bons de commande, "
        f"{len(portfolio.appointments)} rendez-vous, {len(portfolio.invoices)} factures",
    ]
    return "\n".join(lines)
