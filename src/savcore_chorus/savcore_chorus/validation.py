"""XSD and official EN 16931 Schematron validation of CII documents.

The artefacts (UN/CEFACT D16B XSD and the compiled Schematron ``EN16931-CII-validation.xslt``, an
XSLT 2.0 stylesheet run with Saxon through ``saxonche``) are *not* shipped with savcore: the caller
gives the folder that holds them (``cii/schema/...`` and ``cii/xslt/...``, the layout of the
ConnectingEurope eInvoicing-EN16931 repository). :class:`Validator` compiles both once and then
checks any number of documents::

    validator = Validator(Path("shared/vendor/en16931"))
    report = validator.validate(build_cii(invoice))
    if not report.ok:
        print(report.problems())

Only ``fatal`` failed asserts make a document invalid; ``warning`` ones are reported.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

__all__ = [
    "SCHEMATRON_PATH",
    "XSD_PATH",
    "FailedAssert",
    "ValidationReport",
    "Validator",
]

XSD_PATH = Path("cii/schema/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd")
"""Entry point of the CII D16B XSD, relative to the artefacts folder."""

SCHEMATRON_PATH = Path("cii/xslt/EN16931-CII-validation.xslt")
"""The compiled EN 16931 Schematron for CII, relative to the artefacts folder."""

_SVRL = "http://purl.oclc.org/dsdl/svrl"


@attrs.frozen
class FailedAssert:
    """One broken Schematron rule: ``rule`` (``BR-CO-15``), ``flag`` (``fatal`` or ``warning``),
    ``location`` (XPath of the element at fault) and the rule's ``text``."""

    rule: str
    flag: str
    location: str
    text: str

    @property
    def fatal(self) -> bool:
        """Whether the rule is an error (anything but a warning counts as one)."""
        return self.flag != "warning"

    def __str__(self) -> str:
        return f"{self.rule} ({self.flag}) : {self.text}"


@attrs.frozen
class ValidationReport:
    """What the XSD and the Schematron found in one document."""

    xsd_errors: tuple[str, ...] = ()
    failed_asserts: tuple[FailedAssert, ...] = ()

    @property
    def fatal(self) -> tuple[FailedAssert, ...]:
        """The failed asserts that are errors."""
        return tuple(f for f in self.failed_asserts if f.fatal)

    @property
    def warnings(self) -> tuple[FailedAssert, ...]:
        """The failed asserts that are only warnings."""
        return tuple(f for f in self.failed_asserts if not f.fatal)

    @property
    def ok(self) -> bool:
        """No XSD error and no fatal failed assert."""
        return not self.xsd_errors and not self.fatal

    @property
    def rules(self) -> frozenset[str]:
        """The ids of the fatal rules broken (``{"BR-CO-15"}``)."""
        return frozenset(f.rule for f in self.fatal)

    def problems(self) -> list[str]:
        """Every error, in French, one string each (XSD first, then fatal asserts)."""
        return [f"XSD : {e}" for e in self.xsd_errors] + [
            f"Schematron EN 16931 {f}" for f in self.fatal
        ]


class Validator:
    """Compiles the XSD and the Schematron of ``folder`` once; validates documents many times.

    :param folder: the artefacts folder (``.../en16931``).
    :param schematron: also run the Schematron (needs ``saxonche``); the XSD alone otherwise.
    :raises FileNotFoundError: an artefact is missing (the message names the file).

    Saxon runs in the calling process; calls are serialized with a lock so that one validator can
    be shared between threads.
    """

    def __init__(self, folder: Path, *, schematron: bool = True) -> None:
        self.folder = Path(folder)
        xsd = self.folder / XSD_PATH
        if not xsd.is_file():
            raise FileNotFoundError(f"XSD CII D16B introuvable : {xsd}")
        self._schema = etree.XMLSchema(etree.parse(str(xsd)))
        self._lock = threading.Lock()
        self._xslt: Any = None
        self._saxon: Any = None
        if schematron:
            xslt = self.folder / SCHEMATRON_PATH
            if not xslt.is_file():
                raise FileNotFoundError(f"Schematron EN 16931 introuvable : {xslt}")
            from saxonche import PySaxonProcessor  # type: ignore[import-not-found,unused-ignore]

            self._saxon = PySaxonProcessor(license=False)
            processor = self._saxon.new_xslt30_processor()
            self._xslt = processor.compile_stylesheet(stylesheet_file=str(xslt))

    @property
    def runs_schematron(self) -> bool:
        """Whether :meth:`validate` runs the Schematron."""
        return self._xslt is not None

    def check_xsd(self, xml: bytes) -> tuple[str, ...]:
        """The XSD errors of ``xml`` (empty when valid), each with its line."""
        try:
            doc = etree.fromstring(xml)
        except etree.XMLSyntaxError as exc:
            return (f"XML mal formé : {exc}",)
        if self._schema.validate(doc):
            return ()
        errors: Any = self._schema.error_log
        return tuple(f"ligne {e.line} : {e.message}" for e in errors)

    def check_schematron(self, xml: bytes) -> tuple[FailedAssert, ...]:
        """The failed asserts of the EN 16931 Schematron on ``xml``."""
        if self._xslt is None or self._saxon is None:
            return ()
        with self._lock:
            node = self._saxon.parse_xml(xml_text=xml.decode("utf-8"))
            svrl = self._xslt.transform_to_string(xdm_node=node)
        report = etree.fromstring(svrl.encode("utf-8"))
        out = []
        for failed in report.iter(f"{{{_SVRL}}}failed-assert"):
            text = " ".join("".join(str(t) for t in failed.itertext()).split())
            out.append(
                FailedAssert(
                    rule=failed.get("id", "?"),
                    flag=failed.get("flag", "fatal"),
                    location=failed.get("location", ""),
                    text=text,
                )
            )
        return tuple(out)

    def validate(self, xml: bytes) -> ValidationReport:
        """Check ``xml`` against the XSD, then (if it is well-formed) the Schematron."""
        xsd_errors = self.check_xsd(xml)
        if xsd_errors and xsd_errors[0].startswith("XML mal formé"):
            return ValidationReport(xsd_errors, ())
        return ValidationReport(xsd_errors, self.check_schematron(xml))
