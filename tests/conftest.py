"""Shared fixtures: throwaway workspaces built from a dict of files, the collections several test
modules share (English, Chinese, bilingual), the web app's workspace, and a CLI runner."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

REPO = Path(__file__).resolve().parent.parent

SAMPLE = textwrap.dedent("""\
    title: Sample study
    series: Fire Safety Week
    lang: en
    intro: |
      An intro paragraph.
    questions:
      - What would you change first?
    excerpts:
      - id: 2013-06-06-human-life
        date: 2013-06-06
        source: Instructions on production safety
        tags: [red-line]
        pull_quote: Always put people's lives first.
        text: |
          Human life is at stake. This must be a red line. Always put people's lives first.
      - id: 2013-07-18-responsibility
        date: 2013-07-18
        source: Speech on work safety
        tags: [responsibility, inspection]
        text: |
          Party committees should enhance their sense of responsibility.

          Mr. Smith checks the site. Then he writes "all clear." He leaves!

          A third paragraph about inspection.
      - id: 2020-04-life
        date: 2020-04
        source: Instructions on safe production
        tags: [red-line]
        text: |
          Life is more important than Mount Tai.
      - id: 2016-zh
        date: "2016"
        source: 重要讲话
        lang: zh
        tags: [zh]
        text: |
          人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。“安全第一！”大家说。
    """)


# A small Chinese collection (lang: zh) for the writers' tests.
ZH_SAMPLE = textwrap.dedent("""\
    title: 安全生产专题学习
    series: 安全生产月
    lang: zh
    slogan: 安全第一 生命至上
    intro: |
      安全生产事关人民福祉，事关经济社会发展大局。
    questions:
      - 如何守住安全生产这条红线？
    excerpts:
      - id: 2013-06-06-renming
        date: 2013-06-06
        source: 关于安全生产的重要指示
        text: |
          人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。
      - id: 2020-04-shengming
        date: 2020-04
        source: 对安全生产作出的重要指示
        text: |
          当前，全国正在复工复产，要加强安全生产监管，牢牢守住安全生产底线。

          生命重于泰山。各级党委和政府务必把安全生产摆到重要位置。
    """)


# A Chinese collection with English translations, for bilingual materials: a slogan, and two excerpts,
# each translated paragraph by paragraph (the translations long enough to wrap on a poster).
BILINGUAL = textwrap.dedent("""\
    title: 消防安全周学习材料
    series: 消防安全周
    lang: zh
    slogan: 安全第一 预防为主
    excerpts:
      - id: 2022-11-09-exits
        date: 2022-11-09
        source: 在消防安全大检查部署会上的讲话
        text: |
          安全出口是生命通道，任何时候都不能堵塞。

          每一名员工都要知道离自己最近的出口在哪里。
        translation: |
          A safety exit is a lifeline and must never be blocked, whatever is stored near it.

          Every worker must know where the nearest exit is, and how to reach it in the dark.
        translation_source: Speech at the fire safety inspection meeting
      - id: 2023-fuel
        date: 2023-03
        source: 安全生产工作会议
        text: |
          易燃物品要远离明火，用后及时清理。
        translation: |
          Keep flammable materials away from open flames, and clear them away after use.
        translation_source: Work safety conference
    """)
_FUEL_TRANSLATION = """\
    translation: |
      Keep flammable materials away from open flames, and clear them away after use.
    translation_source: Work safety conference
"""
assert _FUEL_TRANSLATION in BILINGUAL
# The same with its second excerpt left untranslated, as a collection often is: it prints in one language.
BILINGUAL_PARTLY = BILINGUAL.replace(_FUEL_TRANSLATION, "")

# The web app's workspace (tests/test_serve_*.py): the sample collection and a campaign of one A5
# poster, its comments there to show that "add to campaign" keeps every byte before what it adds.
SERVE_CONFIG = """\
# The campaign of this test: a comment that must survive "add to campaign".
[campaign]
title = "Fire Safety Week"   # inline comments too

[[materials]]
name = "poster"
kind = "poster"
excerpts = ["2020-04-life"]
size = "A5"
outputs = ["pdf"]
"""


def serve_workspace(root: Path) -> Path:
    return make_workspace(root, {"content/sample.yaml": SAMPLE, "presswork.toml": SERVE_CONFIG})


def make_workspace(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path, {"content/sample.yaml": SAMPLE})


@pytest.fixture
def run(workspace: Path):
    """Invoke the CLI in a workspace; returns the Result (stdout and stderr kept apart)."""

    def invoke(*args: str, ws: Path | None = None):
        return CliRunner().invoke(cli, ["--workspace", str(ws or workspace), *args], catch_exceptions=False)

    return invoke
