"""presswork serve's HTTP layer through Starlette's test client: every route, the Host check, CSRF, bad ids,
oversized uploads, and errors that never show a traceback."""

from __future__ import annotations

import io
import json
import re
import time
import tomllib
import zipfile

import pytest
from PIL import Image
from starlette.testclient import TestClient

from generator.campaign.config import read_config
from generator.campaign.pool import Limits
from generator.campaign.warm_pool import WarmPool
from generator.content.workspace import Workspace
from generator.serve.app import create_app
from generator.serve.importing import MAX_UPLOAD_BYTES
from tests.conftest import REPO, SAMPLE, SERVE_CONFIG, make_workspace, serve_workspace
from tests.docx_helpers import body_text, open_docx
from tests.pdf_checks import flat, page_sizes, page_texts

BASE = "http://127.0.0.1:8000"
ARTICLE = """[Safety Month] What the safety office says

An introduction paragraph.

Keep the exits clear at all times.
(June 6, 2013, Remarks at the inspection)

Check the fire doors every week.
(July 18, 2013, Speech on work safety)
"""


@pytest.fixture(scope="module")
def pool():
    pool = WarmPool(jobs=1, limits=Limits(timeout_s=60))
    yield pool
    pool.close()


@pytest.fixture
def ws(tmp_path):
    return serve_workspace(tmp_path / "ws")


@pytest.fixture
def app(ws, pool):
    # the live preview is left out where a test does not look at it: its renders would queue before the test's
    return create_app(ws, pool, live=False)


@pytest.fixture
def client(app):
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def live_client(ws, pool):
    with TestClient(create_app(ws, pool, events_lifetime_s=0.5, poll_s=0.05), base_url=BASE) as client:
        yield client


def token(app) -> dict:
    return {"X-CSRF-Token": app.state.server.token}


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def live_card(client, cid: str, version_above: int = 0) -> dict:
    def ready():
        cards = {c["id"]: c for c in client.get("/api/state").json()["cards"]}
        card = cards.get(cid)
        return card if card and card["status"] != "rendering" and card["version"] > version_above else None
    return wait_for(ready)


POSTER = {"kind": "poster", "excerpts": ["2013-06-06-human-life"], "options": {"size": "A4", "theme": "mono"}}


# --- pages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/make", "/import"])
def test_pages_carry_the_token_and_fetch_nothing_from_the_network(client, app, path):
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert app.state.server.token in page.text
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", page.text)
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.css", "/static/common.js"):
        assert asset in page.text and client.get(asset).status_code == 200


def test_the_page_speaks_the_browsers_language_and_the_switch_sticks(client):
    assert "Make a material" in client.get("/make", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    chinese = client.get("/make", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert "制作材料" in chinese.text and 'lang="zh-Hans"' in chinese.text
    switched = client.get("/make?ui=en", headers={"Accept-Language": "zh-CN"})
    assert "Make a material" in switched.text and "presswork_ui=en" in switched.headers["set-cookie"]
    assert "Make a material" in client.get("/make", headers={"Accept-Language": "zh-CN"}).text  # the cookie wins


def test_an_unknown_page_is_a_page_not_a_traceback(client):
    page = client.get("/nowhere", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Traceback" not in page.text and "There is no such page" in page.text
    assert client.get("/api/nowhere").json() == {"problems": ["Not Found"]}


# --- the gates --------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "192.168.1.5:8000"])
def test_a_foreign_host_header_is_refused_everywhere(client, host):
    for path in ("/", "/api/state", "/api/excerpts", "/static/app.css", "/events"):
        answer = client.get(path, headers={"Host": host})
        assert answer.status_code == 421, (path, host)
        assert "answers only to" in answer.json()["problems"][0]


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"])
def test_loopback_names_are_served(client, host):
    assert client.get("/api/catalogue", headers={"Host": host}).status_code == 200


STATE_CHANGING = [("/api/preview", POSTER), ("/api/campaign", POSTER), ("/api/import?filename=a.txt", None)]


@pytest.mark.parametrize("path,body", STATE_CHANGING)
def test_every_state_changing_request_needs_the_csrf_token(client, app, ws, path, body):
    before = (ws / "presswork.toml").read_bytes()
    for headers in ({}, {"X-CSRF-Token": "guessed"}, {"X-CSRF-Token": app.state.server.token + "x"}):
        answer = client.post(path, json=body, headers=headers) if body else client.post(path, content=ARTICLE,
                                                                                         headers=headers)
        assert answer.status_code == 403 and "CSRF" in answer.json()["problems"][0]
    assert (ws / "presswork.toml").read_bytes() == before
    assert sorted(p.name for p in (ws / "content").iterdir()) == ["sample.yaml"]
    # PUT and DELETE are state-changing too: refused before routing
    assert client.put("/api/campaign", json=POSTER).status_code == 403
    assert client.delete("/api/campaign").status_code == 403


def test_a_request_from_another_sites_page_is_refused_even_with_the_token(client, app):
    answer = client.post("/api/preview", json=POSTER, headers={**token(app), "Origin": "http://evil.example"})
    assert answer.status_code == 403 and "another site" in answer.json()["problems"][0]
    assert client.get("/api/catalogue", headers={"Origin": "http://127.0.0.1:8000"}).status_code == 200
    # an <img> or fetch from another site's page: refused; following a link from it to the page: served
    embedded = client.get("/live/poster.pdf", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"})
    assert embedded.status_code == 403
    assert client.get("/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}).status_code == 200


# --- excerpts -----------------------------------------------------------------------------------

def test_catalogue_lists_what_the_form_offers(client):
    data = client.get("/api/catalogue").json()
    assert data["kinds"] == ["poster", "handout", "bulletin"]
    assert "mono" in data["themes"] and data["sizes"]["handout"] == ["A4", "letter", "A5"]
    assert data["tags"] == ["inspection", "red-line", "responsibility", "zh"]
    assert data["collections"][0]["name"] == "sample"


def test_excerpts_are_found_by_text_tag_and_date(client):
    ids = lambda **q: [e["id"] for e in client.get("/api/excerpts", params=q).json()["excerpts"]]  # noqa: E731
    assert ids() == ["2013-06-06-human-life", "2013-07-18-responsibility", "2020-04-life", "2016-zh"]
    assert ids(q="mount tai") == ["2020-04-life"]
    assert ids(tag="red-line") == ["2013-06-06-human-life", "2020-04-life"]
    assert ids(since="2016", until="2020-12") == ["2020-04-life", "2016-zh"]
    assert ids(q="no such words") == []
    bad = client.get("/api/excerpts", params={"since": "2013-13"})
    assert bad.status_code == 422 and "--since" in bad.json()["problems"][0]


# --- office previews and downloads --------------------------------------------------------------

def test_preview_then_download_the_very_material_as_pdf_png_and_docx(client, app):
    made = client.post("/api/preview", json=POSTER, headers=token(app))
    assert made.status_code == 200, made.text
    info = made.json()
    assert info["pages"] == 1 and info["page"].startswith("A4 portrait")
    assert info["name"] == "poster-2013-06-06-human-life"
    image = Image.open(io.BytesIO(client.get(f"/made/{info['id']}/page-1.png").content))
    assert abs(image.height / image.width - 297 / 210) < 0.01
    pdf = client.get(f"/made/{info['id']}/download.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert 'attachment; filename="poster-2013-06-06-human-life.pdf"' in pdf.headers["content-disposition"]
    assert page_sizes(pdf.content) == [(595, 842)]
    assert "Human life is at stake" in flat(page_texts(pdf.content)[0])
    png = client.get(f"/made/{info['id']}/download.png")
    assert abs(Image.open(io.BytesIO(png.content)).width - 210 / 25.4 * 150) < 2
    docx = client.get(f"/made/{info['id']}/download.docx")
    assert "Human life is at stake" in body_text(open_docx(docx.content))


def test_a_handouts_png_download_is_a_zip_of_its_pages(client, app):
    order = {"kind": "handout", "excerpts": [], "options": {"sign_in": 40, "meeting_date": "June 12"}}
    info = client.post("/api/preview", json=order, headers=token(app)).json()
    assert info["pages"] >= 2
    pages = zipfile.ZipFile(io.BytesIO(client.get(f"/made/{info['id']}/download.png").content)).namelist()
    assert pages == [f"handout-sample-page-{n:02d}.png" for n in range(1, info["pages"] + 1)]


@pytest.mark.parametrize("order,expected", [
    ({**POSTER, "options": {"size": "A9"}}, "size: 'A9' is not a page size"),
    ({**POSTER, "options": {"sign_in": 5}}, "sign_in: a poster has no such option"),
    ({**POSTER, "options": {"theme": "neon"}}, "theme: no theme 'neon'"),
    ({**POSTER, "excerpts": ["2013-06-06-human-lif"]}, "no excerpt '2013-06-06-human-lif' (did you mean"),
    ({**POSTER, "excerpts": ["../../etc/passwd"]}, "no excerpt '../../etc/passwd'"),
    ({**POSTER, "excerpts": []}, "a poster needs one passage"),
    ({"kind": "leaflet"}, "kind: 'leaflet' is not one of poster, handout, bulletin"),
    ({"kind": "handout", "options": {"sign_in": 900}}, "sign_in: 900 is out of range (use 0 to 500)"),
    ([1, 2], "not a JSON object"),
])
def test_a_wrong_order_is_told_what_is_wrong(client, app, order, expected):
    answer = client.post("/api/preview", json=order, headers=token(app))
    assert answer.status_code == 422
    assert any(expected in p for p in answer.json()["problems"]), answer.json()


def test_malformed_and_oversized_bodies_are_refused_before_parsing(client, app):
    answer = client.post("/api/preview", content=b"{not json", headers=token(app))
    assert answer.status_code == 400 and "not JSON" in answer.json()["problems"][0]
    huge = json.dumps({**POSTER, "padding": "x" * 300_000})
    assert client.post("/api/preview", content=huge, headers=token(app)).status_code == 413


@pytest.mark.parametrize("path", ["/made/nope/page-1.png", "/made/nope/download.pdf", "/live/nope/page-1.png",
                                  "/live/nope.pdf", "/made/nope/page-x.png", "/live/..%2F..%2Fetc/page-1.png"])
def test_bad_ids_are_404_with_a_message(client, path):
    answer = client.get(path)
    assert answer.status_code == 404 and answer.json()["problems"] and "Traceback" not in answer.text


def test_a_known_preview_refuses_other_formats_and_pages(client, app):
    info = client.post("/api/preview", json=POSTER, headers=token(app)).json()
    assert client.get(f"/made/{info['id']}/download.exe").status_code == 404
    assert client.get(f"/made/{info['id']}/page-2.png").status_code == 404


# --- add to campaign ----------------------------------------------------------------------------

def test_add_to_campaign_appends_an_entry_and_keeps_every_comment(client, app, ws):
    answer = client.post("/api/campaign", json=POSTER, headers=token(app))
    assert answer.status_code == 200, answer.text
    name = answer.json()["name"]
    text = (ws / "presswork.toml").read_text(encoding="utf-8")
    assert text.startswith(SERVE_CONFIG)  # every byte before, comments and all
    added = tomllib.loads(text)["materials"][-1]
    assert added == {"name": name, "kind": "poster", "excerpts": ["2013-06-06-human-life"], "size": "A4",
                     "theme": "mono", "outputs": ["pdf"]}
    config = read_config(Workspace.open(ws))
    assert not config.problems and [e.name for e in config.entries] == ["poster", name]
    again = client.post("/api/campaign", json=POSTER, headers=token(app)).json()["name"]
    assert again == f"{name}-2"


def test_add_to_campaign_refuses_what_would_not_build_and_leaves_the_file(client, app, ws):
    before = (ws / "presswork.toml").read_bytes()
    answer = client.post("/api/campaign", json={**POSTER, "options": {"columns": 2}}, headers=token(app))
    assert answer.status_code == 422 and (ws / "presswork.toml").read_bytes() == before


# --- import -------------------------------------------------------------------------------------

def test_import_an_article_into_a_new_collection_with_the_importers_warnings(client, app, ws):
    answer = client.post("/api/import?filename=C:\\Users\\me\\Safety notes.txt", content=ARTICLE.encode(),
                         headers=token(app))
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["file"] == "content/safety-notes.yaml" and data["excerpts"] == 2
    assert (ws / "content" / "safety-notes.yaml").is_file()
    again = client.post("/api/import?filename=safety-notes.txt", content=ARTICLE.encode(), headers=token(app)).json()
    assert again["file"] == "content/safety-notes-2.yaml"  # never over an existing collection
    # the campaign's poster names its excerpt, so it still plans; a second collection is no problem for it
    assert data["campaign"] == []
    messy = client.post("/api/import?filename=messy.txt", content=b"Just one line with no date at all.\n",
                        headers=token(app))
    assert messy.status_code in (200, 422) and "Traceback" not in messy.text


def test_an_oversized_upload_is_refused_and_writes_nothing(client, app, ws):
    big = b"x" * (MAX_UPLOAD_BYTES + 1)
    answer = client.post("/api/import?filename=big.txt", content=big, headers=token(app))
    assert answer.status_code == 413 and "larger than 5 MB" in answer.json()["problems"][0]
    assert sorted(p.name for p in (ws / "content").iterdir()) == ["sample.yaml"]


@pytest.mark.parametrize("filename,expected", [("old.doc", "Word 97-2003"), ("photo.jpg", "cannot import .jpg"),
                                               ("utf16.txt", "UTF-16")])
def test_an_upload_the_importer_cannot_read_is_named_with_the_fix(client, app, filename, expected):
    data = "\ufeffhello".encode("utf-16") if filename == "utf16.txt" else b"\xd0\xcf\x11\xe0"
    answer = client.post(f"/api/import?filename={filename}", content=data, headers=token(app))
    assert answer.status_code == 422 and expected in answer.json()["problems"][0]


# --- the live preview -----------------------------------------------------------------------------

def test_live_preview_renders_the_campaign_and_updates_when_content_changes(live_client, ws):
    client = live_client
    card = live_card(client, "poster")
    assert card["pages"] == 1 and card["page"].startswith("A5 portrait")
    first = client.get(f"/live/poster/page-1.png?v={card['version']}").content
    assert Image.open(io.BytesIO(first)).format == "PNG"
    pdf = client.get("/live/poster.pdf")
    assert "Mount Tai" in flat(page_texts(pdf.content)[0])

    sample = ws / "content" / "sample.yaml"
    sample.write_text(SAMPLE.replace("Mount Tai", "Mount Everest"), encoding="utf-8")
    updated = live_card(client, "poster", card["version"])
    assert client.get(f"/live/poster/page-1.png?v={updated['version']}").content != first

    # a content error: the CLI's lines on the page, the last good pages kept
    sample.write_text(SAMPLE.replace("date: 2020-04", "date: 2020-13"), encoding="utf-8")
    problems = wait_for(lambda: client.get("/api/state").json()["problems"])
    assert problems[0].startswith("content/sample.yaml:") and "2020-13" in problems[0] and "(" in problems[0]
    assert client.get(f"/live/poster/page-1.png?v={updated['version']}").status_code == 200
    sample.write_text(SAMPLE, encoding="utf-8")
    wait_for(lambda: not client.get("/api/state").json()["problems"])


def test_events_stream_the_state_and_resume_from_the_last_id(live_client):
    client = live_client
    live_card(client, "poster")
    with client.stream("GET", "/events") as stream:
        body = "".join(stream.iter_text())
    assert stream.headers["content-type"].startswith("text/event-stream")
    event = [block for block in body.split("\n\n") if "event: state" in block][-1]
    version = int(event.split("id: ", 1)[1].split("\n", 1)[0])
    state = json.loads(event.split("data: ", 1)[1])
    assert state["version"] == version and state["cards"][0]["id"] == "poster"
    with client.stream("GET", "/events", headers={"Last-Event-ID": str(version)}) as stream:
        assert "event: state" not in "".join(stream.iter_text())  # nothing new since


# --- the error edge -------------------------------------------------------------------------------

def test_an_internal_error_is_one_line_never_a_traceback(client, monkeypatch):
    from generator.serve import office

    def broken(*args, **kwargs):
        raise TypeError("something inside broke")

    monkeypatch.setattr(office, "search", broken)
    answer = client.get("/api/excerpts")
    assert answer.status_code == 500
    assert answer.json()["problems"] == ["internal error: TypeError: something inside broke "
                                         "(please report it; presswork serve --debug shows more)"]
    assert "Traceback" not in answer.text and "File \"" not in answer.text


TWO_POSTERS = SERVE_CONFIG + """
[[materials]]
name = "other"
kind = "poster"
excerpts = ["2013-06-06-human-life"]
size = "A5"
outputs = ["pdf"]
"""


def test_live_preview_renders_only_what_changed_and_follows_templates(tmp_path, pool):
    ws = make_workspace(tmp_path / "two", {"content/sample.yaml": SAMPLE, "presswork.toml": TWO_POSTERS})
    with TestClient(create_app(ws, pool, poll_s=0.05), base_url=BASE) as client:
        first, other = live_card(client, "poster"), live_card(client, "other")
        assert first["renders"] == other["renders"] == 1
        # one excerpt's text changes: its poster renders again, the other poster does not
        (ws / "content" / "sample.yaml").write_text(SAMPLE.replace("Mount Tai", "Mount Everest"), encoding="utf-8")
        assert live_card(client, "poster", first["version"])["renders"] == 2
        assert live_card(client, "other")["renders"] == 1
        # a template in the workspace's templates/ now overrides the built-in that both posters read
        before = client.get(f"/live/other/page-1.png?v={other['version']}").content
        (ws / "templates").mkdir()
        (ws / "templates" / "poster.css").write_text(
            (REPO / "templates" / "poster.css").read_text(encoding="utf-8") + "\n#quote { color: #0000ff; }\n",
            encoding="utf-8")
        assert live_card(client, "other", other["version"])["renders"] == 2
        after = client.get(f"/live/other/page-1.png?v={live_card(client, 'other')['version']}").content
        assert after != before
        # a template error: that card says so, with its last good pages kept
        (ws / "templates" / "poster.html.j2").write_text("{% if %}", encoding="utf-8")
        broken = wait_for(lambda: next((c for c in client.get("/api/state").json()["cards"]
                                        if c["id"] == "other" and c["status"] == "error"), None))
        assert "poster.html.j2:1: template syntax error" in broken["problems"][0] and broken["pages"] == 1


def test_serve_refuses_a_port_in_use_with_a_clear_message(ws):
    import socket

    from click.testing import CliRunner

    from generator.cli import cli

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["-w", str(ws), "serve", "--port", str(port)])
    finally:
        taken.close()
    assert result.exit_code == 1
    assert f"Error: port {port} is in use on 127.0.0.1 (stop what uses it, or pass --port" in result.output


def test_beyond_loopback_the_page_answers_to_addresses_but_never_to_foreign_names():
    from generator.serve.server import host_policy, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    loopback = host_policy("127.0.0.1")
    assert loopback.allows("localhost:8000") and not loopback.allows("192.168.1.5:8000")
    wide = host_policy("0.0.0.0")
    assert wide.allows("192.168.1.5:8000") and wide.allows("[fe80::1]:8000") and not wide.allows("evil.example")
