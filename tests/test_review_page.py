"""The review page in a real headless Chromium (Debian's, driven by Playwright) against a real `checktrans serve`:
open the demo story, move with j/k, accept one fix (a) and reject another finding (r), export, and compare the
downloaded English, the decisions and the baseline file with what they must be. Two screenshots of the page
are kept for the README (CHECKTRANS_SCREENSHOTS=docs writes them to docs/)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.serve_support import REPO, Server, demo_pair, post_json

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="playwright is a test extra (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (scripts/setup_browser.sh installs Debian's chromium)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    srv = Server("--baseline", str(folder / "baseline.json"))
    srv.baseline = folder / "baseline.json"
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(server.url + "/")
    yield page
    context.close()


def _keep_screenshot(page, tmp_path: Path, name: str) -> Path:
    png = tmp_path / name
    page.screenshot(path=str(png), full_page=False)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000  # a blank page compresses to a few kB
    if os.environ.get("CHECKTRANS_SCREENSHOTS") == "docs":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(png, REPO / "docs" / name)
    return png


def _current(page) -> int:
    return int(page.get_attribute("li.finding.current", "data-index"))


def _move_to(page, index: int) -> None:
    while _current(page) != index:
        page.keyboard.press("j" if _current(page) < index else "k")


def test_review_accept_reject_export(page, server, seed_result, tmp_path):
    from checker.baseline import fingerprint

    pair = demo_pair()
    status, report = post_json(server.url + "/v1/check", pair)
    assert status == 200
    findings = report["findings"]
    accept = next(i for i, f in enumerate(findings) if f["suggestions"] and f["target_end"] > f["target_start"])
    reject = next(i for i, f in enumerate(findings) if i != accept and i > 0)

    # the French uploaded as a file, the English pasted
    page.set_input_files("#source-file", str(REPO / "corpora" / "demo" / "wire-xi-putin.fr.txt"))
    page.wait_for_function("() => document.getElementById('source').value.length > 100")
    page.fill("#target", pair["target"])
    page.fill("#story-id", "wire-xi-putin")
    page.click("#check-button")
    page.wait_for_selector("#review:not([hidden])")
    items = page.locator("li.finding")
    assert items.count() == len(findings)
    assert page.locator("tr.segment").count() == len(report["segments"])
    # every flagged span is highlighted in the English, each mark pointing at its findings
    for i, f in enumerate(findings):
        if f["target_end"] > f["target_start"]:
            marked = page.eval_on_selector_all(
                f'td.target mark[data-refs~="f{i}"]', "nodes => nodes.map(n => n.textContent).join('')")
            assert marked == pair["target"][f["target_start"] : f["target_end"]], (i, f["code"])
    assert page.locator("td.source mark.src").count() >= 1  # and the French they translate
    assert _current(page) == 0
    _keep_screenshot(page, tmp_path, "review-page.png")

    # j/k move, a accepts the current finding's (first) suggestion, r rejects: the page moves on by itself
    page.keyboard.press("j")
    assert _current(page) == min(1, len(findings) - 1)
    page.keyboard.press("k")
    assert _current(page) == 0
    _move_to(page, accept)
    page.keyboard.press("a")
    _move_to(page, reject)
    page.keyboard.press("r")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('added to the baseline')")
    assert page.get_attribute(f"#f{accept}", "data-decision") == "accepted"
    assert page.get_attribute(f"#f{reject}", "data-decision") == "rejected"

    page.click("#export-button")
    page.wait_for_selector("#download-decisions:not([hidden])")
    with page.expect_download() as download:
        page.click("#download-text")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    with page.expect_download() as download:
        page.click("#download-decisions")
    decisions = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(f"#f{reject}").scroll_into_view_if_needed()
    _keep_screenshot(page, tmp_path, "review-page-decisions.png")

    # the English with exactly the accepted fix in it, nothing else changed
    f = findings[accept]
    target = pair["target"]
    assert exported == target[: f["target_start"]] + f["suggestions"][0] + target[f["target_end"] :]
    assert page.input_value("#corrected") == exported
    assert decisions["target"] == exported and decisions["target_original"] == target
    verdicts = [d["decision"] for d in decisions["decisions"]]
    assert verdicts[accept] == "accepted" and verdicts[reject] == "rejected"
    assert verdicts.count("pending") == len(findings) - 2
    assert decisions["decisions"][accept]["suggestion"] == f["suggestions"][0]
    assert decisions["decisions"][reject]["baseline"] is True and decisions["applied"] == 1

    # the baseline holds the rejected finding, by the fingerprint the CLI computes for it, and nothing else
    saved = json.loads(server.baseline.read_text(encoding="utf-8"))
    rejected = seed_result.sorted_findings()[reject]
    assert (rejected.code, rejected.target_start) == (findings[reject]["code"], findings[reject]["target_start"])
    assert [e["fingerprint"] for e in saved["findings"]] == [fingerprint(seed_result, rejected)]
    assert saved["findings"][0]["story"] == "wire-xi-putin"
    # so the desk does not see it again
    status, again = post_json(server.url + "/v1/check", pair)
    assert len(again["findings"]) == len(findings) - 1
    # nothing but the service was asked for anything
    assert page.requests and all(url.startswith(server.url + "/") or url.startswith("blob:") for url in page.requests)


def test_review_opens_a_json_report_without_checking_again(page, server, tmp_path):
    pair = {"id": "nato", "source": "Le sommet de l'OTAN s'ouvre demain à Bruxelles.",
            "target": "The NATO top opens tomorrow in Brussels."}
    status, report = post_json(server.url + "/v1/check", pair)
    assert status == 200 and report["findings"]
    path = tmp_path / "nato.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    page.fill("#source", pair["source"])
    page.fill("#target", pair["target"])
    before = len(page.requests)
    page.set_input_files("#report-file", str(path))
    page.wait_for_selector("#review:not([hidden])")
    assert page.locator("li.finding").count() == len(report["findings"])
    assert not any(url.endswith("/v1/check") for url in page.requests[before:])
    marked = page.eval_on_selector_all('td.target mark[data-refs~="f0"]', "n => n.map(x => x.textContent).join('')")
    assert marked == "top"
    # accepting applies the fix to the English (a review fix: the editor is the review)
    page.keyboard.press("a")
    page.wait_for_function("() => document.getElementById('corrected').value.includes('summit')")
    assert page.input_value("#corrected") == "The NATO summit opens tomorrow in Brussels."


def test_review_opens_a_bundle_of_texts_and_report(page, server, tmp_path):
    """What a CMS hook can leave for the desk: {"source", "target", "report"} in one file, opened as is."""
    pair = demo_pair("bundle")
    status, report = post_json(server.url + "/v1/check", pair)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps({"source": pair["source"], "target": pair["target"], "report": report}),
                    encoding="utf-8")
    page.set_input_files("#report-file", str(path))
    page.wait_for_selector("#review:not([hidden])")
    assert page.input_value("#source") == pair["source"] and page.input_value("#target") == pair["target"]
    assert page.input_value("#story-id") == "bundle"
    assert page.locator("li.finding").count() == len(report["findings"])


def test_review_page_is_self_contained():
    """The page's own files name no other origin: no CDN, no font service, no URL at all."""
    import re

    folder = REPO / "checker" / "serve" / "assets"
    for asset in folder.iterdir():
        text = asset.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[\w.-]+\.\w+", text), asset.name
        assert "@import" not in text and "url(" not in text, asset.name
