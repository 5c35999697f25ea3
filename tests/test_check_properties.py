"""Property tests: whatever text or bytes come in, `Checker.check_texts` and `checktrans check` never crash.

The contract: the Python API returns a DocumentPair whose offsets lie inside the texts, or raises InputError;
the CLI exits 0 or 1 with JSON that validates against contract-v1.schema.json (offsets inside the decoded
texts), or exits 2 with exactly one stderr line "checktrans: …". Undecodable or binary files always exit 2.
The same input twice gives byte-identical JSON.
"""
from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.errors import InputError
from checker.pipeline import Checker
from checker.read.text import decode
from checker.report import render

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "checker" / "report" / "contract-v1.schema.json").read_text(encoding="utf-8"))
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# -- strategies ---------------------------------------------------------------------------------------------------

WORDS = {
    "latin": ["The", "minister", "said", "on", "Thursday", "1,5 %", "2.500", "3.2%", "Moscú", "no", "not",
              "El", "Gobierno", "anunció", "ministre", "n'a", "pas", "démissionné", "€12m", "14:30", "1er"],
    "cyrillic": ["Путин", "заявил", "в", "четверг", "что"],
    "arabic": ["قال", "الوزير", "يوم", "الخميس", "٣٫٥"],  # right-to-left, Arabic-Indic digits
    "hebrew": ["אמר", "השר", "ביום", "חמישי"],
    "cjk": ["习近平", "周四", "表示", "東京", "ソウル"],
    "emoji": ["😀", "👩‍👩‍👧", "🇪🇸", "❤️", "🏳️‍🌈"],
    "marks": ["e\u0301", "\u200b", "\u200f", "\u202e", "\u00a0", "\u2009", "\ufe0f", "\u0300\u0301\u0302"],
    "punct": ["«", "»", "“", "”", "…", "—", "¿", "¡", "!!", "?!", ".", ",", ";", "(", ")", "%", "$"],
}
word = st.one_of(
    *(st.sampled_from(v) for v in WORDS.values()),
    st.text(min_size=1, max_size=12),  # any code point hypothesis likes, surrogates excluded by default
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=60, max_size=400),  # a very long "word"
)
separator = st.sampled_from([" ", " ", " ", ". ", "\n", "\r\n", "\r\n\r\n", "\n\n", "\t", "  "])


@st.composite
def texts(draw) -> str:
    """A short text mixing scripts, emoji, RTL and bidi controls, long words, CRLF and blank lines."""
    kind = draw(st.sampled_from(["mixed", "mixed", "mixed", "punctuation", "raw", "sentences"]))
    if kind == "punctuation":
        return draw(st.text(alphabet=".,;:!?¿¡«»“”‘’\"'()[]…—–-*/\\ \n", min_size=1, max_size=60))
    if kind == "raw":
        return draw(st.text(min_size=1, max_size=200))
    if kind == "sentences":
        sent = st.lists(word, min_size=1, max_size=8).map(" ".join).map(lambda s: s + ".")
        return draw(st.lists(sent, min_size=1, max_size=6).map(" ".join))
    parts = draw(st.lists(st.tuples(word, separator), min_size=1, max_size=30))
    return "".join(w + s for w, s in parts)


ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
             ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE)]


@st.composite
def text_files(draw) -> bytes:
    """A text encoded as a user's file could be: UTF-8 with or without a BOM, UTF-16/32 with a BOM, a doubled
    BOM; sometimes spoiled by a NUL byte or a lone surrogate's UTF-8 bytes."""
    text = draw(texts())
    encoding, bom = draw(st.sampled_from(ENCODINGS))
    data = bom + text.encode(encoding)
    spoil = draw(st.sampled_from(["none", "none", "none", "nul", "surrogate", "double-bom", "crlf-only"]))
    if spoil == "nul":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    elif spoil == "surrogate":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + "\ud800".encode("utf-8", "surrogatepass") + data[at:]
    elif spoil == "double-bom" and encoding == "utf-8":
        data = codecs.BOM_UTF8 + data
    elif spoil == "crlf-only":
        data = bom + "\r\n".encode(encoding) * draw(st.integers(1, 5))
    return data


@st.composite
def undecodable(draw) -> bytes:
    """Bytes no reader may take for text: no BOM (they open with a letter), then a NUL or a byte that is never
    valid UTF-8 (0xC0, 0xC1, 0xF5–0xFF) somewhere among random bytes."""
    noise = draw(st.binary(max_size=300))
    poison = draw(st.sampled_from([b"\x00", b"\xc0", b"\xc1", b"\xf5", b"\xfe", b"\xff", b"\xed\xa0\x80"]))
    at = draw(st.integers(0, len(noise)))
    return b"T" + noise[:at] + poison + noise[at:]


# -- known bugs ----------------------------------------------------------------------------------------------------
# Crashes this fuzzing found in checker/ code are reproduced by the tests at the end of this file. While a bug
# is open, the fuzz tests tolerate exactly it (type and message) so that they keep hunting for new ones.
KNOWN_BUGS: tuple[tuple[type, str], ...] = ()  # all fixed; the tests at the end keep them fixed


def known_bug(exc: BaseException | None) -> bool:
    return any(isinstance(exc, kind) and text in str(exc) for kind, text in KNOWN_BUGS)


def checked(checker: Checker, source: str, target: str, **kwargs):
    """check_texts, or None for an InputError or a known bug; any other exception fails the test."""
    try:
        return checker.check_texts(source, target, **kwargs)
    except InputError as err:
        assert str(err)
        return None
    except Exception as exc:
        if known_bug(exc):
            return None
        raise


# -- fixtures and helpers -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli(encoder):
    """The real CLI in-process with the session's encoder, so that each example does not load the model again."""
    import checker.encoder as encoder_module

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(encoder_module, "load_encoder", lambda *args, **kwargs: encoder)
        patch.setenv("NO_COLOR", "1")
        yield CliRunner()


def assert_offsets_inside(doc: dict, source: str, target: str) -> None:
    for seg in doc["segments"]:
        assert 0 <= seg["source_start"] <= seg["source_end"] <= len(source), seg
        assert 0 <= seg["target_start"] <= seg["target_end"] <= len(target), seg
    for f in doc["findings"]:
        assert 0 <= f["target_start"] <= f["target_end"] <= len(target), f
        if f["source_start"] is not None:
            assert 0 <= f["source_start"] <= f["source_end"] <= len(source), f
        if f["segment"] is not None:
            assert 0 <= f["segment"] < len(doc["segments"]), f


def one_error_line(stderr: str) -> bool:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("checktrans: ") and "Traceback" not in stderr


def invoke_check(cli: CliRunner, folder: Path, src: bytes, tgt: bytes, stdin: str | None = None):
    """`checktrans check SRC TGT --format json`; with stdin="source" or "target" that side comes from `-`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.src.txt").write_bytes(src)
    (folder / "story.tgt.txt").write_bytes(tgt)
    args = [str(folder / "story.src.txt"), str(folder / "story.tgt.txt")]
    data = None
    if stdin == "source":
        args[0], data = "-", src
    elif stdin == "target":
        args[1], data = "-", tgt
    return cli.invoke(main, ["check", *args, "--format", "json"], input=data)


def run_check(cli: CliRunner, folder: Path, src: bytes, tgt: bytes, stdin: str | None = None):
    """invoke_check, None for a known bug; any other uncaught exception fails the test."""
    result = invoke_check(cli, folder, src, tgt, stdin)
    # CliRunner turns an uncaught exception into exit 1: a traceback must never hide behind a valid exit code
    if known_bug(result.exception):
        return None
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def assert_cli_contract(result, src: bytes, tgt: bytes) -> dict | None:
    if result is None:  # a known bug, see KNOWN_BUGS
        event("known bug")
        return None
    event(f"exit {result.exit_code}")
    if result.exit_code == 2:
        assert one_error_line(result.stderr), result.stderr
        assert result.stdout == ""
        return None
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    # offsets index the texts as decoded (BOM removed, CRLF kept)
    assert_offsets_inside(doc, decode(src, "source"), decode(tgt, "target"))
    worst = {f["severity"] for f in doc["findings"]}
    assert result.exit_code == (1 if worst & {"major", "critical"} else 0)
    return doc


# -- the Python API ------------------------------------------------------------------------------------------------

@FUZZ
@given(source=texts(), target=texts())
def test_check_texts_never_crashes_and_offsets_stay_inside(checker, source, target):
    pair = checked(checker, source, target, id="fuzz")
    event("checked" if pair is not None else "refused or known bug")
    if pair is None:
        return
    stream = io.StringIO()
    render([pair], "json", checker.signature, stream)
    doc = json.loads(stream.getvalue())
    jsonschema.validate(doc, SCHEMA)
    assert_offsets_inside(doc, source, target)
    # every source and target sentence belongs to exactly one segment
    assert sorted(i for s in pair.segments for i in s.source_sentences) == list(range(len(pair.source.sentences)))
    assert sorted(i for s in pair.segments for i in s.target_sentences) == list(range(len(pair.target.sentences)))


@FUZZ
@given(source=texts(), target=texts(), lang=st.sampled_from(["es", "fr", "de", "en"]))
def test_check_texts_with_a_given_source_language(checker, source, target, lang):
    pair = checked(checker, source, target, source_lang=lang)
    if pair is None:
        return
    assert pair.source.lang == lang
    stream = io.StringIO()
    render([pair], "json", checker.signature, stream)
    assert_offsets_inside(json.loads(stream.getvalue()), source, target)


@FUZZ
@given(text=texts())
def test_a_text_against_itself_or_a_real_sentence(checker, text):
    # the same text on both sides, and a real sentence pair with the fuzz text appended to the translation
    for source, target in ((text, text),
                           ("El ministro no dimitió el jueves.", "The minister did not resign on Thursday. " + text)):
        pair = checked(checker, source, target)
        if pair is None:
            continue
        stream = io.StringIO()
        render([pair], "json", checker.signature, stream)
        assert_offsets_inside(json.loads(stream.getvalue()), source, target)


# -- the command line ----------------------------------------------------------------------------------------------

@FUZZ
@given(src=text_files(), tgt=text_files(), stdin=st.sampled_from([None, None, "source", "target"]))
def test_cli_check_exits_0_1_with_valid_json_or_2_with_one_line(cli, tmp_path_factory, src, tgt, stdin):
    result = run_check(cli, tmp_path_factory.mktemp("fuzz"), src, tgt, stdin)
    assert_cli_contract(result, src, tgt)


@FUZZ
@given(good=text_files(), bad=undecodable(), bad_side=st.sampled_from(["source", "target"]),
       stdin=st.booleans())
def test_cli_undecodable_bytes_always_exit_2(cli, tmp_path_factory, good, bad, bad_side, stdin):
    src, tgt = (bad, good) if bad_side == "source" else (good, bad)
    result = run_check(cli, tmp_path_factory.mktemp("bin"), src, tgt, bad_side if stdin else None)
    assert result is not None and result.exit_code == 2, (result.exit_code, result.stdout[:200])
    assert one_error_line(result.stderr), result.stderr
    assert result.stdout == ""


@FUZZ
@given(src=text_files(), tgt=text_files())
def test_cli_same_input_twice_gives_identical_json(cli, tmp_path_factory, src, tgt):
    folder = tmp_path_factory.mktemp("twice")
    first = run_check(cli, folder, src, tgt)
    second = run_check(cli, folder, src, tgt)
    if first is None or second is None:
        assert first is second  # a known bug, see KNOWN_BUGS, and at least the same one both times
        return
    assert (first.exit_code, first.stdout_bytes, first.stderr_bytes) == (
        second.exit_code, second.stdout_bytes, second.stderr_bytes)
    assert_cli_contract(first, src, tgt)


@st.composite
def surrogate_texts(draw) -> str:
    """A text, sometimes with a lone surrogate inside: valid in JSON ("\\ud800"), impossible in UTF-8."""
    text = draw(texts())
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)) + text[at:]
    return text


@FUZZ
@given(records=st.lists(st.tuples(surrogate_texts(), surrogate_texts()), min_size=1, max_size=3))
def test_cli_pairs_jsonl_records(cli, tmp_path_factory, records):
    path = tmp_path_factory.mktemp("pairs") / "pairs.jsonl"
    lines = [json.dumps({"id": f"r{i}", "source": s, "target": t}) for i, (s, t) in enumerate(records)]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")  # json.dumps escapes every non-ASCII character
    result = cli.invoke(main, ["check", "--pairs", str(path), "--format", "jsonl"])
    if known_bug(result.exception):
        event("known bug")
        return
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in out] == [f"r{i}" for i in range(len(records))]  # one line per record, in order
    for doc, (source, target) in zip(out, records, strict=True):
        if "error" in doc:
            assert f"checktrans: record {doc['id']}: " in result.stderr
            continue
        jsonschema.validate(doc, SCHEMA)
        assert_offsets_inside(doc, source, target)
    event("with a refused record" if "error" in result.stdout else "all checked")


# -- the bugs fuzzing found, fixed (regression tests) -------------------------------------------

@pytest.mark.parametrize("source, target, lang", [
    ("Путин The minister ", "Путин The minister ", None),
    ("Eesti valitsus teatas neljapäeval, et makse ei tõsteta. Peaminister ütles seda Tallinnas.",
     "The Estonian government announced on Thursday that taxes would not be raised. The prime minister said so "
     "in Tallinn.", "et"),
])
def test_source_language_without_a_wordfreq_list(checker, source, target, lang):
    pair = checker.check_texts(source, target, source_lang=lang)
    assert pair.segments


@pytest.mark.parametrize("source, target, lang", [
    ("习近平周四表示，中国将继续与俄罗斯合作。两国领导人在莫斯科会面。",
     "Xi Jinping said on Thursday that China would continue to cooperate with Russia. The two leaders met in "
     "Moscow.", None),
    ("岸田首相は木曜日、東京で記者会見を開いた。首相は増税を否定した。",
     "Prime Minister Kishida held a press conference in Tokyo on Thursday. He denied a tax increase.", "ja"),
])
def test_cjk_source(checker, source, target, lang):
    pair = checker.check_texts(source, target, source_lang=lang)
    assert pair.segments


def test_cli_source_language_without_a_wordfreq_list(cli, tmp_path):
    result = invoke_check(cli, tmp_path, "Путин The minister ".encode(), "Путин The minister ".encode())
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2)


def test_lone_surrogate_in_a_record(checker):
    # '\ud800' is valid JSON but not text: the record is refused as bad input, not a crash
    with pytest.raises(InputError, match="not valid Unicode"):
        checker.check_texts("El ministro \ud800 dimitió el jueves.", "The minister \ud800 resigned on Thursday.")
