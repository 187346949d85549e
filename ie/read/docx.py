"""Word files: paragraphs and tables in body order; a table row is one TAB-separated line."""

import zipfile
from pathlib import Path

from ie.read.document import ReadError

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # a report's Word file holds a few MB once unpacked
MAX_ZIP_ENTRIES = 2000
MAX_COLUMNS = 64  # a report's widest table has 16 columns


def check_zip(path: Path) -> None:
    """Refuse a .docx that would unpack to more than a report could be (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError(path, "not a readable .docx file (not a zip archive)") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ReadError(
            path, f".docx holds {len(entries)} files (more than {MAX_ZIP_ENTRIES}): not a report"
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNZIPPED_BYTES:
        raise ReadError(
            path,
            f".docx unpacks to {unpacked / 2**20:.0f} MB (more than "
            f"{MAX_UNZIPPED_BYTES / 2**20:.0f} MB): not a report",
        )


def read_docx(path: Path) -> str:
    import docx

    check_zip(path)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for damaged zips
        raise ReadError(path, f"not a readable .docx file ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                if sum(tc.grid_span for tc in row._tr.tc_lst) > MAX_COLUMNS:
                    raise ReadError(
                        path,
                        f"a table row spans more than {MAX_COLUMNS} columns: not a report table",
                    )
                cells, seen = [], set()
                for cell in row.cells:
                    key = id(cell._tc)
                    cells.append("" if key in seen else " ".join(cell.text.split()))
                    seen.add(key)
                lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"
