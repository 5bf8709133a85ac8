"""A writer process for the crash and concurrency tests: issues a long batch of invoices.

    python _writer.py DB PREFIX COUNT DAYS_STEP [--wait]

Invoice ``i`` of the batch is :func:`expected_draft` ``(PREFIX, i, DAYS_STEP)``; drafts already
issued are skipped, so a killed batch can be resumed. Prints ``ready`` once the store is open
(and, with ``--wait``, waits for a line on stdin before issuing).
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal

from savcore.model import Customer, CustomerKind, Invoice, InvoiceLine
from savcore.money import VatRate
from savcore.services import issue_invoice
from savcore.store import open_store

try:
    from .builders import BUYER, COMPANY, LYON
except ImportError:  # run as a script
    from builders import BUYER, COMPANY, LYON  # type: ignore[no-redef,import-not-found,unused-ignore]


def expected_draft(prefix: str, i: int, days_step: int) -> Invoice:
    """The ``i``-th draft of batch ``prefix``: dated 2 Jan 2025 + ``i // 40 * days_step`` days,
    with 1 to 3 lines whose amounts depend on ``i``."""
    issue_date = date(2025, 1, 2) + timedelta(days=(i // 40) * days_step)
    lines = tuple(
        InvoiceLine(
            k + 1,
            f"Entretien {prefix}{i} ligne {k + 1}",
            Decimal(1 + (i + k) % 4),
            Decimal(f"{10 + i % 97}.{k * 7 % 100:02d}"),
            VatRate.INTERMEDIATE if k % 2 == 0 else VatRate.STANDARD,
        )
        for k in range(1 + i % 3)
    )
    return Invoice(
        f"{prefix}-{i:05d}",
        "CL-1",
        COMPANY,
        BUYER,
        issue_date,
        issue_date + timedelta(days=30),
        lines,
    )


def main(argv: list[str]) -> int:
    """Run the batch described in the module docstring."""
    path, prefix, count, days_step = argv[0], argv[1], int(argv[2]), int(argv[3])
    with open_store(path, timeout=60) as store:
        with store.transaction():
            if "CL-1" not in store.customers:
                store.customers.add(
                    Customer("CL-1", "Client 1", CustomerKind.SOCIAL_LANDLORD, LYON)
                )
        print("ready", flush=True)
        if "--wait" in argv:
            sys.stdin.readline()
        for i in range(count):
            draft = expected_draft(prefix, i, days_step)
            if draft.id in store.invoices:
                continue
            issue_invoice(store, draft)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
