"""Paragraphs and sentences, as [start, end) offsets into the text exactly as decoded.

A line is a paragraph and always a sentence boundary (wire copy puts headlines, bullets and Q&A turns on lines of
their own, often without a final stop). Inside a line, pysbd proposes the boundaries and this module corrects it
with per-language data from corpora/languages/segmentation/: abbreviations that never end a sentence, quotations
that must stay whole, and closing quotation marks that must stay with their sentence.

A sentence longer than MAX_SENTENCE_CHARS (a 60 kB line without a full stop, a pasted table) is cut into pieces
of at most PIECE_CHARS, at clause punctuation, or else between words: the encoder reads 512 tokens of a text and
no more, and word alignment inside one endless "sentence" would cost its length squared. Each piece remembers the
sentence it was cut from (Sentence.cut_from), so that the report can say so (overlong_note).

Invariants (tested on random text): spans are sorted, disjoint, never cross a line break, carry no surrounding
whitespace, are at most MAX_SENTENCE_CHARS long, and every non-space character belongs to exactly one sentence.
"""
from __future__ import annotations

import bisect
import itertools
import re
import tomllib
from dataclasses import dataclass
from functools import cache

import pysbd
from pysbd.languages import LANGUAGE_CODES as _PYSBD_LANGUAGES

from checker.lexicons import corpora_path
from checker.model import Sentence

# The line breaks str.splitlines knows: a paragraph never spans one.
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
# pysbd's cost grows faster than linearly with the length of what it is given (≈0.25 s for 20,000 characters of
# news): longer lines are cut into pieces of about this size, at a likely sentence end, before it sees them.
_CHUNK_CHARS = 2000
# The longest sentence checked as one. multilingual-e5-small reads 512 tokens: 1,000 characters of WMT news are at
# most 299 tokens (the densest 1,000-character window of newstest2014's French; 254 at the median), 1,500 up to
# 436 and 2,000 up to 574. Shorter is cheaper too: the encoder spent twice as long per character on 1,500-character
# texts as on 1,000-character ones, and the probes re-encode a whole sentence per candidate word. No line of
# newstest2012–2014 is longer (and 7 of TransRead's 8,584 literary sentences are).
MAX_SENTENCE_CHARS = 1000
# The longest piece an overlong sentence is cut into: about as long as nine news sentences in ten (newstest2012–
# 2014: median 116 characters, 90th percentile 234, 99th 360). The probes re-encode a piece per candidate word, and
# the pieces of the two sides, cut where each has its commas, align loosely: 15,000 characters of a line without
# a full stop took 150 s in 1,000-character pieces, 96 s in 400 and 48 s in 250 (the same text as news: 20-37 s).
PIECE_CHARS = 250
# Where an overlong sentence is cut, best first: after a clause mark followed by a space, else between words.
_CLAUSE_MARKS = (("; ", ": ", " — ", " – "), (", ",))
_SPACES = (" ", "\u00a0", "\u202f", "\t")
_CONTINUATION = frozenset(",;:")
_BRACKET_CLOSERS = frozenset(")]}")
_DASHES = frozenset("-–—")


@dataclass(frozen=True)
class SegmentationRules:
    """One language's segmentation data (see corpora/languages/segmentation/README.md)."""

    lang: str
    pysbd_lang: str
    terminals: frozenset[str]
    quotes: tuple[tuple[str, str], ...]
    always: frozenset[str]
    before_number: frozenset[str]
    sentence_openers: frozenset[str]

    @property
    def closers(self) -> frozenset[str]:
        """Marks that only ever close a quotation in this language (the straight quote is not one)."""
        openers = {o for o, _ in self.quotes}
        return frozenset(c for _, c in self.quotes if c not in openers) | _BRACKET_CLOSERS


def _base_lang(lang: str) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


@cache
def rules_for(lang: str) -> SegmentationRules:
    """The segmentation data for a language (its own file, else default.toml), loaded once."""
    base = _base_lang(lang)
    folder = corpora_path() / "languages" / "segmentation"
    path = folder / f"{base}.toml"
    if not path.is_file():
        path = folder / "default.toml"
    with open(path, "rb") as f:
        data = tomllib.load(f)
    abbreviations = data.get("abbreviations", {})
    return SegmentationRules(
        lang=base,
        pysbd_lang=base if base in _PYSBD_LANGUAGES else "en",
        terminals=frozenset(data["terminals"]),
        quotes=tuple((o, c) for o, c in data["quotes"]),
        always=frozenset(abbreviations.get("always", [])),
        before_number=frozenset(abbreviations.get("before_number", [])),
        sentence_openers=frozenset(data.get("sentence_openers", [])) | {o for o, _ in data["quotes"]},
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Every non-blank line, as its [start, end) without surrounding whitespace."""
    spans = []
    for m in _LINE.finditer(text):
        start, end = _strip(text, m.start(), m.end())
        if start < end:
            spans.append((start, end))
    return spans


def _quotations(line: str, rules: SegmentationRules) -> list[tuple[int, int]]:
    """Matched quotation marks in a line, as (index of opener, index of closer); unmatched marks are ignored."""
    openers = {o for o, _ in rules.quotes}
    closes: dict[str, set[str]] = {}
    for o, c in rules.quotes:
        closes.setdefault(c, set()).add(o)
    # A mark that both opens and closes (the straight ") is trusted only when the line holds an even number.
    unusable = {o for o, c in rules.quotes if o == c and line.count(o) % 2}
    stack: list[tuple[str, int]] = []
    # Where each kind of opener sits in the stack, bottom to top: the innermost opener a closer can close is found
    # without walking the stack (thousands of unclosed “ before a » made that quadratic).
    at: dict[str, list[int]] = {o: [] for o in openers}
    spans = []
    for i, ch in enumerate(line):
        if ch in unusable:
            continue
        if ch in closes:
            k = max((at[o][-1] for o in closes[ch] if at[o]), default=None)
            # An unambiguous closer may close over unclosed inner marks; one that can also open closes only the top.
            if k is not None and (ch not in openers or k == len(stack) - 1):
                spans.append((stack[k][1], i))
                del stack[k:]
                for positions in at.values():
                    while positions and positions[-1] >= k:
                        positions.pop()
                continue
        if ch in openers:
            at[ch].append(len(stack))
            stack.append((ch, i))
    return sorted(spans)


def _word_before(line: str, end: int, rules: SegmentationRules) -> str:
    """The word that ends at ``end`` (without its final period), stripped of what may open a sentence."""
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    word = line[start:end]
    while word and word[0] in rules.sentence_openers:
        word = word[1:]
    return word


def _is_abbreviation(line: str, b: int, rules: SegmentationRules) -> bool:
    """Whether the boundary at ``b`` falls just after an abbreviation that does not end a sentence here."""
    if b == 0 or line[b - 1] != ".":
        return False
    word = _word_before(line, b - 1, rules)
    if word in rules.always:
        return True
    if word in rules.before_number:
        k = b  # the next non-space character (without copying the rest of a long line)
        while k < len(line) and line[k].isspace():
            k += 1
        return k < len(line) and line[k].isdigit()
    return False


def _is_initial(line: str, b: int, rules: SegmentationRules) -> bool:
    """A single capital and a period, as in "George W. Bush" or "J. K. Rowling"."""
    if b == 0 or line[b - 1] != ".":
        return False
    word = _word_before(line, b - 1, rules)
    return len(word) == 1 and word.isupper()


def _starts_sentence(ch: str, rules: SegmentationRules) -> bool:
    return ch.isupper() or ch.isdigit() or ch in rules.sentence_openers


def _likely_breaks(line: str, lo: int, hi: int, rules: SegmentationRules) -> list[int]:
    """Ends of terminal runs followed by space and a sentence start, not after an abbreviation or an initial."""
    return [j for j, _ in _break_points(line, lo, hi, rules)]


def _break_points(line: str, lo: int, hi: int, rules: SegmentationRules) -> list[tuple[int, int]]:
    """_likely_breaks with, for each, where the next sentence starts. Those of a range [lo, hi) are those of the
    whole line whose break is after lo and whose next sentence starts before hi."""
    out = []
    i = lo
    while i < hi:
        if line[i] in rules.terminals:
            j = i
            while j < hi and line[j] in rules.terminals:
                j += 1
            k = j
            while k < hi and line[k].isspace():
                k += 1
            if (k > j and k < hi and _starts_sentence(line[k], rules)
                    and not _is_abbreviation(line, j, rules) and not _is_initial(line, j, rules)):
                out.append((j, k))
            i = j
        else:
            i += 1
    return out


# The characters pysbd may end a sentence at (its Standard.Punctuations).
_PYSBD_STOPS = frozenset("。．.！!?？")


def _pysbd_sentences(text: str, lang: str) -> list[str]:
    segmenter = pysbd.Segmenter(language=lang, clean=False)
    # Segmenter.segment then re-locates every sentence with a freshly compiled regex, which is half its run time
    # (and can drop a sentence); the offsets are computed here anyway, so ask its processor directly.
    processor = getattr(segmenter, "processor", None)
    if processor is None:
        return segmenter.segment(text)
    return processor(text).process()


def _pysbd_ends(line: str, rules: SegmentationRules) -> set[int]:
    """pysbd's sentence ends in ``line`` (located by search, so that a changed or lost character cannot shift them)."""
    pieces = [(0, len(line))]
    if len(line) > _CHUNK_CHARS:
        pieces, start = [], 0
        cuts = _likely_breaks(line, 0, len(line), rules)
        for cut in cuts:
            if cut - start >= _CHUNK_CHARS:
                pieces.extend(_word_windows(line, start, cut, 2 * _CHUNK_CHARS))
                start = cut
        pieces.extend(_word_windows(line, start, len(line), 2 * _CHUNK_CHARS))
    ends: set[int] = set()
    for lo, hi in pieces:
        ends.add(hi)
        if not _PYSBD_STOPS.intersection(line[lo : hi - 1]):
            continue  # no stop before the piece's last character: nothing for pysbd to split (most news lines)
        cursor = lo
        for sent in _pysbd_sentences(line[lo:hi], rules.pysbd_lang):
            sent = sent.strip()
            if not sent:
                continue
            at = line.find(sent, cursor, hi)
            if at < 0:
                continue
            cursor = at + len(sent)
            ends.add(cursor)
    ends.discard(len(line))
    return ends


def _word_windows(line: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """[start, end) in pieces of at most `size` characters, cut between words where there is a space: pysbd is
    not given a long run without a likely sentence end (its cost grows faster than the length)."""
    pieces = []
    while end - start > size:
        cut = _last_space(line, start + 1, start + size)
        cut = cut if cut > start else start + size
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _last_space(line: str, lo: int, hi: int) -> int:
    """The offset of the last space of any kind in line[lo:hi], or -1."""
    return max(line.rfind(ch, lo, hi) for ch in _SPACES)


def _cut_point(line: str, start: int, limit: int) -> int:
    """Where to end a piece of the overlong sentence that starts at `start`: after the last clause mark in the
    second half of [start, limit), else at the last space before `limit`, else at `limit` itself."""
    half = start + (limit - start) // 2
    for marks in _CLAUSE_MARKS:
        at = max(line.rfind(mark, half, limit) + len(mark) for mark in marks)
        if at > half + 1:
            return at
    at = _last_space(line, start + 1, limit)
    return at if at > start else limit


def _cut_overlong(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped sentence [start, end) of `line` as stripped pieces of at most PIECE_CHARS."""
    cap = min(PIECE_CHARS, MAX_SENTENCE_CHARS)
    pieces = []
    while end - start > cap:
        cut = _cut_point(line, start, start + cap)
        a, b = _strip(line, start, cut)
        if a < b:
            pieces.append((a, b))
        start = _strip(line, cut, end)[0]
    pieces.append((start, end))
    return pieces


def _line_boundaries(line: str, rules: SegmentationRules) -> list[int]:
    """Sentence boundaries inside one stripped line: sorted offsets strictly between 0 and len(line)."""
    candidates = _pysbd_ends(line, rules)
    quotes = _quotations(line, rules)
    whole: list[tuple[int, int]] = []  # quotations inside which no sentence may end
    # A quotation of several full sentences splits like any text: the likely breaks inside it, taken from one
    # pass over the line (a pass per quotation was quadratic in nested quotations).
    points: list[tuple[int, int]] = []
    breaks: list[int] = []
    split_quotes: list[tuple[int, int]] = []  # (first offset inside, inner end) of those that split
    for o, c in quotes:
        inner_end = _strip(line, o + 1, c)[1]
        ends_with_stop = inner_end > o + 1 and line[inner_end - 1] in rules.terminals
        splits = False
        if ends_with_stop:
            if not breaks and not points:
                points = _break_points(line, 0, len(line), rules)
                breaks = [j for j, _ in points]
            first = bisect.bisect_right(breaks, o + 1)  # the first break after o + 1 starts the next soonest
            splits = first < len(points) and points[first][1] < inner_end
        if splits:
            split_quotes.append((o + 1, inner_end))
        else:
            whole.append((o, c))
        if ends_with_stop:
            # '« C'est fini. » Le président…': the quotation ended the sentence; pysbd often misses this one.
            k = c + 1
            while k < len(line) and line[k].isspace():
                k += 1
            if k > c + 1 and k < len(line) and _starts_sentence(line[k], rules):
                candidates.add(c + 1)
    if split_quotes:  # the breaks inside at least one of them: after its start, the next sentence before its end
        split_quotes.sort()
        reach = list(itertools.accumulate((e for _, e in split_quotes), max))
        starts = [lo for lo, _ in split_quotes]
        for j, k in points:
            opened = bisect.bisect_left(starts, j)  # quotations whose inside starts before j
            if opened and reach[opened - 1] > k:
                candidates.add(j)
    closing_marks = {c for _, c in quotes}
    closing_marks_chars = {line[c] for c in closing_marks}
    closers = rules.closers
    symmetric = {o for o, c in rules.quotes if o == c}
    # Whether an offset falls strictly inside a whole quotation: the quotations opened before it, and the
    # furthest closing of those (a prefix maximum), so that each candidate costs a binary search.
    whole.sort()
    whole_opens = [o for o, _ in whole]
    reach = list(itertools.accumulate((c for _, c in whole), max))
    result = set()
    for b in sorted(candidates):
        if not 0 < b < len(line):
            continue
        # A closing mark stays with the sentence it closes: one glued to the stop ('six."'), even unmatched,
        # and a known closer after a space ('fini. »').
        k = b
        while k < len(line) and (line[k] in closers or line[k] in symmetric):
            k += 1
        b = k
        while k < len(line) and line[k].isspace():
            k += 1
        moved = False
        while k < len(line) and (line[k] in closers or k in closing_marks):
            k += 1
            moved = True
        if moved:
            b = k
            while k < len(line) and line[k].isspace():
                k += 1
        if k >= len(line):
            continue
        j = k  # look through a dash: "… 27 km de circonférence! - pour atteindre …" goes on
        while j < len(line) and (line[j] in _DASHES or line[j].isspace()):
            j += 1
        nxt = line[j] if j < len(line) else line[k]
        if nxt.islower() or nxt in _CONTINUATION:
            continue  # "« Êtes-vous prêt ? » a-t-il demandé", "D-Ga., spoke"
        i = b - 1  # pysbd sometimes cuts at a quotation or a parenthesis: without a stop, it is no end
        while i > 0 and (
            line[i].isspace() or line[i] in closers or line[i] in symmetric or line[i] in closing_marks_chars
        ):
            i -= 1
        if line[i] not in rules.terminals:
            continue
        if _is_abbreviation(line, b, rules):
            continue
        before = bisect.bisect_left(whole_opens, b - 1)  # quotations opened strictly before b - 1
        if before and reach[before - 1] > b - 1:
            continue
        result.add(b)
    return sorted(result)


def split_sentences(text: str, lang: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as [start, end) offsets into ``text``; a line break always ends one, and
    none is longer than MAX_SENTENCE_CHARS."""
    return [(s, e) for s, e, _ in _sentences(text, lang, start, end)]


def _sentences(text: str, lang: str, start: int = 0, end: int | None = None):
    """(start, end, cut_from) of each sentence: cut_from is the span of the overlong sentence a piece was cut
    from, else None."""
    end = len(text) if end is None else end
    rules = rules_for(lang)
    spans = []
    for m in _LINE.finditer(text, start, end):
        lo, hi = _strip(text, m.start(), m.end())
        if lo >= hi:
            continue
        line = text[lo:hi]
        pieces = []
        cuts = [0, *_line_boundaries(line, rules), len(line)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            s, e = _strip(line, a, b)
            if s >= e:
                continue
            # A piece with neither letter nor digit (a stray quote, '...') is no sentence: it joins its neighbour.
            if pieces and not any(ch.isalnum() for ch in line[s:e]):
                pieces[-1] = (pieces[-1][0], e)
            elif len(pieces) == 1 and not any(ch.isalnum() for ch in line[pieces[0][0] : pieces[0][1]]):
                pieces[0] = (pieces[0][0], e)
            else:
                pieces.append((s, e))
        for s, e in pieces:
            if e - s <= MAX_SENTENCE_CHARS:
                spans.append((lo + s, lo + e, None))
            else:
                spans.extend((lo + a, lo + b, (lo + s, lo + e)) for a, b in _cut_overlong(line, s, e))
    return spans


def segment(text: str, lang: str) -> list[Sentence]:
    """All sentences of a text, each with the index of its paragraph."""
    sentences = []
    for p, (start, end) in enumerate(split_paragraphs(text)):
        sentences.extend(Sentence(s, e, p, cut) for s, e, cut in _sentences(text, lang, start, end))
    return sentences


def overlong_note(sentences: list[Sentence], side: str) -> str | None:
    """What the report says when sentences of one side were cut into pieces for checking, or None."""
    cut = {s.cut_from for s in sentences if s.cut_from is not None}
    if not cut:
        return None
    longest = max(e - s for s, e in cut)
    many = len(cut) > 1
    return (f"{len(cut):,} overlong {side} sentence{'s' if many else ''} {'were' if many else 'was'} split for "
            f"checking (longest {longest:,} characters; at most {MAX_SENTENCE_CHARS:,} are checked as one)")
