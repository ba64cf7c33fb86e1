"""A real scan's report opened in a real browser: headless Chromium over file://, no network.

The HTML and Markdown tests check what the renderer writes; this one checks what a reader
gets: the page loads with no console error or failed request (the report must be
self-contained), the summary and every question card are on screen, and the lineage focus
box, driven like a person types, shows what feeds a table and what it feeds. Chromium is
driven through the DevTools protocol (``websockets``); a full-page screenshot is kept in
``test-artifacts/report.png`` for a person to look at.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]


def _ensure_chromium() -> Path:
    """Debian's chromium, installed on the fly when missing and we may (root, apt-get present)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("chromium is not installed and installing it needs root and apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"could not install chromium ({' '.join(cmd)}): {done.stderr[-500:]}")
    return CHROMIUM


class Browser:
    """One headless Chromium process with a fresh profile, stopped with its whole process group."""

    def __init__(self, binary: Path):
        self.profile = Path(tempfile.mkdtemp(prefix="maturity-chromium-"))
        self.proc = subprocess.Popen(
            [str(binary), *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own group: the renderer and GPU helpers stop with it
        )
        self.port = self._wait_port()

    def _wait_port(self) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.proc.returncode}")
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port within 30 s")

    def page_ws_url(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """The few DevTools protocol calls the test needs; every event is kept for inspection."""

    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        msg_id = next(self.ids)
        await self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(await asyncio.wait_for(self.ws.recv(), timeout=30))
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    async def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(await asyncio.wait_for(self.ws.recv(), timeout=deadline - time.monotonic()))
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    async def js(self, expression: str) -> Any:
        res = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in res:
            raise RuntimeError(f"page script failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, failed loads and browser log errors."""
        out = []
        for ev in self.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
                out.append(f"console.{params['type']}: {[a.get('value') for a in params['args']]}")
            elif method == "Runtime.exceptionThrown":
                out.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                out.append(
                    f"log {params['entry']['level']}: {params['entry']['text']} {params['entry'].get('url', '')}"
                )
            elif method == "Network.loadingFailed":
                out.append(f"load failed: {params.get('errorText')} ({params.get('type')})")
            elif method == "Network.requestWillBeSent" and not params["request"]["url"].startswith(
                ("file:", "data:", "about:")
            ):
                out.append(f"request to the network: {params['request']['url']}")
        return out


@pytest.fixture(scope="module")
def report_html(acme_scan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real Acme scan's report, rendered in English (the scan itself is shared)."""
    from reports import render_reports

    return render_reports(acme_scan.result, tmp_path_factory.mktemp("report-en"), lang="en")["html"]


async def _inspect(ws_url: str, url: str, focus_table: str) -> dict[str, Any]:
    import websockets

    async with websockets.connect(ws_url, max_size=64 * 1024 * 1024) as ws:
        page = Page(ws)
        for domain in ("Page", "Runtime", "Log", "Network"):
            await page.call(f"{domain}.enable")
        await page.call(
            "Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False
        )
        await page.call("Page.navigate", url=url)
        await page.wait_event("Page.loadEventFired")
        dom = await page.js(
            """(() => {
              const q = (s) => document.querySelectorAll(s);
              const cards = [...q('#questions article.card.question')];
              return {
                title: document.title,
                lang: document.documentElement.lang,
                summary: document.querySelector('#summary')?.innerText || '',
                cardIds: [...new Set(cards.map((c) => c.id).filter(Boolean))],
                cardTexts: cards.map((c) => c.innerText),
                explorerHidden: document.getElementById('lineage-explorer')?.hidden,
                tables: JSON.parse(document.getElementById('lineage-data').textContent).tables,
                brokenImages: [...q('img')].filter((i) => !i.complete || i.naturalWidth === 0).length,
                overflowX: document.documentElement.scrollWidth > window.innerWidth,
              };
            })()"""
        )
        # Type into the focus box like a person: part of a name first (suggestions), then a click.
        typed = focus_table.split(".")[-1][:6]
        await page.js(
            f"""(() => {{ const i = document.getElementById('lineage-focus'); i.focus();
                i.value = {json.dumps(typed)}; i.dispatchEvent(new Event('input', {{bubbles: true}})); }})()"""
        )
        await asyncio.sleep(0.4)
        suggestions = await page.js(
            "[...document.querySelectorAll('#lineage-explorer [data-role=result] button')].map((b) => b.textContent)"
        )
        await page.js(
            f"""[...document.querySelectorAll('#lineage-explorer [data-role=result] button')]
                .find((b) => b.textContent === {json.dumps(focus_table)}).click()"""
        )
        focus = await page.js(
            """(() => { const r = document.querySelector('#lineage-explorer [data-role=result]');
                return { heading: r.querySelector('h3')?.textContent,
                         columns: [...r.querySelectorAll('h4')].map((h) => h.textContent),
                         items: [...r.querySelectorAll('li button')].map((b) => b.textContent) }; })()"""
        )
        await page.js("document.getElementById('lineage-explorer').scrollIntoView()")
        shot = await page.call("Page.captureScreenshot", format="png")
        full = await page.call(
            "Page.captureScreenshot",
            format="png",
            captureBeyondViewport=True,
            clip={**(await page.call("Page.getLayoutMetrics"))["cssContentSize"], "scale": 1},
        )
        return {
            "dom": dom,
            "suggestions": suggestions,
            "focus": focus,
            "problems": page.problems(),
            "viewport_png": base64.b64decode(shot["data"]),
            "full_png": base64.b64decode(full["data"]),
        }


def test_report_in_a_real_browser(report_html: Path):
    binary = _ensure_chromium()
    result = json.loads((report_html.parent / "result.json").read_text(encoding="utf-8"))
    # A modelled table with both upstream and downstream lineage: the focus box has work to do.
    edges = result["lineage"]["edges"]
    sources = {e["source"] for e in edges}
    focus_table = sorted(e["target"] for e in edges if e["target"] in sources)[0]

    started = time.monotonic()
    browser = Browser(binary)
    try:
        seen = asyncio.run(_inspect(browser.page_ws_url(), report_html.resolve().as_uri(), focus_table))
    finally:
        browser.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.png").write_bytes(seen["full_png"])
    (ARTIFACTS / "report-lineage-focus.png").write_bytes(seen["viewport_png"])
    assert time.monotonic() - started < 60

    assert seen["problems"] == []
    dom = seen["dom"]
    assert dom["lang"] == "en"
    assert result["name"] in dom["title"]
    summary = dom["summary"]
    assert f"{result['score']['total']}" in summary and "/30" in summary.replace(" ", "")
    assert len(dom["cardIds"]) == len(result["questions"]) == 15
    for q, text in zip(result["questions"], dom["cardTexts"], strict=True):
        assert text.startswith(q["id"]), text[:80]
        # the callout is the report's own (translated) sentence: the scan itself ran in French
        assert ("Contradiction:" in text) == bool(q["contradiction"]), text[:200]
    assert dom["explorerHidden"] is False  # the script ran and revealed the explorer
    assert dom["brokenImages"] == 0
    assert dom["overflowX"] is False

    assert focus_table in seen["suggestions"]
    focus = seen["focus"]
    assert focus["heading"] == focus_table
    upstream = {e["source"] for e in edges if e["target"] == focus_table}
    downstream = {e["target"] for e in edges if e["source"] == focus_table}
    up_heading, down_heading = focus["columns"]
    assert up_heading.startswith("Upstream") and down_heading.startswith("Downstream")
    assert _count(up_heading) >= len(upstream) > 0 and _count(down_heading) >= len(downstream) > 0
    assert upstream <= set(focus["items"]) and downstream <= set(focus["items"])


def _count(heading: str) -> int:
    return int(heading.rsplit("(", 1)[1].rstrip(")"))
