"""Run directories: ids that sort by time, the latest pointer, and baselines.

Every run writes into ``reports/<run id>/``. The id is the UTC start time
plus four random hex digits (``20261203-141500-ab12``), so a plain ``ls``
lists runs in order and two runs started in the same second do not collide.
``reports/latest`` is a symlink to the newest run where the file system
allows one, and ``reports/LATEST`` holds its id as text everywhere (the
portable pointer CI artifacts keep). Named baselines live under
``reports/baselines/<name>/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
from pathlib import Path

from leadharness.errors import ConfigError

__all__ = [
    "DEFAULT_REPORTS_ROOT",
    "new_run_id",
    "create_run_dir",
    "point_latest",
    "resolve_run",
    "resolve_baseline",
    "save_baseline",
    "check_baseline_name",
]

DEFAULT_REPORTS_ROOT = Path("reports")
SUMMARY_FILE = "summary.json"
_RUN_ID = re.compile(r"\d{8}-\d{6}-[0-9a-f]{4}")
_BASELINE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def new_run_id(now: dt.datetime | None = None) -> str:
    """A run id that sorts by start time: ``YYYYmmdd-HHMMSS-xxxx`` in UTC."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"{moment:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def create_run_dir(
    root: Path = DEFAULT_REPORTS_ROOT, run_id: str | None = None
) -> Path:
    """Create and return ``root/<run id>``; a new id is drawn if none is given."""
    run_id = run_id or new_run_id()
    run_dir = Path(root) / run_id
    try:
        run_dir.mkdir(parents=True, exist_ok=False)
    except FileExistsError:
        raise ConfigError(
            f"run directory {run_dir} already exists; pick another run id"
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"cannot create run directory {run_dir} ({exc.strerror}); "
            "pass --reports-dir with a writable folder"
        ) from None
    return run_dir


def point_latest(run_dir: Path) -> None:
    """Point ``latest`` (symlink) and ``LATEST`` (text) beside it at ``run_dir``."""
    root = run_dir.parent
    text_tmp = root / f".LATEST.{os.getpid()}"
    text_tmp.write_text(run_dir.name + "\n", encoding="utf-8")
    os.replace(text_tmp, root / "LATEST")

    link, link_tmp = root / "latest", root / f".latest.{os.getpid()}"
    try:
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        link_tmp.symlink_to(run_dir.name, target_is_directory=True)
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        os.replace(link_tmp, link)
    except OSError:
        # No symlinks here (some Windows setups, some mounts): LATEST suffices.
        link_tmp.unlink(missing_ok=True)


def resolve_run(ref: str | Path, root: Path = DEFAULT_REPORTS_ROOT) -> Path:
    """The run directory ``ref`` names: ``latest``, a run id, or a path.

    A path may be the run directory or its ``summary.json``. Raises
    ConfigError saying which runs exist when nothing matches.
    """
    root = Path(root)
    text = str(ref)
    if text == "latest":
        pointer = root / "LATEST"
        if not pointer.is_file():
            raise ConfigError(
                f"no latest run under {root}: run `leadharness gate` first, "
                "or name a run directory"
            )
        text = pointer.read_text(encoding="utf-8").strip()
        candidate = root / text
    else:
        given = Path(text)
        candidate = given if given.exists() else root / text
    if candidate.is_file() and candidate.name == SUMMARY_FILE:
        candidate = candidate.parent
    if (candidate / SUMMARY_FILE).is_file():
        return candidate
    raise ConfigError(
        f"{text} is not a run: no {SUMMARY_FILE} in {candidate}; "
        f"known runs: {_known_runs(root)}"
    )


def resolve_baseline(ref: str | Path, root: Path = DEFAULT_REPORTS_ROOT) -> Path:
    """The summary.json a ``--baseline`` names: a path, run id, or baseline name."""
    named = Path(root) / "baselines" / str(ref) / SUMMARY_FILE
    if _BASELINE_NAME.fullmatch(str(ref)) and named.is_file():
        return named
    try:
        return resolve_run(ref, root) / SUMMARY_FILE
    except ConfigError:
        names = sorted(
            p.name for p in (Path(root) / "baselines").glob("*") if p.is_dir()
        )
        raise ConfigError(
            f"baseline {ref} not found: it is neither a summary.json path, a run id, "
            f"nor a name under {Path(root) / 'baselines'} (names: "
            f"{', '.join(names) or 'none yet'}); save one with --save-baseline NAME"
        ) from None


def check_baseline_name(name: str) -> None:
    """Refuse a baseline name that is not a plain folder name."""
    if not _BASELINE_NAME.fullmatch(name):
        raise ConfigError(
            f"baseline name {name!r} is not allowed: use letters, digits, '.', '_' "
            "or '-' (at most 64), e.g. --save-baseline main"
        )


def save_baseline(run_dir: Path, name: str, root: Path = DEFAULT_REPORTS_ROOT) -> Path:
    """Copy a run's summary (and page) to ``root/baselines/<name>/``."""
    check_baseline_name(name)
    target = Path(root) / "baselines" / name
    target.mkdir(parents=True, exist_ok=True)
    for file_name in (SUMMARY_FILE, "index.html"):
        source = run_dir / file_name
        if source.is_file():
            shutil.copyfile(source, target / file_name)
    return target / SUMMARY_FILE


def _known_runs(root: Path) -> str:
    runs = sorted(
        (p.name for p in root.glob("*") if _RUN_ID.fullmatch(p.name)), reverse=True
    )
    if not runs:
        return "none"
    shown = ", ".join(runs[:5])
    return shown + (f" and {len(runs) - 5} more" if len(runs) > 5 else "")
