"""Sizes of the reliability suite: small by default (CI), the issue's figures with
``XNP_RELIABILITY=full``."""

import os

FULL = os.environ.get("XNP_RELIABILITY", "").lower() == "full"


def pick(ci: int, full: int) -> int:
    return full if FULL else ci
