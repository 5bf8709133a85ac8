# %% [markdown]
# # Vue d'ensemble d'un portefeuille
#
# A notebook-style script (py:percent: open it in Jupyter with jupytext, or run it as a script):
# load the sample portfolio, count dwellings per residence, and compute each collective
# contract's annual amount excl. VAT on a date. The test suite executes it.

# %%
from collections import Counter
from datetime import date
from decimal import Decimal

from savcore.demo import build_demo_portfolio
from savcore.model import ContractKind

portfolio = build_demo_portfolio()
print(f"{len(portfolio.units)} UG/sites, {len(portfolio.dwellings)} logements")

# %% [markdown]
# ## Logements par résidence

# %%
per_unit = Counter(dwelling.unit_id for dwelling in portfolio.dwellings)
names = {unit.id: unit.name for unit in portfolio.units}
for unit_id, count in per_unit.most_common(5):
    print(f"{names[unit_id]:<40} {count:>5}")

# %% [markdown]
# ## Montant annuel HT des contrats collectifs au 31/12/2018
#
# The annual amount of a service line is its unit price times its dwellings count, both read from
# their timelines on the date: a residence that joined mid-year counts from its start.

# %%
day = date(2018, 12, 31)
for contract in portfolio.contracts:
    if contract.kind is not ContractKind.COLLECTIVE:
        continue
    total = sum(
        (
            line.annual_amount_at(day)
            for line in contract.lines
            if line.start is None or line.start <= day
        ),
        Decimal("0.00"),
    )
    print(f"{contract.id} : {total} € HT par an")
    assert total > 0
