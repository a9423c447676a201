"""Reading what a command writes to a pseudo-terminal (the tests of what ppgen shows only on a terminal)."""

from __future__ import annotations

import os


def drained(leader: int) -> bytes:
    """Everything written to the other side of the pseudo-terminal `leader`, read until its last writer has
    closed it (Linux then fails the read with EIO); `leader` is closed after."""
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # every writer has closed it
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return output
