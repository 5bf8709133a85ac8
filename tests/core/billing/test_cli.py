"""The ``schedule`` and ``bill`` commands on a SQLite store file."""

from __future__ import annotations

import argparse
import io
from datetime import date
from pathlib import Path

from savcore.billing.cli import add_billing_commands
from savcore.store import open_store
from tests.core.billing._fixtures import CUSTOMER, SELLER, contract, flat_line

START = date(2025, 1, 1)


def _run(db: Path, *argv: str) -> str:
    parser = argparse.ArgumentParser(prog="savcore")
    parser.add_argument("--db", type=Path)
    add_billing_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--db", str(db), *argv])
    out = io.StringIO()
    assert args.handler(args, out) == 0
    return out.getvalue()


def test_schedule_and_bill(tmp_path: Path) -> None:
    db = tmp_path / "savcore.db"
    store = open_store(db)
    with store.transaction():
        store.company.put(SELLER)
        store.customers.add(CUSTOMER)
        store.contracts.add(contract(START, (flat_line("A", "1000.00", START),)))
    store.close()
    text = _run(db, "schedule", "--contract", "C1", "--from", "2025-01-01", "--to", "2025-12-31")
    assert "01/04/2025" in text
    # 4 quarters of 250.00 EUR, shown the French way, with the table's totals row
    assert "Total" in text.splitlines()[-2]
    assert "1 000,00 €" in text.splitlines()[-2]
    assert text.endswith("4 échéance(s), total HT 1 000,00 €\n")
    dry = _run(db, "bill", "--up-to", "2025-04-01", "--dry-run")
    assert dry.endswith(
        "2 facture(s) à émettre (simulation, rien n'est enregistré), total TTC 550,00 €\n"
    )
    real = _run(db, "bill", "--up-to", "2025-04-01")
    assert "FA-2025-000002" in real
    assert _run(db, "bill", "--up-to", "2025-04-01") == "0 facture(s) émise(s), total TTC 0,00 €\n"
