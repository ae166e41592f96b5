"""Running ``manage.py`` as its own process, as an operator would (tests of set-up and deploy)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env, timeout=900):
    """``python manage.py *args`` in the project root with ``env``; the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
