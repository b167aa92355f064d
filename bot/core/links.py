"""What counts as a link the bot passes on: a plain http(s) URL, with nothing in it that Slack
would read as markup (`<`, `>`, `|`), no spaces, quotes or control characters. Checked where a
source hands a link in and again where a message links to it."""

from __future__ import annotations

import re

MAX_URL_LENGTH = 500  # the `reports.url` column
_PLAIN_URL = re.compile(r"https?://[^\s<>|\x00-\x1f\x7f\"`]+")


def is_plain_url(url: str) -> bool:
    return len(url) <= MAX_URL_LENGTH and _PLAIN_URL.fullmatch(url) is not None
