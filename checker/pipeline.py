"""The pipeline, in the order the package reads:

    read → segment → embed (one encoder pass per side) → align sentences, then words
         → checks → suggest → score

`Checker` loads the encoder and lexicons once and checks any number of document pairs with them.
Reading files and rendering reports are the callers' business (cli, batch): this module sees only strings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import numpy as np

from . import __version__
from .align.sentences import align_sentences
from .checks import Context, select_checks
from .errors import InputError
from .lexicons import LEXICON_VERSION, load_lexicons
from .model import DocumentPair, Segment, Side
from .read.language import detect_language
from .score import score_document, similarity_threshold
from .segment import segment
from .suggest import rank_suggestions

# Inputs beyond this are refused rather than checked in unbounded memory (a 500-sentence story is ~80 kB).
MAX_CHARS = 2_000_000


@dataclass
class Options:
    source_lang: str | None = None  # None: detect
    target_lang: str = "en"  # the language the translation must be in
    model: str | None = None  # None: the default encoder
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "major"
    word_links: bool = True
    glossary: Any = None
    thresholds: dict[str, float] = field(default_factory=dict)


class Checker:
    """Checks document pairs; the encoder loads on first use and once."""

    def __init__(self, options: Options | None = None, encoder: Any = None):
        self.options = options or Options()
        self._encoder = encoder
        self.checks = select_checks(self.options.select, self.options.ignore)

    @property
    def encoder(self):
        if self._encoder is None:
            from .encoder import load_encoder

            self._encoder = load_encoder(self.options.model)
        return self._encoder

    @property
    def signature(self) -> str:
        parts = [
            f"checktrans:{__version__}",
            f"model:{self.encoder.name}",
            f"lexicons:{LEXICON_VERSION}",
            f"fail-on:{self.options.fail_on}",
        ]
        if self.options.select:
            parts.append("select:" + ",".join(self.options.select))
        if self.options.ignore:
            parts.append("ignore:" + ",".join(self.options.ignore))
        if self.options.glossary is not None:
            parts.append(f"glossary:{getattr(self.options.glossary, 'name', 'yes')}")
        return "|".join(parts)

    # -- one pair ---------------------------------------------------------------------------------------------

    def check_texts(
        self,
        source: str,
        target: str,
        id: str = "doc",
        source_lang: str | None = None,
        target_lang: str | None = None,
        reference: str | None = None,
    ) -> DocumentPair:
        for side, text in (("source", source), ("target", target)):
            if not text or not text.strip():
                raise InputError(f"{id}: the {side} text is empty")
            if len(text) > MAX_CHARS:
                raise InputError(f"{id}: the {side} text has {len(text):,} characters (limit {MAX_CHARS:,})")

        stats: dict[str, Any] = {}
        expected = target_lang or self.options.target_lang
        src_lang = source_lang or self.options.source_lang or detect_language(source)[0]
        # The target's language is always detected: --target-lang says what it must be, not what it is.
        # An unsure detection (short or mixed text) is not evidence against the expected language.
        tgt_lang, stats["target_lang_prob"] = detect_language(target)
        if tgt_lang != expected and stats["target_lang_prob"] < 0.9:
            tgt_lang = expected
        stats["expected_target_lang"] = expected
        pair = DocumentPair(
            id=id,
            source=Side(source, src_lang, segment(source, src_lang)),
            target=Side(target, tgt_lang, segment(target, tgt_lang)),
            reference=reference,
        )
        self._embed(pair)
        self._align(pair)
        self._run_checks(pair, stats)
        rank_suggestions(pair, self.encoder)
        score_document(pair)
        pair.findings = pair.sorted_findings()
        return pair

    def check_many(self, records: Iterable[tuple[str, str, str]]) -> Iterator[DocumentPair | InputError]:
        """Check (id, source, target) records one by one; a bad record yields its InputError and the run goes on."""
        for rec_id, source, target in records:
            try:
                yield self.check_texts(source, target, id=rec_id)
            except InputError as err:
                yield err

    # -- stages -----------------------------------------------------------------------------------------------

    def _embed(self, pair: DocumentPair) -> None:
        for side in (pair.source, pair.target):
            texts = [side.text[s.start : s.end] for s in side.sentences]
            encoded = self.encoder.encode(texts, tokens=self.options.word_links)
            side.embeddings = encoded.embeddings
            side.token_states = encoded.tokens

    def _align(self, pair: DocumentPair) -> None:
        src, tgt = pair.source, pair.target
        blocks = align_sentences(
            src.embeddings,
            tgt.embeddings,
            [s.end - s.start for s in src.sentences],
            [s.end - s.start for s in tgt.sentences],
            [s.paragraph for s in src.sentences],
            [s.paragraph for s in tgt.sentences],
        )
        segments: list[Segment] = []
        src_at = tgt_at = 0  # where an empty side's missing text belongs: right after the previous segment
        for i, block in enumerate(blocks):
            s_start, s_end = src.span(block.source, at=src_at)
            t_start, t_end = tgt.span(block.target, at=tgt_at)
            segments.append(
                Segment(i, block.source, block.target, s_start, s_end, t_start, t_end, block.similarity)
            )
            src_at, tgt_at = s_end, t_end
        # An empty side at the very start belongs before the next segment's text, not at offset 0.
        for seg, nxt in zip(segments, segments[1:]):
            if not seg.target_sentences and seg.target_start == 0 and nxt.target_sentences:
                seg.target_start = seg.target_end = nxt.target_start
        pair.segments = segments
        if self.options.word_links and src.token_states is not None and tgt.token_states is not None:
            from .align.words import link_segments

            link_segments(pair)

    def _run_checks(self, pair: DocumentPair, stats: dict[str, Any]) -> None:
        sims = [s.similarity for s in pair.segments if s.similarity is not None]
        stats["similarity_threshold"] = similarity_threshold(np.array(sims), self.options.thresholds)
        options = {
            "target_lang": stats["expected_target_lang"],
            "glossary": self.options.glossary,
            **self.options.thresholds,
        }
        ctx = Context(load_lexicons(pair.source.lang, options["target_lang"]), self.encoder, options, stats)
        if pair.target.lang != options["target_lang"]:
            # Not a translation into the expected language: one document-level finding says it all.
            pair.findings = [f for c in self.checks if c.code == "CT005" for f in c.run(pair, ctx)]
            return
        for check in self.checks:
            pair.findings.extend(check.run(pair, ctx))
