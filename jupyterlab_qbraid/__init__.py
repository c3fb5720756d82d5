"""jupyterlab-qbraid: a qBraid account inside JupyterLab."""

try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-qbraid"}]


def _jupyter_server_extension_points():
    from .app import QbraidAccount

    return [{"module": "jupyterlab_qbraid", "app": QbraidAccount}]
