"""Tracking numbers with query codes: what a member of the public gets for an application
(and, next, a complaint) to follow it later without an account.

A number like 2026-00042 is public; the query code (10 characters of 32, about 50 bits) is
shown once, stored only as a keyed, salted hash, and checked in constant time.
"""

import secrets
from dataclasses import dataclass

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from . import counters

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 10
QUERY_CODE_HASH = "hmac-sha256"


@dataclass(frozen=True)
class Issued:
    """A freshly issued number; `query_code` is the plain code, to be shown once."""

    year: int
    serial: int
    number: str
    query_code: str
    query_code_hash: str


class TrackingNumbers:
    """The tracking numbers of one kind of case, counted per year by the counter `name`.

    `name` also keys the query codes' hash, so a code of one kind never checks against another.
    """

    def __init__(self, name: str, width: int = 5):
        self.name = name
        self.width = width

    def issue(self, year: int | None = None) -> Issued:
        """Take the next number of `year` (this year in local time by default); call inside
        the transaction that stores the case, see `serials.counters`."""
        year = year or timezone.localdate().year
        serial = counters.take(self.name, str(year))
        code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
        return Issued(year, serial, f"{year}-{serial:0{self.width}d}", code,
                      self.hash_query_code(code))

    def hash_query_code(self, code: str, salt: str | None = None) -> str:
        """HMAC-SHA256 keyed with SECRET_KEY: guesses are throttled and the code is random, so
        a slow password hash would only make every tracking query slow."""
        salt = salt or secrets.token_hex(8)
        digest = salted_hmac(f"{self.name}.query-code", f"{salt}:{normalise_query_code(code)}",
                             algorithm="sha256").hexdigest()
        return f"{QUERY_CODE_HASH}${salt}${digest}"

    def check_query_code(self, code: str, stored: str) -> bool:
        """Compare in constant time; a malformed stored value never matches."""
        algorithm, _, rest = stored.partition("$")
        salt, _, _digest = rest.partition("$")
        if algorithm != QUERY_CODE_HASH or not salt:
            self.hash_query_code(code, "0" * 16)  # the same work either way
            return False
        return constant_time_compare(self.hash_query_code(code, salt), stored)


def normalise_query_code(code: str) -> str:
    return "".join(code.split()).upper()


def normalise_tracking_number(number: str) -> str:
    return "".join(number.split()).replace("—", "-").replace("－", "-")[:20]
