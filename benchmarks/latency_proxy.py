"""A TCP proxy on 127.0.0.1 that delays every byte by a fixed time each way: a server across the shop's network.

``with LatencyProxy(host, port, delay_ms=2) as proxy:`` listens on a free
loopback port (``proxy.port``) and forwards each connection to ``host:port``;
whatever arrives from either side is passed on ``delay_ms`` after it arrived, in
order, so a round trip costs ``2 * delay_ms`` more while bandwidth is untouched.
It runs an asyncio loop on a thread of its own and stops, closing every
connection, when the ``with`` block ends. Bounded: at most ``MAX_CONNECTIONS``
connections (more are closed at once) and ``QUEUED_CHUNKS`` chunks in flight
per direction (reading pauses until the far side catches up).

It also counts round trips: each time the client speaks after the server last
answered on that connection (``proxy.round_trips``), which is what the delay
multiplies.
"""

from __future__ import annotations

import asyncio
import threading
import time

MAX_CONNECTIONS = 64
QUEUED_CHUNKS = 256
_CHUNK = 65536


class LatencyProxy:
    def __init__(self, host: str, port: int, delay_ms: float) -> None:
        self.target = (host, port)
        self.host = "127.0.0.1"  # loopback only: nothing outside this machine can reach it
        self.delay = delay_ms / 1000
        self.port = 0
        self.round_trips = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="latency-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task] = set()

    def __enter__(self) -> LatencyProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._accept, self.host, 0), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *_) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if len(self._connections) >= MAX_CONNECTIONS:
            client_writer.close()
            return
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            self._connections.discard(task)
            return
        turn = {"server_spoke": True}  # the connection opens with the client speaking: a round trip
        try:
            await asyncio.gather(self._pipe(client_reader, server_writer, turn, from_client=True),
                                 self._pipe(server_reader, client_writer, turn, from_client=False))
        except (asyncio.CancelledError, ConnectionError):
            pass
        finally:
            for writer in (client_writer, server_writer):
                writer.close()
            self._connections.discard(task)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, turn: dict,
                    from_client: bool) -> None:
        """Read from one side; a second task passes each chunk on to the other side once its delay is up."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue(QUEUED_CHUNKS)
        sender = asyncio.create_task(self._deliver(queue, writer))
        try:
            while data := await reader.read(_CHUNK):
                if from_client and turn["server_spoke"]:
                    self.round_trips += 1
                turn["server_spoke"] = not from_client
                await queue.put((time.monotonic() + self.delay, data))
            await queue.put((time.monotonic() + self.delay, b""))
            await sender
        finally:
            sender.cancel()

    @staticmethod
    async def _deliver(queue: asyncio.Queue[tuple[float, bytes]], writer: asyncio.StreamWriter) -> None:
        while True:
            due, data = await queue.get()
            if (wait := due - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            if not data:
                writer.write_eof()
                return
            writer.write(data)
            await writer.drain()
