"""'Add to campaign': one [[materials]] entry appended to presswork.toml, atomically, keeping every comment.

The entry is appended as text, so everything already in the file stays byte for byte. The new
file is checked with the project's own config reader and planner before it replaces the old
one (through outputs.write_atomic); if presswork.toml changed meanwhile, the append is redone
on the new text. This is the only file the server writes outside output/ and content/.
"""

from __future__ import annotations

import datetime as dt
import threading
import tomllib

from generator.campaign.config import MAX_NAME, NAME_RE, read_config
from generator.campaign.plan import plan_build
from generator.campaign.scaffold import toml_value
from generator.content.text import slugify
from generator.content.workspace import CONFIG_NAME, Workspace
from generator.errors import ConfigError, PressworkError, Problem
from generator.outputs import write_atomic
from generator.serve.office import Order, file_name

_LOCK = threading.Lock()


def entry_text(name: str, order: Order, outputs: tuple[str, ...], newline: str = "\n") -> str:
    lines = [f"# added by presswork serve (the office page) on {dt.date.today().isoformat()}",
             "[[materials]]", f"name = {toml_value(name)}", f"kind = {toml_value(order.kind)}"]
    if order.collection:
        lines.append(f"collection = {toml_value(order.collection)}")
    if order.refs:
        lines.append(f"excerpts = {toml_value(list(order.refs))}")
    lines += [f"{key} = {toml_value(value)}" for key, value in order.values]
    lines.append(f"outputs = {toml_value(list(outputs))}")
    return newline.join(lines) + newline


def add_material(ws: Workspace, order: Order, outputs: tuple[str, ...] = ("pdf",)) -> str:
    """Append the order to presswork.toml as a new material; its name (unique in the file) is returned."""
    path = ws.root / CONFIG_NAME
    with _LOCK:
        for _ in range(3):
            try:
                raw = path.read_bytes()
            except OSError:
                raise ConfigError(Problem(f"no {CONFIG_NAME} in the workspace",
                                          fix="run `presswork init` to start a campaign")) from None
            text = raw.decode("utf-8")
            name = _free_name(ws, order)
            newline = "\r\n" if "\r\n" in text else "\n"
            lead = "" if not text or text.endswith("\n") else newline
            new = text + lead + newline + entry_text(name, order, outputs, newline)
            _check(ws, new, name)
            if path.read_bytes() != raw:
                continue  # changed while we were checking: append to what it holds now
            write_atomic(path, new)
            return name
    raise ConfigError(Problem(f"{CONFIG_NAME} keeps changing", fix="save it, then add the material again"))


def _free_name(ws: Workspace, order: Order) -> str:
    """`{kind}-{excerpt or collection}`, made unique against the names and the files of the campaign."""
    base = file_name(ws, order)[:MAX_NAME - 4]
    base = base if NAME_RE.match(base) else f"{order.kind}-{slugify(base, max_words=8) or 'material'}"
    taken = set()
    entries = ws.config.get("materials", [])
    if isinstance(entries, list):
        taken |= {e.get("name") for e in entries if isinstance(e, dict)}
    try:
        taken |= {path.stem for t in plan_build(ws, read_config(ws)) for _, path in t.outputs}
    except PressworkError:
        pass  # the campaign has problems of its own; the names in the file still count
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


def _check(ws: Workspace, text: str, name: str) -> None:
    """The new file as `presswork build` would read it: the new entry's problems refuse it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Problem(f"{CONFIG_NAME} would not be valid TOML after the append: {exc}",
                                  fix=f"check the end of {CONFIG_NAME}")) from None
    candidate = Workspace(ws.root, data)
    config = read_config(candidate)
    own = [p for p in config.problems if p.message.startswith(f"material '{name}'")]
    if own:
        raise ConfigError([Problem(p.message, fix=p.fix) for p in own])
    try:
        plan_build(candidate, config, (name,))
    except PressworkError as exc:
        mine = [p for p in exc.problems if name in p.message or p.file not in (None, CONFIG_NAME)]
        if mine or not config.problems:
            raise ConfigError([Problem(p.message, p.file if p.file != CONFIG_NAME else None, None, p.fix)
                               for p in (mine or exc.problems)]) from None
