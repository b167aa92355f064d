"""The assistant side panel's words (issue 32): the suggested prompts, each a question the
grammar reads; the thread's title; and, for a text the grammar cannot read, the reason and three
questions it can."""

from __future__ import annotations

from bot.render.blocks import SlackMessage, escape, section
from bot.render.wording import wording

# (what the prompt shows, the question it sends): every question is one `/losses` reads.
PROMPTS = {
    "en": (("Losses in the latest report", "latest"), ("Since 1 Nov 2022", "since 1 Nov 2022"),
           ("Tanks this month", "tanks this month"), ("Brief for today", "brief")),
    "uk": (("Втрати за останній звіт", "останні дані"),
           ("З 1 листопада 2022 року", "з 1 листопада 2022"),
           ("Танки цього місяця", "танки цього місяця"), ("Довідка на сьогодні", "довідка")),
}  # fmt: skip
TITLE_CHARS = 80  # a thread title is read at a glance


def prompts(lang: str) -> list[dict[str, str]]:
    return [{"title": title, "message": text} for title, text in PROMPTS.get(lang, PROMPTS["en"])]


def thread_title(text: str) -> str:
    """The question, on one line and short, as the thread's title."""
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"


def try_these(reason: str, lang: str) -> SlackMessage:
    """The reason a text was not read, and three questions the grammar reads."""
    suggestions = wording(lang).say("assistant_try")
    text = f"{reason}\n{suggestions}"
    return SlackMessage(escape(text), [section(escape(reason)), section(suggestions)])


def elsewhere(lang: str) -> SlackMessage:
    """Files, forms and channel settings are for `/losses` in a channel, not the panel."""
    text = wording(lang).say("assistant_elsewhere")
    return SlackMessage(escape(text), [section(escape(text))])
