"""Every document savcore can issue validates: XSD and official EN 16931 Schematron, zero fatal.

Saxon checks one document in a few milliseconds once the stylesheet is compiled (session
fixture), so every generated example is validated, not a sample.
"""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from savcore.model.invoices import DocumentKind, Invoice, InvoiceStatus
from savcore.model.portfolio import Portfolio
from savcore.testing import portfolios
from savcore_chorus.cii import build_cii
from savcore_chorus.preflight import blocking, preflight
from savcore_chorus.validation import Validator
from tests.chorus.strategies import chorus_documents, complete_party

_SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]


def _assert_valid(validator: Validator, invoice: Invoice) -> None:
    report = validator.validate(build_cii(invoice))
    assert report.ok, (invoice, report.problems())


@settings(suppress_health_check=_SLOW)
@given(invoice=chorus_documents())
def test_generated_invoices_and_credit_notes_validate(
    validator: Validator, invoice: Invoice
) -> None:
    assert not blocking(preflight(invoice)), preflight(invoice)
    _assert_valid(validator, invoice)


@settings(suppress_health_check=_SLOW)
@given(invoice=chorus_documents(kind=DocumentKind.CREDIT_NOTE))
def test_generated_credit_notes_validate(validator: Validator, invoice: Invoice) -> None:
    _assert_valid(validator, invoice)


@settings(suppress_health_check=_SLOW)
@given(portfolio=portfolios(max_customers=2, max_units=1, max_contracts=2, max_invoices=3))
def test_portfolio_invoices_pass_preflight_or_validate(
    validator: Validator, portfolio: Portfolio
) -> None:
    """A portfolio's issued documents: pre-flight refuses them (seller without SIRET...) or the
    Schematron finds no fatal error. The XSD always holds."""
    for invoice in portfolio.invoices:
        if invoice.status is not InvoiceStatus.ISSUED:
            continue
        report = validator.validate(build_cii(invoice))
        assert not report.xsd_errors, report.xsd_errors
        if not blocking(preflight(invoice)):
            assert report.ok, (invoice, report.problems())


@settings(suppress_health_check=_SLOW)
@given(data=st.data(), portfolio=portfolios(max_customers=2, max_units=1, max_invoices=3))
def test_portfolio_invoices_with_chorus_identities_validate(
    validator: Validator, portfolio: Portfolio, data: st.DataObject
) -> None:
    """The same documents once the company and the buyer have what Chorus needs (SIRET, VAT
    number, IBAN): pre-flight passes and the Schematron finds no fatal error."""
    seller = data.draw(complete_party(portfolio.company, seller=True))
    for i, invoice in enumerate(portfolio.invoices):
        buyer = data.draw(complete_party(invoice.buyer, seller=False))
        ready = attrs.evolve(
            invoice,
            seller=seller,
            buyer=buyer,
            status=InvoiceStatus.ISSUED,
            number=invoice.number or f"FA-2025-{i + 1:06d}",
        )
        assert not blocking(preflight(ready)), preflight(ready)
        _assert_valid(validator, ready)


@given(st.data())
def test_problem_strings_are_french(data: st.DataObject) -> None:
    invoice = data.draw(chorus_documents())
    for problem in preflight(invoice):
        assert str(problem)
