"""What Excel takes as a sheet's name, checked on a workbook read back."""

from __future__ import annotations


def excel_takes(names: list[str]) -> None:
    """Every sheet name is one Excel opens: none of []:*?/\\ or a control character, no quote
    first or last, 1 to 31 characters (UTF-16), not "History", no two alike in any case."""
    for name in names:
        assert not set(name) & set("[]:*?/\\") and all(c.isprintable() for c in name)
        assert not name.startswith("'") and not name.endswith("'") and name == name.strip()
        assert 1 <= len(name.encode("utf-16-le")) // 2 <= 31
        assert name.casefold() != "history"
    assert len({name.casefold() for name in names}) == len(names)
