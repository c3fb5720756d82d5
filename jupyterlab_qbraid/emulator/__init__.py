"""An emulator of qBraid's account API (contract v2), for tests, benchmarks and the demo.

Run it with ``python -m jupyterlab_qbraid.emulator`` (or ``qbraid-emulator``); drive it from
Python with ``jupyterlab_qbraid.emulator.process.EmulatorProcess``. It serves the project's
account API contract (``account-api.md``) under ``/api/v1``: the account routes, the
compute routes (usage, the subscription server, profiles, on-demand instances) and API key
management, authenticated by ``X-API-Key`` or ``X-Access-Token``, with answers that
qBraid's own client (qbraid-core) validates. With ``--hub-api-url`` and ``--hub-token`` the
server routes act on that JupyterHub for the hub user of the same name.

Admin routes (loopback clients only; a body's ``userName`` defaults to the first user):

- ``POST /__emulator__/faults`` {path, method?, status?, count?, latencyMs?, malformed?,
  body?, retryAfter?, drop?}: a fault rule; ``GET`` lists them, ``DELETE`` clears them.
- ``PATCH /__emulator__/state`` {organizationId?, qbraidCredits?, awsCredits?,
  autoRecharge?, subscriptionTier?, cpuHours?: {used?, quota?, renewalDate?}}: an
  organization (default the first); ``used`` and ``quota`` are also the usage route's
  compute hours ``used`` and ``total``.
- ``GET /__emulator__/requests[?limit=]``, ``DELETE``: the request log (no credentials).
- ``POST /__emulator__/users`` {userName?, email?, organizationName?, tier?,
  qbraidCredits?}: another user with an organization and a key.
- ``POST /__emulator__/access-tokens`` {userName?}: an access token of the user.
- ``POST /__emulator__/white-label-keys`` {host, prefix?, userName?, name?}: a white-label
  key of the user whose host is that DNS name.
- ``PATCH /__emulator__/api-keys/{id}`` {createdAt}: backdates a key record (any user's),
  e.g. to make it old enough for the reminder to rotate it.
- ``PATCH /__emulator__/servers`` {state, userName?, clusterId?, profileSlug?}: the user's
  subscription server in the store (running, starting or stopped).
- ``POST /__emulator__/instances`` {userName?, instanceId?, profileSlug?, status?,
  supportsStop?, displayName?, runningCreditsPerMin?, stoppedCreditsPerMin?,
  autoStopIdleMinutes?, maxSessionMinutes?, persistentDiskGb?}: an on-demand instance.
- ``PATCH /__emulator__/instances/{id}`` {the same fields but the first three}: changes it.

``jupyterlab_qbraid.emulator.hub_process`` runs it beside a real JupyterHub whose Lab
servers use it (the demo, tests of stopping Lab, Galata).
"""
