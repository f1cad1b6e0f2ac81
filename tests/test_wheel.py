"""The wheel `pip install .` builds holds every module, style sheet and sample article."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = out.glob("*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def source_files(package: str) -> list[str]:
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / package).rglob("*")
        if path.suffix in (".py", ".tcss") and "__pycache__" not in path.parts
    )


@pytest.mark.parametrize("package", ["annotations", "tui"])
def test_every_module_and_style_sheet_is_in_the_wheel(wheel_names: set[str], package: str) -> None:
    files = source_files(package)
    assert f"{package}/exporters/__init__.py" in files or package == "tui"
    missing = [name for name in files if name not in wheel_names]
    assert missing == []


def test_the_sample_articles_and_the_licence_are_in_the_wheel(wheel_names: set[str]) -> None:
    samples = sorted(p.name for p in (ROOT / "sample_articles").glob("*.txt"))
    assert "seed-article.txt" in samples
    for name in samples:
        assert f"annotations/sample_articles/{name}" in wheel_names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in wheel_names)


def test_no_test_or_benchmark_code_is_in_the_wheel(wheel_names: set[str]) -> None:
    assert not [n for n in wheel_names if n.startswith(("tests/", "benchmarks/", ".venv/"))]
