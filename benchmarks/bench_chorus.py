"""Chorus Pro benchmark: the CII of the same 10-line invoice built by savcore and by drafthorse,
and the official EN 16931 Schematron's time per invoice with the stylesheet compiled once.

Baseline, measured in the same run: drafthorse (pretix's Factur-X object model) filling the same
business terms for the same invoice (lines, VAT breakdown, totals, parties, references) and
serializing them. drafthorse's ``Document.serialize`` also validates the result against its
bundled XSD on every call, so two figures are given: drafthorse building the XML only
(``to_etree`` + ``ElementTree.tostring``, the same work as savcore's ``build_cii``: the headline ratio) and
drafthorse's ``serialize`` as users call it. Ratios are savcore's time divided by drafthorse's
(below 1 means savcore is faster; the target is at most 0.33, i.e. at least 3x faster).

The Schematron part needs the artefacts folder (``../shared/vendor/en16931`` beside the
repository, or ``$SAVCORE_EN16931_DIR``); it is skipped with a message when absent.

Run: ``.venv/bin/python benchmarks/bench_chorus.py``.
"""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem
from lxml import etree

from savcore.model.invoices import Invoice
from savcore_chorus import Validator, build_cii
from savcore_chorus._samples import sample_invoice

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = Path(
    os.environ.get("SAVCORE_EN16931_DIR") or ROOT.parent / "shared" / "vendor" / "en16931"
)


def drafthorse_document(invoice: Invoice) -> Document:
    """The same invoice as a drafthorse document (same business terms as savcore's CII)."""
    doc = Document()
    doc.context.guideline_parameter.id = "urn:cen.eu:en16931:2017"
    doc.header.id = invoice.number
    doc.header.type_code = invoice.kind.value
    doc.header.issue_date_time = invoice.issue_date
    for text in invoice.notes:
        doc.header.notes.add(IncludedNote(content=text))
    seller, buyer = invoice.seller, invoice.buyer
    agreement = doc.trade.agreement
    agreement.buyer_reference = invoice.buyer_reference
    agreement.seller.name = seller.name
    agreement.seller.legal_organization.id = ("0009", seller.siret)
    agreement.seller.address.postcode = seller.address.postcode
    agreement.seller.address.line_one = seller.address.line1
    agreement.seller.address.city_name = seller.address.city
    agreement.seller.address.country_id = seller.address.country
    agreement.seller.tax_registrations.add(TaxRegistration(id=("VA", seller.vat_number)))
    agreement.buyer.name = buyer.name
    agreement.buyer.legal_organization.id = ("0009", buyer.siret)
    agreement.buyer.address.postcode = buyer.address.postcode
    agreement.buyer.address.line_one = buyer.address.line1
    agreement.buyer.address.city_name = buyer.address.city
    agreement.buyer.address.country_id = buyer.address.country
    agreement.buyer_order.issuer_assigned_id = invoice.engagement_number
    agreement.contract.issuer_assigned_id = invoice.contract_reference
    settlement = doc.trade.settlement
    settlement.currency_code = invoice.currency
    means = PaymentMeans()
    means.type_code = "30"
    means.payee_account.iban = seller.iban
    settlement.payment_means.add(means)
    for line in invoice.lines:
        item = LineItem()
        item.document.line_id = str(line.position)
        item.product.name = line.label
        item.agreement.net.amount = line.unit_price
        item.delivery.billed_quantity = (line.quantity, line.unit)
        item.settlement.trade_tax.type_code = "VAT"
        item.settlement.trade_tax.category_code = "S"
        item.settlement.trade_tax.rate_applicable_percent = line.vat_rate.percent
        item.settlement.monetary_summation.total_amount = line.net_amount
        doc.trade.items.add(item)
    for breakdown in invoice.vat_breakdown:
        tax = ApplicableTradeTax()
        tax.calculated_amount = breakdown.amount
        tax.basis_amount = breakdown.base
        tax.type_code = "VAT"
        tax.category_code = "S"
        tax.rate_applicable_percent = breakdown.rate.percent
        settlement.trade_tax.add(tax)
    terms = PaymentTerms()
    terms.due = invoice.due_date
    settlement.terms.add(terms)
    summation = settlement.monetary_summation
    summation.line_total = invoice.net_total
    summation.charge_total = Decimal("0.00")
    summation.allowance_total = Decimal("0.00")
    summation.tax_basis_total = invoice.net_total
    summation.tax_total = (invoice.vat_total, invoice.currency)
    summation.grand_total = invoice.total
    summation.due_amount = invoice.amount_due
    return doc


def per_call(fn: Callable[[], object], *, seconds: float = 2.0) -> float:
    """Median-of-5 time per call (s), each batch sized to last about ``seconds / 5``."""
    fn()
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < 0.05:
        fn()
        n += 1
    per = (time.perf_counter() - start) / n
    batch = max(1, int(seconds / 5 / per))
    samples = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter() - t0) / batch)
    return sorted(samples)[2]


def main() -> None:
    invoice = sample_invoice(10)
    savcore_xml = build_cii(invoice)
    draft_xml = drafthorse_document(invoice).serialize(schema="FACTUR-X_EN16931")
    lines = etree.fromstring(draft_xml).xpath(
        "count(//*[local-name()='IncludedSupplyChainTradeLineItem'])"
    )
    assert lines == 10, lines

    t_savcore = per_call(lambda: build_cii(invoice))
    t_draft_build = per_call(lambda: ET.tostring(drafthorse_document(invoice).to_etree(), "utf-8"))
    t_draft_serialize = per_call(
        lambda: drafthorse_document(invoice).serialize(schema="FACTUR-X_EN16931")
    )
    print(f"savcore build_cii (10 lignes)           : {t_savcore * 1e6:9.1f} µs")
    print(f"drafthorse to_etree + tostring          : {t_draft_build * 1e6:9.1f} µs")
    print(f"drafthorse serialize (avec XSD)         : {t_draft_serialize * 1e6:9.1f} µs")
    print(f"savcore / drafthorse (construction)     : {t_savcore / t_draft_build:9.3f}")
    print(f"savcore / drafthorse (serialize)        : {t_savcore / t_draft_serialize:9.3f}")
    results = [
        ("cii_savcore_us", t_savcore * 1e6, "us"),
        ("cii_drafthorse_us", t_draft_build * 1e6, "us"),
        ("cii_drafthorse_serialize_us", t_draft_serialize * 1e6, "us"),
        ("ratio_vs_drafthorse", t_savcore / t_draft_build, "x"),
        ("ratio_vs_drafthorse_serialize", t_savcore / t_draft_serialize, "x"),
    ]

    if (ARTEFACTS / "cii").is_dir():
        t0 = time.perf_counter()
        validator = Validator(ARTEFACTS)
        compile_s = time.perf_counter() - t0
        report = validator.validate(savcore_xml)
        assert report.ok, report.problems()
        t_schematron = per_call(lambda: validator.check_schematron(savcore_xml))
        t_xsd = per_call(lambda: validator.check_xsd(savcore_xml))
        print(f"compilation XSD + Schematron            : {compile_s:9.3f} s")
        print(f"Schematron EN 16931 par facture         : {t_schematron * 1e3:9.2f} ms")
        print(f"XSD par facture                         : {t_xsd * 1e3:9.3f} ms")
        results += [
            ("schematron_compile_s", compile_s, "s"),
            ("schematron_ms_per_invoice", t_schematron * 1e3, "ms"),
            ("xsd_ms_per_invoice", t_xsd * 1e3, "ms"),
        ]
    else:
        print(f"artefacts EN 16931 absents ({ARTEFACTS}) : Schematron non mesuré")

    for name, value, unit in results:
        print(f"RESULT chorus.{name} {value:.4g} {unit}")


if __name__ == "__main__":
    main()
