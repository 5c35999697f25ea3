"""The English grammar checker: Harper (PyPI `harper-py`, Automattic's offline checker in Rust, Apache-2.0).

One `Grammar` per process, built in the background as the encoder is (`start_loading()` when a Checker is
made; `get()` waits for it when a fluency rule first needs it): building Harper's dictionary takes about a
second, which then overlaps the encoder's load. A missing or broken wheel turns the fluency rules off with one
line on stderr, never a crash.

Linters share Harper's dictionary (each after the first costs ~25 ms): one runs only the grammar rules the
checks name (Harper has ~900 rules; all of them cost ~6 ms a sentence, the few dozen used here ~0.1 ms), two
more only spell single words, one per spelling (American and British: "colour" and "color" are both known).
Spelling is never run over whole sentences: Harper computes suggestions for every word it does not know, names
included, which costs 5–100 ms a word; the spelling rule asks only about the rare words its own cheaper tests leave.
"""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import lru_cache

# Harper's suggestion search takes seconds on a few long or odd words ('Anderlecht' 2.2 s in a fresh process, where
# the median word takes 2 ms and the 99th percentile 36 ms, 395 words unknown to wordfreq in WMT 2014 references
# and systems; which words are slow depends on what Harper has built already, so the cost is the thread's):
# past this much CPU time, the word is left without Harper's verdict. The budget is the speller thread's CPU
# time, not the clock's: on a loaded machine a wall-clock timeout let the same word through on one run and not on
# the next, so the same story got other findings (the same input must give the same output).
SPELL_CPU_BUDGET = 0.5
# A speller past its budget finishes its word in its own thread; a fresh one (~25 MB, 0.1 s) stands in while
# fewer than this many run, else the next word waits for one to come back. Replacing every slow speller held a
# dozen at once on 10,000 lines of foreign names (250 MB more, for nothing).
SPELLERS_PER_DIALECT = 2
# Capitalisation verdicts (Grammar.capitalised): a list of words gets this CPU budget plus this per word, and at
# most this many verdicts are kept (then forgotten at once: a long-running service meets new words).
CAPITALS_CPU_BUDGET = 3.0
CAPITALS_CPU_PER_WORD = 0.002
CAPITALS_KEPT = 50_000
# However long the machine's other work delays Harper, no call waits longer than this (a guard, not a verdict).
WALL_GUARD = 60.0
_POLL = 0.02


@dataclass(frozen=True)
class GrammarLint:
    """One of Harper's lints, offsets into the linted text; `suggestions` replace text[start:end] whole."""

    rule: str  # Harper's rule name, e.g. "PronounVerbAgreement"
    kind: str  # Harper's lint kind, e.g. "Agreement"
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class Spelled:
    """Harper's verdict on one word: known to its dictionary, or not with its suggestions (best first);
    `decided` is False when Harper took too long to say."""

    known: bool
    suggestions: tuple[str, ...] = ()
    decided: bool = True


class Grammar:
    """Harper's linters, with the grammar rules configured on demand. Harper's Linter is not thread-safe:
    calls are serialised by a lock."""

    def __init__(self):
        import harper

        self._harper = harper
        self._plain = harper.Language.PLAINTEXT
        self._linter = harper.Linter()
        self.version = _version()
        self._default = self._linter.get_default_lint_config()
        self._rules: frozenset[str] | None = None
        self._lock = threading.Lock()
        self._dialects = (harper.Dialect.AMERICAN, harper.Dialect.BRITISH)
        self._idle = {d: [self._new_speller(d)] for d in self._dialects}  # spellers ready for a word
        self._made = dict.fromkeys(self._dialects, 1)
        self._spellers_back = threading.Condition()  # guards the idle lists: spellers come back on other threads
        self._spell_pool = ThreadPoolExecutor(max_workers=SPELLERS_PER_DIALECT * len(self._dialects))
        self._capitals: dict[str, str] = {}  # lower-case word -> its capitalised form, "" when Harper has none

    def known_rules(self) -> frozenset[str]:
        return frozenset(self._default)

    def lint(self, text: str, rules: Iterable[str]) -> list[GrammarLint]:
        """Harper's lints of `text` by the given rules only (names Harper does not have are ignored)."""
        rules = frozenset(rules) & frozenset(self._default)
        with self._lock:
            if rules != self._rules:
                self._linter.set_lint_config({name: name in rules for name in self._default})
                self._rules = rules
            found = self._linter.organized_lints(text, language=self._plain) if rules else {}
        return sorted((_convert(rule, lint) for rule, lints in found.items() for lint in lints),
                      key=lambda lint: (lint.start, lint.end, lint.rule))

    def spell(self, word: str) -> Spelled:
        """Is `word` in Harper's dictionary, and if not, what does Harper suggest? Cached per process."""
        with self._lock:
            return self._spell(word)

    @lru_cache(maxsize=20_000)  # noqa: B019 - one Grammar per process
    def _spell(self, word: str) -> Spelled:
        suggestions: tuple[str, ...] = ()
        for dialect in self._dialects:
            lints = self._bounded_lint(dialect, word, SPELL_CPU_BUDGET)
            if lints is None:  # the speller finishes the word in its own thread, then comes back
                return Spelled(known=False, decided=False)
            lints = [lint for lint in lints if lint.span.start == 0 and lint.span.end == len(word)]
            if not lints:
                return Spelled(known=True)
            suggestions = suggestions or _convert("SpellCheck", lints[0]).suggestions  # American first
        return Spelled(known=False, suggestions=suggestions)

    def capitalised(self, words: Iterable[str]) -> dict[str, str]:
        """For lower-case words: those Harper's dictionary knows only with a capital ("russian" → "Russian",
        "monday", "islamists"), each with that form. The words are spelled in one call (Harper's cost is mostly
        per call: ~0.1 ms a word alone, a few µs in a list; a word it does not know costs ~1 ms of suggestions);
        verdicts are kept per process. Past the timeout the words are left without a verdict, as a slow one is."""
        words = list(words)
        with self._lock:
            asked = sorted({w for w in words if w.islower()} - self._capitals.keys())
            if asked:
                lints = self._bounded_lint(self._dialects[0], " ".join(asked),
                                           CAPITALS_CPU_BUDGET + CAPITALS_CPU_PER_WORD * len(asked))
                if lints is None:
                    return {}
                verdicts = dict.fromkeys(asked, "")
                at_word, at = {}, 0
                for w in asked:
                    at_word[at] = w
                    at += len(w) + 1
                for lint in lints:
                    word = at_word.get(lint.span.start)
                    if word is not None and lint.span.end - lint.span.start == len(word):
                        verdicts[word] = next((s.replacement_text for s in lint.suggestions
                                               if s.replacement_text.lower() == word
                                               and s.replacement_text[:1].isupper()), "")
                if len(self._capitals) > CAPITALS_KEPT:
                    self._capitals.clear()
                self._capitals.update(verdicts)
            return {w: self._capitals[w] for w in words if self._capitals.get(w)}

    def _bounded_lint(self, dialect, text: str, cpu_budget: float):
        """A speller's lints of `text`, or None when it used more than `cpu_budget` seconds of its thread's CPU
        time (or, as a guard, WALL_GUARD seconds passed). Harper computes in the calling thread, so that thread's
        CPU clock measures the word's own cost whatever else the machine is doing."""
        speller = self._take_speller(dialect)
        if speller is None:
            return None
        clock: list = []  # the pool thread's CPU clock and its reading at the start

        def run():
            clock.append(_thread_clock())
            clock.append(clock[0]())
            return speller.lint(text, language=self._plain)

        job = self._spell_pool.submit(run)
        job.add_done_callback(lambda _job: self._give_back(dialect, speller))
        deadline = time.monotonic() + WALL_GUARD
        while True:
            try:
                return job.result(timeout=_POLL)
            except FutureTimeout:
                used = clock[0]() - clock[1] if len(clock) == 2 else 0.0
                if job.done():  # finished meanwhile: the clock may already be another job's
                    continue
                if used > cpu_budget or time.monotonic() > deadline:
                    return None

    def _take_speller(self, dialect):
        """An idle speller, else a fresh one (they share the dictionary) while fewer than the bound run, else
        the first to come back from a slow word (None only past the guard)."""
        deadline = time.monotonic() + WALL_GUARD
        with self._spellers_back:
            while not self._idle[dialect]:
                if self._made[dialect] < SPELLERS_PER_DIALECT:
                    self._made[dialect] += 1
                    break
                if not self._spellers_back.wait(timeout=max(0.0, deadline - time.monotonic())):
                    return None
            else:
                return self._idle[dialect].pop()
        return self._new_speller(dialect)

    def _give_back(self, dialect, speller) -> None:
        with self._spellers_back:
            self._idle[dialect].append(speller)
            self._spellers_back.notify_all()

    def _new_speller(self, dialect):
        speller = self._harper.Linter(dialect)
        speller.set_lint_config({name: name == "SpellCheck" for name in self._default})
        speller.lint("recieve", language=self._plain)  # its suggestion index builds on a first unknown word (0.1 s)
        return speller


def _thread_clock():
    """The calling thread's CPU clock where the platform has one (Linux, the BSDs), else the wall clock (macOS has
    no pthread_getcpuclockid: there a loaded machine may still leave a slow word without a verdict)."""
    clock_id = getattr(time, "pthread_getcpuclockid", None)
    if clock_id is None:
        return time.monotonic
    cpu = clock_id(threading.get_ident())
    return lambda: time.clock_gettime(cpu)


def _convert(rule: str, lint) -> GrammarLint:
    problem = lint.problem_text
    out = []
    for s in lint.suggestions:
        kind = int(s.kind)
        if kind == 0:  # REPLACE
            out.append(s.replacement_text)
        elif kind == 1:  # REMOVE: an empty replacement
            out.append("")
        else:  # INSERT_AFTER
            out.append(problem + s.replacement_text)
    return GrammarLint(rule, lint.lint_kind, lint.span.start, lint.span.end, lint.message, tuple(out))


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("harper-py")
    except Exception:  # noqa: BLE001 - a version is only informative
        return "unknown"


# -- one Grammar per process, loaded in the background ------------------------------------------------------

_loading: Future | None = None
_state_lock = threading.Lock()
_warned = False


def start_loading() -> None:
    """Begin building the Grammar in a background thread (once per process; later calls do nothing)."""
    global _loading
    with _state_lock:
        if _loading is None:
            _loading = ThreadPoolExecutor(max_workers=1, thread_name_prefix="harper").submit(Grammar)


def get() -> Grammar | None:
    """The process's Grammar, waiting for its load; None when Harper is missing or broken (said once on stderr)."""
    global _warned
    start_loading()
    try:
        return _loading.result()
    except Exception as err:  # noqa: BLE001 - ImportError, a broken wheel, a failed dictionary build: rules off
        with _state_lock:
            if not _warned:
                _warned = True
                first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
                print(f"checktrans: the grammar rules (CT204-CT207, CT212) are off: harper-py could not be loaded "
                      f"({first}); `pip install harper-py` turns them on", file=sys.stderr, flush=True)
        return None


def reset() -> None:
    """Forget the loaded Grammar and the warning (tests simulate a missing wheel with it)."""
    global _loading, _warned
    with _state_lock:
        _loading, _warned = None, False
