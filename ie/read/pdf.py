"""PDF reports: text outside tables line by line, ruled tables one row per line with TAB-separated cells."""

from pathlib import Path

from ie.read.document import ReadError


def _cell(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _why_unreadable(exc: BaseException) -> str:
    chain, seen = [], exc
    while seen is not None and len(chain) < 8:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    described = " ".join(f"{type(e).__name__} {e}" for e in chain).lower()
    if "password" in described or "encrypt" in described:
        return "PDF is encrypted (password-protected); save an unprotected copy first"
    return f"not a readable PDF ({type(exc).__name__})"


def read_pdf(path: Path) -> str:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:
        raise ReadError(path, _why_unreadable(exc)) from None
    parts: list[str] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            parts.append(f"=== page {number} ===")
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj, boxes=boxes):
                x, top = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes)

            blocks: list[tuple[float, str]] = []
            text = page.filter(outside).extract_text_lines() if boxes else page.extract_text_lines()
            blocks.extend((line["top"], line["text"]) for line in text)
            for table in tables:
                rows = table.extract()
                blocks.append(
                    (table.bbox[1], "\n".join("\t".join(_cell(c) for c in row) for row in rows))
                )
            blocks.sort(key=lambda b: b[0])
            parts.extend(b[1] for b in blocks)
    text = "\n".join(parts) + "\n"
    if not any(ch.isalnum() for part in parts if not part.startswith("=== page") for ch in part):
        raise ReadError(
            path, "PDF without a text layer (scanned images?); OCR is out of scope: run OCR first"
        )
    return text
