"""The modules of newsdoc form a directed acyclic graph, read from their source.

Every import counts, in a function too, but those under ``if TYPE_CHECKING:``,
which never run.  ``from newsdoc import Name`` counts as importing the module
that defines ``Name`` (the one ``_api`` takes it from), and ``from newsdoc
import _module`` as importing that module.  The package's ``__init__`` imports
the API lazily and ``__main__`` only runs the command line: neither is in the
graph.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "newsdoc"
OUTSIDE = ("__init__", "__main__")


def modules() -> dict[str, ast.Module]:
    """Each module of the graph by its name in the package (``_model``), parsed."""
    return {
        path.stem: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted(PACKAGE.glob("*.py"))
        if path.stem not in OUTSIDE
    }


def is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement under ``node`` that can run."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    for child in ast.iter_child_nodes(node):
        if is_type_checking(child):
            assert isinstance(child, ast.If)
            for other in child.orelse:
                yield from imports(other)
        else:
            yield from imports(child)


def defining_modules(api: ast.Module) -> dict[str, str]:
    """Each public name, and the module ``_api`` imports it from."""
    return {
        alias.asname or alias.name: node.module.removeprefix("newsdoc.")
        for node in api.body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsdoc.")
        for alias in node.names
    }


def imported_modules(
    statement: ast.Import | ast.ImportFrom, known: set[str], defined_in: dict[str, str]
) -> list[str]:
    """The modules of the graph that ``statement`` imports."""
    if isinstance(statement, ast.Import):
        names = [alias.name.split(".") for alias in statement.names]
        return [parts[1] for parts in names if parts[0] == "newsdoc" and len(parts) > 1]
    if statement.level > 1:
        raise AssertionError(f"line {statement.lineno}: an import from outside the package")
    module = statement.module or ""
    if statement.level == 1:
        module = f"newsdoc.{module}".rstrip(".")
    if module.startswith("newsdoc."):
        return [module.split(".")[1]]
    if module != "newsdoc":
        return []
    found = []
    for alias in statement.names:
        name = alias.name
        if name in known:
            found.append(name)
        elif name in defined_in:
            found.append(defined_in[name])
        else:
            raise AssertionError(f"line {statement.lineno}: no module of newsdoc defines {name}")
    return found


def graph() -> dict[str, set[str]]:
    """Each module of the graph, and the modules of the graph it imports."""
    parsed = modules()
    defined_in = defining_modules(parsed["_api"])
    known = set(parsed)
    edges: dict[str, set[str]] = {}
    for name, tree in parsed.items():
        edges[name] = set()
        for statement in imports(tree):
            try:
                edges[name].update(imported_modules(statement, known, defined_in))
            except AssertionError as error:
                raise AssertionError(f"{name}.py, {error}") from None
        unknown = edges[name] - known
        assert not unknown, (
            f"{name}.py imports {sorted(unknown)}, which are not modules of newsdoc"
        )
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle of ``edges``, once each: it starts at its least module.

    A search from each module that visits greater modules only, which is
    plenty for a graph of a few dozen modules.
    """
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for following in sorted(edges[path[-1]]):
            if following == path[0]:
                found.append([*path, following])
            elif following > path[0] and following not in path:
                walk([*path, following])

    for start in sorted(edges):
        walk([start])
    return found


def late_imports(tree: ast.Module) -> list[int]:
    """The lines of imports that run at module level after its first other statement."""
    late: list[int] = []
    header = True
    for statement in tree.body:
        docstring = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        if header and (
            docstring
            or isinstance(statement, (ast.Import, ast.ImportFrom))
            or is_type_checking(statement)
        ):
            continue
        header = False
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            late += [node.lineno for node in imports(statement)]
    return late


def test_the_modules_import_one_another_without_a_cycle() -> None:
    found = [" -> ".join(cycle) for cycle in cycles(graph())]
    assert not found, f"{len(found)} import cycles:\n" + "\n".join(found)


def test_no_module_imports_after_its_first_statement() -> None:
    # Imports stay at the top, where a reader finds what a module needs: one
    # below the code is how a circle of imports is made to work.
    late = [
        f"{name}.py, line {line}"
        for name, tree in modules().items()
        for line in late_imports(tree)
    ]
    assert not late, "imports after the module's first statement: " + ", ".join(late)


def test_an_import_in_a_function_counts_and_one_for_type_checkers_does_not() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from newsdoc._model import Article\n"
        "def read():\n"
        "    from newsdoc import _parser, loads\n"
        "    import newsdoc._grammar\n"
    )
    found = [
        module
        for statement in imports(tree)
        for module in imported_modules(
            statement, {"_model", "_parser", "_grammar"}, {"loads": "_formats"}
        )
    ]
    assert found == ["_parser", "_formats", "_grammar"]


def test_a_cycle_is_named_from_its_least_module() -> None:
    edges = {"_a": {"_b"}, "_b": {"_c"}, "_c": {"_a", "_d"}, "_d": set()}
    assert cycles(edges) == [["_a", "_b", "_c", "_a"]]


def test_an_import_below_the_first_statement_is_late() -> None:
    tree = ast.parse('"""Doc."""\nimport os\n__all__ = []\ndef f():\n    import os\nimport sys\n')
    assert late_imports(tree) == [6]
