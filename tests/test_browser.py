"""A real browser on the course: JupyterLab as `make lab` starts it, and two pages of the site.

Playwright drives Debian's Chromium (``apt-get install chromium fonts-noto-cjk``; no browser download).
JupyterLab is started by `make lab` itself, on a fixed loopback port with no token and with autosave
off (its settings live in a temporary folder), so running the notebooks never rewrites them. The test
opens the index, then runs two notebooks top to bottom, waits for each SCORECARD and a live widget,
moves a slider and checks the figure changes, and saves screenshots to ``_build/browser/``. Without
Chromium the module is skipped with one line (``.ci/run`` installs it first).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import load_tool

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PORT = 18931  # fixed, loopback only
BASE = f"http://127.0.0.1:{PORT}"
SHOTS = ROOT / "_build" / "browser"
# the two fastest notebooks with a slider in their explore widget (about 15 and 35 s on a laptop CPU)
RUN = {"q01_metrics": "threshold", "q24_q_learning": "episodes"}
# Chromium as root in a closed network: no sandbox, no background requests (COURSE.md, machines note)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]

if not Path(CHROMIUM).exists() or importlib.util.find_spec("playwright") is None:
    print("test_browser: skipped (no Chromium at /usr/bin/chromium or no playwright; "
          "apt-get install chromium fonts-noto-cjk)")
    pytest.skip("needs Debian's Chromium and playwright", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _wait_for_server(proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`make lab` exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{BASE}/api/status", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer on {BASE} within {timeout:.0f} s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` on PORT with no token, autosave off; yields its log file; stopped afterwards."""
    if not _port_free(PORT):
        pytest.fail(f"port {PORT} is taken; the browser test needs it")
    tmp = tmp_path_factory.mktemp("lab")
    settings = tmp / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),  # start with no tabs restored
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    log = tmp / "lab.log"
    lab_args = "--IdentityProvider.token= --LabApp.expose_app_in_browser=True"
    with open(log, "w") as out:
        # the venv running this test (so `make test PYTHON=...` drives its own Python's JupyterLab)
        command = ["make", "--no-print-directory", "lab", f"VENV={sys.prefix}", f"PORT={PORT}", f"LAB_ARGS={lab_args}"]
        proc = subprocess.Popen(command,
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_server(proc, log)
        yield log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _open(page: Page, notebook: str):
    """Open notebooks/<notebook>.ipynb in JupyterLab, wait for its kernel; return its panel's locator."""
    page.goto(f"{BASE}/lab/tree/notebooks/{notebook}.ipynb")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.context"
                           f" && window.jupyterapp.shell.currentWidget.context.path.endsWith('{notebook}.ipynb')")
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.ready")
    panel = page.locator("#" + page.evaluate("() => window.jupyterapp.shell.currentWidget.id"))
    panel.locator(".jp-Notebook .jp-Cell").first.wait_for(state="attached")
    return panel


# JavaScript over the open notebook's model (not the DOM: a long notebook renders lazily)
_STATE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.model.cells;
  let code = 0, done = 0, text = '', errors = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    code += 1;
    if (c.executionCount !== null) done += 1;
    for (const o of c.outputs.toJSON()) {
      if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue);
      if (o.output_type === 'stream') text += (Array.isArray(o.text) ? o.text.join('') : o.text);
    }
  }
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return {code, done, errors, scorecard: text.includes('SCORECARD '), status: kernel ? kernel.status : 'none'};
}"""


def _run_all(page: Page, timeout_s: float = 400) -> dict:
    """Clear every output, run all cells, wait until every code cell ran and the kernel is idle."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    assert page.evaluate(_STATE)["scorecard"] is False
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"() => {{ const s = ({_STATE})(); return s.errors.length > 0 || "
                           "(s.done === s.code && s.status === 'idle'); }",
                           timeout=timeout_s * 1000, polling=1000)
    return page.evaluate(_STATE)


def _move_slider(page: Page, panel, name: str) -> tuple[bytes, bytes]:
    """Move the slider labelled ``name`` three steps on; return the widget's screenshots before and after."""
    box = panel.locator(".widget-vbox", has=page.locator(f".widget-slider:has(label:text-is('{name}'))")).last
    box.scroll_into_view_if_needed()
    figure = box.locator(".widget-output img").first
    figure.wait_for(state="visible", timeout=120_000)  # drawn by the live kernel
    before_src, before = figure.get_attribute("src"), box.screenshot()
    handle = box.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, src]) => { const i = el.querySelector('.widget-output img');"
                           " return i && i.getAttribute('src') !== src; }",
                           arg=[box.element_handle(), before_src], timeout=120_000)
    page.wait_for_timeout(500)
    return before, box.screenshot()


def test_lab_opens_the_index(lab, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel = _open(page, "00_index")
    panel.locator(".jp-RenderedMarkdown h1").first.wait_for()
    assert "面试" in panel.inner_text()
    page.screenshot(path=str(SHOTS / "00_index.png"))


@pytest.mark.parametrize("notebook", list(RUN))
def test_lab_runs_a_notebook_and_its_widget_responds(lab, page, notebook):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = ROOT / "notebooks" / f"{notebook}.ipynb"
    stored = _digest(path)
    panel = _open(page, notebook)
    state = _run_all(page)
    assert not state["errors"], f"{notebook} raised in the browser: {state['errors'][:3]}"
    assert state["done"] == state["code"] and state["scorecard"], state
    before, after = _move_slider(page, panel, RUN[notebook])
    (SHOTS / f"{notebook}_widget_before.png").write_bytes(before)
    (SHOTS / f"{notebook}_widget_after.png").write_bytes(after)
    assert before != after
    page.screenshot(path=str(SHOTS / f"{notebook}.png"))
    assert _digest(path) == stored, "running in the browser must not rewrite the stored notebook"


def test_site_pages_load_without_console_errors(browser, tmp_path):
    site = load_tool("site")
    if any(not (site.sc.NODE_MODULES / s).exists() for s, _ in site.sc.ASSETS.values()):
        pytest.fail("npm assets missing: run `npm ci --ignore-scripts` (make test does)")
    notebooks = [ROOT / "notebooks" / f"{n}.ipynb" for n in RUN]
    site.build(tmp_path, notebooks=notebooks, quiet=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    for name in ["index", *RUN]:
        page.goto((tmp_path / f"{name}.html").as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(1500)  # MathJax and the widget manager render after load
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"site_{name}.png"))
    context.close()
    assert not problems, problems[:5]
