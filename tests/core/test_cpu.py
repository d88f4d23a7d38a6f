"""core.cpu: how many torch threads to use on a busy or idle machine."""

from __future__ import annotations

import os

import pytest

from core.cpu import busy_cores, cpu_threads


@pytest.mark.parametrize(
    ("cores", "busy", "expected"), [(2, 0.1, 2), (2, 0.8, 1), (2, 9.5, 1), (16, 3.0, 2), (1, 0.0, 1)],
)
def test_cpu_threads_drop_to_one_when_the_cores_are_busy(monkeypatch, cores, busy, expected):
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    monkeypatch.setattr("core.cpu.busy_cores", lambda interval=0.5: busy)
    assert cpu_threads() == expected


def test_busy_cores_reads_the_machine():
    assert 0.0 <= busy_cores(0.2) <= (os.cpu_count() or 1) + 0.01
