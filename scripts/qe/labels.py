"""Word tags from post-edited MT, as the WMT quality-estimation tasks made theirs.

MT tokens are aligned to the post-edit by TER (sacrebleu's Tercom-compatible implementation, shifts included):
a token the post-editor substituted or deleted is BAD; a token that was only moved keeps OK (the word is right,
its place is not, and a one-edit shift is what HTER charges for it); a gap where the post-editor inserted words
is BAD. HTER is TER's edit count over the post-edit's length.

LIG's MT side is tokenised and lower-cased. `restore` gives a cased, detokenised text with each token's
character span, so that tags move onto the checker's own word splitting of real-looking copy. Casing comes from
a table of the post-edits' word forms built without the line being restored (no label leaks from its own edit).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from sacrebleu.metrics import lib_ter


class _Token(str):
    """A word that remembers its position, so that shifts can be traced back (compares as the plain word)."""

    index: int

    def __new__(cls, word: str, index: int):
        obj = super().__new__(cls, word)
        obj.index = index
        return obj


@dataclass
class Tags:
    words: list[int]  # per MT token: 1 BAD, 0 OK
    gaps: list[int]  # len(words) + 1: 1 where the post-editor inserted words before token k (k = len: at the end)
    inserted: list[int]  # per post-edit token: 1 when no MT token stands for it (the post-editor added it)
    edits: int
    hter: float


def ter_tags(hyp: list[str], ref: list[str]) -> Tags:
    """TER alignment of hypothesis tokens to reference tokens (both already tokenised and normalised)."""
    if not ref:
        return Tags([1] * len(hyp), [0] * (len(hyp) + 1), [], len(hyp), 1.0 if hyp else 0.0)
    words = [_Token(w, i) for i, w in enumerate(hyp)]
    cached = lib_ter.BeamEditDistance(ref)
    shifts, checked = 0, 0
    while True:  # the loop of lib_ter.translation_edit_rate, keeping the shifted sequence
        delta, shifted_words, checked = lib_ter._shift(words, ref, cached, checked)
        if checked >= lib_ter._MAX_SHIFT_CANDIDATES or delta <= 0:
            break
        shifts += 1
        words = shifted_words
    distance, inv_trace = cached(words)
    trace = lib_ter._flip_trace(inv_trace)
    bad = [0] * len(hyp)
    gaps = [0] * (len(hyp) + 1)
    inserted = [0] * len(ref)
    at = ref_at = 0  # positions in the shifted hypothesis and in the reference
    for op in trace:
        if op == lib_ter._OP_INS:  # a hypothesis word the post-edit lacks
            bad[words[at].index] = 1
            at += 1
        elif op in (lib_ter._OP_SUB, lib_ter._OP_NOP):
            bad[words[at].index] = int(op == lib_ter._OP_SUB)
            at += 1
            ref_at += 1
        else:  # a reference word with no hypothesis word: inserted before the current one
            gaps[words[at].index if at < len(words) else len(hyp)] = 1
            inserted[ref_at] = 1
            ref_at += 1
    edits = shifts + distance
    return Tags(bad, gaps, inserted, edits, edits / len(ref))


# -- restoring case and spacing ---------------------------------------------------------------------------------

_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)$")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "£", "€"}
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]", re.UNICODE)


def tokenise(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The post-edit in the MT's own style (lower-cased, punctuation and "'s" split off), with each token's
    [start, end) in `text`."""
    tokens, spans = [], []
    for m in _TOKEN.finditer(text.lower()):
        tok, start = m.group(), m.start()
        split = re.match(r"^(.+?)('s|n't)$", tok)
        if split and tok not in ("'s", "n't"):
            cut = start + len(split.group(1))
            tokens += [split.group(1), split.group(2)]
            spans += [(start, cut), (cut, m.end())]
        else:
            tokens.append(tok)
            spans.append((start, m.end()))
    return tokens, spans


class Casing:
    """Most frequent written form of each lower-cased word across post-edits, with one line left out on demand."""

    def __init__(self, post_edits: list[str]):
        self.forms: dict[str, Counter] = defaultdict(Counter)
        self.lines: list[Counter] = []
        for line in post_edits:
            # A line's first word is capitalised whatever it is: no evidence of how the word is written.
            self.lines.append(Counter(_TOKEN.findall(line)[1:]))
            for w, n in self.lines[-1].items():
                self.forms[w.lower()][w] += n

    def form(self, word: str, leave_out: int | None) -> str:
        counts = self.forms.get(word)
        if not counts:
            return word
        own = self.lines[leave_out] if leave_out is not None else Counter()
        best = max(counts, key=lambda f: (counts[f] - own.get(f, 0), f == word, f))
        return best if counts[best] - own.get(best, 0) > 0 else word


def restore(tokens: list[str], casing: Casing | None = None,
            line: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """Detokenised, recased text and each token's [start, end) in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    quote_open = False
    for k, tok in enumerate(tokens):
        word = casing.form(tok, line) if casing else tok
        if k == 0:
            word = word[:1].upper() + word[1:]
        space = k > 0
        if _NO_SPACE_BEFORE.match(tok) and not (tok == "'" and not quote_open):
            space = False
        if k > 0 and tokens[k - 1] in _NO_SPACE_AFTER:
            space = False
        if tok == '"':
            if quote_open:
                space = False
            quote_open = not quote_open
        elif k > 0 and tokens[k - 1] == '"' and quote_open:
            space = False
        if tok == "'":
            quote_open = not quote_open
        if k > 0 and tokens[k - 1] in ".!?" and word[:1].isalpha():
            word = word[:1].upper() + word[1:]
        if space:
            parts.append(" ")
            at += 1
        parts.append(word)
        spans.append((at, at + len(word)))
        at += len(word)
    return "".join(parts), spans
