"""The warm pool `presswork serve` renders in: results as a build makes them, and every bound still holds —
a runaway template is stopped and its worker replaced, a worker killed from outside is replaced, and
workers are retired after `max_tasks` renders."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from pathlib import Path

import pytest

from generator.campaign.plan import plan_single
from generator.campaign.pool import Limits
from generator.campaign.run import setting
from generator.campaign.warm_pool import WarmPool
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.errors import RenderError
from generator.materials.options import RenderOptions
from tests.conftest import SAMPLE, make_workspace
from tests.pdf_checks import flat, page_sizes, page_texts

RUNAWAY = ('{% extends "builtin:poster.html.j2" %}{% block masthead %}'
           '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{% endblock %}')


def poster(ws: Workspace, title: str = "Study", size: str = "A5"):
    target = plan_single(ws, "poster", Selection(refs=("2020-04-life",)), RenderOptions(size=size, title=title),
                         fmt="pdf")[0]
    return dataclasses.replace(target, outputs=(("pdf", Path("p.pdf")),))


@pytest.fixture
def ws(tmp_path):
    return Workspace.open(make_workspace(tmp_path, {"content/sample.yaml": SAMPLE}))


@pytest.fixture(scope="module")
def pool():
    pool = WarmPool(jobs=1, limits=Limits(timeout_s=60), max_tasks=3)
    yield pool
    pool.close()
    assert not pool._process.is_alive()


def test_the_pool_renders_what_a_build_renders_and_reuses_its_workers(ws, pool):
    before = pool.stats()
    first = pool.render([poster(ws, "One"), poster(ws, "Two", "A4")], setting(ws))
    assert [page_sizes(r.files[0][1].data) for r in first] == [[(420, 595)], [(595, 842)]]
    assert "Mount Tai" in flat(page_texts(first[0].files[0][1].data)[0])
    assert any(read.endswith("poster.html.j2") for read in first[0].reads)
    after = pool.stats()
    assert after["renders"] == before["renders"] + 2 and len(after["workers"]) == 1


def test_a_runaway_template_is_stopped_and_its_worker_replaced(ws):
    (ws.templates_dir).mkdir()
    (ws.templates_dir / "poster.html.j2").write_text(RUNAWAY, encoding="utf-8")
    pool = WarmPool(jobs=1, limits=Limits(timeout_s=3))
    try:
        first = pool.stats()["workers"]
        started = time.monotonic()
        with pytest.raises(RenderError, match=r"took longer than 3 s to render and was stopped \(.*--timeout"):
            pool.submit(poster(ws), setting(ws)).result(timeout=60)
        assert time.monotonic() - started < 30
        # a fresh worker stands in its place, idle and ready (the killed-worker test renders with one)
        after = pool.stats()
        assert after["replaced"] == 1 and after["workers"] != first and after["busy"] == 0
    finally:
        pool.close()


def test_a_worker_killed_while_idle_is_replaced_before_it_gets_work(ws, pool):
    victim = pool.stats()["workers"][0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while pool.stats()["workers"][0] == victim and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.stats()["workers"][0] != victim
    assert page_sizes(pool.submit(poster(ws), setting(ws)).result(timeout=60).files[0][1].data) == [(420, 595)]


def test_workers_are_retired_after_max_tasks_and_errors_keep_their_words(ws, pool):
    before = pool.stats()
    for n in range(3):
        pool.submit(poster(ws, f"Round {n}"), setting(ws)).result(timeout=60)
    after = pool.stats()
    assert after["replaced"] == before["replaced"] + 1 and after["workers"] != before["workers"]
    bad = dataclasses.replace(poster(ws), material=dataclasses.replace(poster(ws).material, quote=("\U0001F525",)))
    with pytest.raises(RenderError, match="no installed font has these characters: U\\+1F525"):
        pool.submit(bad, setting(ws)).result(timeout=60)
