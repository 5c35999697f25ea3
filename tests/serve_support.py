"""A real `checktrans serve` for the tests: a child process on a free loopback port (--port 0), waited for on
/healthz, and small HTTP helpers that send exactly the bytes a test means (urllib, raw sockets)."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"
STARTUP_SECONDS = 300  # the model loads in the child; on a busy 2-core machine that can take a while


def demo_pair(story_id: str = "wire-xi-putin") -> dict:
    return {"id": story_id, "source": (DEMO / "wire-xi-putin.fr.txt").read_text(encoding="utf-8"),
            "target": (DEMO / "wire-xi-putin.en.txt").read_text(encoding="utf-8")}


class Server:
    """`python -m checker serve --port 0 ARGS` in a child process; `url` once it answers /healthz."""

    def __init__(self, *args: str):
        self.args = args
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "checker", "serve", "--port", "0", *args], cwd=REPO,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._seen = threading.Event()
        self.url = ""
        threading.Thread(target=self._read_stderr, daemon=True).start()
        if not self._seen.wait(STARTUP_SECONDS) or not self.url:
            self.stop()
            raise RuntimeError("checktrans serve did not start:\n" + "\n".join(self.lines[-20:]))
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(self.url + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("checktrans serve never answered /healthz:\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.1)
        self.port = int(self.url.rsplit(":", 1)[1].rstrip("/"))

    def _read_stderr(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))
            found = re.search(r"checktrans serve: (http://\S+?)/? ", line)
            if found and not self.url:
                self.url = found.group(1).rstrip("/")
                self._seen.set()
        self._seen.set()  # the process ended before printing its address

    def terminate(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 60) -> int | None:
        self.terminate()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(10)


def request(url: str, data: bytes | None = None, *, content_type: str = "application/json",
            method: str | None = None, timeout: float = 300) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request; HTTP errors are answers too, not exceptions."""
    headers = {"Content-Type": content_type} if data is not None else {}
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def get(url: str) -> tuple[int, dict, bytes]:
    return request(url, timeout=10)


def post_json(url: str, body) -> tuple[int, dict]:
    status, _, data = request(url, json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return status, json.loads(data)


def raw_exchange(port: int, head: bytes, body_parts: list[bytes] = (), timeout: float = 30) -> bytes:
    """Send a request head and body parts over a plain socket, then read the answer until the server closes
    the connection or the answer's declared length is in. A server may answer (and close) before the whole
    body is sent: a part that can no longer be sent is not an error here."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        for part in body_parts:
            try:
                sock.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
            head_end = data.find(b"\r\n\r\n")
            if head_end >= 0:
                length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", data[:head_end])
                if length and len(data) >= head_end + 4 + int(length.group(1)):
                    break
        return data


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def body_of(answer: bytes) -> bytes:
    return answer.split(b"\r\n\r\n", 1)[1]
