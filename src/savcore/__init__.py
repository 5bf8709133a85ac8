"""savcore: after-sales service and maintenance contracts for French HVAC and plumbing companies."""

from savcore.errors import SavcoreError
from savcore.money import Rounding, VatRate, allocate, quantize

__all__ = ["Rounding", "SavcoreError", "VatRate", "allocate", "quantize"]
