"""What a user typed, from the markup Slack sends it in.

`/losses` escapes its text (manifest `should_escape: true`), so a channel arrives as
`<#C0123|editors>`, a user as `<@U0123|name>`, a link as `<https://…|label>`, and `&`, `<`, `>`
as entities, as in every message the assistant panel gets. Channels stay in Slack's form,
which the commands that name one read (`bot.core.query.commands.channel_named`), and so do
`<!channel>` and its kin, which a reply quoting them escapes (never a mention); users and links
are turned back into what was typed.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<(@[^>|]*|https?://[^>|]*|mailto:[^>|]*)(?:\|([^>]*))?>")


def _plain(found: re.Match[str]) -> str:
    target, label = found.group(1), found.group(2)
    if target.startswith("@"):
        return f"@{label}" if label else target
    return label or target.removeprefix("mailto:")


def typed(text: str) -> str:
    """`text` as the user typed it, channel mentions kept as Slack sends them."""
    text = _MARKUP.sub(_plain, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
