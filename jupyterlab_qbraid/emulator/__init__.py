"""An emulator of qBraid's account API, for tests, benchmarks and the demo.

Run it with ``python -m jupyterlab_qbraid.emulator`` (or ``qbraid-emulator``); drive it from
Python with ``jupyterlab_qbraid.emulator.process.EmulatorProcess``. The API it serves is the
project's account API contract (``account-api.md``), plus admin routes under
``/__emulator__`` for faults, state and the request log.

``jupyterlab_qbraid.emulator.hub_process`` runs it beside a real JupyterHub whose Lab
servers use it (the demo, tests of stopping Lab, Galata).
"""
