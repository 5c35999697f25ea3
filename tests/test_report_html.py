"""HTML report: well-formed, self-contained, escaped, worst stories first, and a real headless Chromium
that runs the page's filter and takes a screenshot of the demo story."""
from __future__ import annotations

import io
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.model import DocumentPair, Finding, Segment, Sentence, Severity, Side
from checker.reference import reference_scores
from checker.report import render

CHROMIUM = Path("/usr/bin/chromium")
SIGNATURE = "checktrans:test|model:e5|fail-on:major"
VOID = {"meta", "br", "col", "input", "img", "hr", "link", "wbr", "source", "area", "base", "embed", "track"}
EVIL = "<script>alert(1)</script> \"quoted\" and 'single' & <b>bold</b>"


class Tree(HTMLParser):
    """Checks nesting as it parses (every end tag closes the innermost open element) and collects
    text and elements with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        (self.script_text if self.stack and self.stack[-1] in ("script", "style") else self.text).append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.errors == [] and tree.stack == [], (tree.errors[:5], tree.stack)
    return tree


def _html(pairs) -> str:
    out = io.StringIO()
    render(pairs, "html", SIGNATURE, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_html(seed_result):
    return _html([seed_result])


def test_demo_report_is_well_formed_and_complete(seed_result, demo_html):
    tree = parse(demo_html)
    text = "".join(tree.text)
    assert len(seed_result.findings) >= 5
    for f in seed_result.findings:
        assert f.message in text, f.message
        flagged = seed_result.target.text[f.target_start : f.target_end]
        assert f"“{flagged}”" in text
    # each finding is one element the filter can reach, with its severity
    findings = [a for t, a in tree.elements if t == "li" and "data-finding" in a]
    assert sorted(a["data-severity"] for a in findings) == sorted(str(f.severity) for f in seed_result.findings)
    # every highlight points at findings that exist
    ids = {a["data-finding"] for a in findings}
    refs = {r for _, a in tree.elements if "data-refs" in a for r in a["data-refs"].split()}
    assert refs and refs <= ids
    # the summary, the signature, and both texts side by side for every segment
    assert SIGNATURE in text and "1 story" in text
    rows = [a for t, a in tree.elements if t == "tr" and "segment" in (a.get("class") or "")]
    assert len(rows) == len(seed_result.segments)


def test_report_is_self_contained(demo_html):
    tree = parse(demo_html)
    for tag, attrs in tree.elements:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert not re.search(r"(?:https?:)?//[\w.-]+\.\w+/", demo_html.split("<body", 1)[1].split("</style>")[-1])
    assert demo_html.count("<script>") == 1 and "<style>" in demo_html


def _pair_with(source: str, target: str, findings: list[Finding], segments=None) -> DocumentPair:
    pair = DocumentPair(
        "evil \"id\" <i>",
        Side(source, "fr", [Sentence(0, len(source), 0)]),
        Side(target, "en", [Sentence(0, len(target), 0)]),
        segments or [Segment(0, (0,), (0,), 0, len(source), 0, len(target), 0.9, 80.0)],
        findings,
        score=50.0,
    )
    return pair


def test_script_quotes_and_overlapping_spans_are_escaped(checker):
    source = f"Il a écrit {EVIL} hier."
    target = f"He wrote {EVIL} yesterday."
    real = checker.check_texts(source, target, id="x", source_lang="fr")  # real segments of a hostile text
    at = target.index("<script>")
    findings = [
        Finding("CT900", "a", "x/y", Severity.MAJOR, 0, at, at + 20, 11, 30, f"message with {EVIL}", [EVIL, ""]),
        Finding("CT901", "b", "x/y", Severity.CRITICAL, 0, at + 5, at + 40, None, None, "overlaps <the> first", []),
        Finding("CT902", "c", "x/y", Severity.MINOR, 0, at + 10, at + 10, None, None, "empty span: an omission", []),
        Finding("CT903", "d", "x/y", Severity.MINOR, 0, 0, len(target), 0, len(source), "whole segment", []),
    ]
    pair = _pair_with(source, target, findings, real.segments[:1] if len(real.segments) == 1 else None)
    html = _html([pair])
    tree = parse(html)
    text = "".join(tree.text)
    assert "alert(1)" not in "".join(tree.script_text)
    assert html.count("<script") == 1 and "<b>bold" not in html and "<i>" not in html
    assert EVIL in text and f"message with {EVIL}" in text and 'evil "id" <i>' in text
    # the overlapping spans became flat marks: the target text reads back unbroken
    marks = [a for t, a in tree.elements if t == "mark"]
    assert any(len(a["data-refs"].split()) >= 3 for a in marks)
    assert "‸" in text  # the omission's caret
    assert target in text.replace("‸", "")


def test_worst_stories_first_gaps_marked_and_reference_scores(seed_result):
    source, target = "Un. Deux.", "One."
    gap = DocumentPair(
        "gap-story",
        Side(source, "fr", [Sentence(0, 3, 0), Sentence(4, 9, 0)]),
        Side(target, "en", [Sentence(0, 4, 0)]),
        [Segment(0, (0,), (0,), 0, 3, 0, 4, 0.9), Segment(1, (1,), (), 4, 9, 4, 4, None, 0.0)],
        [Finding("CT001", "omission", "accuracy/omission", Severity.MAJOR, 1, 4, 4, 4, 9, "not translated", [])],
        score=40.0,
    )
    clean = DocumentPair("clean-story", Side("Oui.", "fr", [Sentence(0, 4, 0)]),
                         Side("Yes.", "en", [Sentence(0, 4, 0)]),
                         [Segment(0, (0,), (0,), 0, 4, 0, 4, 0.95)], score=99.0)
    clean.metrics = reference_scores(["Yes."], ["Yes indeed."])
    html = _html(iter([clean, gap, seed_result]))  # a generator, in best-first order
    tree = parse(html)
    order = [a["id"] for t, a in tree.elements if t == "section" and "story" in (a.get("class") or "")]
    story_ids = re.findall(r'<section class="story" id="story-\d+" data-story-worst="\w+"><h2>([^<]+)</h2>', html)
    assert story_ids == ["wire-xi-putin", "gap-story", "clean-story"] and len(order) == 3
    summary = re.findall(r'<a href="#story-\d+">([^<]+)</a>', html)
    assert summary == story_ids
    text = "".join(tree.text)
    assert "(not translated)" in text and "1-0" in text
    assert "Reference scores" in text and f"{clean.metrics['chrf']}" in text
    assert "3 stories" in text


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    base = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
    ]
    return subprocess.run([*base, *args], capture_output=True, text=True, timeout=120)


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (scripts/setup_browser.sh installs Debian's chromium)"
)


@needs_chromium
def test_browser_renders_and_filters_by_severity(seed_result, demo_html, tmp_path):
    assert {str(f.severity) for f in seed_result.findings} >= {"minor", "critical"}
    report = tmp_path / "report.html"
    report.write_text(demo_html, encoding="utf-8")
    for level, shown in (("minor", {"minor", "major", "critical"}), ("critical", {"critical"})):
        run = _chromium("--dump-dom", f"{report.as_uri()}#severity={level}", tmp=tmp_path)
        assert run.returncode == 0, run.stderr[-2000:]
        dom = Tree()
        dom.feed(run.stdout)
        body = next(a for t, a in dom.elements if t == "body")
        assert body.get("data-min-severity") == level  # the page's JS ran
        findings = [a for t, a in dom.elements if t == "li" and "data-finding" in a]
        assert len(findings) == len(seed_result.findings)
        visible = {a["data-severity"] for a in findings if "hidden" not in a}
        hidden = {a["data-severity"] for a in findings if "hidden" in a}
        assert visible == shown and not (hidden & shown), (level, visible, hidden)
        select = [a for t, a in dom.elements if t == "option" and a.get("value") == level]
        assert select


@needs_chromium
def test_browser_screenshot_of_the_demo(demo_html, tmp_path, record_property):
    report = tmp_path / "demo.html"
    report.write_text(demo_html, encoding="utf-8")
    png = tmp_path / "demo.png"
    run = _chromium(f"--screenshot={png}", "--window-size=1280,2000", report.as_uri(), tmp=tmp_path)
    assert run.returncode == 0 and png.exists(), run.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kB; the report's text does not
    print(f"screenshot: {png}")
    record_property("screenshot", str(png))
