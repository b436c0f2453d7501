"""The package's layering: data flows one way, and no module imports one above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "publisher"

# Lower ranks know nothing of higher ones. The stages (rank 4) do not import each other; the
# writers read the document and the checks' findings; only the edges compose everything.
RANKS = {
    "__init__": 0,
    "document": 0,
    "text": 0,
    "errors": 0,
    "files": 0,
    "memo": 0,
    "config": 0,
    "progress": 0,
    "lang": 1,
    "terms": 2,
    "stores": 3,
    "engines": 3,
    "read": 4,
    "segment": 4,
    "translate": 4,
    "convert": 4,
    "check": 4,
    "writers": 5,
    "pipeline": 6,
    "cli": 7,
    "desk": 7,  # an edge, like the command line: composes the pipeline, serves the web page
    "__main__": 7,
}
ALLOWED_ACROSS = {("writers", "check")}  # writers read the findings


def modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every publisher module this one imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".") if package else []
            if node.level:
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("publisher"):
                target = node.module.removeprefix("publisher").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                found.add(sub if sub in modules() else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("publisher."):
                    found.add(alias.name.removeprefix("publisher."))
    return {m for m in found if m and m != name}


def top(module: str) -> str:
    return module.split(".")[0]


GRAPH = {name: imports(name, path) for name, path in modules().items()}


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_module_imports_one_above_it(name):
    for target in GRAPH[name]:
        a, b = top(name), top(target)
        if a == b:
            continue
        assert RANKS[a] >= RANKS[b], f"{name} imports {target}, which is above it"
        if RANKS[a] == RANKS[b] == 4:
            assert (a, b) in ALLOWED_ACROSS, f"stage {name} imports stage {target}"


def test_there_is_no_import_cycle_between_packages():
    edges = {(top(a), top(b)) for a, targets in GRAPH.items() for b in targets if top(a) != top(b)}
    cycles = [(a, b) for a, b in edges if (b, a) in edges]
    assert not cycles


def test_the_graph_sees_every_module():
    assert {"pipeline", "cli", "check.numbers", "terms.usage", "lang.opencc"} <= set(GRAPH)
    assert "pipeline" in GRAPH["cli.build"]


def test_every_import_inside_the_package_resolves():
    """Imports inside functions too: a moved module leaves none dangling."""
    import importlib.util

    missing = [
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if importlib.util.find_spec(f"publisher.{target}") is None
    ]
    assert not missing
