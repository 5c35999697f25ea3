"""The pipeline, in the order the package reads:

    read → segment → embed (one encoder pass for both sides) → align sentences, then words
         → checks → suggest → score

`Checker` loads the encoder, the grammar checker (checker/grammar.py, for the fluency rules) and lexicons once
and checks any number of document pairs with them.
Reading files and rendering reports are the callers' business (cli, batch): this module sees only strings.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import __version__, grammar
from .align.sentences import align_sentences
from .checks import Context, select_checks
from .errors import InputError, UsageError
from .lexicons import LEXICON_VERSION, data_languages, load_lexicons
from .model import DocumentPair, Segment, Side
from .quality import load_quality_model
from .read.language import detect_language, looks_like
from .record import BadRecord, Record, unit_of
from .reference import document_scores
from .score import score_document, similarity_threshold
from .segment import segment
from .signature import Signature
from .suggest import rank_suggestions, ranking_jobs

# Inputs beyond this are refused rather than checked in unbounded memory (a 500-sentence story is ~80 kB).
MAX_CHARS = 2_000_000
# Text encoded together by check_many, in characters of both sides. Sorting many sentences by length before
# batching keeps padding small: 64 one-line pairs at a time ran at 31 pairs/s, 600 at 46 (newstest2014). The
# bound keeps memory flat on long stories (token states take ~70 MB per 200,000 characters).
CHUNK_CHARS = 200_000
# Past this many characters in one encoder call, token states go to a file (encoder.SpilledTokens) instead of
# memory (~90 MB of them at this size). A chunk of many records ends after the one that takes it past
# CHUNK_CHARS, so only a record too long to share a chunk gets here: 10,000 short lines peaked at 972 MB spilled,
# 1,107 MB not, for 2 % more time (the quality model makes the word vectors again).
SPILL_CHARS = 250_000


@dataclass
class Options:
    source_lang: str | None = None  # None: detect
    target_lang: str = "en"  # the language the translation must be in
    model: str | None = None  # None: the default encoder
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()  # rules beside the selected ones, off-by-default ones too (ruff's)
    fail_on: str = "major"
    word_links: bool = True
    glossary: Any = None
    thresholds: dict[str, float] = field(default_factory=dict)
    quality: bool = True  # the learned quality model's estimates (off while that model's own data are made)


class Checker:
    """Checks document pairs; the encoder loads once, in the background from the start (reading, language
    identification and segmentation overlap with it), and is waited for when first needed."""

    def __init__(self, options: Options | None = None, encoder: Any = None):
        self.options = options or Options()
        self._encoder = encoder
        self.checks = select_checks(self.options.select, self.options.ignore, self.options.extend_select)
        if any(getattr(check, "uses_grammar", False) for check in self.checks):
            grammar.start_loading()  # Harper's dictionary (~1 s) builds in the background, beside the encoder
        self.quality = load_quality_model() if self.options.quality else None
        self._loading: Future | None = None
        if encoder is None:
            from .encoder import load_encoder

            self._loading = ThreadPoolExecutor(max_workers=1).submit(load_encoder, self.options.model)

    @property
    def encoder(self):
        if self._encoder is None:
            try:
                self._encoder = self._loading.result()  # a loading error surfaces here, in the caller's thread
            except Exception as err:  # noqa: BLE001 - any failure to load is one line for the user
                name = self.options.model or "the default model"
                hint = "" if self.options.model else "; `checktrans model build --force` rebuilds it"
                first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
                raise UsageError(f"cannot load {name}: {first}{hint}") from None
        return self._encoder

    @property
    def signature(self) -> str:
        """The long signature printed in every report (checker/signature.py)."""
        return self.signature_of().format()

    def signature_of(self) -> Signature:
        """What the effective settings are; loads the encoder (its name and variant are part of it)."""
        from .checks import declared_thresholds
        from .signature import glossary_fingerprint

        defaults = {name: declared.default for name, (declared, _) in declared_thresholds().items()}
        variant = getattr(self.encoder, "variant", None)
        return Signature(
            version=__version__,
            model=self.encoder.name + (f":{variant}" if variant else ""),
            lexicons=LEXICON_VERSION,
            source_lang=self.options.source_lang,
            target_lang=self.options.target_lang,
            fail_on=str(self.options.fail_on),
            word_links=self.options.word_links,
            select=tuple(self.options.select),
            ignore=tuple(self.options.ignore),
            extend_select=tuple(self.options.extend_select),
            thresholds=tuple((k, v) for k, v in sorted(self.options.thresholds.items()) if v != defaults.get(k)),
            glossary=None if self.options.glossary is None else glossary_fingerprint(self.options.glossary),
        )

    # -- entry points -----------------------------------------------------------------------------------------

    def check_texts(
        self,
        source: str,
        target: str,
        id: str = "doc",
        source_lang: str | None = None,
        target_lang: str | None = None,
        reference: str | None = None,
    ) -> DocumentPair:
        """Check one pair; bad input raises InputError, and a bug its own exception."""
        record = Record(str(id), source, target, reference, source_lang=source_lang, target_lang=target_lang)
        (result,) = self._check_chunk([record], isolate=False)
        if isinstance(result, BadRecord):
            raise InputError(result.message)
        return result

    def check_many(
        self, records: Iterable[Record | BadRecord], chunk_chars: int = CHUNK_CHARS
    ) -> Iterator[DocumentPair | BadRecord]:
        """The one multi-story path: every front end (check, --pairs, batch, the engines) comes through here.

        Results come in input order. A record that could not be read (a BadRecord) passes through; one that
        cannot be checked becomes a BadRecord saying why, and the run goes on. Records are encoded a chunk at a
        time: one encoder call for many short pairs is what makes large runs fast, and a text's vectors do not
        depend on its chunk, so neither do the findings."""
        for chunk in chunks(records, chunk_chars):
            yield from self._check_chunk(chunk)

    # -- stages -----------------------------------------------------------------------------------------------

    def aligned(self, records: Iterable[Record], chunk_chars: int = CHUNK_CHARS) -> Iterator[DocumentPair | BadRecord]:
        """Records read, segmented, embedded and aligned (sentences and words), before any estimate or check:
        what the quality model's training reads, so that it learns from exactly what the pipeline sees."""
        for chunk in chunks(records, chunk_chars):
            yield from (item if isinstance(item, BadRecord) else item[0] for item in self._analyse_chunk(chunk))

    def _analyse_chunk(self, records: list[Record | BadRecord]) -> list[tuple[DocumentPair, dict] | BadRecord]:
        prepared: list[tuple[DocumentPair, dict] | BadRecord] = []
        for record in records:
            if isinstance(record, BadRecord):
                prepared.append(record)
                continue
            try:
                prepared.append(self._prepare(
                    record.id, record.source, record.target, record.reference,
                    # --source-lang (or the config's) wins over what a file declares: the CMS may label it wrong.
                    source_lang=self.options.source_lang or primary_language(record.source_lang),
                    target_lang=primary_language(record.target_lang),
                ))
            except InputError as err:
                prepared.append(BadRecord(record.id, record.origin, str(err)))
        good = [item for item in prepared if not isinstance(item, BadRecord)]
        self._embed([pair for pair, _ in good])
        for pair, _ in good:
            self._align(pair)
        return prepared

    def _check_chunk(self, records: list[Record | BadRecord], isolate: bool = True) -> list[DocumentPair | BadRecord]:
        """A chunk checked together. With `isolate`, a bug met in the chunk does not sink it: each record is
        checked again alone, and the one that fails becomes a BadRecord naming the error (an overnight archive
        run carries on, and still exits 1 with the error named)."""
        try:
            return self._check_together(records)
        except UsageError:  # the model cannot load, a bad option: nothing to isolate, the run stops
            raise
        except Exception as err:  # noqa: BLE001 - see the docstring
            if not isolate:
                raise
            if len(records) > 1:
                return [result for record in records for result in self._check_chunk([record])]
            record = records[0]
            detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else ""
            return [BadRecord(record.id, record.origin, f"{record.origin or record.id}: internal error: "
                                                        f"{type(err).__name__}: {detail}")]

    def _check_together(self, records: list[Record | BadRecord]) -> list[DocumentPair | BadRecord]:
        prepared = self._analyse_chunk(records)
        good = [item for item in prepared if not isinstance(item, BadRecord)]
        contexts = {id(pair): self._context(pair, stats) for pair, stats in good}
        self._estimate([(pair, contexts[id(pair)]) for pair, _ in good])
        release_free_memory()  # the feature rows just freed, before the checks allocate their own
        cache = self._prefetch(good, contexts)
        jobs = {}
        for pair, _ in good:
            self._run_checks(pair, contexts[id(pair)])
            jobs[id(pair)] = ranking_jobs(pair)
        # Every document's candidate fixes in one encoder call, then each ranks its own from memory.
        cache.fill([t for js in jobs.values() for _, candidates in js for t in candidates])
        for pair, _ in good:
            rank_suggestions(pair, cache, jobs[id(pair)])
            score_document(pair)
            if pair.reference and pair.reference.strip():
                pair.metrics = document_scores(pair.target.text, pair.reference)
            pair.findings = pair.sorted_findings()
        results = []
        for record, item in zip(records, prepared, strict=True):
            if isinstance(item, BadRecord):
                results.append(item)
                continue
            pair = item[0]
            for finding in pair.findings:  # an XLIFF, TMX or PO story: name the unit, which a CAT tool can find
                finding.unit = unit_of(record.units, finding)
            results.append(pair)
        return results

    def _prefetch(self, good: list[tuple[DocumentPair, dict]], contexts: dict[int, Context]) -> CachingEncoder:
        """Encode, in one call for the whole chunk, the extra texts checks will ask for (probes); each
        document's context then serves them from memory instead of one small encoder call per document."""
        texts: list[str] = []
        for pair, _ in good:
            ctx = contexts[id(pair)]
            if pair.target.lang == ctx.options["target_lang"]:
                for check in self.checks:
                    texts.extend(check.prefetch(pair, ctx))
        cache = CachingEncoder(self.encoder)
        for pair, _ in good:  # a probe of a one-sentence segment as it stands is that sentence: already encoded
            for side in (pair.source, pair.target):
                cache.seed([side.text[s.start : s.end] for s in side.sentences], side.embeddings)
        cache.fill(texts)
        for ctx in contexts.values():
            ctx.encoder = cache
        return cache

    def _prepare(
        self,
        id: str,
        source: str,
        target: str,
        reference: str | None = None,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> tuple[DocumentPair, dict[str, Any]]:
        """Validate, identify the languages and segment both sides."""
        for side, text in (("source", source), ("target", target)):
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"{id}: the {side} text is empty")
            if len(text) > MAX_CHARS:
                raise InputError(f"{id}: the {side} text has {len(text):,} characters (limit {MAX_CHARS:,})")
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as err:  # a lone surrogate, e.g. "\ud800" in a JSON record
                raise InputError(f"{id}: the {side} text is not valid Unicode at character {err.start}") from None
        from .read.language import language_name, primary, target_language

        stats: dict[str, Any] = {}
        expected = target_lang or self.options.target_lang
        given = source_lang or self.options.source_lang
        src_lang = given or self._source_language(source, expected)
        if not given and src_lang == primary(expected):
            # Nothing to translate: checking en→en would score a copy as a perfect translation. Only a detected
            # language is refused; --source-lang (or a file's declared language) is taken at its word.
            raise InputError(f"{id}: the source is already in {language_name(expected)} "
                             f"(give --source-lang if it is not)")
        stats["expected_target_lang"] = expected
        # The target's language is always checked: --target-lang says what it must be, not what it is. Words
        # that clearly say so settle it cheaply; anything else gets open-set detection, and another language is
        # named only on agreeing evidence (a short headline or quoted French names are no evidence against it).
        tgt_lang, stats["target_lang_prob"] = target_language(target, expected, (src_lang,))
        if tgt_lang == primary(expected):
            tgt_lang = expected  # "en-GB" expected and English found: the same, as the checks compare them
        pair = DocumentPair(
            id=str(id),
            source=Side(source, src_lang, segment(source, src_lang)),
            target=Side(target, tgt_lang, segment(target, tgt_lang)),
            reference=reference,
        )
        return pair, stats

    @staticmethod
    def _source_language(text: str, expected_target: str) -> str:
        """Languages with data files first, by a cheap word-frequency test; open-set detection otherwise. The
        expected target language itself only when langdetect and the words both say so clearly (the caller
        then refuses the pair); when only langdetect does, the likeliest of the other known languages."""
        from .read.language import clearly_in, primary

        expected = primary(expected_target)
        known = tuple(sorted({*data_languages(), expected}))
        for lang in known:
            if lang != expected and looks_like(text, lang, known) >= 0.95:
                return lang
        detected = detect_language(text)[0]
        if detected != expected or clearly_in(text, expected, known):
            return detected
        return max((lang for lang in known if lang != expected), key=lambda lang: looks_like(text, lang, known))

    def _embed(self, pairs: list[DocumentPair]) -> None:
        """One encoder call for every sentence of the chunk, both sides (more texts to sort by length, less
        padding), then each side takes its rows back."""
        sides = [side for p in pairs for side in (p.source, p.target)]
        texts = [side.text[s.start : s.end] for side in sides for s in side.sentences]
        # A sentence met twice in a chunk (a dateline, a boilerplate line, one source with two translations)
        # is encoded once: a text's vectors do not depend on what it is batched with (its token states not at all,
        # its pooled embedding in the eighth decimal at most).
        unique = {text: row for row, text in enumerate(dict.fromkeys(texts))}
        spill = None
        if self.options.word_links and sum(map(len, unique)) > SPILL_CHARS:
            from .encoder import SpilledTokens

            spill = SpilledTokens(len(unique))
        encoded = self.encoder.encode(list(unique), tokens=self.options.word_links, spill=spill)
        rows = np.array([unique[t] for t in texts], dtype=int)
        at = 0
        for side in sides:
            n = len(side.sentences)
            side.embeddings = encoded.embeddings[rows[at : at + n]]
            if encoded.tokens is None:
                side.token_states = None
            elif spill is None:
                side.token_states = [encoded.tokens[r] for r in rows[at : at + n]]
            else:
                side.token_states = Rows(spill, rows[at : at + n])
            at += n

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
        for seg, nxt in zip(segments, segments[1:], strict=False):
            if not seg.target_sentences and seg.target_start == 0 and nxt.target_sentences:
                seg.target_start = seg.target_end = nxt.target_start
        pair.segments = segments
        from .segment import overlong_note  # pieces of an overlong sentence were aligned as sentences: say so

        for note in (overlong_note(src.sentences, "source"), overlong_note(tgt.sentences, "target")):
            if note and note not in pair.notes:
                pair.notes.append(note)
        if self.options.word_links and src.token_states is not None and tgt.token_states is not None:
            from .align.words import link_segments

            link_segments(pair, keep_vectors=isinstance(src.token_states, list))  # not when spilled

    def _context(self, pair: DocumentPair, stats: dict[str, Any]) -> Context:
        sims = [s.similarity for s in pair.segments if s.similarity is not None]
        stats["similarity_threshold"] = similarity_threshold(np.array(sims), self.options.thresholds)
        options = {
            "target_lang": stats["expected_target_lang"],
            "glossary": self.options.glossary,
            **self.options.thresholds,
        }
        return Context(load_lexicons(pair.source.lang, options["target_lang"]), self.encoder, options, stats)

    def _estimate(self, items: list[tuple[DocumentPair, Context]]) -> None:
        """The learned quality model's word and segment estimates for a chunk, which checks and the score
        then read."""
        if self.quality is not None and self.options.word_links:
            self.quality.estimate([(pair, ctx.lexicons.dictionary) for pair, ctx in items
                                   if pair.target.lang == ctx.options["target_lang"]])
        for pair, _ in items:
            for seg in pair.segments:
                seg.words = None  # the word vectors have served; a long batch must not keep them

    def _run_checks(self, pair: DocumentPair, ctx: Context) -> None:
        if pair.target.lang != ctx.options["target_lang"]:
            # Not a translation into the expected language: one document-level finding says it all.
            pair.findings = [f for c in self.checks if c.code == "CT005" for f in c.run(pair, ctx)]
            return
        for check in self.checks:
            pair.findings.extend(check.run(pair, ctx))
        pair.findings = _without_consequences(pair.findings)


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim). The quality model's feature rows
    are many arrays too small for their own mapping: freed, they stayed in the process (124 MB of the 141 MB
    the estimate added on a 100 kB story) while the checks then grew the heap further. No-op off glibc."""
    global _libc
    if _libc is None:
        import ctypes
        import ctypes.util

        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc.malloc_trim  # noqa: B018 - glibc only
        except (OSError, AttributeError):
            _libc = False
    if _libc:
        _libc.malloc_trim(0)


_libc = None


def chunks(records: Iterable[Record | BadRecord], chunk_chars: int) -> Iterator[list[Record | BadRecord]]:
    """Records in lists of about `chunk_chars` characters of source and target text."""
    batch: list[Record | BadRecord] = []
    size = 0
    for record in records:
        batch.append(record)
        size += record_size(record)
        if size >= chunk_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def record_size(record: Record | BadRecord) -> int:
    """Characters of source and target text: what an encoder call's cost grows with."""
    return 0 if isinstance(record, BadRecord) else len(record.source or "") + len(record.target or "")


def primary_language(lang: str | None) -> str | None:
    """'fr-FR' → 'fr': lexicons and the language check key on the primary subtag."""
    return lang.replace("_", "-").split("-")[0].lower() if lang else None


class Rows(Sequence):
    """Some rows of a sequence, read through on each access (a side's sentences in a spilled chunk's texts)."""

    def __init__(self, items: Sequence, rows: np.ndarray):
        self._items, self._rows = items, rows

    def __getitem__(self, k: int):
        return self._items[int(self._rows[k])]

    def __len__(self) -> int:
        return len(self._rows)


class CachingEncoder:
    """The encoder, serving sentence embeddings already computed for the chunk from memory."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.name, self.dim = encoder.name, encoder.dim
        self._rows: dict[str, np.ndarray] = {}

    def seed(self, texts: list[str], rows: np.ndarray | None) -> None:
        """Embeddings the pipeline already has (`_embed`: equal to a new encoding in the eighth decimal)."""
        if rows is not None:
            for text, row in zip(texts, rows, strict=True):
                self._rows.setdefault(text, row)

    def fill(self, texts: list[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._rows))
        if missing:
            for text, row in zip(missing, self.encoder.encode(missing).embeddings, strict=True):
                self._rows[text] = row

    def encode(self, texts: list[str], *, tokens: bool = False, **kwargs):
        if tokens:
            return self.encoder.encode(texts, tokens=True, **kwargs)
        from .encoder import Encoded

        self.fill(texts)
        return Encoded(np.array([self._rows[t] for t in texts]).reshape(len(texts), -1), None)


def _without_consequences(findings: list) -> list:
    """Drop findings about source text that an omission finding already reports as untranslated: a lost
    negation or number inside a dropped sentence (CT001) or phrase (CT152) is the omission, said twice; so is a
    dropped phrase inside a dropped sentence."""
    omitted = {code: [(f.source_start, f.source_end) for f in findings if f.code == code] for code in _OMISSIONS}
    if not any(omitted.values()):
        return findings

    def consequence(f) -> bool:
        wider = _OMISSIONS[: _OMISSIONS.index(f.code)] if f.code in _OMISSIONS else _OMISSIONS
        return any(a <= f.source_start and f.source_end <= b for code in wider for a, b in omitted[code])

    return [f for f in findings if f.source_start is None or not consequence(f)]


# Omission rules, the widest first: a finding inside the span of one is its consequence, unless it comes from
# the same rule or a wider one.
_OMISSIONS = ("CT001", "CT152")
