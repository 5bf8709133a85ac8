"""EN 16931 invoices in UN/CEFACT CII D16B (the XML inside a Factur-X PDF), built with lxml.

One function, :func:`build_cii`, turns a savcore invoice or credit note into the XML Chorus Pro
reads, with every mandatory business term of EN 16931 and the Chorus mapping:

======================================  ==========  =============================================
Chorus datum                            BT          CII
======================================  ==========  =============================================
buyer SIRET (scheme 0009 by default)    BT-47       BuyerTradeParty/SpecifiedLegalOrganization/ID
service code (code service)             BT-10       ApplicableHeaderTradeAgreement/BuyerReference
engagement number (n° d'engagement)     BT-13       BuyerOrderReferencedDocument/IssuerAssignedID
market number (n° de marché)            BT-12       ContractReferencedDocument/IssuerAssignedID
invoicing framework (A1, A2 if paid)    BT-23       BusinessProcessSpecifiedDocumentContextParameter
======================================  ==========  =============================================

Credit notes are type 381 with positive amounts and no payment means; invoices carry the credit
transfer (code 30) to the seller's IBAN, the due date and the payment terms.

>>> from savcore_chorus._samples import sample_invoice
>>> xml = build_cii(sample_invoice())
>>> xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
True
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import attrs
from lxml import etree

from savcore.model.invoices import DocumentKind, Invoice, InvoiceLine
from savcore.model.parties import Party
from savcore.money import VatRate
from savcore.periods import Period

__all__ = [
    "EN16931_GUIDELINE",
    "NAMESPACES",
    "CiiOptions",
    "VatCategory",
    "build_cii",
    "build_cii_tree",
    "vat_category",
    "xml_text",
]

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NAMESPACES = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
"""The CII prefixes and namespaces (as in Factur-X and the EN 16931 artefacts)."""

EN16931_GUIDELINE = "urn:cen.eu:en16931:2017"
"""BT-24 of an EN 16931 (Factur-X profile EN 16931) invoice."""

_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD (pre-flight warns)."""
    return _INVALID_XML.sub("\ufffd", text)


@attrs.frozen
class CiiOptions:
    """Choices that are not in the invoice itself.

    ``buyer_scheme`` / ``seller_scheme``: ISO 6523 scheme of the SIRET (``0009``; ``0002`` is the
    SIREN's); ``payment_means``: UNTDID 4461 code of the credit transfer (``30``, or ``58`` for
    SEPA); ``framework``: Chorus invoicing framework (BT-23), by default ``A1`` (``A2`` for an
    invoice already paid); ``guideline``: BT-24.
    """

    buyer_scheme: str = "0009"
    seller_scheme: str = "0009"
    payment_means: str = "30"
    framework: str | None = None
    guideline: str = EN16931_GUIDELINE

    def framework_for(self, invoice: Invoice) -> str:
        """The invoicing framework of ``invoice``: the option, else A2 if paid, else A1."""
        if self.framework is not None:
            return self.framework
        return "A2" if invoice.paid else "A1"


@attrs.frozen
class VatCategory:
    """EN 16931 VAT category (BT-118) of one rate, with the exemption reason (BT-120/121)."""

    code: str
    reason: str | None = None
    reason_code: str | None = None


def vat_category(invoice: Invoice, rate: VatRate) -> VatCategory:
    """The category of ``rate`` on ``invoice``: ``S`` for a positive rate; at 0 %, ``AE`` (reverse
    charge, VATEX-EU-AE) when the exemption reason speaks of autoliquidation, else ``E`` (exempt)
    with the reason as text (VATEX-FR-FRANCHISE for the art. 293 B franchise)."""
    if rate is not VatRate.ZERO:
        return VatCategory("S")
    reason = invoice.vat_exemption_reason or "Exonération de TVA"
    lowered = reason.lower()
    if "autoliquidation" in lowered or "reverse charge" in lowered:
        return VatCategory("AE", reason, "VATEX-EU-AE")
    if "293 b" in lowered:
        return VatCategory("E", reason, "VATEX-FR-FRANCHISE")
    return VatCategory("E", reason)


def _amount(value: Decimal) -> str:
    # "-0.00" (a zero VAT on a negative base) fails BR-E-09/BR-AE-09: write zero unsigned.
    return format(value if value else value.copy_abs(), "f")


def _day(value: date) -> str:
    return value.isoformat().replace("-", "")


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


_SUB = etree.SubElement


def _el(
    parent: etree._Element, name: str, text: str | None = None, **attrib: str
) -> etree._Element:
    node = _SUB(parent, _q(RAM, name), attrib) if attrib else _SUB(parent, _q(RAM, name))
    if text is not None:
        node.text = text
    return node


def _date_el(parent: etree._Element, name: str, value: date, *, qualified: bool = False) -> None:
    holder = _el(parent, name)
    node = _SUB(holder, _q(QDT if qualified else UDT, "DateTimeString"), format="102")
    node.text = _day(value)


def _period(parent: etree._Element, period: Period) -> None:
    holder = _el(parent, "BillingSpecifiedPeriod")
    _date_el(holder, "StartDateTime", period.start)
    # savcore periods are half-open [start, end): the last day billed is end - 1.
    _date_el(holder, "EndDateTime", max(period.start, period.end - timedelta(days=1)))


def _tax_id(siret: str | None, siren: str | None, siret_scheme: str) -> tuple[str, str] | None:
    if siret:
        return siret, siret_scheme
    if siren:
        return siren, "0002"
    return None


def _party(
    parent: etree._Element,
    name: str,
    party: Party,
    *,
    scheme: str,
    seller: bool,
) -> None:
    node = _el(parent, name)
    _el(node, "Name", xml_text(party.name))
    if seller:
        legal = ", ".join(
            x
            for x in (
                party.legal_form,
                f"capital {_amount(party.share_capital)} EUR"
                if party.share_capital is not None
                else None,
                party.rcs,
            )
            if x
        )
        if legal:
            _el(node, "Description", xml_text(legal))
    ident = _tax_id(party.siret, party.siren, scheme)
    if ident is not None:
        org = _el(node, "SpecifiedLegalOrganization")
        _el(org, "ID", ident[0], schemeID=ident[1])
    address = party.address
    post = _el(node, "PostalTradeAddress")
    _el(post, "PostcodeCode", xml_text(address.postcode))
    _el(post, "LineOne", xml_text(address.line1))
    if address.line2:
        _el(post, "LineTwo", xml_text(address.line2))
    _el(post, "CityName", xml_text(address.city))
    _el(post, "CountryID", address.country)
    if party.email:
        uri = _el(node, "URIUniversalCommunication")
        _el(uri, "URIID", party.email, schemeID="EM")
    if party.vat_number:
        reg = _el(node, "SpecifiedTaxRegistration")
        _el(reg, "ID", party.vat_number, schemeID="VA")


def _tax(parent: etree._Element, category: VatCategory, rate: VatRate) -> None:
    tax = _el(parent, "ApplicableTradeTax")
    _el(tax, "TypeCode", "VAT")
    _el(tax, "CategoryCode", category.code)
    _el(tax, "RateApplicablePercent", rate.value)


def _line(parent: etree._Element, line: InvoiceLine, category: VatCategory) -> None:
    item = _el(parent, "IncludedSupplyChainTradeLineItem")
    doc = _el(item, "AssociatedDocumentLineDocument")
    _el(doc, "LineID", str(line.position))
    product = _el(item, "SpecifiedTradeProduct")
    if line.item_code:
        _el(product, "SellerAssignedID", xml_text(line.item_code))
    _el(product, "Name", xml_text(line.label))
    agreement = _el(item, "SpecifiedLineTradeAgreement")
    price = _el(agreement, "NetPriceProductTradePrice")
    _el(price, "ChargeAmount", _amount(line.unit_price))
    delivery = _el(item, "SpecifiedLineTradeDelivery")
    _el(delivery, "BilledQuantity", _amount(line.quantity), unitCode=line.unit)
    settlement = _el(item, "SpecifiedLineTradeSettlement")
    _tax(settlement, category, line.vat_rate)
    if line.period is not None:
        _period(settlement, line.period)
    if line.discount:
        allowance = _el(settlement, "SpecifiedTradeAllowanceCharge")
        indicator = _el(allowance, "ChargeIndicator")
        _SUB(indicator, _q(UDT, "Indicator")).text = "false"
        _el(allowance, "ActualAmount", _amount(line.discount))
        _el(allowance, "Reason", xml_text(line.discount_reason or "Remise"))
    summation = _el(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
    _el(summation, "LineTotalAmount", _amount(line.net_amount))


def _payment_terms_text(invoice: Invoice) -> str:
    return (
        f"Paiement au plus tard le {invoice.due_date:%d/%m/%Y}. Pas d'escompte pour paiement "
        f"anticipé. Pénalités de retard : taux annuel de {invoice.late_penalty_rate} %. "
        "Indemnité forfaitaire pour frais de recouvrement : "
        f"{invoice.recovery_indemnity} EUR (art. L441-10 et D441-5 du Code de commerce)."
    )


def build_cii_tree(invoice: Invoice, options: CiiOptions | None = None) -> etree._Element:
    """The CII document of ``invoice`` as an lxml element (see :func:`build_cii`)."""
    opts = options or CiiOptions()
    credit = invoice.kind is DocumentKind.CREDIT_NOTE
    root = etree.Element(_q(RSM, "CrossIndustryInvoice"), nsmap=NAMESPACES)

    context = _SUB(root, _q(RSM, "ExchangedDocumentContext"))
    process = _el(context, "BusinessProcessSpecifiedDocumentContextParameter")
    _el(process, "ID", opts.framework_for(invoice))
    guideline = _el(context, "GuidelineSpecifiedDocumentContextParameter")
    _el(guideline, "ID", opts.guideline)

    document = _SUB(root, _q(RSM, "ExchangedDocument"))
    _el(document, "ID", xml_text(invoice.number or invoice.id))
    _el(document, "TypeCode", invoice.kind.value)
    _date_el(document, "IssueDateTime", invoice.issue_date)
    for text in invoice.notes:
        note = _el(document, "IncludedNote")
        _el(note, "Content", xml_text(text))

    transaction = _SUB(root, _q(RSM, "SupplyChainTradeTransaction"))
    categories = {rate: vat_category(invoice, rate) for rate in {x.vat_rate for x in invoice.lines}}
    for line in sorted(invoice.lines, key=lambda x: x.position):
        _line(transaction, line, categories[line.vat_rate])

    agreement = _el(transaction, "ApplicableHeaderTradeAgreement")
    if invoice.buyer_reference:
        _el(agreement, "BuyerReference", xml_text(invoice.buyer_reference))
    _party(agreement, "SellerTradeParty", invoice.seller, scheme=opts.seller_scheme, seller=True)
    _party(agreement, "BuyerTradeParty", invoice.buyer, scheme=opts.buyer_scheme, seller=False)
    if invoice.engagement_number:
        order = _el(agreement, "BuyerOrderReferencedDocument")
        _el(order, "IssuerAssignedID", xml_text(invoice.engagement_number))
    if invoice.contract_reference:
        contract = _el(agreement, "ContractReferencedDocument")
        _el(contract, "IssuerAssignedID", xml_text(invoice.contract_reference))

    _el(transaction, "ApplicableHeaderTradeDelivery")

    settlement = _el(transaction, "ApplicableHeaderTradeSettlement")
    _el(settlement, "InvoiceCurrencyCode", invoice.currency)
    if not credit and invoice.seller.iban:
        means = _el(settlement, "SpecifiedTradeSettlementPaymentMeans")
        _el(means, "TypeCode", opts.payment_means)
        account = _el(means, "PayeePartyCreditorFinancialAccount")
        _el(account, "IBANID", invoice.seller.iban)
        if invoice.seller.bic:
            bank = _el(means, "PayeeSpecifiedCreditorFinancialInstitution")
            _el(bank, "BICID", invoice.seller.bic)
    breakdowns = invoice.vat_breakdown
    for breakdown in breakdowns:
        category = categories[breakdown.rate]
        tax = _el(settlement, "ApplicableTradeTax")
        _el(tax, "CalculatedAmount", _amount(breakdown.amount))
        _el(tax, "TypeCode", "VAT")
        if category.reason:
            _el(tax, "ExemptionReason", xml_text(category.reason))
        _el(tax, "BasisAmount", _amount(breakdown.base))
        _el(tax, "CategoryCode", category.code)
        if category.reason_code:
            _el(tax, "ExemptionReasonCode", category.reason_code)
        _el(tax, "RateApplicablePercent", breakdown.rate.value)
    if invoice.period is not None:
        _period(settlement, invoice.period)
    if not credit:
        terms = _el(settlement, "SpecifiedTradePaymentTerms")
        _el(terms, "Description", _payment_terms_text(invoice))
        _date_el(terms, "DueDateDateTime", invoice.due_date)

    summation = _el(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    # The invoice's derived totals, computed once from the breakdown (the model's own rules).
    net = sum((b.base for b in breakdowns), Decimal(0))
    vat = sum((b.amount for b in breakdowns), Decimal(0))
    total = net + vat
    _el(summation, "LineTotalAmount", _amount(net))
    _el(summation, "TaxBasisTotalAmount", _amount(net))
    _el(summation, "TaxTotalAmount", _amount(vat), currencyID=invoice.currency)
    _el(summation, "GrandTotalAmount", _amount(total))
    if invoice.paid:
        _el(summation, "TotalPrepaidAmount", _amount(total))
    _el(summation, "DuePayableAmount", _amount(Decimal("0.00") if invoice.paid else total))
    if invoice.corrects:
        reference = _el(settlement, "InvoiceReferencedDocument")
        _el(reference, "IssuerAssignedID", xml_text(invoice.corrects))
        if invoice.corrects_date is not None:
            _date_el(reference, "FormattedIssueDateTime", invoice.corrects_date, qualified=True)
    return root


def build_cii(invoice: Invoice, options: CiiOptions | None = None) -> bytes:
    """The CII D16B XML (UTF-8, with declaration) of ``invoice``, EN 16931 profile.

    The document is built from the invoice's derived totals, so BR-CO-10 to BR-CO-17 hold by
    construction. Nothing is checked here: run :func:`savcore_chorus.preflight.preflight` (and,
    with the artefacts, :class:`savcore_chorus.validation.Validator`) before sending.
    """
    return etree.tostring(build_cii_tree(invoice, options), xml_declaration=True, encoding="UTF-8")
