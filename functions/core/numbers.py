"""Numbers DynamoDB can hold: at most 38 digits, magnitude 1E-130 to 9.99..E+125, or zero.

Anything else fails boto3's serializer or the write itself, so a request carrying one is refused at the
edge with a 400 that says why, rather than failing half-way as a 500.
"""

from __future__ import annotations

from decimal import Decimal

MAX_DIGITS = 38  # boto3 counts trailing zeros too: 10**40 fails, 1E+40 does not
MIN_EXPONENT = -130  # the smallest magnitude is 1E-130
MAX_EXPONENT = 125  # the largest is 9.99..E+125 (38 nines)
# The same rule in JSON Schema, for the document: zero, or a magnitude from 1E-130 to below 1E+126.
SCHEMA = {
    "anyOf": [
        {"type": "number", "const": 0},
        {"type": "number", "minimum": 1e-130, "exclusiveMaximum": 1e126},
        {"type": "number", "exclusiveMinimum": -1e126, "maximum": -1e-130},
    ]
}


def storable(number: Decimal | int | float) -> Decimal:
    """`number` as a Decimal DynamoDB can hold, or ValueError saying why it cannot."""
    value = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    if not value.is_finite():
        raise ValueError("is not finite (NaN or Infinity)")
    if value.is_zero():
        return Decimal(0)  # 0E-200 is zero, but boto3 refuses its exponent
    if len(value.as_tuple().digits) > MAX_DIGITS:
        raise ValueError(f"has more than {MAX_DIGITS} digits")
    if not MIN_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        raise ValueError(f"is outside the range DynamoDB stores (1E{MIN_EXPONENT} to 9.99E+{MAX_EXPONENT})")
    return value
