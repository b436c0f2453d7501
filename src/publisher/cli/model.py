"""`publisher model …`: list and install machine-translation models (Argos packages)."""

from __future__ import annotations

from pathlib import Path

from ..errors import ModelError
from . import COMMANDS


def add_commands(sub) -> None:
    model = sub.add_parser("model", help=COMMANDS["model"][1])
    msub = model.add_subparsers(dest="model_command", required=True)
    msub.add_parser("list", help="the installed packages").set_defaults(run=run_list)
    install = msub.add_parser("install", help="install a package from a file or the Argos index")
    install.add_argument("path", nargs="?", type=Path, help="a .argosmodel file")
    install.add_argument(
        "--from-index",
        nargs=2,
        metavar=("FROM", "TO"),
        help="download from the Argos package index (needs network)",
    )
    install.set_defaults(run=run_install)


def run_list(args) -> int:
    from ..engines import models

    rows = models.listing()
    if not rows:
        print(f"no translation packages installed in {models.packages_dir()}")
    for row in rows:
        print(row)
    return 0


def run_install(args) -> int:
    from ..engines import models

    if bool(args.path) == bool(args.from_index):
        raise ModelError("give either a .argosmodel file or --from-index FROM TO")
    installed = (
        models.install_file(args.path) if args.path else models.install_from_index(*args.from_index)
    )
    print(f"installed {installed} into {models.packages_dir()}")
    return 0
