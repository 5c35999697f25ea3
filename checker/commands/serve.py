"""`checktrans serve`: the checker as a local HTTP service (checker/serve/), with the review page at /."""
from __future__ import annotations

import ipaddress
import socket

import click

from ..errors import UsageError
from .options import build_options, common_options

DEFAULT_PORT = 8750


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets other machines check, fix and write the "
                   "baseline: a warning is printed.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on; 0 picks a free one (printed at startup).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Baseline file: findings rejected on the review page are added to it, and findings in it are "
                   "not reported. The only file a request can change.")
@click.option("--max-body-mb", type=click.FloatRange(0.001, 1024), default=16.0, show_default=True,
              help="Requests with a larger body get 413.")
@click.option("--memo-mb", type=click.IntRange(0, 16384), default=100, show_default=True,
              help="Memory for encodings kept across requests (a story checked again costs less); 0: none.")
@click.option("--graceful-timeout", type=click.FloatRange(0), default=60.0, show_default=True,
              help="On SIGTERM or Ctrl-C, seconds to let requests in flight finish before they are cancelled.")
@common_options
def serve(host, port, baseline_path, max_body_mb, memo_mb, graceful_timeout, **common) -> None:
    """Serve the checker over HTTP: /v1/check, /v1/check-many, /v1/fix, /v1/rules, /healthz and the review page."""
    from pathlib import Path

    import uvicorn

    from ..serve import Service, create_app, load_checker

    loopback = _is_loopback(host)
    sock = _bind(host, port)  # before the model loads: a port in use is a one-line error at once
    if not loopback:
        click.echo(f"checktrans serve: WARNING: listening on {host}, not loopback: anyone who can reach this "
                   "machine can send it texts and write the baseline; there is no authentication", err=True)
    options = build_options(**common)
    if not baseline_path:  # checktrans.toml's baseline key, as check and batch read it
        from ..config import load_config

        baseline_path = getattr(load_config(common["config_path"]), "baseline", None)
    if baseline_path:
        baseline_path = Path(baseline_path)
        if baseline_path.exists() and not baseline_path.is_file():
            raise UsageError(f"baseline {baseline_path}: is not a file")
        if not baseline_path.parent.is_dir():
            raise UsageError(f"baseline {baseline_path}: its folder does not exist")
    checker = load_checker(options, memo_mb * 2**20)
    service = Service(checker, baseline_path=baseline_path, max_bytes=int(max_body_mb * 2**20))
    service.warm_up()
    app = create_app(service, loopback_only=loopback)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"checktrans serve: http://{shown}:{bound_port}/ ({service.signature()})", err=True)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=graceful_timeout, lifespan="off",
                            access_log=False, server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        service.close()


SOCKET_BACKLOG = 2048  # uvicorn's own default


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: whatever it resolves to, treat it as reachable from elsewhere


def _bind(host: str, port: int) -> socket.socket:
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        raise UsageError(f"--host {host}: {err.strerror}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        # Listening at once: a client that connects as soon as the "serving" line appears waits in the backlog
        # until uvicorn accepts, instead of being refused (a pre-publish hook started beside the service did).
        sock.listen(SOCKET_BACKLOG)
    except OSError as err:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    sock.set_inheritable(True)
    return sock
