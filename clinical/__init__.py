"""The clinical layer: diagnosis suggestion, the symptom interview, (next) note analysis and patient-aware dosing.

It sits above ``query`` and below ``api``: it reads the graph through ``query.safety.ReadOnlyRunner`` and its own
read-only templates (``clinical.templates``), links findings through ``vocabulary.findings``, and hands typed,
frozen results (``clinical.models``) to the API, the CLI and the page. Every output says what it rests on.
medkg supports a clinician; it does not replace one.
"""
