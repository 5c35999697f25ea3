"""`checktrans serve` as a client meets it: a real uvicorn server in a child process on a loopback port, the real
model, real HTTP. The contract and the gate, the stream, fixes, the baseline, hostile requests, concurrent
clients, and SIGTERM in the middle of a request."""
from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from checker.commands.options import gate
from checker.report.json_report import to_dict
from tests.serve_support import (
    Server,
    body_of,
    demo_pair,
    get,
    post_json,
    raw_exchange,
    request,
    status_of,
)

SCHEMA = Path(__file__).resolve().parents[1] / "checker" / "report" / "contract-v1.schema.json"
LIMIT = 256 * 1024  # --max-body-mb 0.25
NATO = {"id": "nato", "source": "Le sommet de l'OTAN s'ouvre demain à Bruxelles.",
        "target": "The NATO top opens tomorrow in Brussels."}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    srv = Server("--baseline", str(folder / "baseline.json"), "--max-body-mb", "0.25")
    srv.baseline = folder / "baseline.json"
    yield srv
    srv.stop()


def _lines(body: bytes) -> list[dict]:
    return [json.loads(line) for line in body.decode("utf-8").splitlines()]


def _one_line_error(status: int, body: bytes) -> str:
    """An error answer is one line of JSON: {"error": "..."}."""
    assert body.endswith(b"\n") and body.count(b"\n") == 1, body[:300]
    error = json.loads(body)["error"]
    assert error and "\n" not in error, (status, error)
    return error


def test_health_and_rules(server):
    status, _, body = get(server.url + "/healthz")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["baseline"] == "baseline.json"
    assert health["signature"].startswith("checktrans:") and "fail-on:major" in health["signature"]
    from checker.checks import all_checks

    status, _, body = get(server.url + "/v1/rules")
    rules = json.loads(body)
    assert status == 200
    assert [r["code"] for r in rules] == [c.code for c in all_checks()]
    for rule, cls in zip(rules, all_checks(), strict=True):
        assert rule["name"] == cls.name and rule["summary"] == cls.summary() and rule["default"] == cls.default
        assert rule["enabled"] == cls.default  # no --select or --ignore given


def test_check_is_the_json_contract_with_the_gate(server, seed_result):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    pair = demo_pair()
    status, report = post_json(server.url + "/v1/check", pair)
    assert status == 200, report
    jsonschema.validate(report, schema)
    assert report["version"] == 1 and report["id"] == "wire-xi-putin" and report["gate"] == "fail"
    # the same findings, spans and score as the CLI's one path (Checker.check_texts in this process)
    expected = to_dict(seed_result, report["signature"])
    assert {k: report[k] for k in expected} == expected
    # the gate follows the request's fail_on, and the signature says which
    for fail_on in ("minor", "major", "critical"):
        status, again = post_json(server.url + "/v1/check", {**pair, "fail_on": fail_on})
        assert status == 200 and f"fail-on:{fail_on}" in again["signature"]
        assert again["gate"] == ("fail" if gate([seed_result], fail_on) else "pass")
        assert again["findings"] == report["findings"]  # and encodings kept across requests change nothing


def test_check_of_bad_input_is_the_contract_error_object(server):
    status, answer = post_json(server.url + "/v1/check", {"id": "empty", "source": "  ", "target": "Hello."})
    assert status == 422 and answer["id"] == "empty" and "empty" in answer["error"] and answer["version"] == 1


def test_check_many_streams_one_line_per_input_line(server):
    good = demo_pair("demo")
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"id": "no-target", "source": "Bonjour."}),
        "",  # blank lines are skipped
        json.dumps({**NATO, "fail_on": "critical"}),
        json.dumps({"id": "demo", "source": "Oui.", "target": "Yes."}),  # an id already used
        json.dumps({"id": "empty", "source": "", "target": "Yes."}),
    ]
    status, headers, body = request(server.url + "/v1/check-many", "\n".join(lines).encode(),
                                    content_type="application/x-ndjson")
    assert status == 200 and "content-length" not in {k.lower() for k in headers}  # streamed, not sized up front
    assert headers["content-type"].startswith("application/x-ndjson")
    out = _lines(body)
    assert [o["id"] for o in out] == ["demo", "line 2", "line 3", "nato", "demo", "empty"]
    assert out[0]["gate"] == "fail" and len(out[0]["findings"]) >= 5
    assert "malformed JSON" in out[1]["error"] and "'target'" in out[2]["error"]
    assert out[3]["gate"] == "fail" and "fail-on:critical" in out[3]["signature"]  # CT101 'top' is critical
    assert "already used" in out[4]["error"] and "empty" in out[5]["error"]


def test_check_many_answers_before_the_last_story_is_checked(server):
    stories = [demo_pair(f"s{i}") for i in range(8)]  # ~40,000 characters: more than one chunk of the stream
    body = "\n".join(json.dumps(s) for s in stories).encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    conn.request("POST", "/v1/check-many", body, {"Content-Type": "application/x-ndjson"})
    response = conn.getresponse()
    first = json.loads(response.readline())
    # the first story is back while the last ones are still being checked
    busy = json.loads(get(server.url + "/healthz")[2])["in_flight"]
    rest = [json.loads(line) for line in response.read().splitlines()]
    conn.close()
    assert first["id"] == "s0" and busy >= 1
    assert [r["id"] for r in rest] == [f"s{i}" for i in range(1, 8)]
    assert all(r["findings"] == first["findings"] for r in rest)


def test_fix_applies_safe_fixes_or_all_or_the_findings_given(server):
    status, fixed = post_json(server.url + "/v1/fix", NATO)
    assert status == 200 and fixed["target"] == NATO["target"]  # the CT101 fix is for review: left
    assert [f["code"] for f in fixed["left"]] == ["CT101"] and "review" in fixed["left"][0]["reason"]
    status, fixed = post_json(server.url + "/v1/fix", {**NATO, "unsafe": True})
    assert status == 200 and fixed["target"] == "The NATO summit opens tomorrow in Brussels."
    assert [f["code"] for f in fixed["applied"]] == ["CT101"]
    # the review page sends the findings the editor accepted, with the suggestion they chose first
    status, report = post_json(server.url + "/v1/check", NATO)
    chosen = {**report["findings"][0], "suggestions": ["summit meeting"]}
    status, fixed = post_json(server.url + "/v1/fix", {**NATO, "findings": [chosen], "unsafe": True})
    assert status == 200 and fixed["target"] == "The NATO summit meeting opens tomorrow in Brussels."
    status, fixed = post_json(server.url + "/v1/fix", {**NATO, "findings": [], "unsafe": True})
    assert status == 200 and fixed["target"] == NATO["target"] and fixed["applied"] == []


def test_rejected_finding_goes_into_the_baseline_and_is_not_reported_again(server):
    pair = {"id": "baseline-story", "source": "Le sommet s'est ouvert à Bruxelles, a indiqué le ministre.",
            "target": "The top opened in Brussels, the minister said."}
    status, report = post_json(server.url + "/v1/check", pair)
    ct101 = [f for f in report["findings"] if f["code"] == "CT101"]
    assert status == 200 and len(ct101) == 1, report["findings"]
    before = server.baseline.read_bytes() if server.baseline.exists() else b""
    # a finding the checker did not report is refused, and the file is left as it was
    forged = {**ct101[0], "target_start": 0, "target_end": 3, "message": "forged"}
    status, answer = post_json(server.url + "/v1/baseline", {**pair, "finding": forged})
    assert status == 409 and "not among the findings" in answer["error"]
    assert (server.baseline.read_bytes() if server.baseline.exists() else b"") == before

    status, answer = post_json(server.url + "/v1/baseline", {**pair, "finding": ct101[0]})
    assert status == 200 and answer["baseline"] == "baseline.json"
    saved = json.loads(server.baseline.read_text())
    entry = next(e for e in saved["findings"] if e["fingerprint"] == answer["added"])
    assert entry["code"] == "CT101" and entry["story"] == "baseline-story" and "top" in entry["excerpt"]
    if "fingerprint" in ct101[0]:
        assert ct101[0]["fingerprint"] == answer["added"]
    status, again = post_json(server.url + "/v1/check", pair)
    assert status == 200 and not [f for f in again["findings"] if f["code"] == "CT101"]
    assert again.get("suppressed") in (1, None)
    # the same sentence in another story is the same finding: suppressed there too
    status, other = post_json(server.url + "/v1/check", {**pair, "id": "baseline-story-v2"})
    assert not [f for f in other["findings"] if f["code"] == "CT101"]


# -- hostile requests ---------------------------------------------------------------------------------------------


def test_oversized_body_by_content_length_is_413_before_it_is_read(server):
    head = (b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000000000\r\n\r\n")
    answer = raw_exchange(server.port, head)  # not one byte of the gigabyte is sent
    assert status_of(answer) == 413
    assert "limit" in _one_line_error(413, body_of(answer))


def test_oversized_chunked_body_is_413_by_the_bytes_read(server):
    head = (b"POST /v1/check-many HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    piece = b"x" * 32768
    chunks = [b"%x\r\n%s\r\n" % (len(piece), piece)] * (LIMIT // len(piece) + 1)  # no length declared
    answer = raw_exchange(server.port, head, chunks)
    assert status_of(answer) == 413
    assert "over the limit" in _one_line_error(413, body_of(answer))
    # and a body just under the limit is read (and refused for what it is, not for its size)
    status, _, body = request(server.url + "/v1/check", b" " * (LIMIT - 10) + b"{")
    assert status == 400 and "malformed JSON" in _one_line_error(status, body)


@pytest.mark.parametrize("payload, words", [
    (b"{\"source\": \"Bonjour\", \"target\": ", "malformed JSON"),
    (b"{'source': 'x'}", "malformed JSON"),
    (b"\xff\xfe{}", "UTF-8"),
    (b"[1, 2]", "JSON object"),
    (b"{\"source\": NaN, \"target\": \"x\"}", "NaN"),
    (b"[" * 100_000 + b"]" * 100_000, "malformed JSON"),
    (b"{\"source\": 1, \"target\": \"x\"}", "'source' must be a string"),
    (b"{\"source\": \"x\", \"target\": \"y\", \"fail_on\": \"fatal\"}", "fail_on"),
])
def test_malformed_json_is_400_with_one_line(server, payload, words):
    status, _, body = request(server.url + "/v1/check", payload)
    assert status == 400
    assert words in _one_line_error(status, body)


def test_path_looking_fields_are_text_never_files(server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Le mot de passe est ESPADON-7731.", encoding="utf-8")
    # a path where a file name might be expected is refused as a field, not opened
    for field in ("source_file", "path", "baseline", "output"):
        status, answer = post_json(server.url + "/v1/check", {"source": "a", "target": "b", field: str(secret)})
        assert status == 400 and f"unknown field '{field}'" in answer["error"]
    status, answer = post_json(server.url + "/v1/check", {"source": "Bonjour.", "target": "Hello.",
                                                          "source_lang": "../../../../etc/passwd"})
    assert status == 400 and "language tag" in answer["error"]
    # paths as the texts themselves are checked as the text they are
    status, report = post_json(server.url + "/v1/check", {"id": "../../../../tmp/x", "source": str(secret),
                                                          "target": "/etc/passwd"})
    text = json.dumps(report)
    assert "ESPADON" not in text and "root:" not in text
    if status == 200:
        assert report["id"] == "../../../../tmp/x"
        assert all(s["source_end"] <= len(str(secret)) and s["target_end"] <= len("/etc/passwd")
                   for s in report["segments"])
    else:
        assert status == 422 and "error" in report
    assert not Path("/tmp/x").exists() or Path("/tmp/x").stat().st_mtime < time.time() - 60


def test_other_refusals_are_one_line_too(server):
    status, _, body = request(server.url + "/v1/check", b'{"source": "a", "target": "b"}', content_type="text/plain")
    assert status == 415 and "application/json" in _one_line_error(status, body)
    status, _, body = get(server.url + "/v1/check")
    assert status == 405 and _one_line_error(status, body)
    status, _, body = get(server.url + "/etc/passwd")
    assert status == 404 and _one_line_error(status, body)
    status, _, body = get(server.url + "/../../etc/passwd")
    assert status == 404 and b"root:" not in body
    # a page that points its own DNS name at 127.0.0.1 cannot reach the service (DNS rebinding)
    answer = raw_exchange(server.port, b"GET /healthz HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 421 and _one_line_error(421, body_of(answer))
    status, headers, body = get(server.url + "/")
    assert status == 200 and "default-src 'self'" in headers["content-security-policy"]


def test_serve_refuses_a_port_in_use_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "checker", "serve", "--port", str(port)], capture_output=True,
                             text=True, timeout=120)
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}" in run.stderr


def test_the_port_accepts_connections_as_soon_as_it_is_bound():
    # The "serving" line comes before uvicorn's loop starts: a client connecting at once must wait, not be refused.
    from checker.commands.serve import _bind

    sock = _bind("127.0.0.1", 0)
    try:
        with socket.create_connection(sock.getsockname()[:2], timeout=5):
            pass
    finally:
        sock.close()


def test_serve_warns_when_it_listens_beyond_loopback():
    # a bad option stops it right after the warning, before the model loads and before anything is served
    run = subprocess.run([sys.executable, "-m", "checker", "serve", "--host", "0.0.0.0", "--port", "0",
                          "--select", "NOPE"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    warning, error = run.stderr.splitlines()
    assert "WARNING: listening on 0.0.0.0, not loopback" in warning and "NOPE" in error


# -- concurrency and shutdown ---------------------------------------------------------------------------------------


def test_concurrent_clients_get_the_answers_they_would_get_alone(server):
    pairs = [demo_pair("demo"), NATO,
             {"id": "rain", "source": "Il a plu toute la journée à Lyon.", "target": "It rained all day in Lyon."}]
    alone = {p["id"]: post_json(server.url + "/v1/check", p)[1]["findings"] for p in pairs}
    jsonl = "\n".join(json.dumps(p) for p in pairs).encode()

    def client(k: int) -> list[str]:
        problems = []
        for round_ in range(3):
            pair = pairs[(k + round_) % len(pairs)]
            kind = (k + round_) % 3
            if kind == 0:
                status, answer = post_json(server.url + "/v1/check", pair)
                if status != 200 or answer["findings"] != alone[pair["id"]]:
                    problems.append(f"check {pair['id']}: {status}")
            elif kind == 1:
                status, _, body = request(server.url + "/v1/check-many", jsonl, content_type="application/x-ndjson")
                got = {o["id"]: o.get("findings") for o in _lines(body)} if status == 200 else {}
                if got != alone:
                    problems.append(f"check-many: {status}")
            else:
                status, answer = post_json(server.url + "/v1/fix", {**pair, "unsafe": True})
                if status != 200 or "target" not in answer:
                    problems.append(f"fix {pair['id']}: {status}")
            if get(server.url + "/healthz")[0] != 200:
                problems.append("healthz")
        return problems

    with ThreadPoolExecutor(8) as pool:
        problems = [p for ps in pool.map(client, range(8)) for p in ps]
    assert problems == []
    assert json.loads(get(server.url + "/healthz")[2])["in_flight"] == 0


def test_sigterm_lets_the_request_in_flight_finish(tmp_path):
    srv = Server("--memo-mb", "0")
    try:
        stories = [{"id": f"s{i}", "source": f"Le ministre a annoncé {i} mesures nouvelles pour l'hiver.",
                    "target": f"The minister announced {i} new measures for the winter."} for i in range(60)]
        result: dict = {}

        def send():
            try:
                result["answer"] = request(srv.url + "/v1/check-many",
                                           "\n".join(json.dumps(s) for s in stories).encode(),
                                           content_type="application/x-ndjson")
            except Exception as err:  # noqa: BLE001 - reported by the assertions below
                result["error"] = repr(err)

        sender = threading.Thread(target=send)
        sender.start()
        deadline = time.monotonic() + 120
        while json.loads(get(srv.url + "/healthz")[2])["in_flight"] < 1:
            assert time.monotonic() < deadline, "the request never started"
            time.sleep(0.02)
        srv.terminate()  # SIGTERM while the batch is being checked
        sender.join(300)
        code = srv.proc.wait(120)
    finally:
        srv.stop()
    assert "error" not in result, result
    status, _, body = result["answer"]
    out = _lines(body)
    assert status == 200 and [o["id"] for o in out] == [s["id"] for s in stories]
    assert all("error" not in o and o["version"] == 1 for o in out)
    assert code == 143  # terminated, as every checktrans command reports SIGTERM
    with pytest.raises(OSError):
        get(srv.url + "/healthz")
