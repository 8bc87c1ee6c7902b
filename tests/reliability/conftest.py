"""Fixtures for the reliability tests: a stub extractor (the tests are about
the pipeline, not extraction quality) and a realistic little dataset."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from ingest import services

STORY = (
    "أعلنت قوات سوريا الديمقراطية، يوم الثلاثاء، أنها نفذت بالتعاون مع التحالف الدولي عملية إنزال جوي "
    "في بلدة ذيبان بريف دير الزور الشرقي، أسفرت عن اعتقال قيادي بارز في تنظيم داعش يدعى أبو عمر الشامي "
    "واثنين من مرافقيه. وقال المركز الإعلامي للقوات في بيان إن القيادي كان مسؤولاً عن تنسيق هجمات."
)
OTHER = (
    "قال جهاز مكافحة الإرهاب العراقي إن قواته نفذت إنزالاً جوياً في وادي حوران بمحافظة الأنبار غربي "
    "البلاد، وقتلت خمسة من عناصر داعش ودمرت مضافة كانوا يستخدمونها للاختباء وتخزين الأسلحة، بحسب "
    "بيان رسمي صدر اليوم. وأوضح البيان أن العملية جاءت بناء على معلومات استخبارية دقيقة."
)


def fake_result(
    place: str = "ذيبان", arrested: int = 3, lat: float = 35.02, lon: float = 40.52, stats: int = 1
) -> dict[str, Any]:
    return {
        "incidents": [
            {"type": "raid", "date": "2025-03-11", "date_precision": "day", "place_name": place,
             "lat": lat, "lon": lon, "arrested": arrested, "evidence": f"عملية إنزال جوي في {place}",
             "actors": ["sdf"], "targets": ["isis"], "confidence": 0.8},
            {"type": "airstrike", "date": "2025-03-09", "date_precision": "day", "place_name": "وادي حوران",
             "lat": 33.6, "lon": 41.2, "killed": 5, "evidence": "إنزالاً جوياً في وادي حوران",
             "actors": ["iraqi_forces"], "targets": ["isis"], "confidence": 0.6},
        ],
        "statistics": [
            {"period_start": "2025-01-01", "period_end": "2025-06-30", "region": "دير الزور",
             "reporter": "قسد", "operations": 153 + i, "killed": 44, "arrested": 310,
             "evidence": "153 عملية في النصف الأول من العام"}
            for i in range(stats)
        ],
    }  # fmt: skip


@pytest.fixture
def actors(db: Any) -> None:
    """The actor vocabulary (a data migration creates it; transactional tests flush it)."""
    from events.actors import ACTORS
    from events.models import Actor

    for slug, name_en, name_ar in ACTORS:
        Actor.objects.get_or_create(slug=slug, defaults={"name_en": name_en, "name_ar": name_ar})


@pytest.fixture
def stub_extractor(monkeypatch: pytest.MonkeyPatch, actors: None) -> dict[str, Any]:
    """Replace the extractor; set ``state["result"]`` to change its answer."""
    state: dict[str, Any] = {"result": fake_result()}

    def extract(payload: dict[str, Any]) -> dict[str, Any]:
        return state["result"]

    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", extract))
    return state


@dataclass
class FaultServer:
    """A raw TCP server on 127.0.0.1 misbehaving per path (see ``fault_server``)."""

    base: str
    routes: dict[str, Callable[[socket.socket], None]]
    sent: dict[str, int] = field(default_factory=dict)  # bytes each faulty path managed to send

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """Routes are functions given the client socket after the request line was
    read: they may hang, drip, send garbage or stream without end."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    server = FaultServer(f"http://127.0.0.1:{listener.getsockname()[1]}", {})
    stop = threading.Event()
    clients: list[socket.socket] = []

    def handle(conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            path = request.split(b" ", 2)[1].decode("latin-1")
            route = server.routes.get(path)
            if route is None:
                conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            else:
                route(conn)
        with contextlib.suppress(OSError):
            conn.close()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            clients.append(conn)
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        for conn in clients:
            with contextlib.suppress(OSError):
                conn.close()




def pytest_configure(config: Any) -> None:
    # whitenoise warns when collectstatic has not run; irrelevant here
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
