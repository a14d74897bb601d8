"""Reading and writing excerpt collections as strict, readable YAML."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.content.dates import DateFormatError, PartialDate
from generator.errors import ContentError, Problem
from generator.content.model import Collection, Excerpt
from generator.content.text import split_paragraphs

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

COLLECTION_KEYS = ("title", "series", "lang", "organisation", "intro", "outro", "questions", "slogan", "excerpts")
EXCERPT_KEYS = ("id", "date", "source", "tags", "pull_quote", "lang", "text", "translation", "translation_source")
LANGS = ("en", "zh")
ID_RE = re.compile(r"^[\w][\w.\-]*$")

# Collections are untrusted: these bounds are checked before the YAML is composed.
MAX_COLLECTION_BYTES = 5 * 1024 * 1024   # the shipped collection is 30 KB; 5 MB is ~20,000 excerpts
MAX_EXCERPTS = 5000
MAX_DEPTH = 20                            # a collection is three levels deep
# Explicit tags a collection may carry (`!!str 08`); anything else (`!!python/...`, `!custom`) is refused.
CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}


def load_collection(path: Path, display: str | None = None) -> Collection:
    """Load and validate one collection, reporting every problem in the file at once."""
    display = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ContentError(Problem(f"cannot be read: {exc.strerror}", display)) from None
    if size > MAX_COLLECTION_BYTES:
        raise ContentError(_too_large(size, display))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(Problem(f"is not UTF-8 text ({exc.reason} at byte {exc.start})", display,
                                   fix="save the file as UTF-8")) from None
    except OSError as exc:
        raise ContentError(Problem(f"cannot be read: {exc.strerror}", display)) from None
    return parse_collection(text, name=path.stem, display=display, path=path)


def _too_large(size: int, display: str) -> Problem:
    return Problem(f"is {size / 1024 / 1024:.1f} MB, more than the {MAX_COLLECTION_BYTES // 1024 // 1024} MB "
                   "a collection may hold", display, fix="split it into several collections in content/")


def _screen(text: str, display: str) -> None:
    """Refuse, from the event stream and before composing anything, what no collection needs:
    deep nesting (which would exhaust the composer's recursion), explicit non-core tags, and more
    excerpts than the limit."""
    problems: list[Problem] = []
    depth = 0
    excerpts = 0
    for event in yaml.parse(text, Loader=_Loader):
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in CORE_TAGS:
            problems.append(Problem(f"the YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                                    display, event.start_mark.line + 1, "remove it: write the value as plain text"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth == 3 and isinstance(event, yaml.MappingStartEvent):
                excerpts += 1
            if depth > MAX_DEPTH:
                raise ContentError(Problem(f"nests more than {MAX_DEPTH} levels deep", display,
                                           event.start_mark.line + 1,
                                           "a collection is a mapping with a list of excerpts; check the indentation"))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    if excerpts > MAX_EXCERPTS:
        problems.append(Problem(f"holds {excerpts} excerpts, more than the {MAX_EXCERPTS} a collection may hold",
                                display, fix="split it into several collections in content/"))
    if problems:
        raise ContentError(problems)


def parse_collection(text: str, name: str, display: str = "<text>", path: Path | None = None) -> Collection:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_COLLECTION_BYTES:
        raise ContentError(_too_large(len(text.encode("utf-8", "surrogatepass")), display))
    try:
        _screen(text, display)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            what += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        raise ContentError(Problem(f"is not valid YAML: {what}", display, line,
                                   "check indentation, colons and quotes on this line")) from None
    except yaml.YAMLError as exc:  # reader errors: unprintable characters and the like
        raise ContentError(Problem(f"is not valid YAML: {exc}", display)) from None
    return _Validator(text, display, name, path).collection(root)


class _Validator:
    """Turns a composed YAML node tree into a Collection, gathering every problem."""

    def __init__(self, text: str, display: str, name: str, path: Path | None):
        self.text, self.display, self.name, self.path = text, display, name, path
        self.problems: list[Problem] = []
        self._seen_nodes: set[int] = set()
        self._aliased: set[int] = set()

    def problem(self, node: yaml.Node | None, message: str, fix: str | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(message, self.display, line, fix))

    def mapping(self, node: yaml.Node, what: str, known: tuple[str, ...]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of keys to values", "write `key: value` lines")
            return {}
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{what} has a key that is not plain text")
                continue
            if key in out:
                first = out[key][0].start_mark.line + 1
                self.problem(key_node, f"{what}: duplicate key '{key}' (first at line {first})",
                             "keep one of them")
                continue
            if key not in known:
                self.problem(key_node, f"{what}: unknown key '{key}'", "known keys: " + ", ".join(known))
                continue
            out[key] = (key_node, value_node)
        return out

    def check_aliases(self, node: yaml.Node) -> None:
        # Composed YAML shares one node object between an anchor and its aliases.
        if id(node) in self._seen_nodes:
            self._aliased.add(id(node))
            return
        self._seen_nodes.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.check_aliases(item)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.check_aliases(key)
                self.check_aliases(value)

    def report_aliases(self) -> None:
        # The composed tree no longer knows where an alias was written; the event stream does.
        for event in yaml.parse(self.text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                self.problems.append(Problem(f"YAML alias *{event.anchor} is not allowed", self.display,
                                             event.start_mark.line + 1, "write the value out in full"))

    def string(self, node: yaml.Node, what: str, required: bool = False) -> str | None:
        # The raw scalar text is used whatever YAML would resolve it to: `NO` stays "NO",
        # `08` stays "08", `2013-06-06` stays a string we parse ourselves.
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} must be text, not a list or mapping")
            return None
        if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
            if required:
                self.problem(node, f"{what} is empty", "write its text after the colon")
            return None
        return node.value

    def string_list(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.value:
            return (node.value,)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list", f"write `[a, b]` or one `- item` per line")
            return ()
        items = []
        for item in node.value:
            value = self.string(item, f"an item of {what}")
            if value:
                items.append(value)
        return tuple(items)

    def lang(self, node: yaml.Node, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and value not in LANGS:
            self.problem(node, f"{what} '{value}' is not supported", "use one of: " + ", ".join(LANGS))
            return None
        return value

    def collection(self, root: yaml.Node | None) -> Collection:
        if root is None:
            raise ContentError(Problem("is empty", self.display, fix="add `title:` and `excerpts:`"))
        self.check_aliases(root)
        if self._aliased:
            self.report_aliases()
        fields = self.mapping(root, "the collection", COLLECTION_KEYS)
        get = lambda key: fields.get(key, (None, None))[1]  # noqa: E731
        title = self.string(get("title"), "title") if get("title") else None
        lang = (self.lang(get("lang"), "lang") if get("lang") else None) or "en"
        paragraphs = lambda key: tuple(split_paragraphs(self.string(get(key), key) or "")) if get(key) else ()  # noqa: E731
        excerpts: list[Excerpt] = []
        node = get("excerpts")
        if node is None:
            self.problem(root, "has no `excerpts:` list", "add `excerpts:` with at least one `- id: ...` item")
        elif not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node, "`excerpts` must be a non-empty list", "start each excerpt with `- id: ...`")
        else:
            seen: dict[str, int] = {}
            for item in node.value:
                if id(item) in self._aliased:
                    continue
                excerpt = self.excerpt(item, lang)
                if excerpt is None:
                    continue
                if excerpt.id in seen:
                    self.problem(item, f"duplicate excerpt id '{excerpt.id}' (first at line {seen[excerpt.id]})",
                                 "give each excerpt its own id")
                    continue
                seen[excerpt.id] = excerpt.line
                excerpts.append(excerpt)
        if self.problems:
            raise ContentError(sorted(self.problems, key=lambda p: p.line or 0))
        return Collection(
            name=self.name,
            title=title or self.name.replace("-", " ").replace("_", " ").capitalize(),
            excerpts=tuple(excerpts),
            path=self.path,
            series=self.string(get("series"), "series") if get("series") else None,
            lang=lang,
            intro=paragraphs("intro"),
            outro=paragraphs("outro"),
            questions=self.string_list(get("questions"), "questions") if get("questions") else (),
            slogan=self.string(get("slogan"), "slogan") if get("slogan") else None,
            organisation=self.string(get("organisation"), "organisation") if get("organisation") else None,
        )

    def excerpt(self, node: yaml.Node, default_lang: str) -> Excerpt | None:
        before = len(self.problems)
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "an excerpt must be a mapping", "start it with `- id: ...` and indent its keys")
            return None
        raw_id = next((v.value for k, v in node.value
                       if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode)), None)
        label = f"excerpt '{raw_id}'" if raw_id else "an excerpt"
        fields = self.mapping(node, label, EXCERPT_KEYS)
        excerpt_id = None
        if "id" not in fields:
            self.problem(node, "an excerpt has no `id`", "add `id: YYYY-MM-DD-first-words`")
        else:
            excerpt_id = self.string(fields["id"][1], "id", required=True)
            if excerpt_id is not None:
                label = f"excerpt '{excerpt_id}'"
                if not ID_RE.match(excerpt_id):
                    self.problem(fields["id"][1], f"{label}: id may hold only letters, digits, '-', '_' and '.'",
                                 "write it like 2013-06-06-human-life")
        text = None
        if "text" not in fields:
            self.problem(node, f"{label} has no `text`", "add `text: |` followed by the indented quotation")
        else:
            text = self.string(fields["text"][1], f"{label}: text", required=True)
        date = None
        if "date" in fields:
            raw = self.string(fields["date"][1], f"{label}: date")
            if raw is not None:
                try:
                    date = PartialDate.parse(raw)
                except DateFormatError as exc:
                    self.problem(fields["date"][1], f"{label}: date {exc}")
        opt = lambda key: self.string(fields[key][1], f"{label}: {key}") if key in fields else None  # noqa: E731
        source, pull_quote, translation_source = opt("source"), opt("pull_quote"), opt("translation_source")
        tags = self.string_list(fields["tags"][1], f"{label}: tags") if "tags" in fields else ()
        lang = (self.lang(fields["lang"][1], f"{label}: lang") if "lang" in fields else None) or default_lang
        paragraphs = tuple(split_paragraphs(text or ""))
        if text is not None and not paragraphs:
            self.problem(fields["text"][1], f"{label}: text is blank", "write the quotation's text")
        translation = ()
        if "translation" in fields:
            raw = self.string(fields["translation"][1], f"{label}: translation")
            translation = tuple(split_paragraphs(raw or ""))
            if paragraphs and len(translation) != len(paragraphs):
                self.problem(fields["translation"][1],
                             f"{label}: translation has {len(translation)} paragraph(s) and text has {len(paragraphs)}",
                             "give the translation one paragraph for each paragraph of text, in the same order")
        if len(self.problems) > before or excerpt_id is None:
            return None
        return Excerpt(
            id=excerpt_id, paragraphs=paragraphs, date=date,
            source=source.strip() if source else None,
            tags=tags, pull_quote=pull_quote.strip() if pull_quote else None,
            lang=lang, translation=translation,
            translation_source=translation_source.strip() if translation_source else None,
            line=node.start_mark.line + 1,
        )


class _BlockDumper(_Dumper):
    pass


def _represent_str(dumper: yaml.Dumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _PlainDate(str):
    """A date written as the user would type it: `2013-06-06`, not `'2013-06-06'`."""


def _represent_date(dumper: yaml.Dumper, value: str) -> yaml.Node:
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))
    return dumper.represent_scalar(tag, str(value))


_BlockDumper.add_representer(str, _represent_str)
_BlockDumper.add_representer(_PlainDate, _represent_date)


def dump_collection(collection: Collection) -> str:
    """YAML a person can read and edit: block text, dates as written, keys in a fixed order."""
    data: dict = {"title": collection.title}
    if collection.series:
        data["series"] = collection.series
    data["lang"] = collection.lang
    if collection.organisation:
        data["organisation"] = collection.organisation
    if collection.intro:
        data["intro"] = "\n\n".join(collection.intro) + "\n"
    if collection.slogan:
        data["slogan"] = collection.slogan
    if collection.questions:
        data["questions"] = list(collection.questions)
    data["excerpts"] = []
    for ex in collection.excerpts:
        item: dict = {"id": ex.id}
        if ex.date:
            item["date"] = _PlainDate(ex.date.iso())
        if ex.source:
            item["source"] = ex.source
        if ex.tags:
            item["tags"] = list(ex.tags)
        if ex.pull_quote:
            item["pull_quote"] = ex.pull_quote
        if ex.lang != collection.lang:
            item["lang"] = ex.lang
        item["text"] = "\n\n".join(ex.paragraphs) + "\n"
        if ex.translation:
            item["translation"] = "\n\n".join(ex.translation) + "\n"
        if ex.translation_source:
            item["translation_source"] = ex.translation_source
        data["excerpts"].append(item)
    if collection.outro:
        data["outro"] = "\n\n".join(collection.outro) + "\n"
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)
