"""A fake Slack Web API on loopback, after slack-bolt's own `mock_web_api_server`: the real
slack-sdk client talks HTTP to it through its base URL. It records every call, keeps what each
channel shows (with message metadata and threads), and fails on demand."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.loopback import serve_on_loopback

# Faults, per method, applied to the next calls in order:
#   "429"             rate limited, Retry-After: 1; nothing posted
#   "500"             server error; nothing posted
#   "500-after-post"  the message is posted, then the answer is a 500
#   "hang"            no answer at all; nothing posted
#   "hang-after-post" the message is posted, then no answer
#   "slow"            answer normally, half a second late (a call still in flight)
#   "none"            answer normally
#   anything else     HTTP 200 {"ok": false, "error": <it>}
POSTING = {"chat.postMessage"}
# Methods Slack answers with a bare `ok`: unfurls, Workflow Builder steps' results, the
# assistant panel's prompts, status and title.
RECORDED = {"chat.unfurl", "functions.completeSuccess", "functions.completeError",
            "assistant.threads.setSuggestedPrompts", "assistant.threads.setStatus",
            "assistant.threads.setTitle"}  # fmt: skip


@dataclass
class PostingLimits:
    """Slack's limits on `chat.postMessage`, enforced when set: about one message per second per
    channel, and a workspace-wide limit (Slack publishes no figure for it; this fake gives each
    workspace, told apart by its token, a bucket of `burst` messages refilled at `per_second`).
    Over either: HTTP 429 with `Retry-After` in whole seconds, and nothing posted."""

    channel_seconds: float = 1.0
    burst: int = 10
    per_second: float = 2.0
    refused: int = 0  # 429s answered
    _channels: dict[str, float] = field(default_factory=dict)
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def wait(self, token: str, channel: str, now: float) -> float:
        """Seconds until this post is allowed: 0 to post now (and count it)."""
        since = now - self._channels.get(channel, -1e9)
        if since < self.channel_seconds:
            return self.channel_seconds - since
        tokens, at = self._buckets.get(token, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.per_second)
        if tokens < 1:
            self._buckets[token] = (tokens, now)
            return (1 - tokens) / self.per_second
        self._buckets[token] = (tokens - 1, now)
        self._channels[channel] = now
        return 0.0


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.channels: dict[str, list[dict[str, Any]]] = {}
        self.faults: dict[str, list[str]] = {}
        self.port = 0
        self.socket_acks: list[dict[str, Any]] = []  # what the app answered over Socket Mode
        self.uploads: dict[str, bytes] = {}  # file id -> the bytes uploaded
        self.responses: list[dict[str, Any]] = []  # what the app sent to a response_url
        self.socket_envelopes: list[dict[str, Any]] = []  # sent to the app on connection
        self.views: dict[str, dict[str, Any]] = {}  # open modals by view id
        self.homes: dict[str, dict[str, Any]] = {}  # each user's published Home tab
        # OAuth: what `oauth.v2.access` answers for each code a test hands out, and the app's
        # credentials it checks; the bearer token of every call, as (method, token).
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.client_credentials = ("111.222", "client-secret")
        self.tokens: list[tuple[str, str]] = []
        self.limits: PostingLimits | None = None  # Slack's posting limits, when a test sets them
        self.locales: dict[str, str] = {}  # user id -> the locale `users.info` gives (e.g. uk-UA)
        # channel id -> its members, as `conversations.members` gives them (two to a page); a
        # channel not here is one the bot cannot see: `channel_not_found`
        self.members: dict[str, list[str]] = {}
        self._runner: web.AppRunner | None = None
        self._seq = itertools.count(1)
        self._filenames: dict[str, str] = {}

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._handle)
        app.router.add_get("/api/{method}", self._handle)  # slack-sdk reads history with GET
        app.router.add_get("/socket", self._socket)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{id}", self._response)
        self._runner, self.port = await serve_on_loopback(app)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def posted(self, channel: str) -> list[dict[str, Any]]:
        return self.channels.get(channel, [])

    async def wait_for(self, predicate: Any, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"fake Slack: condition not met in {timeout}s: {self.calls}")
            await asyncio.sleep(0.05)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.method == "GET":
            params: dict[str, Any] = {}
        elif request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        params.update(request.query)
        self.calls.append((method, params))
        authorization = request.headers.get("Authorization", "")
        self.tokens.append((method, authorization.removeprefix("Bearer ")))
        if authorization.startswith("Basic "):  # an app's credentials: oauth.v2.access
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            params.update(client_id=user, client_secret=password)
        if method in POSTING and self.limits is not None:
            channel = str(params.get("channel"))
            wait = self.limits.wait(self.tokens[-1][1], channel, time.monotonic())
            if wait > 0:
                self.limits.refused += 1
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                         headers={"Retry-After": str(math.ceil(wait))})  # fmt: skip
        queue = self.faults.get(method, [])
        fault = queue.pop(0) if queue else "none"
        if fault == "429":
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "1"})  # fmt: skip
        if fault == "500":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "hang":
            await asyncio.sleep(3600)
        if fault == "slow":
            await asyncio.sleep(0.5)
        if fault not in ("none", "slow", "500-after-post", "hang-after-post"):
            return web.json_response({"ok": False, "error": fault})
        body = self._answer(method, params)
        if fault == "500-after-post":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "hang-after-post":
            await asyncio.sleep(3600)
        return web.json_response(body)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: hello, then the queued envelopes; the app's acks are recorded."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1})
        for envelope in self.socket_envelopes:
            await ws.send_json(envelope)
        async for message in ws:
            if message.type == web.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return ws

    @property
    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/response/1"

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text=f"OK - {len(self.uploads[request.match_info['file_id']])}")

    async def _response(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        return web.Response(text="ok")

    def files_in(self, channel: str) -> list[dict[str, Any]]:
        """Files shared to a channel: {"id", "name", "title", "initial_comment", "data"}."""
        return [
            {
                **m["files"][0],
                "initial_comment": m["text"],
                "data": self.uploads[m["files"][0]["id"]],
            }
            for m in self.posted(channel)
            if "files" in m
        ]

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._seq)}"
            self._filenames[file_id] = params.get("filename", "")
            return {"ok": True, "file_id": file_id,
                    "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}"}  # fmt: skip
        if method == "files.completeUploadExternal":
            (entry,) = _json(params["files"])
            file = {"id": entry["id"], "name": self._filenames[entry["id"]],
                    "title": entry.get("title")}  # fmt: skip
            ts = f"{time.time():.0f}.{next(self._seq):06d}"
            self.channels.setdefault(params["channel_id"], []).append(
                {
                    "ts": ts,
                    "type": "message",
                    "text": params.get("initial_comment", ""),
                    "files": [file],
                }
            )
            return {"ok": True, "files": [{"id": entry["id"], "title": entry.get("title")}]}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "oauth.v2.access":
            return self._oauth(params)
        if method in ("views.open", "views.update"):
            return self._view(method, params)
        if method == "views.publish":
            view = _json(params.get("view"))
            problem = _home_problem(view)
            if problem or not params.get("user_id"):
                return {"ok": False, "error": "invalid_arguments",
                        "response_metadata": {"messages": [problem or "no user_id"]}}  # fmt: skip
            self.homes[params["user_id"]] = view
            return {"ok": True, "view": {**view, "id": f"V{next(self._seq)}"}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params.get('users', '')}"}}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            return {
                "ok": True,
                "channel": params["channel"],
                "permalink": f"https://newsroom.slack.com/archives/{params['channel']}/p{ts}",
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{time.time():.6f}"}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "team_id": "T1", "bot_id": "BBOT"}
        if method == "chat.postMessage":
            ts = f"{time.time():.0f}.{next(self._seq):06d}"
            message = {"type": "message", "ts": ts, "text": params.get("text", ""),
                       "blocks": _json(params.get("blocks")), "bot_id": "BBOT"}  # fmt: skip
            if params.get("metadata"):
                message["metadata"] = _json(params["metadata"])
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            self.channels.setdefault(params["channel"], []).append(message)
            return {"ok": True, "channel": params["channel"], "ts": ts, "message": message}
        if method == "chat.update":
            for message in self.posted(params.get("channel", "")):
                if message["ts"] == params.get("ts"):
                    message["text"] = params.get("text", "")
                    message["blocks"] = _json(params.get("blocks"))
                    return {"ok": True, "channel": params["channel"], "ts": message["ts"]}
            return {"ok": False, "error": "message_not_found"}
        if method in ("conversations.history", "conversations.replies"):
            oldest = float(params.get("oldest") or 0)
            messages = [m for m in self.posted(params["channel"]) if float(m["ts"]) > oldest]
            if method == "conversations.history":
                messages = [m for m in messages if "thread_ts" not in m]
            else:
                messages = [m for m in messages if m.get("thread_ts") == params["ts"]]
            return {"ok": True, "messages": list(reversed(messages)), "has_more": False}
        if method == "conversations.members":
            if params.get("channel") not in self.members:
                return {"ok": False, "error": "channel_not_found"}
            members = self.members[params["channel"]]
            start = int(params.get("cursor") or 0)
            cursor = str(start + 2) if start + 2 < len(members) else ""
            return {"ok": True, "members": members[start : start + 2],
                    "response_metadata": {"next_cursor": cursor}}  # fmt: skip
        if method in RECORDED:  # calls whose effect is Slack's own: recorded, answered ok
            return {"ok": True}
        if method == "users.info":  # the user's locale, where a test set one
            locale = self.locales.get(str(params.get("user")))
            return {"ok": True, "user": {"id": params.get("user"),
                                         **({"locale": locale} if locale else {})}}  # fmt: skip
        return {"ok": False, "error": "unknown_method"}

    def _oauth(self, params: dict[str, Any]) -> dict[str, Any]:
        """`oauth.v2.access`: a code for an install (once), or a refresh token for a new one."""
        if (params.get("client_id"), params.get("client_secret")) != self.client_credentials:
            return {"ok": False, "error": "invalid_client_id"}
        if params.get("grant_type") == "refresh_token":
            for grant in self.oauth_codes.values():
                if grant.get("refresh_token") == params.get("refresh_token"):
                    grant["access_token"] = f"{grant['access_token']}-r{next(self._seq)}"
                    return {"ok": True, "token_type": "bot", **grant}
            return {"ok": False, "error": "invalid_refresh_token"}
        grant = self.oauth_codes.pop(params.get("code", ""), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        self.oauth_codes[f"used:{params['code']}"] = grant  # kept for refreshes
        return {
            "ok": True,
            "token_type": "bot",
            "app_id": "A1",
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U1"},
            **grant,
        }

    def _view(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Modals, with the checks of Slack's that a form could fail."""
        view = _json(params.get("view"))
        problem = _view_problem(view)
        if problem:
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": [problem]},
            }
        if method == "views.open":
            if not params.get("trigger_id"):
                return {"ok": False, "error": "invalid_trigger_id"}
            view_id = f"V{next(self._seq)}"
        else:
            view_id = params.get("view_id", "")
            held = self.views.get(view_id)
            if held is None:
                return {"ok": False, "error": "not_found"}
            if params.get("hash") and params["hash"] != held["hash"]:
                return {"ok": False, "error": "hash_conflict"}
        self.views[view_id] = {**view, "id": view_id, "hash": f"h{next(self._seq)}"}
        return {"ok": True, "view": self.views[view_id]}


def _home_problem(view: Any) -> str:
    """What Slack would refuse in a Home tab: not a home view, over 100 blocks, a section's
    text over 3,000 characters, an actions block over 25 elements."""
    if not isinstance(view, dict) or view.get("type") != "home":
        return "not a home view"
    blocks = view.get("blocks") or []
    if len(blocks) > 100:
        return "more than 100 blocks"
    for block in blocks:
        if len(str((block.get("text") or {}).get("text", ""))) > 3000:
            return "a text over 3,000 characters"
        if block.get("type") == "actions" and len(block.get("elements", [])) > 25:
            return "an actions block over 25 elements"
    return ""


def _view_problem(view: Any) -> str:
    """What Slack would refuse in a modal (the limits of its Block Kit reference)."""
    if not isinstance(view, dict) or view.get("type") != "modal":
        return "not a modal"
    for key in ("title", "submit", "close"):
        if key in view and len(view[key]["text"]) > 24:
            return f"{key} longer than 24 characters"
    blocks = view.get("blocks", [])
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(blocks) > 100 or len(ids) != len(set(ids)):
        return "too many blocks or a repeated block_id"
    if len(view.get("private_metadata", "")) > 3000:
        return "private_metadata longer than 3000 characters"
    for block in blocks:
        element = block.get("element", {})
        if block["type"] == "input" and not block.get("label", {}).get("text"):
            return "an input without a label"
        if len(element.get("initial_value", "")) > element.get("max_length", 3000):
            return "initial_value longer than max_length"
        options = element.get("options", [])
        if element.get("type") == "checkboxes" and len(options) > 10:
            return "more than 10 checkboxes in one element"
        if len(options) > 100 or any(len(o["text"]["text"]) > 75 for o in options):
            return "too many options, or an option's text over 75 characters"
    return ""


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
