"""The idle stop, decided on the server: one clock for the whole instance.

Activity is a kernel at work, a terminal's input or a person's input in any open tab; Lab's
own background polling is not. When the idle limit passes the server warns every open tab
(which may keep it running, for all of them), asks them to save, then stops the instance by
the same path as the Stop button; with no tab open it stops at once.

- ``clock``: the phases and their deadlines, with no I/O (tested alone with a fake now()).
- ``activity``: what the kernel and terminal managers say happened since the last look.
- ``service``: the clock on the server's IOLoop, the open tabs, and the stop.
- ``socket``: the websocket through which tabs follow the clock and report input.
"""
