"""Reading inputs: bytes → decoded text with an id, and the language it is in.

Every reader returns the text exactly as decoded (only a byte-order mark removed): all offsets index it.
langdetect loads lazily, so importing this package is cheap.
"""
from checker.read.language import detect_language, detect_sentence_language, looks_like
from checker.read.text import MAX_BYTES, decode, read_text, text_id

__all__ = [
    "MAX_BYTES",
    "decode",
    "detect_language",
    "detect_sentence_language",
    "looks_like",
    "read_text",
    "text_id",
]
