"""The lowest layer: settings, errors, the CPU policy and the artefact-folder registry helpers; imports no other
medkg package."""
