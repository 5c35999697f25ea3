"""CT400 likely-mistranslation: words the learned quality model expects an editor to change, that no rule explains."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import numpy as np

from ..model import DocumentPair, Finding, FixAvailability, Segment, Severity
from ..suggest import Guard
from .base import Check, Context, Example, SpanSet, Threshold, keep_case
from .probe import unit
from .wordstats import FUNCTION_WORD_ZIPF, is_content_word, zipf

Span = tuple[int, int]

# Flagged words this close (at most one unflagged word between them) form one phrase.
GAP = 1
# A dictionary sense is offered only when it brings the corrected segment at least `sense_gain` closer to its
# source (cosine) than the text as it is. Off by default (1.0 is never reached): the encoder's gain does not tell a
# right sense from a wrong one. On LIG's post-edits (dev fold and 3,000 training lines, 585 one-word findings with
# a linked source word and a sense), the best sense was the post-editor's word for 0.14-0.20 of findings in each
# band of gain below 0.02 (573 findings), and for 2 of the 12 above; at the former default of 0.01, 9 of 61
# offered senses were, and by a reader's judgement about a quarter of the dev fold's were acceptable ("theme" →
# "syndrome"), the rest worse than the text ("schools" → "establishment", "prosecutor" → "ministry" for
# "ministère public"). A wrong fix costs an editor more than no fix.
SENSE_GAIN_OFF = 1.0
MAX_CANDIDATES = 4
# A sense this much (Zipf) commoner in the source language than in English reads as the source left untranslated:
# the dictionary lists "rue" and "supportable" among the senses of the French words themselves, and "politisation"
# (a copy of the source word that English does not know at all). Cognates both languages use alike ("syndrome",
# "population") stay. Seen in `scripts/evaluate.py fixes`. The source language's small word list and English's
# large one are what other rules load anyway (a large French list would be 30 MB more).
SOURCE_LIKE_ZIPF = 1.0
# A rendering flagged once is reported at its other occurrences in the story (`renderings`) when its English word
# is a content word of at least this many letters: "is", "said" and "made" carry no sense of their own to be wrong.
ECHO_MIN_LEN = 4


def reads_as_source(sense: str, source_word: str, source_lang: str) -> bool:
    english = zipf(sense, "en", "large")
    return zipf(sense, source_lang) > english + SOURCE_LIKE_ZIPF or (
        english == 0 and sense.lower() == source_word.lower())


def usable_senses(source_word: str, translations: list[str], word: str, source_lang: str, guard: Guard,
                  source_weak: bool | None = None) -> list[str]:
    """The dictionary senses CT400 may put in place of `word`: a word or two, no name, nothing that reads as the
    source language, nothing that adds or drops a negation or changes a number ("pas" → "not" in place of
    "plenty"; `source_weak`: see Guard.same). Not inflected or matched to the word's class as CT170 does: that
    needs lemminflect, 67 MB and 0.4 s that no other default rule loads at check time; a sense in the wrong form
    or class mostly fails the encoder's gain anyway."""
    out: list[str] = []
    for t in translations:
        if not guard.allows(t, word, source_weak) or reads_as_source(t, source_word, source_lang):
            continue
        form = keep_case(word, t)
        if form.lower() != word.lower() and form not in out:
            out.append(form)
    return out[:MAX_CANDIDATES]


def runs_of(indices, joined=lambda previous, k: True) -> list[list[int]]:
    """Word indices (ascending) in runs: a word joins the run before it when at most GAP words lie between them
    and `joined(previous, k)` allows it."""
    runs: list[list[int]] = []
    for k in indices:
        if runs and k - runs[-1][-1] <= GAP + 1 and joined(runs[-1][-1], k):
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def phrase_runs(probs, threshold: float) -> list[list[int]]:
    """Indices of the words at or above `threshold`, in runs that become one finding each."""
    return runs_of(k for k, p in enumerate(probs) if p >= threshold)


_LETTER = re.compile(r"[^\W\d_]")


def reportable(words: list[str], lang: str) -> bool:
    """Whether a run of flagged words is worth a finding: not only articles and prepositions (style, not
    meaning), and not only figures. Figures are CT120's and CT121's, which read their values; the model's doubt
    about them is mostly noise in its labels: of the 64 figures tagged as edited in LIG's dev fold, 49 are in the
    post-edit as they are (moved, or tokenised otherwise), and on 1,000 newstest2014 human references 14 of
    CT400's 210 findings were figures alone ("28" of "28 October", "684,330")."""
    return (any(_LETTER.search(w) for w in words)
            and not all(zipf(w.lower(), lang) >= FUNCTION_WORD_ZIPF for w in words))


def uncovered_runs(words: list[tuple[int, int, float]], run: list[int], taken: SpanSet) -> list[list[int]]:
    """The flagged words of `run` that no other finding covers, regrouped as phrase_runs groups them, never across
    a covered word: another rule that reports one word of a long garbled phrase leaves the rest to this one."""
    return runs_of((k for k in run if not taken.overlaps(words[k][0], words[k][1])),
                   lambda previous, k: not taken.overlaps(words[previous][1], words[k][0]))


def flagged_phrases(seg: Segment, threshold: float,
                    echoed: dict[int, tuple[float, str]] | None = None) -> list[tuple[int, int, float, list[int]]]:
    """(start, end, highest probability, word indices) of runs of target words at or above `threshold`, or
    lifted to it by `echoed` (word index → the probability of the same rendering elsewhere and its source word:
    see `renderings`). The probability returned is the words' own."""
    words = seg.quality.target
    echoed = echoed or {}
    return [(words[r[0]][0], words[r[-1]][1], max(words[k][2] for k in r), r)
            for r in phrase_runs([max(p, echoed.get(k, (0.0,))[0]) for k, (_, _, p) in enumerate(words)],
                                 threshold)]


def source_spans(seg: Segment) -> dict[Span, Span]:
    """Each linked target word's span → its source word's span."""
    return {(k.target_start, k.target_end): (k.source_start, k.source_end) for k in seg.links or []}


def _rendering(pair: DocumentPair, links: dict[Span, Span], word: tuple[int, int, float]) -> tuple[str, str] | None:
    """(source word, target word), both lower-cased, of a content word linked to a source word, else None."""
    source = links.get((word[0], word[1]))
    target = pair.target.text[word[0] : word[1]]
    if source is None or not is_content_word(target.lower(), pair.target.lang, ECHO_MIN_LEN):
        return None
    return pair.source.text[source[0] : source[1]].lower(), target.lower()


def renderings(pair: DocumentPair, threshold_of: Callable[[Segment], float]) -> dict[int, dict[int, tuple[float, str]]]:
    """Per segment index, the words (index → (probability, source word)) whose rendering of their source word
    the model flags elsewhere in the story but not here. A source word means the same thing throughout a story,
    so the same rendering of it is the same error wherever it stands: the model's doubt about one occurrence
    varies with its sentence (« rapport » → "relation" eleven times in one story, from 16 % to 38 %), and an
    editor told about three of eleven fixes three. `threshold_of(seg)` is the segment's reporting threshold."""
    linked: list[tuple[Segment, dict[Span, Span]]] = [
        (seg, source_spans(seg)) for seg in pair.segments if seg.quality is not None and seg.source_sentences]
    flagged: dict[tuple[str, str], float] = {}
    for seg, links in linked:
        for word in seg.quality.target:
            key = _rendering(pair, links, word) if word[2] >= threshold_of(seg) else None
            if key is not None:
                flagged[key] = max(flagged.get(key, 0.0), word[2])
    out: dict[int, dict[int, tuple[float, str]]] = {}
    for seg, links in linked if flagged else ():
        for k, word in enumerate(seg.quality.target):
            key = _rendering(pair, links, word) if word[2] < threshold_of(seg) else None
            if key in flagged:
                out.setdefault(seg.index, {})[k] = (flagged[key], key[0])
    return out


def _echo(echoed: dict[int, tuple[float, str]], words: list[int]) -> tuple[float, str] | None:
    """What lifted a run that only other occurrences of its renderings lift (none of its words is flagged on its
    own), the strongest of them; None when a word of the run is."""
    return max(echoed[k] for k in words) if words and all(k in echoed for k in words) else None


class LikelyMistranslation(Check):
    """Words that the learned quality model expects an editor to change, where no specific rule explains why.

    What it does
        The quality model (trained on human post-edits of news MT: `checktrans model info`) gives every target
        word the probability that an editor would change it, from the encoder's view of the word, its linked
        source word and the dictionary. Runs of words at or above the reporting threshold become one finding,
        unless another rule already reports that text or the run is only function words or only figures (the
        number rules read figures). The thresholds keep a false-alarm budget on clean human
        translations (WMT newstest2013 references): about 30 findings per 100 segments, 0.5 of them major
        (`checktrans model info` lists the threshold for other budgets, from 5 to 75 per 100).
        A content word flagged as the rendering of a source word is reported wherever the story renders that
        source word the same way, since it means the same there: the model's doubt about each occurrence varies
        with its sentence.
        No fix is offered by default: the editor rewrites the phrase. With the `sense_gain` threshold set, a phrase
        of one word linked to a source word whose dictionary translations the sentence lacks gets the translation
        that brings the sentence closest to its source, if it does so by that much.

    Why is this bad?
        Wrong senses, literal idioms and garbled syntax are the commonest MT errors in news and no word list
        names them; a reader gets a wrong or unintelligible sentence.

    Example
        Source: « La réforme a été adoptée en catimini par le conseil municipal. »
        Target: "The reform was adopted in catimini by the municipal advice."

    Use instead
        "The reform was quietly adopted by the city council."

    Fix safety
        For review, and none by default: on LIG's post-edits fewer than one in five dictionary senses the rule could
        offer was the post-editor's word, and the encoder's gain did not tell which. With `sense_gain` set, a sense
        is offered only for a single flagged word linked to a source word whose dictionary translations the
        sentence lacks, and only one that reads as English and neither adds nor drops a negation nor changes a
        number.
    """

    code = "CT400"
    name = "likely-mistranslation"
    category = "accuracy/mistranslation"
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    thresholds = (
        Threshold("quality_threshold", None, "The probability that an editor changes a word from which it is "
                  "flagged; by default the model's recorded false-alarm budget (`checktrans model info` lists "
                  "the thresholds of other budgets)."),
        Threshold("sense_gain", SENSE_GAIN_OFF, "Offer the dictionary sense that brings the segment at least this "
                  "much closer to its source (cosine, e.g. 0.01); 1 (the default) offers none: on LIG's "
                  "post-edits fewer than one in five offered senses was the post-editor's word."),
    )
    examples = (
        Example(
            "La réforme a été adoptée en catimini par le conseil municipal.",
            "The reform was adopted <marker>in catimini</marker> by the city council.",
        ),
        Example(
            "La réforme a été adoptée en catimini par le conseil municipal.",
            "The reform was quietly adopted by the city council.",
        ),
    )

    def _candidates(self, pair: DocumentPair, ctx: Context) -> list[tuple[Segment, tuple, list[str], list[str]]]:
        """(segment, (start, end, p, source span, word indices), suggestions, rewritten segments) per phrase to
        report."""
        threshold = ctx.options.get("quality_threshold")
        dictionary = ctx.lexicons.dictionary
        suggest = ctx.options.get("sense_gain", SENSE_GAIN_OFF) < SENSE_GAIN_OFF  # else no sense is even encoded
        guard, source_guard = Guard.for_language(ctx.lexicons.target), Guard.for_language(ctx.lexicons.source)
        target = pair.target.text
        out = []
        threshold_of = (lambda seg: threshold) if threshold is not None else (lambda seg: seg.quality.report)
        echoes = renderings(pair, threshold_of)
        for seg in pair.segments:
            if seg.quality is None or not seg.source_sentences:
                continue
            links = source_spans(seg)
            echoed = echoes.get(seg.index, {})
            for start, end, p, run in flagged_phrases(seg, threshold_of(seg), echoed):
                if not reportable([target[seg.quality.target[k][0] : seg.quality.target[k][1]] for k in run],
                                  pair.target.lang):
                    continue
                source = links.get((start, end)) if len(run) == 1 else None
                suggestions, texts = [], []
                if suggest and source is not None and len(dictionary):
                    s_word = pair.source.text[source[0] : source[1]]
                    segment_words = {w.lower() for w in target[seg.target_start : seg.target_end].split()}
                    if not dictionary.covers(s_word, segment_words):
                        suggestions = usable_senses(s_word, dictionary.translations(s_word), target[start:end],
                                                    pair.source.lang, guard,
                                                    source_guard.weak_at(pair.source.text, *source))
                        before, after = target[seg.target_start : start], target[end : seg.target_end]
                        if suggestions:  # the text as it is first, then each candidate in its place
                            texts = [target[seg.target_start : seg.target_end],
                                     *(before + s + after for s in suggestions)]
                out.append((seg, (start, end, p, source, run, {k: echoed[k] for k in run if k in echoed}),
                            suggestions, texts))
        return out

    def prefetch(self, pair: DocumentPair, ctx: Context) -> list[str]:
        found = ctx.once(f"{self.code}:candidates", lambda: self._candidates(pair, ctx))
        return [t for *_, texts in found for t in texts]

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        # Rules run in code order, so every specific rule has spoken by now.
        taken = SpanSet((f.target_start, f.target_end) for f in pair.findings if f.target_end > f.target_start)
        for seg, (start, end, p, source, run, echoed), suggestions, texts in ctx.once(
            f"{self.code}:candidates", lambda: self._candidates(pair, ctx)
        ):
            if taken.overlaps(start, end):
                # A specific rule already says what is wrong with part of it: the rest, if worth a finding, stays.
                yield from self._rest(pair, seg, run, taken, echoed)
                continue
            best = []
            if texts:
                src = unit(pair.source.embeddings[list(seg.source_sentences)].mean(axis=0))
                sims = ctx.encoder.encode(texts).embeddings @ src
                k = int(np.argmax(sims[1:]))
                if sims[1 + k] - sims[0] >= ctx.options.get("sense_gain", SENSE_GAIN_OFF):
                    best = [suggestions[k]]
            yield self._finding(pair, seg, (start, end, p), source, best, _echo(echoed, run))

    def _rest(self, pair: DocumentPair, seg: Segment, run: list[int], taken: SpanSet,
              echoed: dict[int, tuple[float, str]]) -> Iterator[Finding]:
        words, target = seg.quality.target, pair.target.text
        for piece in uncovered_runs(words, run, taken):
            if reportable([target[words[k][0] : words[k][1]] for k in piece], pair.target.lang):
                yield self._finding(pair, seg, (words[piece[0]][0], words[piece[-1]][1],
                                                max(words[k][2] for k in piece)), None, [], _echo(echoed, piece))

    def _finding(self, pair: DocumentPair, seg: Segment, phrase: tuple[int, int, float], source, best: list[str],
                 echo: tuple[float, str] | None = None):
        start, end, p = phrase
        why = (f"the quality model gives it {p:.0%}, and {echo[0]:.0%} to the same rendering of « {echo[1]} » "
               "elsewhere in the story" if echo else f"the quality model gives it {p:.0%}")
        return self.finding(
            seg,
            (start, end),
            source,
            f"'{pair.target.text[start:end]}' is likely to need an editor: {why}"
            + (f"; '{best[0]}' fits the source better" if best else ""),
            suggestions=best,
            severity=Severity.MAJOR if p >= seg.quality.major else Severity.MINOR,
            confidence=p,
        )
