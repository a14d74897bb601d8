"""presswork serve end to end, in a real browser: Debian's headless Chromium driven by Playwright.

A `presswork serve` process on a free port, a throwaway workspace, and the two things people do:
make a poster on the office page (pick an excerpt, choose A4 and mono, see the preview change,
download the PDF and read it), and watch the campaign preview update by itself when a content
file is saved. Screenshots at 1280 × 800 and at tablet size, in English and Chinese, go to the
test's folder (and to $PRESSWORK_SCREENSHOTS when it is set, to be looked at).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, serve_workspace
from tests.pdf_checks import flat, page_sizes, page_texts

CHROMIUM = Path("/usr/bin/chromium")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra: pip install -e '.[test]'")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make system installs it)")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUOTE = "Human life is at stake"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    ws = serve_workspace(tmp_path_factory.mktemp("served"))
    command = [sys.executable, "-m", "generator", "-w", str(ws), "serve", "--port", "0", "-j", "1"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = server.stdout.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        server.kill()
        pytest.fail(f"presswork serve did not start: {line!r} {server.stderr.read()[-2000:]}")
    yield ws, match[1]
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    assert "Traceback" not in server.stderr.read()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=ARGS, headless=True, accept_downloads=True,
            viewport={"width": 1280, "height": 800}, locale="en-GB")
        yield context
        context.close()


def shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    if os.environ.get("PRESSWORK_SCREENSHOTS"):
        folder = Path(os.environ["PRESSWORK_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)


def preview_src(page) -> str:
    return page.locator("#preview-pages img").first.get_attribute("src")


def test_make_a_poster_see_it_change_and_download_the_pdf(served, browser, tmp_path):
    ws, url = served
    page = browser.new_page()
    page.goto(url + "make")
    assert page.locator("h2#preview-heading").inner_text() == "Preview"
    page.locator("#results input[value='2013-06-06-human-life']").check()
    page.wait_for_selector("#preview-pages img", timeout=30_000)
    before = preview_src(page)
    page.locator("#size").select_option("A4")
    page.locator("#theme").select_option("mono")
    page.wait_for_function("src => { const i = document.querySelector('#preview-pages img');"
                           " return i && i.getAttribute('src') !== src && i.complete && i.naturalWidth > 0 &&"
                           " document.querySelector('#preview-status').dataset.state === 'ok'; }",
                           arg=before, timeout=30_000)
    assert "A4 portrait" in page.locator("#preview-info").inner_text()
    before = preview_src(page)
    page.locator("#footer").fill("Issued by the Safety Office")  # a poster and handout field: shown for a poster
    page.wait_for_function("src => { const i = document.querySelector('#preview-pages img');"
                           " return i && i.getAttribute('src') !== src && i.complete &&"
                           " document.querySelector('#preview-status').dataset.state === 'ok'; }",
                           arg=before, timeout=30_000)
    width, height = page.evaluate("() => { const i = document.querySelector('#preview-pages img');"
                                  " return [i.naturalWidth, i.naturalHeight]; }")
    assert abs(height / width - 297 / 210) < 0.01
    shot(page, tmp_path, "make-en-1280")
    with page.expect_download(timeout=30_000) as download:
        page.locator("#dl-pdf").click()
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "poster-2013-06-06-human-life.pdf"
    assert page_sizes(pdf) == [(595, 842)]
    assert QUOTE in flat(page_texts(pdf)[0])
    assert flat("Issued by the Safety Office") in flat(page_texts(pdf)[0])
    page.close()


def test_the_campaign_preview_updates_by_itself_when_a_content_file_is_saved(served, browser, tmp_path):
    ws, url = served
    page = browser.new_page()
    page.goto(url)
    card = page.locator(".card[data-id='poster']")
    page.wait_for_function("() => { const c = document.querySelector(\".card[data-id='poster']\");"
                           " return c && c.dataset.status === 'ok' && c.querySelector('img'); }", timeout=60_000)
    before = card.locator("img").first.get_attribute("src")
    (ws / "content" / "sample.yaml").write_text(SAMPLE.replace("Mount Tai", "Mount Everest"), encoding="utf-8")
    started = time.monotonic()
    page.wait_for_function("src => { const i = document.querySelector(\".card[data-id='poster'] img\");"
                           " return i && i.getAttribute('src') !== src && i.complete && i.naturalWidth > 0; }",
                           arg=before, timeout=30_000)
    assert time.monotonic() - started < 30
    assert card.get_attribute("data-status") == "ok"
    shot(page, tmp_path, "live-en-1280")
    page.close()


@pytest.mark.parametrize("lang,size", [("zh", (1280, 800)), ("en", (820, 1180)), ("zh", (820, 1180))])
def test_the_pages_in_chinese_and_on_a_tablet(served, browser, tmp_path, lang, size):
    ws, url = served
    page = browser.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{url}make?ui={lang}")
    page.locator("#results input[value='2013-06-06-human-life']").check()
    page.wait_for_selector("#preview-pages img", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#preview-status').dataset.state === 'ok'", timeout=30_000)
    heading = page.locator("h2#preview-heading").inner_text()
    assert heading == ("预览" if lang == "zh" else "Preview")
    # nothing wider than the screen: the form stacks above the preview on a tablet
    assert page.evaluate("() => document.documentElement.scrollWidth") <= size[0]
    shot(page, tmp_path, f"make-{lang}-{size[0]}")
    page.goto(f"{url}?ui={lang}")
    page.wait_for_selector(".card img", timeout=30_000)
    shot(page, tmp_path, f"live-{lang}-{size[0]}")
    page.close()
