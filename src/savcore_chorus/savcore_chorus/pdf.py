"""A readable French PDF of an invoice or credit note, and the Factur-X PDF that embeds its CII.

:func:`invoice_pdf` draws the document with reportlab (seller and buyer blocks, references, lines,
VAT table, totals, payment details and the mandatory mentions), with an embedded TrueType font
(DejaVu Sans when the system has it, else reportlab's Vera) so that accents print everywhere.
:func:`facturx_pdf` adds the CII as ``factur-x.xml`` with the ``factur-x`` package (PDF/A-3
attachment, XMP metadata, EN 16931 profile); ``facturx.get_xml_from_pdf`` reads it back.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import facturx  # type: ignore[import-untyped,unused-ignore]
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from savcore.model.invoices import DocumentKind, Invoice
from savcore.model.parties import Party
from savcore_chorus.cii import CiiOptions, build_cii, vat_category, xml_text

__all__ = ["facturx_pdf", "invoice_pdf"]

_THIN_SPACE = "\u202f"

_UNITS = {"C62": "u", "HUR": "h", "MON": "mois", "ANN": "an", "DAY": "j"}

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def _fonts() -> tuple[str, str]:
    """Register (once) and return the regular and bold font names."""
    if "SavcoreSans" in pdfmetrics.getRegisteredFontNames():
        return "SavcoreSans", "SavcoreSans-Bold"
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            break
    else:
        import reportlab

        folder = Path(reportlab.__file__).parent / "fonts"
        regular, bold = folder / "Vera.ttf", folder / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont("SavcoreSans", str(regular)))
    pdfmetrics.registerFont(TTFont("SavcoreSans-Bold", str(bold)))
    return "SavcoreSans", "SavcoreSans-Bold"


def _euros(value: Decimal) -> str:
    """``1234.5`` -> ``1 234,50 €`` (French grouping with a narrow no-break space)."""
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{_THIN_SPACE.join(groups)},{cents} €"


def _number(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(xml_text(text)).replace("\n", "<br/>"), style)


def _party_lines(party: Party, *, seller: bool) -> list[str]:
    lines = [party.name, *party.address.lines()]
    if party.siret:
        lines.append(f"SIRET : {party.siret}")
    elif party.siren:
        lines.append(f"SIREN : {party.siren}")
    if party.vat_number:
        lines.append(f"N° TVA : {party.vat_number}")
    if seller:
        legal = " ".join(
            x
            for x in (
                party.legal_form,
                f"au capital de {_euros(party.share_capital)}"
                if party.share_capital is not None
                else None,
            )
            if x
        )
        if legal:
            lines.append(legal)
        if party.rcs:
            lines.append(party.rcs)
    return lines


def _mentions(invoice: Invoice) -> list[str]:
    """The mandatory mentions, then the invoice's notes. Invoices drafted by savcore's billing
    already carry the payment and penalty mentions as notes; they are printed once."""
    out = []
    noted = " ".join(invoice.notes)
    if invoice.kind is DocumentKind.INVOICE:
        if "escompte" not in noted:
            out.append(
                f"Date d'échéance : {invoice.due_date:%d/%m/%Y}. "
                "Pas d'escompte pour paiement anticipé."
            )
        if "Pénalités de retard" not in noted or "Indemnité forfaitaire" not in noted:
            out.append(
                f"Pénalités de retard : taux annuel de {_number(invoice.late_penalty_rate)} %, "
                "exigibles dès le lendemain de la date d'échéance. Indemnité forfaitaire pour "
                "frais de recouvrement en cas de retard de paiement : "
                f"{_euros(invoice.recovery_indemnity)} (art. L441-10 et D441-5 du Code de commerce)."
            )
    if invoice.vat_exemption_reason:
        out.append(f"TVA : {invoice.vat_exemption_reason}")
    out.extend(invoice.notes)
    return out


def invoice_pdf(invoice: Invoice) -> bytes:
    """The PDF of ``invoice`` (A4, French), without the embedded XML."""
    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=10.5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=15, leading=19)
    head = ParagraphStyle("head", parent=body, fontName=bold)
    credit = invoice.kind is DocumentKind.CREDIT_NOTE
    number = invoice.number or f"brouillon {invoice.id}"
    story: list[object] = [
        _p(f"{'AVOIR' if credit else 'FACTURE'} n° {number}", title),
        _p(f"Date : {invoice.issue_date:%d/%m/%Y}", body),
        Spacer(1, 4 * mm),
    ]
    parties = Table(
        [
            [_p("Vendeur", head), _p("Client", head)],
            [
                _p("\n".join(_party_lines(invoice.seller, seller=True)), body),
                _p("\n".join(_party_lines(invoice.buyer, seller=False)), body),
            ],
        ],
        colWidths=[88 * mm, 88 * mm],
    )
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [parties, Spacer(1, 4 * mm)]
    refs = []
    if invoice.buyer_reference:
        refs.append(f"Code service : {invoice.buyer_reference}")
    if invoice.engagement_number:
        refs.append(f"N° d'engagement : {invoice.engagement_number}")
    if invoice.contract_reference:
        refs.append(f"N° de marché : {invoice.contract_reference}")
    if invoice.period is not None:
        refs.append(f"Période : {invoice.period}")
    if invoice.corrects:
        when = f" du {invoice.corrects_date:%d/%m/%Y}" if invoice.corrects_date else ""
        refs.append(f"Avoir sur la facture n° {invoice.corrects}{when}")
    if refs:
        story += [_p(" — ".join(refs), body), Spacer(1, 3 * mm)]

    header = ["N°", "Désignation", "Qté", "Unité", "PU HT", "Remise", "Total HT", "TVA"]
    rows: list[list[object]] = [[_p(h, head) for h in header]]
    for line in sorted(invoice.lines, key=lambda x: x.position):
        label = line.label
        if line.period is not None:
            label += f"\n{line.period}"
        if line.discount:
            label += f"\nRemise : {line.discount_reason}"
        rows.append(
            [
                str(line.position),
                _p(label, body),
                _number(line.quantity),
                _UNITS.get(line.unit, line.unit),
                _number(line.unit_price),
                _euros(line.discount) if line.discount else "",
                _euros(line.net_amount),
                f"{_number(line.vat_rate.percent)} %",
            ]
        )
    lines = Table(
        rows,
        colWidths=[9 * mm, 64 * mm, 14 * mm, 14 * mm, 20 * mm, 18 * mm, 24 * mm, 13 * mm],
        repeatRows=1,
    )
    lines.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8.5),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [lines, Spacer(1, 4 * mm)]

    vat_rows: list[list[object]] = [[_p(h, head) for h in ("Taux", "Base HT", "TVA", "")]]
    for b in invoice.vat_breakdown:
        category = vat_category(invoice, b.rate)
        note = {"S": "", "E": "exonération", "AE": "autoliquidation"}.get(category.code, "")
        vat_rows.append([f"{_number(b.rate.percent)} %", _euros(b.base), _euros(b.amount), note])
    totals: list[list[object]] = [
        ["Total HT", _euros(invoice.net_total)],
        ["Total TVA", _euros(invoice.vat_total)],
        ["Total TTC", _euros(invoice.total)],
    ]
    if invoice.paid:
        totals.append(["Déjà payé", _euros(invoice.total)])
    totals.append(
        ["Net à payer" if not credit else "Montant de l'avoir", _euros(invoice.amount_due)]
    )
    vat_table = Table(vat_rows, colWidths=[18 * mm, 26 * mm, 24 * mm, 26 * mm])
    total_table = Table(totals, colWidths=[40 * mm, 36 * mm])
    for table in (vat_table, total_table):
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), regular, 8.5),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ]
            )
        )
    total_table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), bold, 9)]))
    story += [Table([[vat_table, total_table]], colWidths=[100 * mm, 76 * mm]), Spacer(1, 4 * mm)]

    if not credit and invoice.seller.iban:
        bic = f" — BIC : {invoice.seller.bic}" if invoice.seller.bic else ""
        story.append(_p(f"Règlement par virement — IBAN : {invoice.seller.iban}{bic}", body))
    for text in _mentions(invoice):
        story.append(_p(text, small))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{'Avoir' if credit else 'Facture'} {number}",
        author=invoice.seller.name,
        lang="fr-FR",
        invariant=1,
    )
    doc.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()


def facturx_pdf(
    invoice: Invoice, xml: bytes | None = None, *, options: CiiOptions | None = None
) -> bytes:
    """The Factur-X PDF of ``invoice``: :func:`invoice_pdf` with its CII (``xml``, built with
    ``options`` when not given) embedded as ``factur-x.xml``, EN 16931 profile."""
    cii = xml if xml is not None else build_cii(invoice, options)
    credit = invoice.kind is DocumentKind.CREDIT_NOTE
    number = invoice.number or invoice.id
    result = facturx.generate_from_binary(
        invoice_pdf(invoice),
        cii,
        flavor="factur-x",
        level="en16931",
        check_xsd=False,
        pdf_metadata={
            "author": invoice.seller.name,
            "keywords": "Factur-X, facture, Chorus Pro",
            "title": f"{invoice.seller.name} : {'avoir' if credit else 'facture'} {number}",
            "subject": f"{'Avoir' if credit else 'Facture'} {number} du "
            f"{invoice.issue_date:%d/%m/%Y} à {invoice.buyer.name}",
        },
        lang="fr-FR",
    )
    return bytes(result)
