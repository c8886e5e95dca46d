"""bandstation's Debian packages as a gym owner gets them.

CPack builds them from this build tree; the tests check their files, modes, conffiles, control
fields and scripts, run lintian, check the units with systemd-analyze, then install them with dpkg
into a scratch root (the maintainer scripts run for real, against that root), start the installed
daemon with the installed configuration, use the token the installation made, and purge.
"""
import glob
import json
import os
import re
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

BUILD = os.environ["BANDSTATION_BUILD_DIR"]
CPACK = os.environ["BANDSTATION_CPACK"]
VERSION = os.environ["BANDSTATION_VERSION"]
ARCH = os.environ["BANDSTATION_DEB_ARCH"]
WITH_UI = os.environ.get("BANDSTATION_WITH_UI") == "1"
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

STATION_FILES = {
    "./usr/bin/bandstationd": 0o755,
    "./usr/bin/bandstation": 0o755,
    "./etc/bandstation/bandstation.conf": 0o644,
    "./etc/avahi/services/bandstation.service": 0o644,
    "./lib/systemd/system/bandstationd.service": 0o644,
    "./lib/udev/rules.d/60-bandstation.rules": 0o644,
    "./usr/lib/sysusers.d/bandstation.conf": 0o644,
    "./usr/lib/tmpfiles.d/bandstation.conf": 0o644,
    "./usr/share/doc/bandstation/copyright": 0o644,
    "./usr/share/doc/bandstation/changelog.Debian.gz": 0o644,
    "./usr/share/doc/bandstation/install.md": 0o644,
    "./usr/share/doc/bandstation/hardware.md": 0o644,
    "./usr/share/doc/bandstation/api.yaml": 0o644,
    "./usr/share/doc/bandstation/examples/bandstation.conf": 0o644,
}
UI_FILES = {
    "./usr/bin/bandstation-ui": 0o755,
    "./lib/systemd/system/bandstation-ui.service": 0o644,
    "./etc/default/bandstation-ui": 0o644,
    "./usr/lib/sysusers.d/bandstation-ui.conf": 0o644,
    "./usr/lib/tmpfiles.d/bandstation-ui.conf": 0o644,
    "./usr/share/doc/bandstation-ui/copyright": 0o644,
    "./usr/share/doc/bandstation-ui/changelog.Debian.gz": 0o644,
}

OUT = None
DEBS = {}


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def setUpModule():
    global OUT
    OUT = tempfile.mkdtemp(prefix="bandstation-packages-")
    made = run(CPACK, "-G", "DEB", "-B", OUT, "--config",
               os.path.join(BUILD, "CPackConfig.cmake"), cwd=BUILD)
    if made.returncode != 0:
        raise RuntimeError("cpack failed:\n" + made.stdout + made.stderr)
    for deb in glob.glob(os.path.join(OUT, "*.deb")):
        DEBS[run("dpkg-deb", "-f", deb, "Package").stdout.strip()] = deb


def tearDownModule():
    shutil.rmtree(OUT, ignore_errors=True)


def packages():
    return ["bandstation"] + (["bandstation-ui"] if WITH_UI else [])


def listing(deb):
    """{path: (mode, owner)} of the regular files in a package."""
    files = {}
    for line in run("dpkg-deb", "-c", deb).stdout.splitlines():
        perms, owner, _size, _date, _time, path = line.split(None, 5)
        if perms.startswith("-"):
            mode = 0
            for i, bit in enumerate(perms[1:]):
                mode |= (bit != "-") << (8 - i)
            files[path] = (mode, owner)
    return files


class Contents(unittest.TestCase):
    def test_the_packages_and_their_control_fields(self):
        self.assertEqual(sorted(DEBS), packages())
        synopses = {}
        for name, deb in DEBS.items():
            self.assertEqual(os.path.basename(deb), f"{name}_{VERSION}_{ARCH}.deb")
            fields = run("dpkg-deb", "-f", deb).stdout
            self.assertIn(f"Version: {VERSION}\n", fields)
            self.assertIn(f"Architecture: {ARCH}\n", fields)
            self.assertRegex(fields, r"Maintainer: .+ <[^@>]+@[^>]+>")
            self.assertRegex(fields, r"Description: .+\n .+")
            description = run("dpkg-deb", "-f", deb, "Description").stdout
            self.assertNotIn(";", description, "a CMake list leaked into the Description")
            synopses[name] = description.splitlines()[0]
        self.assertEqual(len(set(synopses.values())), len(synopses), synopses)  # each its own
        depends = run("dpkg-deb", "-f", DEBS["bandstation"], "Depends").stdout
        # From dpkg-shlibdeps, with versions: what the programs link.
        for lib in ("libc6 (>=", "libsqlite3-0 (>=", "libgpiod2 (>=", "libsystemd0",
                    "libboost-json1.81.0", "libssl3 (>="):
            self.assertIn(lib, depends)
        self.assertIn("systemd", depends.split(", "))
        if WITH_UI:
            ui = run("dpkg-deb", "-f", DEBS["bandstation-ui"], "Depends").stdout
            for dep in (f"bandstation (= {VERSION})", "libqt6quick6 (>=", "libqt6websockets6",
                        "qml6-module-qtquick,", "qml6-module-qtquick-layouts", "qt6-qpa-plugins"):
                self.assertIn(dep, ui)

    def test_files_owners_and_modes(self):
        for name, expected in (("bandstation", STATION_FILES), ("bandstation-ui", UI_FILES)):
            if name not in DEBS:
                continue
            files = listing(DEBS[name])
            self.assertEqual(sorted(files), sorted(expected), name)
            for path, mode in expected.items():
                self.assertEqual(files[path], (mode, "root/root"), path)

    def test_conffiles_and_maintainer_scripts(self):
        conffiles = {
            "bandstation": ["/etc/bandstation/bandstation.conf",
                            "/etc/avahi/services/bandstation.service"],
            "bandstation-ui": ["/etc/default/bandstation-ui"],
        }
        for name, deb in DEBS.items():
            with tempfile.TemporaryDirectory() as control:
                self.assertEqual(run("dpkg-deb", "-e", deb, control).returncode, 0)
                with open(os.path.join(control, "conffiles")) as f:
                    self.assertEqual(f.read().split(), conffiles[name])
                for script in ("postinst", "prerm", "postrm"):
                    path = os.path.join(control, script)
                    self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o755, script)
                    checked = run("sh", "-n", path)
                    self.assertEqual(checked.returncode, 0, checked.stderr)
                    with open(path) as f:
                        text = f.read()
                    self.assertNotIn("@", text.replace("$@", ""), f"{script}: unconfigured")

    def test_the_installed_configuration_sets_only_what_an_installed_station_needs(self):
        with tempfile.TemporaryDirectory() as tree:
            run("dpkg-deb", "-x", DEBS["bandstation"], tree)
            with open(os.path.join(tree, "etc/bandstation/bandstation.conf")) as f:
                installed = f.read().splitlines()
        with open(os.path.join(SOURCE, "daemon/bandstation.conf")) as f:
            example = f.read().splitlines()
        changed = [(a, b) for a, b in zip(example, installed) if a != b]
        self.assertEqual(len(installed), len(example))
        self.assertEqual(changed, [
            ("#database = var/bandstation.db", "database = /var/lib/bandstation/bandstation.db"),
            ("#sensor = simulated", "sensor = hx711"),
            ("#listen = 127.0.0.1:7420", "listen = 0.0.0.0:7420"),
        ])

    def test_lintian_finds_no_error(self):
        lintian = shutil.which("lintian")
        if not lintian:
            self.skipTest("lintian is not installed (scripts/setup.sh installs it)")
        for name, deb in DEBS.items():
            out = run(lintian, "--fail-on", "error", "--no-tag-display-limit", deb)
            print(f"\nlintian {name}:\n{out.stdout}", end="")
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            self.assertNotRegex(out.stdout, r"(?m)^E: ")

    def test_units_verify_clean_and_the_daemon_is_hardened(self):
        with tempfile.TemporaryDirectory() as tree:
            for deb in DEBS.values():
                run("dpkg-deb", "-x", deb, tree)
            # What the units refer to on a real system: systemd's own units and /bin/kill.
            shutil.copytree("/usr/lib/systemd/system", os.path.join(tree, "usr/lib/systemd/system"),
                            symlinks=True, dirs_exist_ok=True)
            os.makedirs(os.path.join(tree, "bin"), exist_ok=True)
            shutil.copy("/bin/kill", os.path.join(tree, "bin/kill"))
            units = [os.path.join(tree, "lib/systemd/system", f"{u}.service")
                     for u in ("bandstationd", "bandstation-ui") if u != "bandstation-ui" or WITH_UI]
            verified = run("systemd-analyze", "verify", f"--root={tree}", *units)
            self.assertEqual(verified.returncode, 0, verified.stderr)
            self.assertEqual(verified.stdout + verified.stderr, "")
            security = run("systemd-analyze", "security", "--offline=true", units[0])
            exposure = re.search(r"Overall exposure level for bandstationd.service: ([0-9.]+)",
                                 security.stdout)
            self.assertIsNotNone(exposure, security.stdout + security.stderr)
            print(f"\nsystemd-analyze security: bandstationd.service {exposure.group(1)}")
            self.assertLessEqual(float(exposure.group(1)), 2.5)


def http(url, token=None, body=None):
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


@unittest.skipUnless(os.geteuid() == 0, "installing into a scratch root needs root")
class ScratchRootInstall(unittest.TestCase):
    """dpkg --root with the scripts run chrootless: they see DPKG_ROOT and act on the scratch root."""

    def setUp(self):
        if ARCH != run("dpkg", "--print-architecture").stdout.strip():
            self.skipTest(f"{ARCH} packages: their scripts run the {ARCH} CLI, which needs binfmt")
        self.root = tempfile.mkdtemp(prefix="bandstation-root-")
        for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc"):
            os.makedirs(os.path.join(self.root, d))
        for f in ("var/lib/dpkg/status", "var/lib/dpkg/available"):
            open(os.path.join(self.root, f), "w").close()
        # A Debian system's base users and groups (root, video, tty...), as on any real one.
        with open("/usr/lib/sysusers.d/basic.conf") as basic:
            made = run("systemd-sysusers", f"--root={self.root}", "-", stdin=basic)
        self.assertEqual(made.returncode, 0, made.stderr)

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def dpkg(self, *args):
        out = run("dpkg", f"--root={self.root}", "--force-script-chrootless", "--force-depends",
                  f"--log={self.root}/dpkg.log", *args)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        return out

    def path(self, p):
        return os.path.join(self.root, p.lstrip("/"))

    def ids(self, database, name):
        with open(self.path(f"/etc/{database}")) as f:
            for line in f:
                fields = line.rstrip("\n").split(":")
                if fields[0] == name:
                    return fields
        self.fail(f"no {name} in the scratch root's /etc/{database}")

    def test_install_run_and_purge(self):
        self.dpkg("--install", *[DEBS[p] for p in packages()])

        # Users and groups from sysusers.d, folders from tmpfiles.d, the unit enabled.
        uid = int(self.ids("passwd", "bandstation")[2])
        gid = int(self.ids("group", "bandstation")[2])
        self.assertIn("bandstation", self.ids("group", "gpio")[3].split(","))
        self.assertIn("bandstation", self.ids("group", "spi")[3].split(","))
        state = os.stat(self.path("/var/lib/bandstation"))
        self.assertEqual((state.st_uid, state.st_gid, stat.S_IMODE(state.st_mode)),
                         (uid, gid, 0o750))
        self.assertTrue(os.path.islink(
            self.path("/etc/systemd/system/multi-user.target.wants/bandstationd.service")))

        token = None
        if WITH_UI:
            for group in ("video", "render", "input", "tty"):
                self.assertIn("bandstation-ui", self.ids("group", group)[3].split(","), group)
            ui_gid = int(self.ids("group", "bandstation-ui")[2])
            self.assertTrue(os.path.islink(self.path(
                "/etc/systemd/system/multi-user.target.wants/bandstation-ui.service")))
            # The touchscreen's token: readable by its user only, and the database is the daemon's.
            st = os.stat(self.path("/etc/bandstation/ui.token"))
            self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)), (0, ui_gid, 0o640))
            with open(self.path("/etc/bandstation/ui.token")) as f:
                token = f.read().strip()
            self.assertRegex(token, r"^bst_[0-9a-f]{32,}$")
            db = os.stat(self.path("/var/lib/bandstation/bandstation.db"))
            self.assertEqual((db.st_uid, db.st_gid), (uid, gid))

        # The installed daemon with the installed configuration (the sensor, the database and the
        # address overridden: no HX711 here, and the test stays on loopback).
        daemon = subprocess.Popen(
            [self.path("/usr/bin/bandstationd"), "--config",
             self.path("/etc/bandstation/bandstation.conf"), "--sensor", "simulated",
             "--db", self.path("/var/lib/bandstation/bandstation.db"),
             "--listen", "127.0.0.1:0"], stderr=subprocess.PIPE, text=True)
        try:
            port = None
            for line in daemon.stderr:
                m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
                if m:
                    port = m.group(1)
                    break
            self.assertIsNotNone(port, "the installed daemon did not start")
            url = f"http://127.0.0.1:{port}/api/v1"
            self.assertEqual(http(url + "/health")[0], 200)
            if token:
                status, body = http(url + "/athletes", token, {"name": "Package Test"})
                self.assertEqual(status, 201, body)
                status, body = http(url + "/tokens", token)
                self.assertEqual(status, 403, body)  # control, not admin
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.communicate(timeout=30)
        self.assertEqual(daemon.returncode, 0)

        self.dpkg("--purge", *reversed(packages()))
        self.assertFalse(os.path.exists(self.path("/usr/bin/bandstationd")))
        self.assertFalse(os.path.exists(self.path("/etc/bandstation")))
        self.assertFalse(os.path.lexists(
            self.path("/etc/systemd/system/multi-user.target.wants/bandstationd.service")))
        # The athletes' data outlives even a purge.
        self.assertTrue(os.path.exists(self.path("/var/lib/bandstation/bandstation.db")))


if __name__ == "__main__":
    unittest.main()
