"""The French audit text and the revision commands."""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from savcore.model.contracts import Contract, ContractKind, ServiceLine
from savcore.model.indices import Cap, Index, IndexValue, LimitBasis, Revision, RevisionSubject
from savcore.revision import IndexRegistry, compute_revision, explain
from savcore.revision.cli import add_revision_commands
from savcore.timeline import Timeline
from tests.core.revision.conftest import bt40_clause

D = Decimal


def test_explain_shows_formula_values_periods_publications_and_coefficients(
    registry: IndexRegistry,
) -> None:
    clause = bt40_clause(cap=Cap(LimitBasis.COEFFICIENT, D("0.05")))
    revision = compute_revision(
        clause,
        registry,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 1),
    )
    text = explain(revision, clause)
    assert "Révision R1 du contrat C1" in text
    assert "C = 0,15 + 0,85 × BT40/BT40₀" in text
    assert "I₀ = 105,90 (01/2018, publié le 15/04/2018, définitif)" in text
    assert "I  = 107,70 (12/2018, publié le 15/03/2019, définitif)" in text
    assert "C = 0,15 + 0,85 × 107,70 / 105,90 = 1,014447592068…" in text
    assert (
        "Coefficient arrondi : 1,0144 (arrondi à 4 décimales, au plus proche, la demie vers le haut)"
        in text
    )
    assert "Clause butoir : non atteinte" in text
    assert "Coefficient appliqué : 1,0144" in text


class _Store:
    def __init__(self, contract: Contract, registry: IndexRegistry) -> None:
        self.contract = contract
        self.registry = registry
        self.recorded: list[Revision] = []
        self.imported: list[IndexValue] = []

    def get_contract(self, contract_id: str) -> Contract:
        return self.contract

    def index_registry(self) -> IndexRegistry:
        return self.registry

    def add_index_data(self, indices: Sequence[Index], values: Sequence[IndexValue]) -> int:
        self.imported.extend(values)
        return len(values)

    def revisions_of(self, subject_id: str) -> Sequence[Revision]:
        return self.recorded

    def record_revision(self, revision: Revision, contract: Contract) -> None:
        self.recorded.append(revision)
        self.contract = contract


def _parser(store: _Store) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="savcore")
    add_revision_commands(parser.add_subparsers(dest="command"), lambda args: store)
    return parser


def _contract() -> Contract:
    line = ServiceLine(
        id="L1",
        label="Entretien chaufferie",
        unit_price=Timeline.constant(D("1000.00"), date(2018, 1, 1)),
    )
    return Contract(
        id="C1",
        customer_id="CUST",
        kind=ContractKind.SITE_MAINTENANCE,
        designation="Entretien",
        start=date(2018, 1, 1),
        duration_months=36,
        revision=bt40_clause(),
        lines=(line,),
    )


def test_revise_command_dry_run_then_record(registry: IndexRegistry) -> None:
    store = _Store(_contract(), registry)
    parser = _parser(store)
    args = parser.parse_args(
        [
            "revise",
            "--contract",
            "C1",
            "--date",
            "2018-12-01",
            "--computed-on",
            "2019-04-01",
            "--dry-run",
        ]
    )
    out = io.StringIO()
    from savcore.revision.cli import run_revise

    assert run_revise(args, store, out=out) == 0
    assert "L1 Entretien chaufferie : 1000.00 -> 1014.40" in out.getvalue()
    assert "Simulation" in out.getvalue()
    assert store.recorded == []
    args = parser.parse_args(
        ["revise", "--contract", "C1", "--date", "2018-12-01", "--computed-on", "2019-04-01"]
    )
    assert args.handler(args) == 0
    assert [r.id for r in store.recorded] == ["C1-REV-20181201"]
    assert store.contract.line("L1").unit_price.value_at(date(2018, 12, 1)) == D("1014.40")


def test_indices_import_command(registry: IndexRegistry, tmp_path: Path) -> None:
    path = tmp_path / "bt.csv"
    path.write_text("index,period,value,published_on\nBT40,2019-01,108.0,2019-04-15\n")
    store = _Store(_contract(), registry)
    args = _parser(store).parse_args(["indices", "import", str(path)])
    assert args.handler(args) == 0
    assert store.imported[0].value == D("108.0")
