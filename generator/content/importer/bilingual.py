"""An article and its translation → one bilingual collection: excerpts paired, paragraphs aligned one to one.

Pairing: excerpts with the same date pair in their order; then excerpts whose dates differ
only in precision (`2013-06` and `2013-06-06`), with a warning; then the undated ones by their
position among the undated. Each pair's translation is aligned to the text's paragraphs:
as is when the counts agree; else the translation's paragraphs are joined, or split at
sentence ends, where the lengths of the text's paragraphs say (with a warning); an excerpt
whose translation has fewer sentences than the text has paragraphs stays unpaired. Every
excerpt left unpaired, on either side, is a warning naming both files and its line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.content.importer.parser import ImportResult
from generator.content.model import Excerpt
from generator.content.text import join_lines, split_sentences
from generator.errors import ContentError, Problem

__all__ = ["align_paragraphs", "pair_translation"]


def _size(text: str) -> int:
    return max(1, len(re.sub(r"\s", "", text)))


def _partition(units: list[str], forced: set[int], targets: list[float]) -> list[list[str]] | None:
    """Cut `units` into len(targets) runs whose shares of the length best match `targets`.

    `forced` holds the units after which a run must end (a translation's own paragraph breaks).
    """
    n, m = len(targets), len(units)
    if m < n:
        return None
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + _size(unit))
    total = prefix[-1]

    def crosses(start: int, end: int) -> bool:  # a forced break inside units[start:end]
        return any(start <= f < end - 1 for f in forced)

    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}
    for j in range(1, n + 1):
        for end in range(j, m - (n - j) + 1):
            options = [(best[j - 1, start][0] + abs((prefix[end] - prefix[start]) / total - targets[j - 1]), start)
                       for start in range(j - 1, end) if (j - 1, start) in best and not crosses(start, end)]
            if options:
                best[j, end] = min(options)
    if (n, m) not in best:
        return None
    runs, end = [], m
    for j in range(n, 0, -1):
        start = best[j, end][1]
        runs.append(units[start:end])
        end = start
    return runs[::-1]


def align_paragraphs(text: tuple[str, ...], translation: tuple[str, ...]) -> tuple[tuple[str, ...] | None, str | None]:
    """(the translation with one paragraph per paragraph of `text`, or None; what was done, when anything was)."""
    n, m = len(text), len(translation)
    if n == m:
        return translation, None
    total = sum(_size(p) for p in text)
    targets = [_size(p) / total for p in text]
    if m > n:
        runs = _partition(list(translation), set(), targets)
        if runs is None:
            return None, None
        joined = tuple(join_lines(run) for run in runs)
        return joined, f"joined its {m} paragraphs into {n} to match the text's"
    units, forced = [], set()
    for paragraph in translation:
        units.extend(split_sentences(paragraph))
        forced.add(len(units) - 1)
    forced.discard(len(units) - 1)
    runs = _partition(units, forced, targets)
    if runs is None:
        return None, (f"it has {m} paragraph{'s' if m > 1 else ''} and only {len(units)} sentence"
                      f"{'s' if len(units) > 1 else ''}, fewer than the text's {n} paragraphs")
    return tuple(join_lines(run) for run in runs), f"split its {m} paragraph{'s' if m > 1 else ''} into {n} at " \
                                                   "sentence ends to match the text's"


def _label(excerpt: Excerpt) -> str:
    return f"'{excerpt.id}' ({excerpt.date.iso() if excerpt.date else 'undated'})"


def pair_translation(main: ImportResult, translation: ImportResult, main_display: str,
                     translation_display: str) -> ImportResult:
    """One ImportResult from two: the main article's collection, each excerpt with its translation."""
    ours, theirs = main.collection, translation.collection
    if ours.lang == theirs.lang:
        raise ContentError(Problem(f"is in the same language ({ours.lang}) as the article {main_display}",
                                   translation_display, fix="pass the article's translation into the other language"))
    warnings: list[Problem] = []
    pairs: dict[int, int] = {}
    left = list(range(len(theirs.excerpts)))

    def take(i: int, accept) -> None:
        for j in left:
            if accept(ours.excerpts[i], theirs.excerpts[j]):
                pairs[i] = j
                left.remove(j)
                return

    for i, excerpt in enumerate(ours.excerpts):
        if excerpt.date:
            take(i, lambda a, b: b.date == a.date)
    for i, excerpt in enumerate(ours.excerpts):
        if excerpt.date and i not in pairs:
            take(i, lambda a, b: b.date is not None and b.date.precision != a.date.precision and
                 (a.date.iso().startswith(b.date.iso()) or b.date.iso().startswith(a.date.iso())))
            if i in pairs:
                other = theirs.excerpts[pairs[i]]
                warnings.append(Problem(f"paired excerpt {_label(excerpt)} with the translation's excerpt dated "
                                        f"{other.date.iso()} ({translation_display}:{other.line}): the dates differ "
                                        "in precision only", main_display, excerpt.line))
    undated_ours = [i for i, e in enumerate(ours.excerpts) if e.date is None]
    undated_theirs = [j for j in left if theirs.excerpts[j].date is None]
    for i, j in zip(undated_ours, undated_theirs):
        pairs[i] = j
        left.remove(j)

    excerpts = []
    for i, excerpt in enumerate(ours.excerpts):
        if i not in pairs:
            why = (f"{translation_display} has no excerpt dated {excerpt.date.iso()} left to pair with it"
                   if excerpt.date else f"{translation_display} has no undated excerpt left to pair with it")
            warnings.append(Problem(f"excerpt {_label(excerpt)} has no translation: {why}", main_display,
                                    excerpt.line, "add `translation:` to it in the YAML, or its translation to "
                                    f"{translation_display} with the same date"))
            excerpts.append(excerpt)
            continue
        other = theirs.excerpts[pairs[i]]
        aligned, done = align_paragraphs(excerpt.paragraphs, other.paragraphs)
        where = f"{translation_display}:{other.line}"
        if aligned is None:
            warnings.append(Problem(f"excerpt {_label(excerpt)} was left without its translation ({where}): "
                                    f"{done or 'its paragraphs cannot be matched to the text'}", main_display,
                                    excerpt.line, "give the translation one paragraph for each paragraph of text"))
            excerpts.append(excerpt)
            continue
        if done:
            warnings.append(Problem(f"excerpt {_label(excerpt)} has {len(excerpt.paragraphs)} paragraph(s) and its "
                                    f"translation ({where}) {len(other.paragraphs)}: {done}; check where they part",
                                    main_display, excerpt.line))
        excerpts.append(replace(excerpt, translation=aligned, translation_source=other.source))
    for j in left:
        other = theirs.excerpts[j]
        warnings.append(Problem(f"the translation's excerpt {_label(other)} pairs with no excerpt of {main_display}, "
                                "so it was not used", translation_display, other.line,
                                "check its date against the article's"))
    collection = replace(ours, excerpts=tuple(excerpts))
    every = main.warnings + translation.warnings + tuple(warnings)
    return ImportResult(collection, tuple(sorted(every, key=lambda p: (p.file != main_display, p.line or 0))))
