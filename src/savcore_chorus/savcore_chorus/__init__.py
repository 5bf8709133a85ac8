"""Chorus Pro for savcore: EN 16931 CII and Factur-X, pre-flight and official validation,
deposit through the PISTE API and follow-up.

>>> from savcore_chorus import build_cii, preflight
>>> from savcore_chorus._samples import sample_invoice
>>> invoice = sample_invoice()
>>> preflight(invoice), build_cii(invoice)[:38]
([], b"<?xml version='1.0' encoding='UTF-8'?>")
"""

from __future__ import annotations

from savcore_chorus.cii import CiiOptions, VatCategory, build_cii, build_cii_tree, vat_category
from savcore_chorus.client import ChorusClient
from savcore_chorus.errors import (
    ChorusAccountError,
    ChorusAuthError,
    ChorusDataError,
    ChorusError,
    ChorusProtocolError,
    ChorusTransportError,
    PreflightError,
)
from savcore_chorus.follow import FollowUp, is_final, map_status
from savcore_chorus.models import (
    DepositResult,
    FlowError,
    FlowReport,
    InvoiceHistory,
    InvoiceSummary,
    Requirement,
    Service,
    StatusEvent,
    Structure,
    StructureParameters,
)
from savcore_chorus.pdf import facturx_pdf, invoice_pdf
from savcore_chorus.preflight import Problem, blocking, preflight
from savcore_chorus.settings import Credentials, Hosts, Secret
from savcore_chorus.transmitter import SYNTAX_CII, SYNTAX_FACTURX, ChorusTransmitter, Prepared
from savcore_chorus.validation import FailedAssert, ValidationReport, Validator

__all__ = [
    "SYNTAX_CII",
    "SYNTAX_FACTURX",
    "ChorusAccountError",
    "ChorusAuthError",
    "ChorusClient",
    "ChorusDataError",
    "ChorusError",
    "ChorusProtocolError",
    "ChorusTransmitter",
    "ChorusTransportError",
    "CiiOptions",
    "Credentials",
    "DepositResult",
    "FailedAssert",
    "FlowError",
    "FlowReport",
    "FollowUp",
    "Hosts",
    "InvoiceHistory",
    "InvoiceSummary",
    "PreflightError",
    "Prepared",
    "Problem",
    "Requirement",
    "Secret",
    "Service",
    "StatusEvent",
    "Structure",
    "StructureParameters",
    "ValidationReport",
    "Validator",
    "VatCategory",
    "blocking",
    "build_cii",
    "build_cii_tree",
    "facturx_pdf",
    "invoice_pdf",
    "is_final",
    "map_status",
    "preflight",
    "vat_category",
]
