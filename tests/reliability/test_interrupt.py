"""Ctrl-C during a long computation leaves the process usable (issue 15, item 3).

XLA's CPU client runs a program inline in the calling thread and cannot cancel it, so the
KeyboardInterrupt arrives when the program returns (on an asynchronous backend,
``block_until_ready`` waits interruptibly and it arrives at once); either way the next
computations run and give the right values. Run in a subprocess: the signal is real."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os, signal, threading
    import xnp
    from xnp import lax

    f = xnp.jit(lambda x, n: lax.fori_loop(0, n, lambda i, v: v * 1.0000001 + 1e-9, x))
    f(xnp.ones(4), 10).block_until_ready()  # compiled
    threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    try:
        f(xnp.ones(4), 300_000_000).block_until_ready()
        import time
        time.sleep(5)  # the signal lands here if the program was quicker than the timer
        print("not interrupted")
    except KeyboardInterrupt:
        print("interrupted")
    print(float(xnp.jit(lambda a: a.sum())(xnp.arange(10.0))), float(xnp.arange(4.0).sum()))
    print(float(f(xnp.zeros(2), 3)[0]))
    """
)


def test_ctrl_c_leaves_the_process_usable():
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                         text=True, timeout=300)  # fmt: skip
    assert out.returncode == 0, out.stderr[-4000:]
    lines = out.stdout.split()
    assert lines[0] == "interrupted", out.stdout
    assert lines[1:3] == ["45.0", "6.0"], out.stdout
    assert abs(float(lines[3]) - 3e-9) < 1e-15, out.stdout
