"""Which code a source's reuse depends on: its own package and the connectors modules it imports."""

from pathlib import Path

import pytest

from orchestration import code_fingerprint as fp


def _names(package: str) -> set[str]:
    root = Path(fp.__file__).resolve().parent.parent
    return {f.resolve().relative_to(root).as_posix() for f in fp.dependency_files(package)}


def test_sql_lineage_belongs_to_the_sources_that_parse_sql_only() -> None:
    for package in ("connectors.warehouse", "connectors.query_logs"):
        assert "connectors/sql_lineage/extract.py" in _names(package)
        assert "connectors/sql_lineage/__init__.py" in _names(package)
    for package in ("connectors.gx_results", "connectors.dbt_artifacts", "connectors.openlineage"):
        assert not any(n.startswith("connectors/sql_lineage/") for n in _names(package)), package


def test_shared_modules_are_followed_transitively() -> None:
    names = _names("connectors.gx_results")
    assert {"connectors/store.py", "connectors/base.py", "connectors/gx_results/crawl.py"} <= names
    assert not any(n.startswith("connectors/warehouse/") for n in names)


def test_fingerprint_changes_with_content_and_salt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "connectors" / "x"
    pkg.mkdir(parents=True)
    module = pkg / "crawl.py"
    module.write_text("A = 1\n")
    monkeypatch.setattr(fp, "dependency_files", lambda package: [module])
    monkeypatch.setattr(fp, "_root_dir", lambda: tmp_path)

    def fresh(salt: str = "") -> str:
        fp.code_fingerprint.cache_clear()
        return fp.code_fingerprint("connectors.x", salt)

    before = fresh()
    assert fresh() == before
    assert fresh("4") != before
    module.write_text("A = 2\n")
    assert fresh() != before
