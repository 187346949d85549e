"""Word files: paragraphs and tables in body order; a table row is one TAB-separated line."""

from pathlib import Path

from ie.read.document import ReadError


def read_docx(path: Path) -> str:
    import docx
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
                cells, seen = [], set()
                for cell in row.cells:
                    key = id(cell._tc)
                    cells.append("" if key in seen else " ".join(cell.text.split()))
                    seen.add(key)
                lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"
