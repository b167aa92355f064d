"""A source server on loopback: the russianwarship.rip `statistics` endpoints (paginated, with
`date_from`) and dataset files, from memory, with faults on demand (HTTP 500, a hang, a
truncated body). Tests point the real clients at it."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

from aiohttp import web

from tests.support.loopback import serve_on_loopback


class SourceServer:
    def __init__(self, page_size: int = 2) -> None:
        self.records: list[dict[str, Any]] = []  # API records, served in this order
        self.files: dict[str, Any] = {}  # dataset file name -> JSON value (or raw bytes)
        self.page_size = page_size
        # Applied to the next requests, one each: "500", "hang", "truncate", "huge" (20 MB,
        # streamed without a length), "redirect:URL" (302), raw bytes (served as the body), or
        # "none" (answer).
        self.faults: list[str | bytes] = []
        self.next_host: str | None = None  # a compromised server: next_url on another host
        self.requests: list[str] = []
        self.relative_next = False
        self.next_points_back = False  # a broken server whose next_url is the same page
        # When set, every request must carry it as Basic auth ("user:password"), else 401.
        self.credentials: str | None = None
        self.unauthorised = 0  # requests refused for want of them
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v2"

    @property
    def data_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/data"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/v2/statistics", self._statistics)
        app.router.add_get("/data/{name}", self._file)
        self._runner, self.port = await serve_on_loopback(app)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _fault(
        self, body: bytes, request: web.Request | None = None
    ) -> web.StreamResponse | None:
        if not self.faults:
            return None
        fault = self.faults.pop(0)
        if isinstance(fault, bytes):
            return web.Response(body=fault, content_type="application/json")
        if fault == "none":
            return None
        if fault.startswith("redirect:"):
            raise web.HTTPFound(fault.removeprefix("redirect:"))
        if fault == "500":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "hang":
            await asyncio.sleep(30)
        if fault == "huge" and request is not None:
            response = web.StreamResponse(headers={"Content-Type": "application/json"})
            await response.prepare(request)
            try:
                for _ in range(20 * 16):  # 20 MB in 64 kB writes; the client hangs up first
                    await response.write(b"[" * 65536)
            except (ConnectionResetError, RuntimeError):
                pass
            return response
        if fault == "truncate":
            return web.Response(body=body[: len(body) // 2], content_type="application/json")
        raise AssertionError(f"unknown fault {fault}")

    def _refused(self, request: web.Request) -> web.Response | None:
        if self.credentials is None:
            return None
        expected = "Basic " + base64.b64encode(self.credentials.encode()).decode()
        if request.headers.get("Authorization") == expected:
            return None
        self.unauthorised += 1
        return web.Response(status=401, text="Unauthorized")

    async def _statistics(self, request: web.Request) -> web.Response:
        self.requests.append(str(request.rel_url))
        refused = self._refused(request)
        if refused is not None:
            return refused
        offset = int(request.query.get("offset", 0))
        limit = min(int(request.query.get("limit", 50)), 50, self.page_size)
        date_from = request.query.get("date_from", "")
        matching = [r for r in self.records if r["date"] >= date_from]
        page = matching[offset : offset + limit]
        next_url = str(request.rel_url).removeprefix("/api/v2/") if self.next_points_back else None
        if offset + limit < len(matching):
            query = f"statistics?offset={offset + limit}&limit={limit}"
            query += f"&date_from={date_from}" if date_from else ""
            next_url = query if self.relative_next else f"{self.api_url}/{query}"
            if self.next_host is not None:
                next_url = f"http://{self.next_host}/api/v2/{query}"
        body = json.dumps(
            {
                "message": "The data were fetched successfully.",
                "data": {"paging": {"next_url": next_url}, "records": page},
            }
        ).encode()
        faulty = await self._fault(body, request)
        return faulty or web.Response(body=body, content_type="application/json")

    async def _file(self, request: web.Request) -> web.Response:
        self.requests.append(str(request.rel_url))
        name = request.match_info["name"]
        if name not in self.files:
            return web.Response(status=404)
        value = self.files[name]
        body = value if isinstance(value, bytes) else json.dumps(value).encode()
        return await self._fault(body) or web.Response(body=body, content_type="application/json")
