"""`publisher desk SOURCE`: the review desk, a local web application over one report."""

from __future__ import annotations

from pathlib import Path

from . import COMMANDS

DEFAULT_PORT = 8765


def add_commands(sub) -> None:
    from .build import _inputs

    d = sub.add_parser("desk", help=COMMANDS["desk"][1])
    d.add_argument("source", type=Path)
    _inputs(d)
    from ..config import DEFAULT_VARIANT, VARIANTS

    d.add_argument(
        "--variant", choices=VARIANTS, default=DEFAULT_VARIANT, help="Traditional standard"
    )
    d.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default: {DEFAULT_PORT}; 0: any free one)",
    )
    d.add_argument("--no-preview", action="store_true", help="no page preview (no typesetting)")
    d.set_defaults(run=run_desk)


def run_desk(args) -> int:
    import socket
    from dataclasses import replace

    from ..config import EngineConfig
    from ..engines import DEFAULT_ENGINE
    from ..errors import PublisherError, SourceError
    from .build import config_from

    args.machine = False
    # a machine draft where a model is installed (its defaults); nothing is ever downloaded
    config = replace(
        config_from(args), machine=True, cache=_cache(), engine=EngineConfig(DEFAULT_ENGINE, None)
    )
    if not config.source.is_file():
        raise SourceError(f"cannot read {config.source}: no such file")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", args.port))
        sock.listen(128)  # a browser opened at once waits for the server rather than failing
    except OSError as exc:
        sock.close()
        raise PublisherError(
            f"cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); choose another --port"
        ) from None
    try:
        _serve(config, sock, args.no_preview)
    finally:
        sock.close()
    print("review desk stopped")
    return 0


def _serve(config, sock, no_preview: bool) -> None:
    """Load the report, print the URL, serve until Ctrl-C, stop the page renders."""
    import sys

    import uvicorn

    from ..desk.app import create
    from ..desk.preview import Previewer
    from ..desk.session import Session

    session = Session(config)
    previewer = None if no_preview else Previewer(session.document)
    app = create(session, previewer)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    for note in session.notes:
        print(f"warning: {note}", file=sys.stderr)
    print(
        f"review desk for {config.source} at http://127.0.0.1:{port}/ (Ctrl-C stops it)", flush=True
    )
    if previewer is not None:
        previewer.start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C: uvicorn has shut down cleanly and re-raises it
    finally:
        if previewer is not None:
            previewer.stop()


def _cache() -> Path:
    from .build import _default_cache

    return _default_cache()
