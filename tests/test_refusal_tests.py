"""Every test that expects a refusal names which one, so it cannot pass for the wrong reason.

A bare ``pytest.raises(DomainError)`` passes for any refusal the service gives: a permission
check, a wrong state, a missing field. So each ``pytest.raises`` of ``DomainError`` or
``ConflictError`` (alone or in a tuple) must say ``match=`` with a fragment of the expected
message.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REFUSALS = {"DomainError", "ConflictError"}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_raises(call: ast.Call) -> bool:
    return _name(call.func) == "raises"


def _expects_refusal(call: ast.Call) -> bool:
    expected = call.args[0] if call.args else None
    for keyword in call.keywords:
        if keyword.arg == "expected_exception":
            expected = keyword.value
    if expected is None:
        return False
    candidates = expected.elts if isinstance(expected, ast.Tuple) else [expected]
    return any(_name(candidate) in REFUSALS for candidate in candidates)


def _names_the_refusal(call: ast.Call) -> bool:
    for keyword in call.keywords:
        if keyword.arg == "match":
            value = keyword.value
            # match="" or match=".*" would accept any refusal again.
            return not (isinstance(value, ast.Constant) and value.value in ("", ".*", ".+", None))
    return False


def bare_refusals(source: str, filename: str = "<test>") -> list[int]:
    """The lines of ``pytest.raises(DomainError | ConflictError)`` calls without a ``match=``."""
    tree = ast.parse(source, filename=filename)
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _is_raises(node)
        and _expects_refusal(node)
        and not _names_the_refusal(node)
    )


def test_the_scanner_tells_bare_from_named_refusals():
    source = (
        "import pytest\n"
        "with pytest.raises(DomainError):\n"  # 2: bare
        "    pass\n"
        "with pytest.raises(DomainError, match='Only the L&D author'):\n"
        "    pass\n"
        "with pytest.raises(\n"  # 6: bare, over several lines
        "    ConflictError,\n"
        "):\n"
        "    pass\n"
        "with pytest.raises(\n"
        "    ConflictError,\n"
        "    match='Somebody else saved',\n"
        "):\n"
        "    pass\n"
        "with pytest.raises((DomainError, ValueError)) as caught:\n"  # 15: bare, in a tuple
        "    pass\n"
        "with pytest.raises(changes.DomainError, match=''):\n"  # 17: matches anything
        "    pass\n"
        "with pytest.raises(ValueError):\n"
        "    pass\n"
        "with pytest.raises(ImmutableRecordError):\n"
        "    pass\n"
    )
    assert bare_refusals(source) == [2, 6, 15, 17]


def test_every_expected_refusal_names_its_message():
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        for line in bare_refusals(path.read_text(encoding="utf-8"), filename=str(path)):
            offenders.append(f"{path.relative_to(TESTS.parent)}:{line}")
    assert not offenders, (
        "pytest.raises(DomainError/ConflictError) without match= (say which refusal is expected):\n"
        + "\n".join(offenders)
    )
