"""bandstationd end to end: the real daemon on 127.0.0.1 with the replay or simulated sensor,
driven through its API by curl and a WebSocket client, checked in its database and with
`bandstation pull`."""
import json
import os
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import unittest

from station import TOOL, DAEMON, Daemon, receive_until, write_calibration_trace, write_rep_trace


class Session(unittest.TestCase):
    """One daemon on a looping replay of quick reps, shared by the tests in order."""

    @classmethod
    def setUpClass(cls):
        cls.traces = tempfile.TemporaryDirectory()
        trace = os.path.join(cls.traces.name, "reps.csv")
        write_rep_trace(trace)
        cls.d = Daemon({"sensor": "replay", "replay_file": trace, "replay_loop": "yes"})
        cls.control = cls.d.token("control")
        cls.read = cls.d.token("read")
        cls.admin = cls.d.token("admin")

    @classmethod
    def tearDownClass(cls):
        cls.d.close()
        cls.traces.cleanup()

    def test_1_health_needs_no_token(self):
        status, body, head = self.d.curl("GET", "/api/v1/health")
        self.assertEqual(status, 200)
        self.assertEqual(body["sensor"]["kind"], "replay")
        self.assertIn("application/json", head)

    def test_2_refusals_are_json_with_the_right_status(self):
        d = self.d
        cases = [
            ("GET", "/api/v1/sessions", None, None, 401, "unauthorized"),
            ("GET", "/api/v1/sessions", "bst_wrong", None, 401, "unauthorized"),
            ("POST", "/api/v1/sessions", self.read, "{}", 403, "forbidden"),
            ("GET", "/api/v1/tokens", self.control, None, 403, "forbidden"),
            ("POST", "/api/v1/athletes", self.control, '{"name": ', 400, "bad_json"),
            ("POST", "/api/v1/athletes", self.control, '{"name": 5}', 400, "bad_field"),
            ("POST", "/api/v1/sessions", self.control, '{"athlete_id": 999}', 404, "not_found"),
            ("GET", "/api/v1/sessions/424242", self.read, None, 404, "not_found"),
            ("GET", "/api/v1/sets/424242/samples.csv", self.read, None, 404, "not_found"),
            ("GET", "/api/v1/nowhere", self.read, None, 404, "not_found"),
            ("DELETE", "/api/v1/sessions", self.admin, None, 405, "method_not_allowed"),
            ("POST", "/api/v1/athletes", self.control, '{"name": "' + "x" * 70000 + '"}', 413,
             "too_large"),
        ]
        for method, path, token, body, status, code in cases:
            with self.subTest(method=method, path=path, status=status):
                got, answer, _ = d.curl(method, path, token, body)
                self.assertEqual(got, status, answer)
                self.assertEqual(answer["error"]["code"], code)
                self.assertTrue(answer["error"]["message"])
        # A body that is not JSON; text that is too long in characters, or holds control ones.
        got, answer, _ = d.curl("POST", "/api/v1/athletes", self.control, None,
                                ["-H", "Content-Type: text/plain", "--data-binary", '{"name":"x"}'])
        self.assertEqual((got, answer["error"]["code"]), (415, "unsupported_media_type"))
        for name, status in [("Zoë" + "ø" * 97, 201), ("Zoë" + "ø" * 98, 400),
                             ("Ana\u0007", 400), ("Ana\nB", 400)]:
            with self.subTest(name=name):
                got, answer, _ = d.curl("POST", "/api/v1/athletes", self.control,
                                        json.dumps({"name": name}))
                self.assertEqual(got, status, answer)
                if status == 400:
                    self.assertEqual(answer["error"]["code"], "bad_field")
        # A WebSocket handshake that is wrong is refused in JSON too.
        for header, code in [("Sec-WebSocket-Version: 8", "bad_websocket_version"),
                             ("Sec-WebSocket-Key: short", "bad_websocket_key")]:
            with self.subTest(header=header):
                headers = {"Sec-WebSocket-Version: 13",
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="}
                headers = [h for h in headers if h.split(":")[0] != header.split(":")[0]]
                extra = ["-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H", header]
                for h in headers:
                    extra += ["-H", h]
                got, answer, _ = d.curl("GET", "/api/v1/live", self.read, None, extra)
                self.assertIn(got, (400, 426), answer)
                self.assertEqual(answer["error"]["code"], code)
        # The daemon is unharmed.
        self.assertEqual(d.curl("GET", "/api/v1/health")[0], 200)

    def test_3_a_whole_session_live_and_stored(self):
        d = self.d
        ws = d.live(self.read)
        hello = json.loads(ws.recv())
        self.assertEqual(hello["type"], "hello")
        self.assertEqual(hello["state"]["phase"], "idle")

        status, athlete, _ = d.curl("POST", "/api/v1/athletes", self.control, '{"name": "Ana"}')
        self.assertEqual(status, 201)
        status, session, _ = d.curl("POST", "/api/v1/sessions", self.control,
                                    json.dumps({"athlete_id": athlete["id"]}))
        self.assertEqual(status, 201, session)
        status, started, _ = d.curl("POST", "/api/v1/sets", self.control, json.dumps(
            {"exercise": "banded_bridge", "reps": 3, "sets": 2, "rest_s": 2, "band_colour": "green",
             "zone": {"low_n": 60, "high_n": 80}}))
        self.assertEqual(status, 201, started)
        t0 = time.monotonic()
        messages = receive_until(ws, lambda m: sum(x["type"] == "set_end" for x in m) >= 2, 60)
        elapsed = time.monotonic() - t0
        ws.close()

        by_type = {}
        for m in messages:
            by_type.setdefault(m["type"], []).append(m)
        self.assertEqual(len(by_type.get("set_end", [])), 2, [m["type"] for m in messages][-20:])
        reps = by_type["rep"]
        self.assertEqual(len(reps), 6)
        for rep in reps:
            self.assertAlmostEqual(rep["peak_force_n"], 70, delta=3)
            self.assertTrue(rep["in_zone"])
            self.assertTrue(rep["cues"])
        phases = [m["phase"] for m in by_type["state"]]
        for phase in ("waiting", "active", "rest", "ready"):
            self.assertIn(phase, phases)
        self.assertIn("sensor", by_type)

        # Force frames: at most 60 a second, every sample once and in order, no gap.
        frames = by_type["force"]
        self.assertLessEqual(len(frames) / elapsed, 61)
        times = [s[0] for f in frames for s in f["samples"]]
        self.assertGreater(len(times), 500)
        steps = [b - a for a, b in zip(times, times[1:])]
        self.assertTrue(all(s > 0 for s in steps), "timestamps go back")
        self.assertLess(max(steps), 25_000_000, "a gap of more than two periods")

        status, _, _ = d.curl("POST", f"/api/v1/sessions/{session['id']}/end", self.control)
        self.assertEqual(status, 200)
        status, detail, _ = d.curl("GET", f"/api/v1/sessions/{session['id']}", self.read)
        self.assertEqual(status, 200)
        self.assertEqual(detail["status"], "completed")
        self.assertEqual([len(s["reps"]) for s in detail["sets"]], [3, 3])
        first_set = detail["sets"][0]["id"]
        status, csv, head = d.curl("GET", f"/api/v1/sets/{first_set}/samples.csv", self.read)
        self.assertEqual(status, 200)
        self.assertIn("text/csv", head)
        self.assertTrue(csv.startswith("t_s,force_n,counts,flags\n"))
        self.assertGreater(csv.count("\n"), 400)
        status, samples, _ = d.curl("GET", f"/api/v1/sets/{first_set}/samples.json", self.read)
        self.assertEqual(len(samples["samples"]), csv.count("\n") - 1)

        status, diag, _ = d.curl("GET", "/api/v1/diagnostics", self.read)
        self.assertEqual(diag["samples_lost"], 0)
        self.assertEqual(diag["queue"]["dropped"], 0)
        Session.session_id = session["id"]

    def test_4_pull_is_incremental_and_says_why_it_fails(self):
        out = os.path.join(self.traces.name, "pulled")
        first = subprocess.run([*TOOL, "pull", "--url", self.d.url, "--token", self.read, "--out",
                                out], capture_output=True, text=True, timeout=60)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertRegex(first.stdout, r"pulled [1-9]\d* session")
        sid = Session.session_id
        with open(os.path.join(out, f"session-{sid}.json")) as f:
            self.assertEqual(len(json.load(f)["sets"]), 2)
        self.assertTrue(os.path.exists(os.path.join(out, f"session-{sid}-reps.csv")))
        samples = [n for n in os.listdir(out) if n.startswith(f"session-{sid}-set-")]
        self.assertEqual(len(samples), 2)

        again = subprocess.run([*TOOL, "pull", "--url", self.d.url, "--token", self.read, "--out",
                                out], capture_output=True, text=True, timeout=60)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("pulled 0 session(s)", again.stdout)

        listed = subprocess.run([*TOOL, "pull", "--url", self.d.url, "--token", self.read,
                                 "--list"], capture_output=True, text=True, timeout=60)
        self.assertEqual(listed.returncode, 0)
        self.assertIn(f"\n{sid}\t", listed.stdout)

        refused = subprocess.run([*TOOL, "pull", "--url", self.d.url, "--token", "bst_nope",
                                  "--out", out], capture_output=True, text=True, timeout=60)
        self.assertEqual(refused.returncode, 3)
        self.assertIn("refused the token", refused.stderr)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            dead = s.getsockname()[1]
        down = subprocess.run([*TOOL, "pull", "--url", f"http://127.0.0.1:{dead}", "--token",
                               self.read, "--list"], capture_output=True, text=True, timeout=60)
        self.assertEqual(down.returncode, 1)
        self.assertIn("Connection refused", down.stderr)

    def test_5_sighup_reloads(self):
        with open(self.d.config, "a") as f:
            f.write("set_idle_timeout_s = 30\n")
        self.d.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any("SIGHUP" in l for l in self.d.log):
            time.sleep(0.05)
        self.assertTrue(any("SIGHUP" in l for l in self.d.log))
        self.assertEqual(self.d.curl("GET", "/api/v1/health")[0], 200)


class Lifecycle(unittest.TestCase):
    def test_a_bad_config_names_file_line_and_key(self):
        with tempfile.TemporaryDirectory() as tmp:
            conf = os.path.join(tmp, "bad.conf")
            with open(conf, "w") as f:
                f.write("# station\nsensor = simulated\nmax_connections = lots\n")
            out = subprocess.run([*DAEMON, "--config", conf], capture_output=True, text=True,
                                 timeout=20)
            self.assertEqual(out.returncode, 2)
            self.assertIn(f"{conf}:3", out.stderr)
            self.assertIn("max_connections", out.stderr)
            # On a terminal or a pipe, words; the "<3>" prefix is for the journal only.
            self.assertRegex(out.stderr.splitlines()[0], r"^\w+: error: ")

    def test_sigterm_flushes_and_interrupts_the_running_session(self):
        d = Daemon({"sensor": "simulated", "simulated_rate_hz": 200})
        try:
            token = d.token("control")
            _, session, _ = d.curl("POST", "/api/v1/sessions", token, "{}")
            status, _, _ = d.curl("POST", "/api/v1/sets", token,
                                  '{"exercise": "clamshell", "reps": 30}')
            self.assertEqual(status, 201)
            time.sleep(2.0)
            _, diag, _ = d.curl("GET", "/api/v1/diagnostics", token)
            self.assertEqual(d.stop(), 0)
            db = sqlite3.connect(d.db)
            status = db.execute("SELECT status FROM sessions WHERE id = ?",
                                (session["id"],)).fetchone()[0]
            self.assertEqual(status, "interrupted")
            stored = db.execute("SELECT SUM(count) FROM sample_chunks").fetchone()[0]
            # Everything the station had when asked, and what came until the stop.
            self.assertGreaterEqual(stored, diag["station"]["stored_samples"])
            self.assertTrue(any("stopping" in l for l in d.log))
        finally:
            d.close()

    def test_sd_notify_ready_watchdog_status_stopping(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "notify")
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.bind(path)
            sock.settimeout(10)
            d = Daemon({"sensor": "simulated"},
                       env={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "400000"})
            try:
                got = []
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and not any("WATCHDOG=1" in g for g in got):
                    got.append(sock.recv(4096).decode())
                self.assertTrue(got[0].startswith("READY=1"), got)
                self.assertIn("STATUS=simulated", got[0])
                self.assertTrue(any("WATCHDOG=1" in g for g in got), got)
                self.assertEqual(d.stop(), 0)
                rest = []
                try:
                    while True:
                        rest.append(sock.recv(4096).decode())
                except socket.timeout:
                    pass
                self.assertTrue(any("STOPPING=1" in g for g in rest), rest)
            finally:
                d.close()
                sock.close()


class Limits(unittest.TestCase):
    @staticmethod
    def closed_within(sock, seconds):
        """Seconds until the daemon closed the connection, None if it did not."""
        sock.settimeout(seconds)
        start = time.monotonic()
        try:
            while sock.recv(4096):
                pass
        except ConnectionResetError:
            pass
        except socket.timeout:
            return None
        return time.monotonic() - start

    @staticmethod
    def health(sock):
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(5)
        return sock.recv(4096)

    def test_slow_headers_idle_connections_and_the_connection_cap(self):
        # trust_loopback = no: these clients on 127.0.0.1 stand for remote ones.
        d = Daemon({"sensor": "simulated", "header_timeout_s": 1, "idle_timeout_s": 3,
                    "max_connections": 3, "max_connections_per_address": 8,
                    "trust_loopback": "no"})
        try:
            # A header that never ends is cut at the header timeout.
            slow = socket.create_connection(("127.0.0.1", d.port))
            slow.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
            took = self.closed_within(slow, 5)
            self.assertIsNotNone(took)
            self.assertLess(took, 2.5)
            slow.close()
            # A new connection that says nothing has the header timeout to speak, not the idle one.
            silent = socket.create_connection(("127.0.0.1", d.port))
            took = self.closed_within(silent, 6)
            self.assertIsNotNone(took)
            self.assertLess(took, 2.5)
            silent.close()
            # After a request, a keep-alive connection may idle for the idle timeout.
            idle = socket.create_connection(("127.0.0.1", d.port))
            self.assertTrue(self.health(idle).startswith(b"HTTP/1.1 200"))
            took = self.closed_within(idle, 8)
            self.assertIsNotNone(took)
            self.assertGreater(took, 2.5)
            idle.close()
            # The cap full of connections that have spoken: 503 with a JSON reason, and the others
            # are served.
            held = [socket.create_connection(("127.0.0.1", d.port)) for _ in range(3)]
            for h in held:
                self.assertTrue(self.health(h).startswith(b"HTTP/1.1 200"))
            extra = socket.create_connection(("127.0.0.1", d.port))
            extra.settimeout(5)
            answer = extra.recv(4096).decode()
            self.assertTrue(answer.startswith("HTTP/1.1 503"), answer)
            self.assertIn("too_many_connections", answer)
            extra.close()
            self.assertTrue(self.health(held[0]).startswith(b"HTTP/1.1 200"))
            for s in held:
                s.close()
            time.sleep(0.3)
            # The cap full of connections that never spoke: a new client takes the oldest's place.
            mute = [socket.create_connection(("127.0.0.1", d.port)) for _ in range(3)]
            time.sleep(0.3)
            good = socket.create_connection(("127.0.0.1", d.port))
            self.assertTrue(self.health(good).startswith(b"HTTP/1.1 200"))
            good.close()
            for s in mute:
                s.close()
        finally:
            d.close()

    def test_a_hundred_silent_connections_do_not_lock_out_the_touchscreen(self):
        # The installed defaults: 64 connections, 16 per address, loopback trusted. A client on
        # another address is played by 127.0.0.2 with trust off in the second daemon below; here
        # the touchscreen on 127.0.0.1 must get through 100 silent connections from itself.
        d = Daemon({"sensor": "simulated", "header_timeout_s": 10})
        try:
            token = d.token("read")
            silent = []
            for _ in range(100):
                try:
                    silent.append(socket.create_connection(("127.0.0.1", d.port), timeout=2))
                except OSError:
                    break
            time.sleep(0.5)
            start = time.monotonic()
            status, body, _ = d.curl("GET", "/api/v1/state", token)
            took = time.monotonic() - start
            self.assertEqual(status, 200, body)
            self.assertLess(took, 2.0)
            for s in silent:
                s.close()
        finally:
            d.close()
        # From one remote address: at most 16 at once; a second address is still served.
        d = Daemon({"sensor": "simulated", "listen": "0.0.0.0:0", "trust_loopback": "no"})
        try:
            flood = []
            refused = 0
            for _ in range(40):
                s = socket.socket()
                s.bind(("127.0.0.2", 0))
                s.connect(("127.0.0.1", d.port))
                flood.append(s)
            time.sleep(0.5)
            for s in flood[16:]:
                s.settimeout(2)
                try:
                    if s.recv(4096).startswith(b"HTTP/1.1 503"):
                        refused += 1
                except (socket.timeout, ConnectionResetError):
                    pass
            self.assertEqual(refused, 24)
            other = socket.socket()
            other.bind(("127.0.0.3", 0))
            other.connect(("127.0.0.1", d.port))
            self.assertTrue(self.health(other).startswith(b"HTTP/1.1 200"))
            other.close()
            for s in flood:
                s.close()
        finally:
            d.close()

    def test_a_storm_of_bad_tokens_is_throttled_per_address(self):
        # Trusted loopback (the touchscreen) is never throttled: play a remote client.
        d = Daemon({"sensor": "simulated", "trust_loopback": "no"})
        try:
            token = d.token("read")
            codes = [d.curl("GET", "/api/v1/state", "bst_guess%d" % i)[0] for i in range(25)]
            self.assertEqual(codes[:20], [401] * 20)
            self.assertEqual(codes[20:], [429] * 5)
            status, body, head = d.curl("GET", "/api/v1/state", token)
            self.assertEqual(status, 429)  # the same address, for the rest of the 10 s
            self.assertEqual(body["error"]["code"], "too_many_bad_tokens")
            self.assertIn("Retry-After: 10", head)
        finally:
            d.close()


class Tls(unittest.TestCase):
    def test_https_and_wss_with_the_configured_certificate(self):
        with tempfile.TemporaryDirectory() as tmp:
            cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                            "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", key, "-out", cert], check=True, capture_output=True)
            d = Daemon({"sensor": "simulated", "tls_certificate": cert, "tls_key": key})
            try:
                https = "https://" + d.url[len("http://"):]
                out = subprocess.run(["curl", "-s", "--cacert", cert, https + "/api/v1/health"],
                                     capture_output=True, text=True, timeout=30)
                self.assertEqual(json.loads(out.stdout)["tls"], True)
                plain = subprocess.run(["curl", "-s", "--max-time", "5", d.url + "/api/v1/health"],
                                       capture_output=True, text=True, timeout=30)
                self.assertNotEqual(plain.returncode, 0)  # no plain HTTP beside TLS
                token = d.token("read")
                listed = subprocess.run([*TOOL, "pull", "--url", https, "--token", token,
                                         "--ca-file", cert, "--list"], capture_output=True,
                                        text=True, timeout=30)
                self.assertEqual(listed.returncode, 0, listed.stderr)
                untrusted = subprocess.run([*TOOL, "pull", "--url", https, "--token", token,
                                            "--list"], capture_output=True, text=True, timeout=30)
                self.assertEqual(untrusted.returncode, 1)
                import ssl
                import websocket
                ws = websocket.create_connection(
                    f"wss://127.0.0.1:{d.port}/api/v1/live", timeout=10,
                    header=[f"Authorization: Bearer {token}"],
                    sslopt={"ca_certs": cert, "cert_reqs": ssl.CERT_REQUIRED})
                self.assertEqual(json.loads(ws.recv())["type"], "hello")
                ws.close()
            finally:
                d.close()


class Calibration(unittest.TestCase):
    def test_calibration_through_the_api(self):
        with tempfile.TemporaryDirectory() as tmp:
            trace = os.path.join(tmp, "cal.csv")
            offset, per_n = write_calibration_trace(trace)
            d = Daemon({"sensor": "replay", "replay_file": trace, "replay_loop": "yes"})
            try:
                token = d.token("control")
                ws = d.live(token)
                json.loads(ws.recv())
                status, body, _ = d.curl("POST", "/api/v1/calibration", token, '{"mass_kg": 5}')
                self.assertEqual(status, 202, body)
                msgs = receive_until(ws, lambda m: any(
                    x["type"] == "state" and x["calibration"]["step"] in ("done", "failed")
                    for x in m), 40)
                ws.close()
                _, cal, _ = d.curl("GET", "/api/v1/calibration", token)
                self.assertEqual(cal["step"], "done", cal)
                current = cal["current"][0]
                self.assertAlmostEqual(current["counts_per_newton"], per_n, delta=per_n * 0.01)
                self.assertAlmostEqual(current["offset_counts"], offset, delta=500)
                self.assertEqual(current["mass_kg"], 5)
                steps = [m["calibration"]["step"] for m in msgs if m["type"] == "state"]
                self.assertIn("waiting_for_mass", steps)

                # The same mass entered as 0.5 kg: refused, naming the mass it probably was, and
                # confirmable (a new load cell); confirmed, it is taken.
                for confirm, want in [(False, "failed"), (True, "done")]:
                    ws = d.live(token)
                    json.loads(ws.recv())
                    status, body, _ = d.curl("POST", "/api/v1/calibration", token,
                                             json.dumps({"mass_kg": 0.5, "confirm": confirm}))
                    self.assertEqual(status, 202, body)
                    receive_until(ws, lambda m: any(
                        x["type"] == "state" and x["calibration"]["step"] in ("done", "failed")
                        for x in m), 40)
                    ws.close()
                    _, cal, _ = d.curl("GET", "/api/v1/calibration", token)
                    self.assertEqual(cal["step"], want, cal)
                    if not confirm:
                        self.assertTrue(cal["confirmable"])
                        self.assertIn("about 5.0 kg, not 0.50 kg", cal["error"])
                        self.assertEqual(cal["current"][0]["mass_kg"], 5)  # the old one stays
                    else:
                        self.assertEqual(cal["current"][0]["mass_kg"], 0.5)
            finally:
                d.close()


class SlowClient(unittest.TestCase):
    def test_a_client_that_stops_reading_is_dropped_and_nobody_else_notices(self):
        d = Daemon({"sensor": "simulated", "simulated_rate_hz": 2000, "ws_queue_messages": 16})
        try:
            token = d.token("read")
            slow = d.live(token, sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
            fast = d.live(token)
            frames = 0
            deadline = time.monotonic() + 30
            dropped = 0
            while time.monotonic() < deadline:
                msg = json.loads(fast.recv())
                frames += msg["type"] == "force"
                if frames % 50 == 0:
                    _, diag, _ = d.curl("GET", "/api/v1/diagnostics", token)
                    dropped = diag["server"]["dropped_live_clients"]
                    if dropped:
                        break
            self.assertEqual(dropped, 1)
            # The reader keeps getting frames, and nothing was lost on the way to storage.
            more = receive_until(fast, lambda m: sum(x["type"] == "force" for x in m) >= 20, 10)
            self.assertGreaterEqual(sum(x["type"] == "force" for x in more), 20)
            _, diag, _ = d.curl("GET", "/api/v1/diagnostics", token)
            self.assertEqual(diag["samples_lost"], 0)
            self.assertEqual(diag["server"]["live_clients"], 1)
            slow.close()
            fast.close()
        finally:
            d.close()


if __name__ == "__main__":
    unittest.main()
