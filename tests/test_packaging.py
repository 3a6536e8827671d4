"""The package as users install it: one version, and a clear error where an extra is missing."""

import importlib
import importlib.metadata
import sys

import pytest

import rnn_energy


def test_version_has_one_source():
    """The installed metadata's version is the package's __version__ (pyproject reads it from there)."""
    assert importlib.metadata.version("rnn-energy") == rnn_energy.__version__


def test_plots_without_matplotlib_names_the_extra(monkeypatch):
    """Importing rnn_energy.plots where matplotlib is absent raises ImportError naming the book extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    monkeypatch.delitem(sys.modules, "rnn_energy.plots", raising=False)
    with pytest.raises(ImportError, match=r"rnn-energy\[book\]"):
        importlib.import_module("rnn_energy.plots")
    monkeypatch.delitem(sys.modules, "rnn_energy.plots", raising=False)
