"""How the server names a kernel in what it reports: as the tabs of its documents do."""

from jupyterlab_qbraid.kernels import _kernel_title


def kernel(*sessions):
    return {"name": "bash", "sessions": list(sessions)}


def test_a_console_by_its_name_never_its_uuid_path():
    console = {"path": "console-1-d4bdd09c-ee71-4c1e", "name": "Console 1", "type": "console"}
    assert _kernel_title(kernel(console)) == "Console 1 (bash)"


def test_a_notebook_by_its_name_else_its_file_name():
    named = {"path": "work/bell.ipynb", "name": "bell.ipynb", "type": "notebook"}
    unnamed = {"path": "work/ghz.ipynb", "name": "", "type": "notebook"}
    assert _kernel_title(kernel(named, unnamed)) == "bell.ipynb, ghz.ipynb (bash)"


def test_a_kernel_of_no_document_by_its_kernel_name():
    assert _kernel_title(kernel()) == "bash"
