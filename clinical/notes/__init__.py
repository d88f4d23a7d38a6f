"""Clinical-note analysis: sections, problems with their context, medications, a traceable summary and alerts."""

from clinical.notes.analyzer import MAX_NOTE_CHARS, NoteAnalyzer, NoteError, check_note
from clinical.notes.lexicon import NoteLexicon

__all__ = ["MAX_NOTE_CHARS", "NoteAnalyzer", "NoteError", "NoteLexicon", "check_note"]
