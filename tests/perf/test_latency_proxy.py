"""The benchmark's network stand-in: a loopback proxy that adds a fixed delay each way and counts round trips."""

import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the benchmarks package lives next to the tests

from benchmarks.latency_proxy import LatencyProxy  # noqa: E402


def echo_server() -> tuple[socket.socket, int]:
    """A loopback server that sends back what it gets, on a thread of its own, until its socket closes."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            while data := connection.recv(4096):
                connection.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    return listener, listener.getsockname()[1]


def test_each_round_trip_takes_twice_the_delay_and_is_counted():
    listener, port = echo_server()
    with listener, LatencyProxy("127.0.0.1", port, delay_ms=20) as proxy:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as client:
            times = []
            for n in range(3):
                started = time.perf_counter()
                client.sendall(b"ping %d" % n)
                assert client.recv(4096) == b"ping %d" % n
                times.append(time.perf_counter() - started)
        assert min(times) >= 0.040  # 20 ms there, 20 ms back
        assert proxy.round_trips == 3
        assert proxy.host == "127.0.0.1"


def test_it_stops_with_its_block_and_listens_on_loopback_only():
    listener, port = echo_server()
    with listener:
        with LatencyProxy("127.0.0.1", port, delay_ms=1) as proxy:
            client = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
            client.sendall(b"x")
            assert client.recv(16) == b"x"
        assert client.recv(16) == b""  # its connections were closed
        client.close()
        try:
            socket.create_connection(("127.0.0.1", proxy.port), timeout=1).close()
            refused = False
        except OSError:
            refused = True
        assert refused
