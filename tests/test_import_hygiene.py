"""`annotations/` is the domain: it must be usable without Textual or Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import annotations

MODULES = sorted(
    f"annotations.{module.name}"
    for module in pkgutil.iter_modules(annotations.__path__)
    if not module.name.startswith("_")
)


def test_every_domain_module_is_checked() -> None:
    assert {"annotations.model", "annotations.parsing", "annotations.store"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_domain_module_imports_no_textual_or_rich(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"
