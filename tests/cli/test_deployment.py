"""The deployment files say what the code does: the command, the endpoint, the scopes it uses,
the processes, and the settings it reads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from bot.settings import SettingsError, load_settings, read_environment
from tests.support.env import ROOT


def test_the_manifest_declares_the_command_endpoint_and_the_scopes_used() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/losses"
    assert command["url"].endswith("/slack/events")
    assert command["description"] and command["usage_hint"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    # commands: /losses; chat:write(.public): alerts; *:history: the check before a re-post.
    assert {"commands", "chat:write", "chat:write.public", "channels:history",
            "groups:history", "files:write"} <= scopes  # fmt: skip
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_the_manifest_declares_the_shortcut_events_home_tab_and_interactivity() -> None:
    from bot.render.claim_form import SHORTCUT

    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    (shortcut,) = manifest["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", SHORTCUT)
    assert len(shortcut["name"]) <= 24 and shortcut["description"]
    assert manifest["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
    events = manifest["settings"]["event_subscriptions"]
    assert set(events["bot_events"]) == {
        "app_uninstalled", "tokens_revoked", "app_home_opened",  # the app's own
        "link_shared", "assistant_thread_started", "assistant_thread_context_changed",
        "message.im", "function_executed",  # the other doors (tests/slack/test_doors.py)
    }  # fmt: skip
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert events["request_url"].endswith("/slack/events")
    interactivity = manifest["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True
    assert interactivity["request_url"].endswith("/slack/events")


def test_the_procfile_migrates_on_release_and_serves_on_web() -> None:
    lines = dict(
        line.split(": ", 1)
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert lines == {"release": "losses-bot migrate", "web": "losses-bot serve"}


def test_the_heroku_button_adds_postgres_and_asks_for_the_slack_secrets() -> None:
    app = json.loads((ROOT / "app.json").read_text())
    assert {"plan": "heroku-postgresql"} in app["addons"]
    # The README's button deploys the repository app.json names (a placeholder the operator
    # sets for their fork): the two say the same address.
    readme = (ROOT / "README.md").read_text()
    assert f"https://heroku.com/deploy?template={app['repository']}" in readme
    assert app["env"]["SLACK_SIGNING_SECRET"]["required"] is True
    # One workspace by its token, or any number by OAuth: both ways are offered, neither forced.
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        assert app["env"][name]["required"] is False and app["env"][name]["description"]


def test_every_variable_in_env_example_is_one_the_settings_read() -> None:
    names = {
        line.lstrip("# ").split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and line.lstrip("# ")[:1].isupper()
    }
    source = (ROOT / "bot" / "settings.py").read_text()
    assert names and all(f'"{name}"' in source for name in names), names


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "80000"}, "PORT: must be between 1 and 65535"),
        ({"LOSSES_STALE_AFTER": "soon"}, "LOSSES_STALE_AFTER: expected a whole number"),
        ({"LOSSES_POLL_INTERVAL": "0"}, "LOSSES_POLL_INTERVAL: must be between"),
    ],
)
def test_a_missing_or_malformed_variable_is_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(message)) as error:
        load_settings(env)
    assert "xoxb-1" not in str(error.value) and "abc" not in str(error.value)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET: missing"),
        # ... naming the other way too: OAuth for many workspaces
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN: missing"),
        ({"SLACK_SIGNING_SECRET": "s"}, "many set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"),
        (
            {"SLACK_BOT_TOKEN": "abc", "SLACK_SIGNING_SECRET": "s"},
            "SLACK_BOT_TOKEN: expected a value starting with 'xoxb-'",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN: expected"),
        ({"SLACK_API_URL": "slack"}, "SLACK_API_URL: expected an http(s) URL"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "s"}, "set both for OAuth"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "abc"}, "SLACK_SIGNING_SECRET: missing"),
        (
            {
                "SLACK_CLIENT_ID": "1.2",
                "SLACK_CLIENT_SECRET": "abc",
                "SLACK_SIGNING_SECRET": "s",
                "SLACK_BOT_TOKEN": "xoxb-1",
            },
            "SLACK_BOT_TOKEN: not used with SLACK_CLIENT_ID",
        ),
        ({"SLACK_CLIENT_ID": "my-app", "SLACK_CLIENT_SECRET": "abc"}, "SLACK_CLIENT_ID: expected"),
    ],
)
def test_slack_variables_half_set_are_a_problem_only_serve_and_worker_stop_for(
    env: dict[str, str], message: str
) -> None:
    settings = load_settings(env)  # `ask`, `import`, `chart`, `export` load these settings
    assert settings.slack_problem is not None and message in settings.slack_problem
    assert "xoxb-1" not in settings.slack_problem and "abc" not in settings.slack_problem
    assert "xoxb-1" not in repr(settings)


def test_no_slack_credentials_is_a_dry_run_and_an_app_token_is_socket_mode() -> None:
    assert load_settings({}).dry_run
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert not settings.dry_run and settings.socket_mode
    assert "xoxb" not in repr(settings)


def test_oauth_credentials_serve_any_number_of_workspaces() -> None:
    env = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "abc", "SLACK_SIGNING_SECRET": "s"}
    settings = load_settings(env)
    assert settings.oauth and not settings.dry_run and settings.slack_problem is None
    assert "abc" not in repr(settings)
    narrow = load_settings({**env, "SLACK_SCOPES": "commands, chat:write"})
    assert narrow.slack_scopes == ("commands", "chat:write")


def test_a_copy_of_env_example_leaves_the_dry_run_working(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text((ROOT / ".env.example").read_text())
    settings = load_settings(read_environment({}, str(dotenv)))
    assert settings.dry_run and settings.slack_problem is None


def test_a_dotenv_file_fills_in_what_the_environment_lacks(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("PORT=4000\nLOSSES_POLL_INTERVAL=60\n")
    settings = load_settings(read_environment({"PORT": "5000"}, str(dotenv)))
    assert (settings.port, settings.poll_interval) == (5000, 60)


def test_the_sources_are_read_in_order_with_their_urls_and_one_source_still_works() -> None:
    from datetime import timedelta

    from bot.settings import SOURCE_URLS

    default = load_settings({})
    # Measured: the dataset gave the stated change where orc-losses did not (the README).
    assert [kind for kind, _ in default.sources] == ["russianwarship", "dataset", "orc-losses"]
    assert default.genstaff_url == ""  # the General Staff's posts: off unless set
    assert default.confirmation.required == 2
    assert default.confirmation.wait == timedelta(hours=3)
    given = load_settings({"LOSSES_SOURCES": " dataset , russianwarship=https://a.example/api ",
                           "LOSSES_CONFIRMATIONS": "3", "LOSSES_CONFIRM_WAIT": "60"})  # fmt: skip
    assert given.sources == (
        ("dataset", SOURCE_URLS["dataset"]),
        ("russianwarship", "https://a.example/api"),
    )
    assert given.confirmation.required == 3 and given.confirmation.wait == timedelta(minutes=1)
    one = load_settings({"LOSSES_SOURCE": "dataset", "LOSSES_SOURCES": "orc-losses"})
    assert one.sources == (("dataset", SOURCE_URLS["dataset"]),)  # the one-source setting wins
    assert one.confirmation.required == 1  # one source: its report is the report
    post = "https://t.me/s/GeneralStaffZSU?q={date:%d.%m.%y}"
    assert load_settings({"LOSSES_GENSTAFF_URL": post}).genstaff_url == post
    with pytest.raises(SettingsError, match="LOSSES_GENSTAFF_URL: expected an http"):
        load_settings({"LOSSES_GENSTAFF_URL": "https://x.example/{day}"})
    url = load_settings({"LOSSES_SOURCE_URL": "https://b.example/api"})
    assert url.sources == (("russianwarship", "https://b.example/api"),)
