"""CT301 consistency: one source term rendered several ways within a story."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import DocumentPair, Finding, FixAvailability, Segment, Severity
from .base import Check, Context, Example
from .glossary import glossary_for
from .wordstats import zipf

# Part-of-speech tags of the dictionary (checker/lexicons/dictionary.py) that mark a noun and a name.
# Consistency is a matter of terms, and terms are nouns.
_NOUN_TAGS = frozenset({"noun"})
_NAME_TAG = "propn"
# A link below this score is the aligner's guess, not evidence of how a word was translated
# (the demo's 'sommet' → 'top' link scores 0.41; spurious links on WMT sit mostly below 0.35).
MIN_LINK = 0.35
MIN_WORD = 4  # shorter source words are mostly function words or abbreviations
# Function words are the most frequent words of a language (wordfreq Zipf ≥ 6: "de", "pour", "the", "with").
MAX_CONTENT_ZIPF = 6.0
# Measured on WMT newstest2014 fr-en references glued into 20-line stories (human translations, where every
# finding is a false alarm): translators vary a term on purpose when they use two renderings twice each, or
# three renderings; a single deviation from a majority of three or more is what a slip of MT looks like.
MIN_MAJORITY = 3
# Words sharing their first letters are one family (american/America, safety/safely, movement/moves).
FAMILY_PREFIX = 4
# The deviant rendering must align clearly worse than the majority does (demo: 'top' 0.41 against 'summit'
# 0.57 on average): a synonym the translator chose aligns about as well as the usual word.
LINK_MARGIN = 0.1
# The same for a minority that the dictionary also gives for the word: the complete Wiktionary dictionary lists
# most senses ('sommet': summit, peak, top), so a synonym must align clearly worse still. Demo: 'top' 0.425 against
# 'summit' 0.627 (0.20 below) is another sense; 'encounter' 0.752 against 'meeting' 0.773 is a synonym.
COVERED_LINK_MARGIN = 0.15


@dataclass(frozen=True)
class _Rendering:
    segment: Segment
    source: tuple[int, int]
    target: tuple[int, int]
    key: str  # the rendering, lowercased
    surface: str
    link_score: float | None = None  # None for a glossary term found by its pattern


class Consistency(Check):
    """One source term translated in several ways within a story.

    What it does
        Collects how each source term is rendered across the story: glossary terms by the required
        alternative found in the target segment, and nouns through the word alignment. When a term is
        rendered one way at least three times and another way once, the odd one is flagged with the majority
        as the suggestion. Case, inflection and word families ("summit"/"summits", "American"/"America"),
        names, function words, renderings that the bilingual dictionary lists for the same source word
        (synonyms a translator may choose), a minority that aligns about as well as the majority, and a term
        rendered three or more ways (deliberate variation) do not count.

    Why is this bad?
        A reader who meets "the summit" in one paragraph and "the top" in the next thinks of two things; in
        news, an inconsistent term is usually a mistranslation in one of its occurrences.

    Example
        Source: « Quel est l'enjeu de ce sommet ? … Non, mais ce sommet tombe bien. … Ce sommet n'est pas convoqué. »
        Target: "What is the purpose of this summit? … No, but this top is good. … This summit is not convened."

    Use instead
        "… No, but this summit comes at the right time. …"

    Fix safety
        For review. The suggestion is the majority rendering; the odd one out may be the right one, or a
        deliberate variation.
    """

    code = "CT301"
    name = "consistency"
    category = "terminology/inconsistent"
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    examples = (
        Example(
            "Quel est l'enjeu de ce sommet ? Non, mais ce sommet tombe bien. Ce sommet n'est pas convoqué pour "
            "cette occasion. Le sommet se termine vendredi.",
            "What is the purpose of this summit? No, but this <marker>top</marker> is good. This summit is not "
            "convened for this occasion. The summit ends on Friday.",
            correction="summit",
        ),
        # Inflection does not count.
        Example(
            "Quel est l'enjeu de ce sommet ? Les sommets se suivent. Ce sommet n'est pas convoqué pour cette "
            "occasion. Le sommet se termine vendredi.",
            "What is the purpose of this summit? Summits follow one another. This summit is not convened for "
            "this occasion. The summit ends on Friday.",
        ),
        # Both renderings are dictionary translations of 'rencontre': a translator's choice, not an error.
        Example(
            "La rencontre a eu lieu jeudi. La rencontre a duré deux heures. La rencontre a été cordiale. "
            "La rencontre reprendra demain.",
            "The meeting took place on Thursday. The encounter lasted two hours. The meeting was cordial. "
            "The meeting resumes tomorrow.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        by_term: dict[str, list[_Rendering]] = {}
        for term_key, rendering in [*self._glossary_renderings(pair, ctx), *self._linked_renderings(pair, ctx)]:
            by_term.setdefault(term_key, []).append(rendering)
        findings: dict[tuple[int, int], Finding] = {}
        for term_key in sorted(by_term):
            for f in self._inconsistent(pair, ctx, term_key, by_term[term_key]):
                findings.setdefault((f.target_start, f.target_end), f)
        yield from (findings[k] for k in sorted(findings))

    # -- renderings -------------------------------------------------------------------------------------------

    def _glossary_renderings(self, pair: DocumentPair, ctx: Context):
        glossary = glossary_for(ctx, pair)
        if glossary is None:
            return
        src, tgt = pair.source.text, pair.target.text
        for seg in pair.segments:
            source = src[seg.source_start : seg.source_end]
            target = tgt[seg.target_start : seg.target_end]
            for term in glossary.terms:
                m = term.pattern.search(source)
                if m is None or len(term.required) < 2:
                    continue  # with one required term, CT300 already says all there is to say
                for alt, pattern in zip(term.required, term.required_patterns, strict=True):
                    hit = pattern.search(target)
                    if hit:
                        span = (seg.target_start + hit.start(), seg.target_start + hit.end())
                        s_span = (seg.source_start + m.start(), seg.source_start + m.end())
                        yield f"glossary:{term.source.lower()}", _Rendering(seg, s_span, span, alt.lower(), alt)
                        break

    def _linked_renderings(self, pair: DocumentPair, ctx: Context):
        dictionary = ctx.lexicons.dictionary
        src, tgt = pair.source.text, pair.target.text
        for seg in pair.segments:
            for link in seg.links or ():
                if link.score < MIN_LINK:
                    continue
                word = src[link.source_start : link.source_end]
                rendered = tgt[link.target_start : link.target_end]
                if not (word.isalpha() and rendered.isalpha()) or len(word) < MIN_WORD or len(rendered) < 3:
                    continue
                if word[0].isupper() and link.source_start != seg.source_start:
                    continue  # a name mid-sentence: the name checks judge those
                lemmas = dictionary.lemmas(word)
                tags = dictionary.parts_of_speech(lemmas[0]) if lemmas else set()
                if not tags & _NOUN_TAGS or _NAME_TAG in tags:
                    continue
                if zipf(word.lower(), pair.source.lang) >= MAX_CONTENT_ZIPF:
                    continue
                if zipf(rendered.lower(), pair.target.lang) >= MAX_CONTENT_ZIPF:
                    continue
                yield lemmas[0], _Rendering(
                    seg,
                    (link.source_start, link.source_end),
                    (link.target_start, link.target_end),
                    rendered.lower(),
                    rendered,
                    link.score,
                )

    # -- judging ----------------------------------------------------------------------------------------------

    @staticmethod
    def _groups(renderings: list[_Rendering], suffixes: tuple[str, ...]) -> dict[str, list[_Rendering]]:
        """Renderings grouped by word family: an inflected form or a word sharing its first FAMILY_PREFIX
        letters joins the shortest such key ("summits" → "summit", "America" → "american")."""

        def related(k: str, b: str) -> bool:
            if len(k) >= FAMILY_PREFIX and len(b) >= FAMILY_PREFIX and k[:FAMILY_PREFIX] == b[:FAMILY_PREFIX]:
                return True
            return any(k == b + s or (b.endswith("e") and k == b[:-1] + s) for s in suffixes)

        keys = sorted({r.key for r in renderings}, key=lambda k: (len(k), k))
        base: dict[str, str] = {}
        for k in keys:
            base[k] = next((b for b in dict.fromkeys(base.values()) if related(k, b)), k)
        groups: dict[str, list[_Rendering]] = {}
        for r in renderings:
            groups.setdefault(base[r.key], []).append(r)
        return groups

    def _inconsistent(self, pair: DocumentPair, ctx: Context, term_key: str, renderings: list[_Rendering]):
        dictionary = ctx.lexicons.dictionary
        groups = self._groups(renderings, tuple(dictionary.target_suffixes) or ("s", "es"))
        if len(groups) != 2:
            return  # one rendering is consistent; three or more are a translator's deliberate variation
        (major_key, majority), (_, minority) = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if len(majority) < MIN_MAJORITY or len(minority) != 1:
            return
        (r,) = minority
        glossary_term = term_key.startswith("glossary:")
        source_word = term_key.split(":", 1)[-1]
        if not glossary_term:
            # The majority must itself be a known translation (else the minority may be the right one). A
            # minority the dictionary also gives is a synonym a translator may choose, or another sense of the
            # word ("sommet": summit, top): only a clearly weaker link tells the wrong sense.
            if not dictionary.covers(source_word, [major_key]):
                return
            margin = COVERED_LINK_MARGIN if dictionary.covers(source_word, [r.key]) else LINK_MARGIN
            usual = sum(m.link_score for m in majority) / len(majority)
            if r.link_score is None or r.link_score > usual - margin:
                return
        tgt = pair.target.text
        segment_text = tgt[r.segment.target_start : r.segment.target_end].lower()
        if any(m.key in segment_text for m in majority):
            return  # the segment also uses the majority rendering: the link is likely wrong
        suggestion = Counter(m.surface.lower() for m in majority).most_common(1)[0][0]
        yield self.finding(
            r.segment,
            r.target,
            r.source,
            f"'{pair.source.text[r.source[0]:r.source[1]]}' is rendered '{tgt[r.target[0]:r.target[1]]}' here "
            f"but '{suggestion}' {len(majority)} times elsewhere in the story",
            suggestions=[suggestion],
            confidence=min(0.9, 0.5 + 0.1 * len(majority)),
        )
