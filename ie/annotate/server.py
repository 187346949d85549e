"""Push tasks to and pull annotations from a running Label Studio (label-studio-sdk).

The server and key come from LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY; the key is only
handed to the client, never printed or logged, and removed from any error message.
"""

import json
import os

from ie.annotate.config import labeling_config

IMPORT_BATCH = 100


class ServerError(RuntimeError):
    pass


def _key() -> str:
    return os.environ.get("LABEL_STUDIO_API_KEY", "")


def _safe(exc: Exception) -> str:
    message = f"{type(exc).__name__}: {exc}"
    key = _key()
    return message.replace(key, "***") if key else message


def client():
    from label_studio_sdk import LabelStudio

    url, key = os.environ.get("LABEL_STUDIO_URL"), _key()
    if not url or not key:
        raise ServerError(
            "set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (a personal access token or legacy token)"
        )
    return LabelStudio(base_url=url, api_key=key)


def find_project(ls, title: str):
    for project in ls.projects.list(title=title):
        if project.title == title:
            return project
    return None


def push(tasks: list[dict], title: str, overlap: int = 1) -> tuple[int, int]:
    """Create the project (or update its labeling config) and import the tasks; (project id, tasks imported).

    `overlap` > 1 asks Label Studio for that many annotations of every task (two annotators)."""
    ls = client()
    settings = {"label_config": labeling_config()}
    if overlap > 1:
        settings |= {"maximum_annotations": overlap, "overlap_cohort_percentage": 100}
    try:
        project = find_project(ls, title)
        if project is None:
            project = ls.projects.create(title=title, **settings)
        else:
            ls.projects.update(project.id, **settings)
        for i in range(0, len(tasks), IMPORT_BATCH):
            ls.projects.import_tasks(
                project.id, request=tasks[i : i + IMPORT_BATCH], return_task_ids=True
            )
    except ServerError:
        raise
    except Exception as exc:
        raise ServerError(
            f"Label Studio at {os.environ.get('LABEL_STUDIO_URL')}: {_safe(exc)}"
        ) from None
    return project.id, len(tasks)


def pull(title: str, export_type: str = "JSON") -> list[dict]:
    """The project's export in Label Studio's own format (every task, annotated or not)."""
    ls = client()
    try:
        project = find_project(ls, title)
        if project is None:
            raise ServerError(
                f"no project titled {title!r} on {os.environ.get('LABEL_STUDIO_URL')}"
            )
        raw = b"".join(
            ls.projects.exports.download_sync(
                project.id, export_type=export_type, download_all_tasks=True
            )
        )
    except ServerError:
        raise
    except Exception as exc:
        raise ServerError(
            f"Label Studio at {os.environ.get('LABEL_STUDIO_URL')}: {_safe(exc)}"
        ) from None
    return json.loads(raw)
