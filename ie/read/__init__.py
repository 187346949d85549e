"""Readers: any supported file → one normalized `Document` (SCHEMA §6); annotated corpora and
prediction files on disk."""

from ie.read.document import Document, ReadError, doc_id_of, normalize_text, text_sha256
from ie.read.files import MAX_BYTES, READERS, document_from_text, iter_input_files, read_document

__all__ = [
    "Document",
    "ReadError",
    "READERS",
    "MAX_BYTES",
    "read_document",
    "document_from_text",
    "iter_input_files",
    "doc_id_of",
    "normalize_text",
    "text_sha256",
]
