"""`make run`: the portal, a Celery worker and Celery beat, side by side; Ctrl-C stops all three."""

import os
import signal
import subprocess
import sys
import time

from magnet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


def main() -> int:
    port = os.environ.get("PORT", "8000")
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "magnet"]
    commands = {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [*celery, "beat", "--loglevel=INFO"],
    }
    processes = {name: subprocess.Popen(cmd, start_new_session=True) for name, cmd in commands.items()}  # noqa: S603
    _print_banner(port)

    def stop(*_):
        for process in processes.values():
            if process.poll() is None:
                process.terminate()  # each shuts its own children down (celery's warm shutdown)
        deadline = time.time() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        failed = [name for name, p in processes.items() if p.poll() is not None]
        print(f"\nStopped because {', '.join(failed)} exited.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping the portal, the worker and beat…")
        return 0
    finally:
        stop()


def _print_banner(port: str) -> None:
    lines = [
        "",
        f"MAGNET Portal: http://127.0.0.1:{port}/  (Turkish: /tr/, English: /en/, API docs: /api/docs/)",
        f"Demo accounts (password for all: {DEMO_PASSWORD}):",
        *(f"  {role:<15} {email}" for email, _g, _f, role, _l in DEMO_ACCOUNTS),
    ]
    if os.environ.get("MAGNET_REQUIRE_MFA", "1") in ("0", "false", "False"):
        lines.append(
            "Two-factor enrolment is OFF for this demo (MAGNET_REQUIRE_MFA=0); it is on in production."
        )
    if not os.environ.get("EMAIL_URL"):
        lines.append("E-mails are written to var/mail/ (open the newest file to confirm a sign-up).")
    lines.append("Press Ctrl-C to stop everything.\n")
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
