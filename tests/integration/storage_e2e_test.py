"""The daemon keeps its promises about storage, end to end: an answer means committed (kill -9
right after it loses nothing), a revoked token is refused at once and its live stream closed, the
live stream never waits for a slow disk, a full disk is survived and storage comes back by itself,
and a second daemon is refused a database that one already owns.

The slow and full disk are tests/integration/disk_shim.cpp preloaded into the daemon; under the
emulator (a cross build) those tests are skipped. BANDSTATION_TEST_SYNC_DELAY_MS sets the slow
disk's delay (default 1000) and BANDSTATION_KILL_ROUNDS the kill -9 rounds (default 4) for a longer
run (bench/storage_promises.sh)."""
import contextlib
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import unittest

import websocket  # python3-websocket

from station import (DAEMON, EMULATOR, TOOL, Daemon, disk_env, receive_until,
                     write_calibration_trace, write_rep_trace)

KILL_ROUNDS = int(os.environ.get("BANDSTATION_KILL_ROUNDS", "4"))
SYNC_DELAY_MS = int(os.environ.get("BANDSTATION_TEST_SYNC_DELAY_MS", "1000"))


def post(d, path, token, body=None):
    return d.curl("POST", path, token, json.dumps(body) if body is not None else None)


class KillRightAfterTheAnswer(unittest.TestCase):
    """SIGKILL the moment an answer arrives, restart on the same database: what was answered is
    there."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.traces = tempfile.TemporaryDirectory()
        self.trace = os.path.join(self.traces.name, "reps.csv")
        write_rep_trace(self.trace)

    def tearDown(self):
        self.tmp.cleanup()
        self.traces.cleanup()

    def daemon(self):
        return Daemon({"sensor": "replay", "replay_file": self.trace, "replay_loop": "yes"},
                      directory=self.tmp.name)

    def test_created_athletes_revoked_tokens_and_ended_sets_survive_kill_9(self):
        d = self.daemon()
        admin = d.token("admin")
        try:
            for round_ in range(KILL_ROUNDS):
                with self.subTest(round=round_):
                    # An athlete answered 201 …
                    status, athlete, _ = post(d, "/api/v1/athletes", admin, {"name": f"A{round_}"})
                    self.assertEqual(status, 201, athlete)
                    d.stop(signal.SIGKILL)
                    d = self.daemon()
                    status, athletes, _ = d.curl("GET", "/api/v1/athletes", admin)
                    self.assertIn(athlete["id"], [a["id"] for a in athletes["athletes"]])
                    # … and a session for it starts at once after the restart.
                    status, session, _ = post(d, "/api/v1/sessions", admin,
                                              {"athlete_id": athlete["id"]})
                    self.assertEqual(status, 201, session)

                    # A token revoked with 200 stays revoked.
                    status, made, _ = post(d, "/api/v1/tokens", admin, {"scope": "read"})
                    self.assertEqual(status, 201, made)
                    self.assertEqual(d.curl("GET", "/api/v1/state", made["token"])[0], 200)
                    status, _, _ = d.curl("DELETE", f"/api/v1/tokens/{made['id']}", admin)
                    self.assertEqual(status, 200)
                    d.stop(signal.SIGKILL)
                    d = self.daemon()
                    status, body, _ = d.curl("GET", "/api/v1/state", made["token"])
                    self.assertEqual(status, 401, "a revoked token works again after kill -9")

                    # A set ended with 200 is stored as ended, with its reps.
                    status, session, _ = post(d, "/api/v1/sessions", admin,
                                              {"athlete_id": athlete["id"]})
                    self.assertEqual(status, 201, session)
                    ws = d.live(admin)
                    status, started, _ = post(d, "/api/v1/sets", admin,
                                              {"exercise": "banded_bridge", "reps": 20})
                    self.assertEqual(status, 201, started)
                    reps = receive_until(ws, lambda m: sum(x["type"] == "rep" for x in m) >= 1, 30)
                    ws.close()
                    self.assertTrue(any(x["type"] == "rep" for x in reps))
                    status, _, _ = post(d, f"/api/v1/sets/{started['id']}/end", admin)
                    self.assertEqual(status, 200)
                    d.stop(signal.SIGKILL)
                    d = self.daemon()
                    status, detail, _ = d.curl("GET", f"/api/v1/sessions/{session['id']}", admin)
                    self.assertEqual(status, 200, detail)
                    the_set = [s for s in detail["sets"] if s["id"] == started["id"]]
                    self.assertEqual(len(the_set), 1, detail)
                    self.assertEqual(the_set[0]["status"], "completed", the_set)
                    self.assertGreaterEqual(len(the_set[0]["reps"]), 1)
        finally:
            d.close()


class Revocation(unittest.TestCase):
    def test_a_revoked_token_is_refused_at_once_and_its_live_stream_closed(self):
        d = Daemon({"sensor": "simulated"})
        try:
            admin = d.token("admin")
            # Through the API.
            status, made, _ = post(d, "/api/v1/tokens", admin, {"scope": "read"})
            self.assertEqual(status, 201)
            ws = d.live(made["token"])
            self.assertEqual(json.loads(ws.recv())["type"], "hello")
            status, _, _ = d.curl("DELETE", f"/api/v1/tokens/{made['id']}", admin)
            self.assertEqual(status, 200)
            self.assertEqual(d.curl("GET", "/api/v1/state", made["token"])[0], 401)
            self.assert_closed_for_policy(ws)

            # With the CLI while the daemon runs: revoke returns once the daemon has taken it in.
            read = d.token("read")
            ws = d.live(read)
            self.assertEqual(json.loads(ws.recv())["type"], "hello")
            _, tokens, _ = d.curl("GET", "/api/v1/tokens", admin)
            newest = max(t["id"] for t in tokens["tokens"])
            start = time.monotonic()
            out = subprocess.run([*TOOL, "token", "revoke", str(newest), "--db", d.db],
                                 capture_output=True, text=True, timeout=30)
            took = time.monotonic() - start
            if EMULATOR and out.returncode == 1 and "has not confirmed" in out.stderr:
                # Under qemu-user on a loaded CI machine the daemon can take longer than the
                # CLI's 5 s to confirm; the revocation must still bite, just later.
                end = time.monotonic() + 30
                while time.monotonic() < end and d.curl("GET", "/api/v1/state", read)[0] != 401:
                    time.sleep(0.5)
            else:
                self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(d.curl("GET", "/api/v1/state", read)[0], 401)
            self.assert_closed_for_policy(ws)
            print(f"\n  CLI token revoke took {took:.2f} s until the daemon refused the token")
        finally:
            d.close()

    def assert_closed_for_policy(self, ws):
        """The daemon closes the stream with 1008 (policy violation) at once (5 s on a loaded
        machine)."""
        ws.settimeout(1)
        deadline = time.monotonic() + (20 if EMULATOR else 5)
        code = None
        while time.monotonic() < deadline:
            try:
                opcode, data = ws.recv_data(control_frame=True)
            except (websocket.WebSocketConnectionClosedException, ConnectionResetError):
                break
            except websocket.WebSocketTimeoutException:
                continue
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
                break
        self.assertEqual(code, 1008, "the stream of a revoked token was not closed")
        ws.close()


class OneOwner(unittest.TestCase):
    def test_a_second_daemon_on_the_same_database_is_refused_with_the_owners_pid(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = Daemon({"sensor": "simulated"}, directory=tmp)
            try:
                second = subprocess.run([*DAEMON, "--config", d.config], capture_output=True,
                                        text=True, timeout=30)
                self.assertNotEqual(second.returncode, 0)
                self.assertIn("in use by another bandstationd", second.stderr)
                self.assertIn(f"pid {d.proc.pid}", second.stderr)
                # The first one is unharmed.
                self.assertEqual(d.curl("GET", "/api/v1/health")[1]["storage"], "ok")
            finally:
                d.close()


class Listener:
    """Reads a live stream on its own thread, stamping each message with its arrival time, so the
    gaps measured are the daemon's and not the time this test spent on an HTTP request."""

    def __init__(self, ws):
        self.ws = ws
        self.messages = []  # (arrival, message)
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        self.ws.settimeout(0.2)
        while self.running:
            try:
                text = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except (websocket.WebSocketConnectionClosedException, OSError):
                break
            with self.lock:
                self.messages.append((time.monotonic(), json.loads(text)))

    def wait_for(self, done, seconds, since=0):
        """Messages from index `since` on, once done(them) holds (or time runs out)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            with self.lock:
                got = [m for _, m in self.messages[since:]]
            if done(got):
                return got
            time.sleep(0.01)
        return got

    def count(self):
        with self.lock:
            return len(self.messages)

    def stop(self):
        self.running = False
        self.thread.join(5)
        self.ws.close()
        arrivals = [t for t, m in self.messages if m["type"] == "force"]
        gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
        return len(arrivals), max(gaps) if gaps else 0.0


@unittest.skipIf(disk_env() is None, "the disk shim cannot be preloaded under the emulator")
class SlowDisk(unittest.TestCase):
    """Every fsync takes SYNC_DELAY_MS longer (an SD card on a bad day)."""

    # One sync waited for on the io thread would freeze the stream for SYNC_DELAY_MS; frames come
    # every 17-25 ms. The limit leaves a loaded test machine (2 cores, other suites running) room
    # without hiding a freeze; below 500 ms delays it is only a sanity bound (the figures that
    # matter are printed and kept in docs/performance.md).
    LIMIT_S = max(0.3, SYNC_DELAY_MS / 1000 * 0.6)

    @contextlib.contextmanager
    def slow_station(self, write_trace):
        """A daemon replaying write_trace's trace on the slow disk, a control token, and a live
        stream already flowing."""
        with tempfile.TemporaryDirectory() as tmp:
            trace = os.path.join(tmp, "trace.csv")
            write_trace(trace)
            d = Daemon({"sensor": "replay", "replay_file": trace, "replay_loop": "yes"},
                       env=disk_env(SYNC_DELAY_MS))
            try:
                control = d.token("control")
                live = Listener(d.live(control))
                live.wait_for(lambda m: sum(x["type"] == "force" for x in m) >= 10, 5)
                yield d, control, live
            finally:
                d.close()

    def test_the_live_stream_never_waits_for_the_disk(self):
        with self.slow_station(write_rep_trace) as (d, control, live):
            _, athlete, _ = post(d, "/api/v1/athletes", control, {"name": "Ana"})
            status, session, _ = post(d, "/api/v1/sessions", control,
                                      {"athlete_id": athlete["id"]})
            self.assertEqual(status, 201, session)
            status, started, _ = post(d, "/api/v1/sets", control, {
                "exercise": "banded_bridge", "reps": 3, "sets": 3, "rest_s": 2})
            self.assertEqual(status, 201, started)
            for _ in range(3):
                got = live.wait_for(lambda m: any(x["type"] == "set_end" for x in m), 40,
                                    live.count())
                end = [m for m in got if m["type"] == "set_end"]
                self.assertTrue(end, "no set_end")
                # set_end comes after the commit: the set reads back ended, with its reps.
                status, detail, _ = d.curl("GET", f"/api/v1/sessions/{session['id']}",
                                           control)
                stored = [s for s in detail["sets"] if s["id"] == end[0]["set_id"]]
                self.assertEqual(len(stored), 1, detail)
                self.assertEqual(stored[0]["status"], "completed", stored)
                self.assertEqual(len(stored[0]["reps"]), end[0]["reps"])
            since = live.count()
            asked = time.monotonic()
            status, _, _ = post(d, f"/api/v1/sessions/{session['id']}/end", control)
            self.assertEqual(status, 200)
            # The answer waited for its fsync (the disk is slow), the stream did not.
            self.assertGreaterEqual(time.monotonic() - asked, SYNC_DELAY_MS / 1000 * 0.9)
            live.wait_for(lambda m: any(x["type"] == "session_end" for x in m), 10, since)
            time.sleep(0.5)
            frames, worst = live.stop()
            print(f"\n  {SYNC_DELAY_MS} ms syncs, session: {frames} force frames, "
                  f"longest gap {worst * 1000:.0f} ms")
            self.assertGreater(frames, 100)
            self.assertLess(worst, self.LIMIT_S)

    def test_a_calibration_is_stored_without_freezing_the_stream(self):
        with self.slow_station(write_calibration_trace) as (d, control, live):
            status, body, _ = post(d, "/api/v1/calibration", control, {"mass_kg": 5})
            self.assertEqual(status, 202, body)
            got = live.wait_for(lambda m: any(
                x["type"] == "state" and x["calibration"]["step"] in ("done", "failed")
                for x in m), 40)
            time.sleep(1.0)
            frames, worst = live.stop()
            steps = [m["calibration"]["step"] for m in got if m["type"] == "state"]
            self.assertIn("done", steps)
            _, cal, _ = d.curl("GET", "/api/v1/calibration", control)
            self.assertGreater(cal["current"][0]["id"], 0, cal)
            print(f"\n  {SYNC_DELAY_MS} ms syncs, calibration: {frames} force frames, "
                  f"longest gap {worst * 1000:.0f} ms")
            self.assertLess(worst, self.LIMIT_S)


@unittest.skipIf(disk_env() is None, "the disk shim cannot be preloaded under the emulator")
class FullDisk(unittest.TestCase):
    def wait_for_storage(self, d, want_ok, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            health = d.curl("GET", "/api/v1/health")[1]
            if (health["storage"] == "ok") == want_ok:
                return health
            time.sleep(0.2)
        self.fail(f"storage did not become {'ok' if want_ok else 'off'}: {health}")

    def test_a_full_disk_is_survived_and_storage_comes_back_when_space_does(self):
        with tempfile.TemporaryDirectory() as tmp:
            flag = os.path.join(tmp, "full")
            d = Daemon({"sensor": "simulated"}, env=disk_env(0, flag))
            try:
                control = d.token("control")
                ws = d.live(control)
                json.loads(ws.recv())
                open(flag, "w").close()  # the disk fills up
                status, body, _ = post(d, "/api/v1/athletes", control, {"name": "Ana"})
                self.assertEqual(status, 503, body)
                self.assertEqual(body["error"]["code"], "unavailable")
                self.assertIn("full", body["error"]["message"])
                health = self.wait_for_storage(d, False, 10)
                self.assertEqual(health["status"], "degraded")
                # Live feedback goes on.
                msgs = receive_until(ws, lambda m: sum(x["type"] == "force" for x in m) >= 10, 5)
                self.assertGreaterEqual(sum(x["type"] == "force" for x in msgs), 10)
                time.sleep(2)
                os.unlink(flag)  # space is freed
                self.wait_for_storage(d, True, 40)
                status, body, _ = post(d, "/api/v1/athletes", control, {"name": "Ana"})
                self.assertEqual(status, 201, body)
                _, diag, _ = d.curl("GET", "/api/v1/diagnostics", control)
                self.assertGreaterEqual(diag["storage"]["failures"], 1)
                self.assertGreaterEqual(diag["storage"]["resumes"], 1)
                ws.close()
                d.stop()
                log = "\n".join(d.log)
                self.assertRegex(log, r"writing stopped: .*database or disk is full")
                self.assertIn("writing resumed", log)
            finally:
                d.close()

    def test_the_daemon_starts_on_a_full_disk_and_stores_once_there_is_space(self):
        with tempfile.TemporaryDirectory() as tmp:
            flag = os.path.join(tmp, "full")
            open(flag, "w").close()
            d = Daemon({"sensor": "simulated"}, env=disk_env(0, flag), directory=tmp)
            try:
                health = self.wait_for_storage(d, False, 10)
                self.assertEqual(health["status"], "degraded")
                # Tokens made while it runs (the CLI has space: only the daemon is preloaded).
                control = d.token("control")
                ws = d.live(control)
                self.assertEqual(json.loads(ws.recv())["type"], "hello")
                msgs = receive_until(ws, lambda m: sum(x["type"] == "force" for x in m) >= 10, 5)
                self.assertGreaterEqual(sum(x["type"] == "force" for x in msgs), 10)
                ws.close()
                os.unlink(flag)
                self.wait_for_storage(d, True, 40)
                status, body, _ = post(d, "/api/v1/athletes", control, {"name": "Ana"})
                self.assertEqual(status, 201, body)
            finally:
                d.close()


if __name__ == "__main__":
    unittest.main()
