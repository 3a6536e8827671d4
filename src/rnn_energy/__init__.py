"""Energy (Lyapunov) functions of neural-network dynamics: the package behind the book."""

__version__ = "0.1.0"
