"""Every sentence an answer can contain, in English and in Ukrainian, as templates.

An answer is written in the language of the question: a question with Cyrillic letters in it
gets Ukrainian. The templates are data, one table per language, so a sentence is changed (or a
language added) in one place; the code that composes an answer only names the template and fills
in numbers, dates and labels already formatted for that language. Pure string composition.

Ukrainian numbers follow Ukrainian print style (a no-break space between thousands: 85 720),
dates use the genitive month ("24 листопада 2022"), and category names are quoted as titles
(«танки»), which keeps every sentence grammatical whatever the number before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.core.categories import category
from bot.core.reports import Report
from bot.render.formatting import MONTHS, fmt_change, fmt_date, fmt_int

NBSP = "\u00a0"
UK_MONTHS = (
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
)
assert len(UK_MONTHS) == len(MONTHS)
UK_MONTHS_SHORT = ("січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.",
                   "жовт.", "лист.", "груд.")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# After "між" (between) a weekday takes the instrumental case: "між середою і четвергом".
UK_WEEKDAYS_BETWEEN = ("понеділком", "вівторком", "середою", "четвергом", "п'ятницею",
                       "суботою", "неділею")  # fmt: skip

ENGLISH: dict[str, str] = {
    "authority": "General Staff of the Armed Forces of Ukraine",
    "source": "{authority} (data via {feeds})",
    "report": "{date} (day {day})",
    "and": " and ",
    # The sentence a reporter pastes.
    "from_zero": "Russia lost {n} {label} since the start of the full-scale invasion on {start}, "
    "according to the report of {report} by the {authority}.",
    "from_zero_taken": "{n} {label} were taken since the start of the full-scale invasion on "
    "{start}, according to the report of {report} by the {authority}.",
    "no_figure_one": "The report of {report} has no figure for {label}.",
    "no_figure_two": "The reports compared, {base} and {report}, do not both give a figure for "
    "{label}.",
    "in_report": "the report of {reports}",
    "in_reports": "the reports of {reports}",
    "between": "between the General Staff's reports of {base} and {report}",
    "of_which_correction": ", of which {n} is a correction by the General Staff",
    "of_which_corrections": ", of which {n} is the net of {count} corrections by the General Staff",
    "after_correction": ", after a correction of {change} by the General Staff",
    "after_corrections": ", after {count} corrections by the General Staff, {change} in all",
    "lost": "Russia lost {n} {label} {between}, bringing the total to {total}, according to the "
    "{authority}.",
    "taken": "{n} {label} were taken {between}, bringing the total to {total}, according to the "
    "{authority}.",
    "none_new": "No new losses of {label} were reported {between}; the total remains {total}, "
    "according to the {authority}.",
    "went_down_unexplained": "The {label} total the transcriptions give went down by {n} "
    "{between}, to {total}, though the {authority} published no correction: not a confirmed "
    "fall.",
    "none_new_stated": "The {label} totals {between} are both {total}, yet the report of "
    "{stated_report} states a change of {stated}: the transcribed totals and the report's own "
    "words disagree.",
    "undecided": "Transcriptions of the General Staff's report of {disputed} disagree on {label}: "
    "the change {between} is between {low_n} and {high_n}, and the total is {total}; neither "
    "figure is stated as fact.",
    "undecided_one": "Transcriptions of the General Staff's report of {disputed} disagree on "
    "{label}: the change {between} is {n} in each of them, and the total is {total}; neither "
    "figure is stated as fact.",
    "undecided_from_zero": "Transcriptions of the General Staff's report of {disputed} disagree "
    "on {label}: the total since the start of the full-scale invasion on {start} is {total}; "
    "neither figure is stated as fact.",
    "undecided_total": "between {low} and {high}",
    "went_down": "The reported total of {label} went down by {n} {between}, to {total}: a "
    "correction by the {authority}.",
    "directions": "Most of the losses were in the {directions} directions, according to the "
    "General Staff.",
    "directions_one": "Most of the losses were in the {directions} direction, according to the "
    "General Staff.",
    "directions_as_given": "Most of the losses were in the {directions} directions, according to "
    "the General Staff.",
    # Oryx's visually confirmed counts, cited beside the General Staff's figures.
    "oryx_one": "Oryx has visually confirmed {items} lost as of {as_of} (a lower bound: only "
    "losses with photo or video evidence).",
    "oryx_many": "Oryx has visually confirmed these Russian losses as of {as_of} (a lower bound: "
    "only losses with photo or video evidence): {items}.",
    "oryx_item": "{n} {label}",
    "oryx_first": "{n} Russian {label}",
    "oryx_missing": "The Oryx file used has no count of {items}.",
    "oryx_missing_until": "{labels} before {first}",
    # The brief: the data part of the morning story, every sentence attributed.
    "brief_title": "Russia lost {n} {soldiers} {span}, Ukraine's General Staff says",
    # The brief's word for people after a number (Ukrainian: "1 військового", "5 військових").
    "soldiers_one": "military personnel",
    "soldiers_few": "military personnel",
    "soldiers_many": "military personnel",
    "brief_title_plain": "Russian losses in the General Staff's report of {report}",
    "brief_title_undecided": "Russian losses in the General Staff's report of {report}: "
    "transcriptions disagree on personnel, and neither figure is stated as fact",
    "brief_stale": " (the newest report in the store, {age} old)",
    "brief_key_points": "KEY POINTS",
    "button_post": "Post to channel",
    "button_chart": "Chart this",
    "button_csv": "CSV",
    "button_context": "More context",
    "brief_between": "between {base} and {report}",
    "brief_lost": "Russia lost {n} {soldiers} in Ukraine {span}, according to the {authority}.",
    "brief_total_point": "Russia has lost {total} {soldiers} in total since the start of "
    "the full-scale invasion on {start}, according to the {authority}.",
    "brief_until": "{weekday} {date}",
    "brief_total": "Russian personnel losses between the start of the full-scale invasion on "
    "{start} and {until} totalled {total}, the {authority} said in its report of {report}.",
    "brief_previous": "The General Staff's previous report, of {report}, put the total at {total}.",
    "brief_disclosure": "Compiled automatically by losses-bot from the {sources}; each figure is "
    "attributed to whoever gave it.",
    # The table, the notes and the attribution.
    "col_category": "category",
    "col_change": "change",
    "col_total": "total",
    "missing_cell": "missing",
    "note": "Note: {text}",
    "attribution": "Source: {source}.",
    "original_posts": " Original posts: {links}.",
    "header": "Russian losses, {span}",
    "reports_line": "Source: {source}. Reports: {links}.",
    # Flags.
    "measure": "The General Staff's personnel figure counts the killed and the wounded together; "
    "it gives no figure for the {asked} alone.",
    "measure_killed": "killed",
    "measure_wounded": "wounded",
    "missing": "No figure for {label} in {reports}.",
    "missing_dropped": "No figure for {label} in {reports}: the General Staff last "
    "listed them in the report of {last}.",
    "missing_merged": "No figure for {label} in {reports}: since {on} they are counted in {into}.",
    "decrease_unexplained": "The {label} total went down from {before} to {now}, but the General "
    "Staff published no correction and not every transcription shows the fall: it may be a "
    "transcription's slip, not a correction.",
    "decrease": "The {label} total went down from {before} to {now}: the General Staff corrected "
    "an earlier figure.",
    "correction_one": "The {label} change includes a correction of {change} by the General Staff "
    "on {on}.",
    "correction_fall": "The {label} change includes a correction by the General Staff: the total "
    "went down from {before} to {now} on {on}.",
    "correction_some": "The {label} change includes corrections by the General Staff: {items}.",
    "correction_many": "The {label} change includes {count} corrections by the General Staff "
    "between {first} and {last}, {net} in all.",
    "correction_many_cancel": "The {label} change includes {count} corrections by the General "
    "Staff between {first} and {last}, which cancel each other out.",
    "correction_item": "{change} on {on}",
    "decrease_item": "a fall from {before} to {now} on {on}",
    "revised": "Revised figure: the report of {on} first gave {label} as {first}, now {now}.",
    "qualifier": "The General Staff gives {label} as “{wording} {total}”.",
    "about": "about",
    "more": "more than",
    "first_listed": "{Label} were first listed in the report of {report}, with {total} already "
    "counted.",
    "first_listed_later": "{Label} were first listed in the report of {report}, with {total} "
    "already counted; before it they count as zero.",
    "series_break": "Since {on} the General Staff counts {members} as one figure, {into}; the "
    "change is counted from their sum in the report of {base} ({parts} = {sum}).",
    "series_break_missing": "Since {on} the General Staff counts {members} as one figure, {into}; "
    "the report of {base} lacks {absent}, so no change can be given.",
    "gap_day": "No report for {missing} in the store; the change is counted from the report of "
    "{base}.",
    "gap_days": "No report for {first} to {last} in the store; the change is counted from the "
    "report of {base}.",
    "gap_end": "No report for {end}; the comparison ends with the report of {report}.",
    "partial": "The period runs to {end}, which has not come yet; this counts the reports so far, "
    "to {report}.",
    "stale": "The newest report in the store is of {report}, {age} old; the General Staff "
    "publishes one every morning, so newer figures may exist.",
    "disagree_primary": "Transcriptions of the report of {report} disagree on {label}: {values}; "
    "{published} is published because the General Staff's own post gives it.",
    "disagree_stated_change": "Transcriptions of the report of {report} disagree on {label}: "
    "{values}; {published} is published because it gives the {stated} the report states.",
    "disagree_stated_change_unnamed": "Transcriptions of the report of {report} disagree on "
    "{label}: {values}; {published} is published because it gives the change the report states.",
    "disagree_next_stated_change": "Transcriptions of the report of {report} disagree on {label}: "
    "{values}; {published} is published because the change the next report, of {next}, states "
    "({stated}) counts from it.",
    "disagree_next_stated_change_unnamed": "Transcriptions of the report of {report} disagree on "
    "{label}: {values}; {published} is published because the change the next report states counts "
    "from it.",
    "disagree_repeated_record": "Transcriptions of the report of {report} disagree on {label}: "
    "{values}; {published} is published because the record of {losers} repeats the previous "
    "report's figures.",
    "disagree_uncorrected_fall": "Transcriptions of the report of {report} disagree on {label}: "
    "{values}; {published} is published because {others} would make the total fall where the "
    "General Staff published no correction.",
    "disagree_majority": "Transcriptions of the report of {report} disagree on {label}: {values}; "
    "{published} is published because most transcriptions give it.",
    "disagree_undecided": "Transcriptions of the report of {report} disagree on {label}: "
    "{values}; no evidence decides between them, so neither is stated as fact.",
    "stated_change_differs": "The report of {report} states a change of {stated} in {label} "
    "(according to {by}), but its totals give {computed} from the day before.",
    "stated_change_differs_many": "{count} reports between {first} and {last} state a change in "
    "{label} that their totals do not give.",
    "milestone": "Milestone: the {label} total passed {mark}.",
    "record_ever": "The largest daily figure for {label} on record ({n}).",
    "record_since": "The largest daily figure for {label} since {since} ({n}).",
    "age_days_one": "{n} day",
    "age_days_few": "{n} days",
    "age_days_many": "{n} days",
    "age_hours_one": "{n} hour",
    "age_hours_few": "{n} hours",
    "age_hours_many": "{n} hours",
    # The help lines of the command table (`bot.app.commands`), after the questions' usage.
    "help_also": "In Slack also:",
    "help_public": "/losses ... public                 post the answer to the channel, not only to "
    "you",
    "help_chart": "/losses chart tanks last 90 days   a PNG chart here (default: personnel, last "
    "30 days)",
    "help_export": "/losses export since 2022-11-01    a CSV file here (default: the whole "
    "history)",
    "help_subscribe": "/losses subscribe [categories]     an alert here for each new report; "
    "/losses unsubscribe",
    "help_subscriptions": "/losses subscriptions              this workspace's subscribed channels",
    "help_mode": "/losses mode fast|confirmed        alert at the first source, or once two agree "
    "(default)",
    "help_sources": "/losses sources                    each source's newest report and recent "
    "disagreements",
    "help_digest": "/losses digest weekly|monthly|off  a summary every Monday (or 1st) at 09:00",
    "help_timezone": "/losses timezone Europe/Kyiv       the time zone summaries follow (default "
    "UTC)",
    "help_claims": "/losses claims                     what other parties claim, attributed and "
    "dated",
    "help_claim": "/losses claim                      add a claim to the ledger (a form)",
    "help_datalink": "/losses datalink [reset]           this workspace's live CSV/JSON URL for "
    "charting tools",
    "help_approval": "/losses approval #editors|off      an editor in #editors approves each "
    "alert before it goes out",
    "help_brief": "/losses brief [DATE]               the data part of the morning story; /losses "
    "довідка",
    # What a channel command did (`bot.app.channels`), and the front door's refusals.
    "timezone_set": "Summaries for <#{channel}> now follow {zone} time.",
    "digest_off": "<#{channel}> will get no more summaries.",
    "digest_weekly": "<#{channel}> will get a weekly summary every Monday at 09:00 ({zone} time; "
    "change it with `/losses timezone Europe/Kyiv`), covering the week before, with a chart.",
    "digest_monthly": "<#{channel}> will get a monthly summary on the 1st of each month at 09:00 "
    "({zone} time; change it with `/losses timezone Europe/Kyiv`), covering the month before, "
    "with a chart.",
    "every_category": "every category",
    "subscribed_new": "<#{channel}> will now get an alert for each new General Staff report "
    "({what}), from the next report on. In a private channel, invite me first.",
    "subscribed_again": "<#{channel}> now gets an alert for each new General Staff report "
    "({what}), from the next report on. In a private channel, invite me first.",
    "mode_not_subscribed": "<#{channel}> is not subscribed: `/losses subscribe` first.",
    "mode_fast": "<#{channel}> now gets each report's alert at the first source that publishes "
    "it, marked unconfirmed until a second agrees.",
    "mode_confirmed": "<#{channel}> now gets each report's alert once a second source agrees on "
    "its personnel figure (or after a wait, marked unconfirmed).",
    "unsubscribed_shared": "This workspace no longer subscribes <#{channel}>, but another "
    "workspace sharing the channel does: its alerts go on until it unsubscribes.",
    "not_subscribed_shared": "This workspace does not subscribe <#{channel}>; another workspace "
    "sharing the channel does.",
    "unsubscribed": "<#{channel}> will get no more alerts.",
    "not_subscribed": "<#{channel}> was not subscribed.",
    "no_subscriptions": "No channel in this workspace is subscribed.",
    "subscriptions_title": "Subscribed channels",
    "approval_on": "From the next report on, each alert goes to <#{channel}> first, as a draft "
    "with Approve and Hold; subscribed channels get it only once an editor there approves. Only "
    "members of <#{channel}> can approve. In a private channel, invite me first.",
    "approval_off": "Alerts now go straight to subscribed channels. Drafts already in "
    "<#{channel}> go out only if an editor there approves them.",
    "approval_was_off": "Approval is off: alerts go straight to subscribed channels. "
    "`/losses approval #editors` sends each one to an editors' channel first.",
    "approval_status": "Each alert goes to <#{channel}> first, as a draft an editor there "
    "approves ({n} waiting). `/losses approval off` ends it.",
    "approval_line": "*Approval:* each alert goes to <#{channel}> first, as a draft an editor "
    "approves ({n} waiting).",
    "draft_problem": " The last draft did not reach it: `{problem}`; nothing goes out without one.",
    "not_an_editor": "Only members of <#{channel}> can approve or hold drafts, or change approval.",
    "cannot_check_editors": "I cannot see who is in <#{channel}>: invite me to it "
    "(`/invite @losses-bot`) and try again.",
    "draft_approved": "Approved: the alert goes to {channels} now.",
    "draft_approved_nowhere": "Approved, but no channel of this workspace is subscribed now: "
    "nothing was sent.",
    "draft_held": "Held: nothing was sent. It can still be approved.",
    "draft_was_approved": "<@{user}> already approved this draft; it goes out once.",
    "draft_was_held": "<@{user}> already held this draft; it can still be approved.",
    "draft_superseded": "A newer report superseded this draft; it can no longer be approved.",
    "all": "all",
    "fast_alerts": "; fast alerts",
    "last_alert": "last alert {on}",
    "no_alert_yet": "no alert yet",
    "delivery_problem": "; delivery problem: `{problem}`",
    "datalink": "This workspace's live data: every report, every category, updated as reports "
    "arrive.\n{links}",
    "datalink_reset": "A new live data URL; the old one no longer works.\n{links}",
    "datalink_links": "• CSV: {base}.csv\n• JSON: {base}.json\n• One row per report and category: "
    "add `?shape=long`; no attribution line above the header: `?comment=0`; one period only: "
    "`?period=since 2022-11-01`\nAnyone with the link can read it; `/losses datalink reset` "
    "replaces it.",
    "drawing_chart": "Drawing the chart of {what}; it will be posted here.",
    "posting_file": "Posting {name} here.",
    "opening_form": "Opening the form…",
    "sorry": "Sorry, something went wrong on our side. It has been logged.",
    "posted_already": "This brief was posted to this channel a moment ago; it was not posted "
    "again.",
    "stale_button": "This button no longer works; ask for the brief again with `/losses brief`.",
    "stale_action": "This button no longer works; ask again with `/losses`.",
    "clicked_already": "That button was already used on this message; nothing was done twice.",
    "ledger_full": "This workspace already holds {most} claims, the most it may enter here; ask "
    "the bot's operator to add more with `losses-bot claims`.",
    "claim_new": "Claim #{id} added: {claim}",
    "claim_revised": "Claim #{id} revised: {claim}",
    "claim_unchanged": "Claim #{id} already held: {claim}",
    "already": "This request reached me twice; it was handled the first time.",
    "busy": "Too many charts and files are being made right now; please try again in a minute.",
    "too_long": "That is {n} characters; a question is at most {most}. `/losses help` shows what "
    "to ask.",
    "no_claims": "The ledger holds no claims yet: `losses-bot claims add` or `claims import`.",
    "no_claims_by": "No claim in the ledger by a party named like “{party}”.",
    "claims_by": "Claims by {party}, newest first:",
    "claims_all": "Claims by other parties, newest first:",
    "claims_more": "… and {n} older.",
    # Why a question cannot be answered.
    "no_workspace": "This could not be tied to a Slack workspace, so nothing was changed: try "
    "it again from a channel of your workspace.",
    "empty_store": "The store holds no reports yet: run `losses-bot import` or `losses-bot poll`.",
    "only_one": "Only one report is stored ({report}).",
    "future": "{day} is in the future; the latest report is {report}.",
    "none_since": "No report since {day} yet; the latest is {report}: ask for it with `on {on}` "
    "or `latest`.",
    "none_between": "No report between {start} and {end}.",
    "none_between_near": "No report between {start} and {end}; the nearest is {report}.",
    "no_base": "The store has no report before {day} to count from; the earliest is {report}. "
    "Use `since {start}` to count from the start of the invasion.",
    "no_report": "There is no report for {day} in the store.",
    "no_report_near": "There is no report for {day} in the store; the nearest is {report}.",
    # Why a text is not a question (`UsageError`): the reason above the usage text.
    "usage_not_understood": "I don't understand “{rest}”.",
    "usage_hint": " Did you mean “{hint}”?",
    "cli_more": "The forms it reads: losses-bot ask --help",
    "cli_written": "{title}: written to {path}",
    "import_a_ledger": "{location} is a claims ledger, not history: import it with "
    "`losses-bot claims import {location}`",
    "import_nothing": "{where} holds no file losses-bot reads (the dataset's JSON, orc-losses, "
    "API pages, Oryx's daily_count.csv, The Economist's files or a claims CSV)",
    "skipped_schema": "a JSON schema, not data",
    "skipped_json": "JSON of no shape losses-bot reads",
    "skipped_csv": "a CSV of no shape losses-bot reads",
    "skipped_other": "not a data file",
    "unfurl_title": "The General Staff's newest report: {report}",
    "prompt_title": "Ask about Russian losses, as with /losses:",
    "assistant_status": "is reading the General Staff's reports…",
    "assistant_try": "Try: `since 1 Nov 2022`, `tanks last 7 days` or `on 2022-11-24`.",
    "assistant_elsewhere": "Charts, CSVs, forms and channel settings come with `/losses` in a "
    "channel: here I answer questions.",
    "export_title": "Russian losses, {labels}: {n}",
    "all_categories": "all categories",
    "reports_one": "{n} General Staff report",
    "reports_few": "{n} General Staff reports",
    "reports_many": "{n} General Staff reports",
    "usage_not_a_date": "“{text}” is not a date in the calendar.",
    "usage_not_a_war_day": "“{text}” is not a day of the war (day 1 is 24 Feb 2022).",
    "usage_ambiguous_date": "“{text}” could be {first} or {second}: write it as {first_iso} or "
    "{second_iso}.",
    "usage_expected_date": "Expected a date after “{after}”, got “{got}”.",
    "usage_expected_date_end": "Expected a date after “{after}”.",
    "usage_expected_joiner": "Expected “{joiner}” and a second date.",
    "usage_dates_order": "The first date must not be after the second.",
    "usage_days_order": "The first day must not be after the second.",
    "usage_day_range": "Say “days 270 to 274”, or “day 274” for one report.",
    "usage_no_week": "{year} has no ISO week {week}.",
    "usage_count": "Say a number from 1 to {most}, e.g. “last 7 days”.",
    "usage_this": "Say “this week”, “this month”, “this quarter” or “this year”.",
    "usage_last": "Say “last N days” or “last N weeks”, e.g. “last 7 days”.",
    "usage_brief": "A brief is for one report: “brief”, “brief 2022-11-24”, “довідка”.",
    "usage_file_period": "Say which period, e.g. “last 30 days” or “since 2022-11-01”.",
    "usage_chart_most": "A chart shows at most {most} categories.",
    "usage_button": "This button carries no question; ask with `/losses`.",
    "usage_datalink": "Say “datalink” for the workspace's data URL, “datalink reset” for a new "
    "one.",
    "usage_digest": "Say “digest weekly”, “digest monthly” or “digest off”.",
    "usage_not_a_zone": "“{name}” is not a time zone name; use an IANA name such as Europe/Kyiv, "
    "Europe/London or America/New_York.",
    "usage_timezone": "Say “timezone” and an IANA name, e.g. “timezone Europe/Kyiv”.",
    "usage_mode": "Say “mode confirmed” (alerts once a second source agrees, the default) or "
    "“mode fast” (alerts at the first source, marked unconfirmed).",
    "usage_subscribe": "“subscribe” takes only categories, e.g. “subscribe tanks personnel”.",
    "usage_approval": "Say “approval #editors”, picking the channel from Slack's list as you "
    "type #, or “approval off”.",
    # Charts: every word on one is in the question's language.
    "chart_title": "Russian losses: {labels}, {first} – {last}",
    "chart_panel": "{Label} lost per report; total {total} on {report}",
    "chart_panel_taken": "{Label} taken per report; total {total} on {report}",
    "chart_corrections": "; red: corrections",
    "chart_average": "7-report average",
    "chart_disputed": "transcriptions disagree",
    "chart_caption": "Source: {source}. Daily change between consecutive reports, {first} to "
    "{last}.",
    "file_caption": "Source: {source}. Reports of {first} to {last}.",
    "chart_one_report": "A chart needs at least two reports; this period has one ({report}). Ask "
    "for its figures without `chart`, or chart a period, e.g. `chart tanks last 30 days`.",
}

UKRAINIAN: dict[str, str] = {
    "authority": "Генеральний штаб ЗСУ",
    "source": "{authority} (дані через {feeds})",
    "report": "{date} (день {day})",
    "and": " і ",
    "from_zero": "Від початку повномасштабного вторгнення {start} Росія втратила {n} "
    "{label}, за звітом Генерального штабу ЗСУ за {report}.",
    "from_zero_taken": "Від початку повномасштабного вторгнення {start} взято в полон {n} "
    "{label}, за звітом Генерального штабу ЗСУ за {report}.",
    "no_figure_one": "У звіті за {report} немає даних у категорії «{label}».",
    "no_figure_two": "Не в обох порівнюваних звітах, за {base} і {report}, є дані в категорії "
    "«{label}».",
    "in_report": "звіті за {reports}",
    "in_reports": "звітах за {reports}",
    "between": "між звітами Генерального штабу ЗСУ за {base} і {report}",
    "of_which_correction": ", з них {n} — виправлення Генерального штабу ЗСУ",
    "of_which_corrections": ", з них {n} — чистий підсумок {count_of} виправлень Генерального "
    "штабу ЗСУ",
    "after_correction": ", з урахуванням виправлення Генерального штабу ЗСУ на {change}",
    "after_corrections": ", з урахуванням {count_of} виправлень Генерального штабу ЗСУ, разом "
    "{change}",
    "lost": "Росія втратила {n} {label} {between}, і загальні втрати сягнули {total}, за даними "
    "Генерального штабу ЗСУ.",
    "taken": "Взято в полон {n} {label} {between}, і загальна кількість сягнула {total}, за "
    "даними Генерального штабу ЗСУ.",
    "none_new": "Нових втрат у категорії «{label}» не повідомлено {between}; загальна кількість "
    "залишається {total}, за даними Генерального штабу ЗСУ.",
    "went_down_unexplained": "Загальна кількість у категорії «{label}» за даними джерел "
    "зменшилася на {n} {between}, до {total}, хоча Генеральний штаб ЗСУ не публікував "
    "виправлення: це не підтверджене зменшення.",
    "none_new_stated": "Загальна кількість у категорії «{label}» {between} однакова — {total}, "
    "проте звіт за {stated_report} зазначає зміну {stated}: передані загальні дані й текст "
    "звіту розходяться.",
    "undecided": "Джерела, що передають звіт Генерального штабу ЗСУ за {disputed}, розходяться "
    "в категорії «{label}»: зміна {between} — від {low_n} до {high_n}, загалом {total}; жодне з "
    "чисел не подано як факт.",
    "undecided_one": "Джерела, що передають звіт Генерального штабу ЗСУ за {disputed}, "
    "розходяться в категорії «{label}»: зміна {between} — {n} у кожному з них, загалом {total}; "
    "жодне з чисел не подано як факт.",
    "undecided_from_zero": "Джерела, що передають звіт Генерального штабу ЗСУ за {disputed}, "
    "розходяться в категорії «{label}»: загалом від початку повномасштабного вторгнення {start} "
    "— {total}; жодне з чисел не подано як факт.",
    "undecided_total": "від {low} до {high}",
    "went_down": "Загальна кількість у категорії «{label}» зменшилася на {n} {between}, до "
    "{total}: це виправлення Генерального штабу ЗСУ.",
    "directions": "За даними Генерального штабу ЗСУ, найбільших втрат російські війська зазнали "
    "на {directions} напрямках.",
    "directions_one": "За даними Генерального штабу ЗСУ, найбільших втрат російські війська "
    "зазнали на {directions} напрямку.",
    "directions_as_given": "За даними Генерального штабу ЗСУ, найбільших втрат російські війська "
    "зазнали на напрямках: {directions}.",
    "oryx_one": "Станом на {as_of} Oryx візуально підтвердив втрати Росії (нижня межа: лише втрати "
    "з фото- чи відеодоказами): {items}.",
    "oryx_many": "Станом на {as_of} Oryx візуально підтвердив такі втрати Росії (нижня межа: лише "
    "втрати з фото- чи відеодоказами): {items}.",
    "oryx_item": "«{label}» — {n}",
    "oryx_first": "«{label}» — {n}",
    "oryx_missing": "У використаному файлі Oryx немає даних про {items}.",
    "oryx_missing_until": "{labels} до {first}",
    "brief_title": "Росія втратила {n} {soldiers} {span}, — Генштаб ЗСУ",
    "soldiers_one": "військового",
    "soldiers_few": "військових",
    "soldiers_many": "військових",
    "brief_title_plain": "Втрати Росії у звіті Генерального штабу ЗСУ за {report}",
    "brief_title_undecided": "Втрати Росії у звіті Генерального штабу ЗСУ за {report}: джерела "
    "розходяться щодо особового складу, і жодне з чисел не подано як факт",
    "brief_stale": " (найновіший звіт у сховищі, йому {age})",
    "brief_key_points": "ГОЛОВНЕ",
    "button_post": "Опублікувати в каналі",
    "button_chart": "Графік",
    "button_csv": "CSV",
    "button_context": "Більше контексту",
    "brief_between": "між {base} і {report}",
    "brief_lost": "Росія втратила {n} {soldiers} в Україні {span}, за даними Генерального штабу "
    "ЗСУ.",
    "brief_total_point": "Загалом від початку повномасштабного вторгнення {start} Росія втратила "
    "{total} {soldiers}, за даними Генерального штабу ЗСУ.",
    "brief_until": "{date}",
    "brief_total": "Втрати російського особового складу від початку повномасштабного вторгнення "
    "{start} до {until} становлять {total}, повідомив Генеральний штаб ЗСУ у звіті за {report}.",
    "brief_previous": "У попередньому звіті, за {report}, Генеральний штаб ЗСУ повідомляв про "
    "{total}.",
    "brief_disclosure": "Довідку автоматично склав losses-bot за даними: {sources}; кожне число "
    "подано з посиланням на того, хто його навів.",
    "col_category": "категорія",
    "col_change": "зміна",
    "col_total": "усього",
    "missing_cell": "немає даних",
    "note": "Примітка: {text}",
    "attribution": "Джерело: {source}.",
    "original_posts": " Оригінальні дописи: {links}.",
    "header": "Втрати Росії, {span}",
    "reports_line": "Джерело: {source}. Звіти: {links}.",
    "measure": "Показник особового складу Генерального штабу ЗСУ охоплює загиблих і поранених "
    "разом; окремо {asked} він не наводить.",
    "measure_killed": "загиблих",
    "measure_wounded": "поранених",
    "missing": "У {reports} немає даних у категорії «{label}».",
    "missing_dropped": "У {reports} немає даних у категорії «{label}»: востаннє "
    "Генеральний штаб ЗСУ наводив їх у звіті за {last}.",
    "missing_merged": "У {reports} немає даних у категорії «{label}»: з {on} їх "
    "враховують у категорії «{into}».",
    "decrease_unexplained": "Загальна кількість у категорії «{label}» зменшилася з {before} до "
    "{now}, але Генеральний штаб ЗСУ не публікував виправлення, і не всі джерела показують "
    "зменшення: це може бути помилка передачі, а не виправлення.",
    "decrease": "Загальна кількість у категорії «{label}» зменшилася з {before} до {now}: "
    "Генеральний штаб ЗСУ виправив попередні дані.",
    "correction_one": "Зміна в категорії «{label}» містить виправлення Генерального штабу ЗСУ "
    "на {change} від {on}.",
    "correction_fall": "Зміна в категорії «{label}» містить виправлення Генерального штабу ЗСУ: "
    "загальна кількість зменшилася з {before} до {now} від {on}.",
    "correction_some": "Зміна в категорії «{label}» містить виправлення Генерального штабу ЗСУ: "
    "{items}.",
    "correction_many": "Зміна в категорії «{label}» містить виправлення Генерального штабу ЗСУ "
    "з {first} по {last} (усього: {count}), разом {net}.",
    "correction_many_cancel": "Зміна в категорії «{label}» містить виправлення Генерального "
    "штабу ЗСУ з {first} по {last} (усього: {count}), які взаємно компенсуються.",
    "correction_item": "{change} від {on}",
    "decrease_item": "зменшення з {before} до {now} від {on}",
    "revised": "Виправлені дані: звіт за {on} спершу наводив «{label}» як {first}, тепер {now}.",
    "qualifier": "Генеральний штаб ЗСУ наводить «{label}» як «{wording} {total}».",
    "about": "близько",
    "more": "понад",
    "first_listed": "Категорію «{label}» уперше наведено у звіті за {report}, одразу з {total}.",
    "first_listed_later": "Категорію «{label}» уперше наведено у звіті за {report}, одразу з "
    "{total}; до того вона рахується як нуль.",
    "series_break": "З {on} Генеральний штаб ЗСУ наводить {members} однією цифрою («{into}»); "
    "зміну пораховано від їхньої суми у звіті за {base} ({parts} = {sum}).",
    "series_break_missing": "З {on} Генеральний штаб ЗСУ наводить {members} однією цифрою "
    "(«{into}»); у звіті за {base} немає даних «{absent}», тож зміну не пораховано.",
    "gap_day": "У сховищі немає звіту за {missing}; зміну пораховано від звіту за {base}.",
    "gap_days": "У сховищі немає звітів з {first} по {last}; зміну пораховано від звіту за {base}.",
    "gap_end": "Немає звіту за {end}; порівняння закінчується звітом за {report}.",
    "partial": "Період триває до {end}, що ще не настало; враховано звіти досі, до {report}.",
    "stale": "Найновіший звіт у сховищі — за {report}, йому {age}; Генеральний штаб ЗСУ "
    "публікує звіт щоранку, тож можуть бути новіші дані.",
    "disagree_primary": "Джерела, що передають звіт за {report}, розходяться в категорії "
    "«{label}»: {values}; опубліковано {published}, бо це число наводить власний допис "
    "Генерального штабу ЗСУ.",
    "disagree_stated_change": "Джерела, що передають звіт за {report}, розходяться в категорії "
    "«{label}»: {values}; опубліковано {published}, бо воно дає зміну {stated}, зазначену в "
    "самому звіті.",
    "disagree_stated_change_unnamed": "Джерела, що передають звіт за {report}, розходяться в "
    "категорії «{label}»: {values}; опубліковано {published}, бо воно дає зміну, зазначену в "
    "самому звіті.",
    "disagree_next_stated_change": "Джерела, що передають звіт за {report}, розходяться в "
    "категорії «{label}»: {values}; опубліковано {published}, бо від нього рахується зміна "
    "{stated}, зазначена в наступному звіті, за {next}.",
    "disagree_next_stated_change_unnamed": "Джерела, що передають звіт за {report}, розходяться в "
    "категорії «{label}»: {values}; опубліковано {published}, бо від нього рахується зміна, "
    "зазначена в наступному звіті.",
    "disagree_repeated_record": "Джерела, що передають звіт за {report}, розходяться в категорії "
    "«{label}»: {values}; опубліковано {published}, бо запис {losers} повторює дані попереднього "
    "звіту.",
    "disagree_uncorrected_fall": "Джерела, що передають звіт за {report}, розходяться в категорії "
    "«{label}»: {values}; опубліковано {published}, бо з {others} загальна кількість зменшилася "
    "б, хоча Генеральний штаб ЗСУ не публікував виправлення.",
    "disagree_majority": "Джерела, що передають звіт за {report}, розходяться в категорії "
    "«{label}»: {values}; опубліковано {published}, бо його наводить більшість джерел.",
    "disagree_undecided": "Джерела, що передають звіт за {report}, розходяться в категорії "
    "«{label}»: {values}; жоден доказ не вирішує між ними, тож жодне з чисел не подано як факт.",
    "stated_change_differs": "Звіт за {report} зазначає зміну {stated} в категорії «{label}» "
    "(за даними {by}), але його загальні дані дають {computed} від попереднього дня.",
    "stated_change_differs_many": "Звітів з {first} по {last}, у яких зазначена зміна в категорії "
    "«{label}» не збігається з різницею загальних даних: {count}.",
    "milestone": "Рубіж: загальна кількість у категорії «{label}» перевищила {mark}.",
    "record_ever": "Найбільше добове значення в категорії «{label}» за весь час ({n}).",
    "record_since": "Найбільше добове значення в категорії «{label}» з {since} ({n}).",
    "age_days_one": "{n} день",
    "age_days_few": "{n} дні",
    "age_days_many": "{n} днів",
    "age_hours_one": "{n} година",
    "age_hours_few": "{n} години",
    "age_hours_many": "{n} годин",
    # The help lines of the command table (`bot.app.commands`), after the questions' usage.
    "help_also": "У Slack також:",
    "help_public": "/losses ... публічно               опублікувати відповідь у каналі, не лише "
    "вам",
    "help_chart": "/losses графік танки за останні 90 днів  графік PNG тут (типово: особовий "
    "склад, 30 днів)",
    "help_export": "/losses експорт з 1.11.2022        файл CSV тут (типово: уся історія)",
    "help_subscribe": "/losses підписати [категорії]      сповіщення тут про кожен новий звіт; "
    "/losses відписати",
    "help_subscriptions": "/losses підписки                   підписані канали цього робочого "
    "простору",
    "help_mode": "/losses режим швидкий|підтверджений  сповіщення за першим джерелом або коли "
    "погодяться два (типово)",
    "help_sources": "/losses джерела                    найновіший звіт кожного джерела і недавні "
    "розбіжності",
    "help_digest": "/losses дайджест щотижня|щомісяця|вимкнути  підсумок щопонеділка (або 1-го) о "
    "09:00",
    "help_timezone": "/losses пояс Europe/Kyiv           часовий пояс підсумків (типово UTC)",
    "help_claims": "/losses заяви                      що заявляють інші сторони, з джерелом і "
    "датою",
    "help_claim": "/losses заява                      додати заяву до реєстру (форма)",
    "help_datalink": "/losses посилання [скинути]        живі дані CSV/JSON цього робочого "
    "простору для графіків",
    "help_approval": "/losses затвердження #канал|вимкнути  редактор у #каналі затверджує "
    "кожне сповіщення",
    "help_brief": "/losses довідка [ДАТА]             дані для ранкового матеріалу",
    "timezone_set": "Підсумки для <#{channel}> тепер ідуть за часом {zone}.",
    "digest_off": "<#{channel}> більше не отримуватиме підсумків.",
    "digest_weekly": "<#{channel}> отримуватиме тижневий підсумок щопонеділка о 09:00 (за часом "
    "{zone}; змінити: `/losses timezone Europe/Kyiv`) за попередній тиждень, із графіком.",
    "digest_monthly": "<#{channel}> отримуватиме місячний підсумок 1-го числа щомісяця о 09:00 "
    "(за часом {zone}; змінити: `/losses timezone Europe/Kyiv`) за попередній місяць, із "
    "графіком.",
    "every_category": "усі категорії",
    "subscribed_new": "<#{channel}> тепер отримуватиме сповіщення про кожен новий звіт "
    "Генштабу ({what}), починаючи з наступного. У приватний канал спершу запросіть мене.",
    "subscribed_again": "<#{channel}> і далі отримує сповіщення про кожен новий звіт Генштабу "
    "({what}), починаючи з наступного. У приватний канал спершу запросіть мене.",
    "mode_not_subscribed": "<#{channel}> не підписаний: спершу `/losses subscribe`.",
    "mode_fast": "<#{channel}> тепер отримує сповіщення про звіт від першого джерела, що його "
    "опублікувало, з позначкою «не підтверджено», доки не погодиться друге.",
    "mode_confirmed": "<#{channel}> тепер отримує сповіщення про звіт, коли друге джерело "
    "підтвердить дані про особовий склад (або після очікування, з позначкою «не підтверджено»).",
    "unsubscribed_shared": "Цей робочий простір більше не підписує <#{channel}>, але інший "
    "робочий простір, з яким канал спільний, підписує: його сповіщення надходитимуть, доки він "
    "не відпишеться.",
    "not_subscribed_shared": "Цей робочий простір не підписує <#{channel}>; його підписує інший "
    "робочий простір, з яким канал спільний.",
    "unsubscribed": "<#{channel}> більше не отримуватиме сповіщень.",
    "not_subscribed": "<#{channel}> не був підписаний.",
    "no_subscriptions": "Жоден канал цього робочого простору не підписаний.",
    "subscriptions_title": "Підписані канали",
    "approval_on": "Починаючи з наступного звіту, кожне сповіщення спершу надходить до "
    "<#{channel}> як чернетка з кнопками «Approve» і «Hold»; підписані канали отримають його "
    "лише після схвалення редактора. Схвалювати можуть лише учасники <#{channel}>. Якщо канал "
    "приватний, спершу запросіть мене.",
    "approval_off": "Тепер сповіщення надходять одразу до підписаних каналів. Чернетки, що вже є "
    "в <#{channel}>, вийдуть лише після схвалення редактора.",
    "approval_was_off": "Затвердження вимкнено: сповіщення надходять одразу до підписаних "
    "каналів. `/losses затвердження #канал` спершу надсилає кожне до каналу редакторів.",
    "approval_status": "Кожне сповіщення спершу надходить до <#{channel}> як чернетка, яку "
    "схвалює редактор (чекають: {n}). `/losses затвердження вимкнути` це скасовує.",
    "approval_line": "*Затвердження:* кожне сповіщення спершу надходить до <#{channel}> як "
    "чернетка (чекають: {n}).",
    "draft_problem": " Остання чернетка туди не дійшла: `{problem}`; без неї нічого не вийде.",
    "not_an_editor": "Схвалювати чи затримувати чернетки або змінювати затвердження можуть лише "
    "учасники <#{channel}>.",
    "cannot_check_editors": "Я не бачу учасників <#{channel}>: запросіть мене туди "
    "(`/invite @losses-bot`) і спробуйте ще раз.",
    "draft_approved": "Схвалено: сповіщення надсилається до {channels}.",
    "draft_approved_nowhere": "Схвалено, але жоден канал цього робочого простору зараз не "
    "підписаний: нічого не надіслано.",
    "draft_held": "Затримано: нічого не надіслано. Його ще можна схвалити.",
    "draft_was_approved": "<@{user}> уже схвалив(-ла) цю чернетку; вона вийде один раз.",
    "draft_was_held": "<@{user}> уже затримав(-ла) цю чернетку; її ще можна схвалити.",
    "draft_superseded": "Новіший звіт замінив цю чернетку; її вже не можна схвалити.",
    "all": "усі",
    "fast_alerts": "; швидкі сповіщення",
    "last_alert": "останнє сповіщення {on}",
    "no_alert_yet": "сповіщень ще не було",
    "delivery_problem": "; проблема з доставкою: `{problem}`",
    "datalink": "Живі дані цього робочого простору: кожен звіт, кожна категорія, оновлюються з "
    "надходженням звітів.\n{links}",
    "datalink_reset": "Нова адреса живих даних; стара більше не працює.\n{links}",
    "datalink_links": "• CSV: {base}.csv\n• JSON: {base}.json\n• Рядок на кожен звіт і "
    "категорію: додайте `?shape=long`; без рядка з джерелом над заголовком: `?comment=0`; лише "
    "один період: `?period=з 1 листопада 2022`\n"
    "Прочитати може будь-хто з посиланням; `/losses datalink reset` замінює його.",
    "drawing_chart": "Малюю графік: {what}; його буде опубліковано тут.",
    "posting_file": "Публікую тут {name}.",
    "opening_form": "Відкриваю форму…",
    "sorry": "Вибачте, у нас щось пішло не так. Це записано в журнал.",
    "posted_already": "Цю довідку щойно опубліковано в цьому каналі; повторно її не опубліковано.",
    "stale_button": "Ця кнопка більше не працює; запитайте довідку знову: `/losses довідка`.",
    "stale_action": "Ця кнопка більше не працює; запитайте знову через `/losses`.",
    "clicked_already": "Цю кнопку вже натиснуто під цим повідомленням; двічі нічого не зроблено.",
    "ledger_full": "Цей робочий простір уже має {most} заяв, найбільше, що можна внести тут; "
    "попросіть оператора бота додати ще через `losses-bot claims`.",
    "claim_new": "Заяву #{id} додано: {claim}",
    "claim_revised": "Заяву #{id} змінено: {claim}",
    "claim_unchanged": "Заява #{id} уже є: {claim}",
    "already": "Цей запит надійшов двічі; його виконано першого разу.",
    "busy": "Зараз створюється забагато графіків і файлів; спробуйте за хвилину.",
    "too_long": "Це {n} символів; запитання — щонайбільше {most}. `/losses допомога` покаже, що "
    "можна запитати.",
    "no_claims": "У реєстрі ще немає заяв: `losses-bot claims add` або `claims import`.",
    "no_claims_by": "У реєстрі немає заяв сторони з назвою, схожою на «{party}».",
    "claims_by": "Заяви сторони {party}, від найновіших:",
    "claims_all": "Заяви інших сторін, від найновіших:",
    "claims_more": "… і ще {n} давніших.",
    "no_workspace": "Не вдалося визначити робочий простір Slack, тож нічого не змінено: "
    "спробуйте ще раз із каналу вашого робочого простору.",
    "empty_store": "У сховищі ще немає звітів: виконайте `losses-bot import` або "
    "`losses-bot poll`.",
    "only_one": "У сховищі лише один звіт ({report}).",
    "future": "{day} ще не настало; найновіший звіт — за {report}.",
    "none_since": "Від {day} звітів ще немає; найновіший — за {report}: запитайте "
    "`за {on_iso}` або `останні дані`.",
    "none_between": "Між {start} і {end} звітів немає.",
    "none_between_near": "Між {start} і {end} звітів немає; найближчий — за {report}.",
    "no_base": "У сховищі немає звіту до {day}, від якого рахувати; найперший — за {report}. "
    "Напишіть `з початку вторгнення`, щоб рахувати від початку вторгнення.",
    "no_report": "У сховищі немає звіту за {day}.",
    "no_report_near": "У сховищі немає звіту за {day}; найближчий — за {report}.",
    "usage_not_understood": "Не розумію «{rest}».",
    "usage_hint": " Можливо, ви мали на увазі «{hint}»?",
    "cli_more": "Усі форми запитів: losses-bot ask допомога",
    "cli_written": "{title}: записано у файл {path}",
    "import_a_ledger": "{location} — реєстр заяв, а не звіти: імпортуйте його командою "
    "`losses-bot claims import {location}`",
    "import_nothing": "У {where} немає файлів, які читає losses-bot (JSON набору даних, "
    "orc-losses, сторінки API, daily_count.csv від Oryx, файли The Economist чи CSV заяв)",
    "skipped_schema": "схема JSON, а не дані",
    "skipped_json": "JSON, форми якого losses-bot не читає",
    "skipped_csv": "CSV, форми якого losses-bot не читає",
    "skipped_other": "не файл даних",
    "unfurl_title": "Найновіший звіт Генерального штабу ЗСУ: {report}",
    "prompt_title": "Запитайте про втрати Росії, як у /losses:",
    "assistant_status": "читає звіти Генерального штабу ЗСУ…",
    "assistant_try": "Спробуйте: `з 1 листопада 2022`, `танки за тиждень` або `за 24.11.2022`.",
    "assistant_elsewhere": "Графіки, CSV, форми й налаштування каналу — через `/losses` у "
    "каналі: тут я відповідаю на запитання.",
    "export_title": "Втрати Росії, {labels}: {n}",
    "all_categories": "усі категорії",
    "reports_one": "{n} звіт Генерального штабу ЗСУ",
    "reports_few": "{n} звіти Генерального штабу ЗСУ",
    "reports_many": "{n} звітів Генерального штабу ЗСУ",
    "usage_not_a_date": "«{text}» — такої дати в календарі немає.",
    "usage_not_a_war_day": "«{text}» — не день війни (день 1 — 24 лютого 2022).",
    "usage_ambiguous_date": "«{text}» може означати і {first}, і {second}: напишіть "
    "{first_iso} або {second_iso}.",
    "usage_expected_date": "Тут має бути дата, а не «{got}».",
    "usage_expected_date_end": "Запит закінчився там, де має бути дата.",
    "usage_expected_joiner": "Після першої дати має бути друга: «між 1 і 31 березня 2022» або «з 1 "
    "по 31 березня 2022».",
    "usage_dates_order": "Перша дата не може бути пізнішою за другу.",
    "usage_days_order": "Перший день не може бути пізнішим за другий.",
    "usage_day_range": "Скажіть «дні 270–274» або «день 274» для одного звіту.",
    "usage_no_week": "У {year} році немає ISO-тижня {week}.",
    "usage_count": "Вкажіть число від 1 до {most}, напр. «за останні 7 днів».",
    "usage_this": "Скажіть «цього тижня», «цього місяця» або «цього року».",
    "usage_last": "Скажіть «за останні N днів» або «за останні N тижнів», напр. «за останні 7 "
    "днів».",
    "usage_brief": "Довідка — про один звіт: «довідка» або «довідка 24.11.2022».",
    "usage_file_period": "Вкажіть період, напр. «за останні 30 днів» або «з 1 листопада 2022».",
    "usage_chart_most": "На одному графіку — не більше ніж {most} категорії.",
    "usage_button": "Ця кнопка не містить запитання; запитайте через `/losses`.",
    "usage_datalink": "Скажіть «посилання» для адреси даних робочого простору або «посилання "
    "скинути» для нової.",
    "usage_digest": "Скажіть «дайджест щотижня», «дайджест щомісяця» або «дайджест вимкнути».",
    "usage_not_a_zone": "«{name}» — не назва часового поясу; напишіть назву IANA, напр. "
    "Europe/Kyiv, Europe/London або America/New_York.",
    "usage_timezone": "Скажіть «пояс» і назву часового поясу IANA, напр. «пояс Europe/Kyiv».",
    "usage_mode": "Скажіть «режим підтверджений» (сповіщення, коли друге джерело підтвердить; "
    "типово) або «режим швидкий» (сповіщення за першим джерелом, позначене як непідтверджене).",
    "usage_approval": "Скажіть «затвердження #канал», вибравши канал зі списку Slack, коли "
    "наберете #, або «затвердження вимкнути».",
    "usage_subscribe": "Після «підписати» — лише категорії, напр. «підписати танки особовий "
    "склад».",
    "chart_title": "Втрати Росії: {labels}, {first} – {last}",
    "chart_panel": "{Label}: втрати за кожен звіт; загалом {total} станом на {report}",
    "chart_panel_taken": "{Label}: взято в полон за кожен звіт; загалом {total} станом на {report}",
    "chart_corrections": "; червоним — виправлення",
    "chart_average": "середнє за 7 звітів",
    "chart_disputed": "джерела розходяться",
    "chart_caption": "Джерело: {source}. Зміна між послідовними звітами, з {first} по {last}.",
    "file_caption": "Джерело: {source}. Звіти з {first} по {last}.",
    "chart_one_report": "Для графіка потрібні щонайменше два звіти; у цьому періоді один "
    "({report}). Запитайте його дані без `chart` або побудуйте графік за період, напр. "
    "`chart tanks last 30 days`.",
}
assert UKRAINIAN.keys() == ENGLISH.keys()
# A report's own qualifier of a figure -> the template that says it.
QUALIFIERS = {"about": "about", "more": "more", "more than": "more"}


def uk_number_form(n: int) -> int:
    """Which form a Ukrainian noun takes after `n`: 0 for 1, 21, 31, ... (not 11); 1 for 2-4,
    22-24, ... (not 12-14); 2 for the rest (0, 5-20, 25, 111, ...)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


# Small numbers after a noun in the genitive, written out as Ukrainian copy writes them.
UK_GENITIVE_NUMBERS = {2: "двох", 3: "трьох", 4: "чотирьох", 5: "п'яти", 6: "шести", 7: "семи",
                       8: "восьми", 9: "дев'яти", 10: "десяти"}  # fmt: skip

# A category with no Ukrainian forms (one the General Staff adds): counted in units.
UK_UNIT_FORMS = ("одиницю в категорії «{}»", "одиниці в категорії «{}»", "одиниць у категорії «{}»")


@dataclass(frozen=True)
class Wording:
    """How numbers, dates, reports and categories are written in one language."""

    lang: str
    templates: dict[str, str]

    @property
    def authority(self) -> str:
        return self.templates["authority"]

    def source(self, feeds: Iterable[str]) -> str:
        """The attribution: the General Staff, and the feeds its figures came through."""
        return self.say("source", authority=self.authority, feeds=self.say("and").join(feeds))

    def count_of(self, n: int) -> str:
        """A count after "of" ("the net of 3 corrections"; "підсумок трьох виправлень")."""
        if self.lang == "uk" and n in UK_GENITIVE_NUMBERS:
            return UK_GENITIVE_NUMBERS[n]
        return self.int(n)

    def listing(self, items: Sequence[str]) -> str:
        """ "a, b and c", "а, б і в"."""
        if len(items) < 2:
            return "".join(items)
        return ", ".join(items[:-1]) + self.say("and") + items[-1]

    def say(self, name: str, /, **params: Any) -> str:
        return self.templates[name].format(**params)

    def int(self, n: int) -> str:
        text = fmt_int(n)
        return text.replace(",", NBSP) if self.lang == "uk" else text

    def change(self, n: int) -> str:
        text = fmt_change(n)
        return text.replace(",", NBSP) if self.lang == "uk" else text

    def date(self, day: date, headline: bool = False) -> str:
        """ "24 Nov 2022"; "24 листопада 2022 року", as Ukrainian running text writes it (a
        headline drops "року")."""
        if self.lang == "uk":
            year = f"{day.year}" if headline else f"{day.year} року"
            return f"{day.day} {UK_MONTHS[day.month - 1]} {year}"
        return fmt_date(day)

    def weekday(self, day: date) -> str:
        """The day of the week as it reads after "between" ("між середою")."""
        names = UK_WEEKDAYS_BETWEEN if self.lang == "uk" else WEEKDAYS
        return names[day.weekday()]

    def report(self, report: Report) -> str:
        return self.say("report", date=self.date(report.date), day=report.day)

    def label(self, key: str) -> str:
        """The category's name in a table or a note ("tanks", "танки")."""
        cat = category(key)
        if self.lang == "uk":
            return cat.uk or cat.plural
        return cat.plural

    def soldiers(self, n: int) -> str:
        """The brief's word for people after the number `n`."""
        return self.say(("soldiers_one", "soldiers_few", "soldiers_many")[uk_number_form(n)])

    def counting(self, noun: str, n: int) -> str:
        """`n` and a noun in the form the number takes: "1 day", "2 дні", "5 днів"."""
        forms = ("_one", "_few", "_many")
        form = uk_number_form(n) if self.lang == "uk" else 0 if abs(n) == 1 else 2  # "21 days"
        return self.say(noun + forms[form], n=self.int(n))

    def counted(self, key: str, n: int) -> str:
        """The category's name after the number `n`: "1 tank", "310 personnel"; in Ukrainian
        the form the number takes ("1 танк", "2 танки", "5 танків"), or, for a category with no
        Ukrainian forms, "5 одиниць у категорії «…»"."""
        cat = category(key)
        if self.lang != "uk":
            return cat.label(n)
        form = uk_number_form(n)
        if cat.uk_counted[form]:
            return cat.uk_counted[form]
        return UK_UNIT_FORMS[form].format(self.label(key))

    def title(self, key: str) -> str:
        """The name at the start of a sentence or a chart panel: "MLRS", "UAVs", "Танки"."""
        label = self.label(key)
        return label[:1].upper() + label[1:]


EN = Wording("en", ENGLISH)
UK = Wording("uk", UKRAINIAN)
LANGUAGES = {"en": EN, "uk": UK}


def wording(lang: str) -> Wording:
    return LANGUAGES.get(lang, EN)
