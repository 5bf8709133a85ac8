"""The CII of hand-checked documents: Chorus mapping, amounts, credit notes, a broken total caught,
the vendored examples and the demo's invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
from lxml import etree

from savcore.demo import build_demo_portfolio
from savcore.model.invoices import InvoiceLine
from savcore.money import VatRate
from savcore.services.billing import run_billing
from savcore.services.portfolio import load_portfolio
from savcore.store import MemoryStore
from savcore_chorus import CiiOptions, Validator, build_cii, preflight
from savcore_chorus._samples import sample_credit_note, sample_invoice
from savcore_chorus.cii import NAMESPACES


def _xpath(xml: bytes, path: str) -> list[str]:
    found = etree.fromstring(xml).xpath(path, namespaces=NAMESPACES)
    return [x if isinstance(x, str) else (x.text or "") for x in found]  # type: ignore[union-attr]


def test_chorus_mapping() -> None:
    xml = build_cii(sample_invoice())
    assert _xpath(xml, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == [
        "21690266800013"
    ]
    assert _xpath(xml, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID/@schemeID") == [
        "0009"
    ]
    assert _xpath(xml, "//ram:ApplicableHeaderTradeAgreement/ram:BuyerReference") == ["SERV-TECH"]
    assert _xpath(xml, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID") == [
        "EJ-1000123456"
    ]
    assert _xpath(xml, "//ram:ContractReferencedDocument/ram:IssuerAssignedID") == [
        "MARCHE-2024-017"
    ]
    assert _xpath(xml, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["A1"]
    assert _xpath(xml, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID") == [
        "urn:cen.eu:en16931:2017"
    ]
    assert _xpath(xml, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode") == ["30"]
    assert _xpath(xml, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == [
        "FR7630004008120001023456796"
    ]
    assert _xpath(
        xml, "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"
    ) == ["20250302"]
    other = build_cii(sample_invoice(), CiiOptions(buyer_scheme="0002", framework="A9"))
    assert _xpath(
        other, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID/@schemeID"
    ) == ["0002"]
    assert _xpath(other, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["A9"]


def test_hand_computed_totals() -> None:
    # Line 1: 2 x 119.40 = 238.80 at 10 %; line 2: 3 x 120.40 = 361.20 at 5.5 %.
    # VAT: 238.80 x 10 % = 23.88; 361.20 x 5.5 % = 19.866 -> 19.87; total VAT 43.75.
    # Net 600.00, total 643.75.
    xml = build_cii(sample_invoice())
    summation = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    assert _xpath(xml, summation + "LineTotalAmount") == ["600.00"]
    assert _xpath(xml, summation + "TaxTotalAmount") == ["43.75"]
    assert _xpath(xml, summation + "GrandTotalAmount") == ["643.75"]
    assert _xpath(xml, summation + "DuePayableAmount") == ["643.75"]
    assert _xpath(
        xml, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CalculatedAmount"
    ) == ["23.88", "19.87"]


def test_paid_invoice_is_framework_a2_with_nothing_due(validator: Validator) -> None:
    paid = attrs.evolve(sample_invoice(), paid=True)
    xml = build_cii(paid)
    assert _xpath(xml, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["A2"]
    assert _xpath(xml, "//ram:TotalPrepaidAmount") == ["643.75"]
    assert _xpath(xml, "//ram:DuePayableAmount") == ["0.00"]
    assert validator.validate(xml).ok


def test_credit_note_is_381_positive_without_payment_means(validator: Validator) -> None:
    note = sample_credit_note()
    xml = build_cii(note)
    assert _xpath(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["381"]
    assert _xpath(xml, "//ram:SpecifiedTradeSettlementPaymentMeans") == []
    assert _xpath(xml, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["FA-2025-000042"]
    assert Decimal(_xpath(xml, "//ram:GrandTotalAmount")[0]) > 0
    assert validator.validate(xml).ok


def test_reverse_charge_and_exempt_lines(validator: Validator) -> None:
    base = sample_invoice()
    line = InvoiceLine(9, "Sous-traitance travaux", Decimal("1"), Decimal("500.00"), VatRate.ZERO)
    for reason, code in (
        ("Autoliquidation, art. 283-2 nonies du CGI", "AE"),
        ("TVA non applicable, art. 293 B du CGI", "E"),
    ):
        invoice = attrs.evolve(base, lines=(*base.lines, line), vat_exemption_reason=reason)
        xml = build_cii(invoice)
        assert code in _xpath(
            xml, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"
        )
        report = validator.validate(xml)
        assert report.ok, report.problems()


def test_a_broken_total_is_caught(validator: Validator) -> None:
    tree = etree.fromstring(build_cii(sample_invoice()))
    (grand,) = tree.xpath("//ram:GrandTotalAmount", namespaces=NAMESPACES)
    grand.text = "643.76"
    report = validator.validate(etree.tostring(tree))
    assert not report.ok
    assert "BR-CO-15" in report.rules


def test_an_xsd_error_is_caught(validator: Validator) -> None:
    tree = etree.fromstring(build_cii(sample_invoice()))
    (doc,) = tree.xpath("//rsm:ExchangedDocument", namespaces=NAMESPACES)
    etree.SubElement(doc, f"{{{NAMESPACES['ram']}}}Surprise").text = "x"
    report = validator.validate(etree.tostring(tree))
    assert report.xsd_errors
    assert not report.ok


def test_the_vendored_examples_pass(artefacts: Path, validator: Validator) -> None:
    examples = sorted((artefacts / "cii" / "examples").glob("*.xml"))
    assert len(examples) == 15
    for example in examples:
        report = validator.validate(example.read_bytes())
        assert report.ok, (example.name, report.problems())


def test_the_demo_invoices_validate(validator: Validator) -> None:
    store = MemoryStore()
    load_portfolio(store, build_demo_portfolio())
    run_billing(store, date(2018, 12, 31))
    invoices = list(store.invoices.all())
    assert len(invoices) > 20
    for invoice in invoices:
        report = validator.validate(build_cii(invoice))
        assert report.ok, (invoice.number, report.problems())
        assert not [p for p in preflight(invoice) if p.rule.startswith("BR-")]
