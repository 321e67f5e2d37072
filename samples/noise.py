"""PII-free text documents for benchmarks: the bytes a scanner sees most of the time.

Real repositories are mostly source code, ordinary log lines, build output, configuration and prose
that hold no personal data at all, but are full of look-alikes: version strings (``4.2.6.2``), build
numbers, hashes, UUID request ids, trace/span ids, timestamps, hex ids, decimals, public DNS resolvers,
``127.0.0.1``, ``example.com`` addresses. The generators here write such files so that a benchmark
corpus can mix them with the dense labeled documents of :mod:`synth`; every finding a scanner
reports in them is a false positive.

Rules the generators keep (so that nothing here is personal data by the piiscan spec):

* no person or device identifiers: no IMEI/MEID/IMSI/ICCID, MAC or serial numbers, no phone numbers,
  no advertising/installation ids, no coordinates, no names of people;
* IP addresses only ``127.0.0.1``, ``0.0.0.0``, ``::1`` and public DNS resolvers;
* e-mail addresses only at ``example.com``/``example.org`` (plus the ``git@github.com`` SSH login).

Everything is drawn from one seeded ``random.Random`` (never the global generator, never the clock):
the same seed gives the same bytes on every run and machine. Standard library only.
"""

from __future__ import annotations

import base64
import datetime
import random
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

T = TypeVar("T")

HEX = "0123456789abcdef"

# --- word lists -------------------------------------------------------------------------------------------

NOUNS = ("Feed", "Session", "Sync", "Upload", "Download", "Cache", "Image", "Thumbnail", "Playlist", "Track",
         "Route", "Tile", "Report", "Metric", "Config", "Setting", "Notification", "Badge", "Coupon", "Cart",
         "Catalog", "Inventory", "Search", "Suggestion", "Bookmark", "Draft", "Attachment", "Workout",
         "Reminder", "Schedule", "Comment", "Article", "Banner", "Widget", "Export", "Backup", "Theme",
         "Release", "Asset", "Bundle", "Chart", "Dashboard", "Habit", "Goal", "Recipe", "Quiz", "Lesson",
         "Channel", "Episode", "Sticker", "Template", "Folder", "Label", "Snapshot", "Journal", "Timer")
SUFFIXES = ("Repository", "Manager", "Service", "Controller", "ViewModel", "Worker", "Client", "Store",
            "Adapter", "Parser", "Mapper", "Validator", "Scheduler", "Dispatcher", "Provider", "Factory",
            "Handler", "Presenter", "UseCase", "Loader", "Resolver", "Tracker", "Cache", "Registry")
VERBS = ("load", "fetch", "refresh", "parse", "render", "sync", "upload", "prefetch", "invalidate", "merge",
         "flush", "compact", "resolve", "schedule", "retry", "observe", "emit", "validate", "encode",
         "decode", "bind", "restore", "prune", "rebuild", "publish", "collect", "apply", "normalize")
PACKAGES = ("feed", "sync", "media", "settings", "search", "player", "onboarding", "reports", "widgets",
            "billing", "export", "workouts", "library", "notes", "reminders", "storage", "network", "ui")
SCREENS = ("Main", "Home", "Settings", "Detail", "Onboarding", "Search", "Player", "Editor", "Library",
           "Report", "Preview", "About", "Licenses", "Stats", "Paywall", "Splash")
ADJECTIVES = ("stale", "pending", "cached", "dirty", "archived", "visible", "pinned", "expired", "queued",
              "partial", "remote", "local", "failed", "active")
COLORS = ("#FF6200EE", "#FF3700B3", "#FF03DAC5", "#FF018786", "#3F51B5", "#E91E63", "#FFC107", "#1E88E5",
          "#43A047", "#F4511E", "#FAFAFA", "#212121", "#B00020", "#8E24AA", "#00897B", "#FFB300")
#: standard Bluetooth GATT UUIDs (16-bit ids on the Bluetooth base UUID) and the Nordic UART service
BLE_UUIDS = (("HEART_RATE_SERVICE", "0000180d-0000-1000-8000-00805f9b34fb"),
             ("HEART_RATE_MEASUREMENT", "00002a37-0000-1000-8000-00805f9b34fb"),
             ("BATTERY_SERVICE", "0000180f-0000-1000-8000-00805f9b34fb"),
             ("BATTERY_LEVEL", "00002a19-0000-1000-8000-00805f9b34fb"),
             ("DEVICE_INFORMATION_SERVICE", "0000180a-0000-1000-8000-00805f9b34fb"),
             ("FIRMWARE_REVISION", "00002a26-0000-1000-8000-00805f9b34fb"),
             ("CLIENT_CONFIG_DESCRIPTOR", "00002902-0000-1000-8000-00805f9b34fb"),
             ("CYCLING_SPEED_SERVICE", "00001816-0000-1000-8000-00805f9b34fb"),
             ("UART_SERVICE", "6e400001-b5a3-f393-e0a9-e50e24dcca9e"),
             ("UART_RX_CHARACTERISTIC", "6e400002-b5a3-f393-e0a9-e50e24dcca9e"))
#: public DNS resolvers (well-known infrastructure, not personal data)
RESOLVERS = ("8.8.8.8", "8.8.4.4", "1.1.1.1", "114.114.114.114", "223.5.5.5", "119.29.29.29")
RESOLVERS_V6 = ("2001:4860:4860::8888", "2606:4700:4700::1111")
HOSTS = ("api.example.com", "cdn.example.com", "static.example.com", "api.acme-demo.com",
         "config.acme-demo.com", "metrics.example.net", "assets.example.org")
LIBS = (("com.squareup.okhttp3", "okhttp", "4.12.0"), ("com.squareup.retrofit2", "retrofit", "2.9.0"),
        ("com.github.bumptech.glide", "glide", "4.16.0"), ("androidx.core", "core-ktx", "1.12.0"),
        ("androidx.room", "room-runtime", "2.6.1"), ("androidx.work", "work-runtime-ktx", "2.9.0"),
        ("org.jetbrains.kotlinx", "kotlinx-coroutines-android", "1.7.3"),
        ("com.google.code.gson", "gson", "2.10.1"), ("androidx.lifecycle", "lifecycle-viewmodel-ktx", "2.6.2"),
        ("io.opentelemetry", "opentelemetry-api", "1.32.0"), ("androidx.media3", "media3-exoplayer", "1.2.0"),
        ("com.jakewharton.timber", "timber", "5.0.1"), ("junit", "junit", "4.13.2"))
NPM_PKGS = (("react", "18.2.0"), ("react-dom", "18.2.0"), ("typescript", "5.3.2"), ("vite", "5.0.4"),
            ("eslint", "8.54.0"), ("zod", "3.22.4"), ("date-fns", "2.30.0"), ("axios", "1.6.2"),
            ("vitest", "1.0.1"), ("@tanstack/react-query", "5.8.4"), ("prettier", "3.1.0"),
            ("@types/node", "20.10.0"), ("rollup", "4.6.0"), ("esbuild", "0.19.8"), ("postcss", "8.4.31"))
PY_PKGS = (("requests", "2.31.0"), ("urllib3", "2.1.0"), ("certifi", "2023.11.17"), ("idna", "3.6"),
           ("charset-normalizer", "3.3.2"), ("pydantic", "2.5.2"), ("pydantic-core", "2.14.5"),
           ("fastapi", "0.104.1"), ("starlette", "0.27.0"), ("uvicorn", "0.24.0.post1"), ("anyio", "3.7.1"),
           ("sqlalchemy", "2.0.23"), ("pytest", "7.4.3"), ("pluggy", "1.3.0"), ("orjson", "3.9.10"),
           ("typing-extensions", "4.8.0"), ("click", "8.1.7"), ("redis", "5.0.1"), ("psycopg", "3.1.13"))


# --- primitives -------------------------------------------------------------------------------------------


class Noise:
    """Seeded draws of names, numbers and look-alike values (trace ids, digests, versions ...)."""

    def __init__(self, seed: str | int) -> None:
        self.rng = random.Random(seed)

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def sample(self, seq: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(seq), min(k, len(seq)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def num(self, lo: int, hi: int) -> int:
        """An integer in ``[lo, hi]``."""
        return self.rng.randint(lo, hi)

    def hex(self, n: int) -> str:
        return "".join(HEX[self.rng.randrange(16)] for _ in range(n))

    def uuid(self) -> str:
        """A random (version 4) UUID, as used for request ids, work ids and constants."""
        h = self.hex(32)
        variant = "89ab"[self.rng.randrange(4)]
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"

    def sha256(self) -> str:
        return self.hex(64)

    def git_sha(self) -> str:
        return self.hex(40)

    def b64(self, nbytes: int) -> str:
        return base64.b64encode(self.rng.randbytes(nbytes)).decode("ascii")

    def version(self) -> str:
        return f"{self.num(1, 9)}.{self.num(0, 24)}.{self.num(0, 12)}"

    def size_kb(self) -> str:
        return f"{self.num(1, 9999) / 10:.1f} kB"

    def size_mb(self) -> str:
        return f"{self.num(10, 999) / 10:.1f} MB"

    def noun(self) -> str:
        return self.pick(NOUNS)

    def cls(self, noun: str | None = None) -> str:
        return (noun or self.noun()) + self.pick(SUFFIXES)

    def fn(self, noun: str | None = None) -> str:
        return self.pick(VERBS) + (noun or self.noun())


def snake(name: str) -> str:
    """``FeedRepository`` -> ``feed_repository``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace ``«key»`` slots (templates keep their own braces and dollar signs untouched)."""
    return re.sub(r"«(\w+)»", lambda m: values[m.group(1)], template)


class Text:
    """A file under construction that counts its UTF-8 bytes."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.nbytes = 0

    def add(self, block: str) -> None:
        """Append ``block`` and a newline."""
        self._parts.append(block + "\n")
        self.nbytes += len(block.encode("utf-8")) + 1

    @property
    def text(self) -> str:
        return "".join(self._parts)


class NoiseFile(NamedTuple):
    """A generated file: path relative to the repository root, and its text."""

    path: str
    text: str


# --- Android logcat: system noise -------------------------------------------------------------------------

APP = "com.acme.tracker"
APP_VERSION = "4.2.6"
APP_BUILD = 40206


class _Clock:
    """An advancing ``MM-DD HH:MM:SS.mmm`` logcat clock."""

    def __init__(self, nz: Noise, start_s: int) -> None:
        self.nz = nz
        self.ms = start_s * 1000 + nz.num(0, 999)

    def tick(self, burst: bool = False) -> str:
        if burst:
            self.ms += self.nz.num(0, 3)
        else:
            self.ms += self.nz.num(1, 400) if self.nz.chance(0.92) else self.nz.num(400, 12000)
        h, rest = divmod(self.ms % 86_400_000, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, ms = divmod(rest, 1000)
        return f"11-29 {h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def logcat_system_doc(nz: Noise, target_bytes: int) -> str:
    """``adb logcat -v threadtime`` system and framework noise of one device session."""
    out = Text()
    clock = _Clock(nz, start_s=nz.num(8, 22) * 3600 + nz.num(0, 3599))
    system_pid = nz.num(900, 1900)
    app_pid = nz.num(8000, 31000)
    app_tids = [app_pid] + [app_pid + nz.num(8, 160) for _ in range(6)]
    gms_pid = nz.num(2000, 7000)
    uid = nz.num(100, 399)
    uptime_ns = nz.num(2 * 3600, 3 * 86400) * 1_000_000_000 + nz.num(0, 999_999_999)
    frame_id = nz.num(100_000, 9_000_000)
    out.add("--------- beginning of system")

    sticky: list[int] = []  # a thread id while a multi-line record (stack trace, HTTP exchange) is written

    def log(level: str, tag: str, msg: str, who: str = "app") -> None:
        nonlocal uptime_ns
        stamp = clock.tick(burst=bool(sticky) and tag != "okhttp.OkHttpClient")
        uptime_ns += nz.num(1_000_000, 900_000_000)
        if who == "app":
            pid, tid = app_pid, sticky[-1] if sticky else nz.pick(app_tids)
        elif who == "gms":
            pid, tid = gms_pid, gms_pid + nz.num(3, 90)
        else:
            pid, tid = system_pid, system_pid + nz.num(10, 400)
        out.add(f"{stamp} {pid:>5} {tid:>5} {level} {tag}: {msg}")

    screen = nz.pick(SCREENS)
    log("I", "ActivityManager", f"Start proc {app_pid}:{APP}/u0a{uid} for activity "
        f"{{{APP}/{APP}.ui.{screen}Activity}}", "system")

    def activity() -> None:
        s = nz.pick(SCREENS)
        if nz.chance(0.5):
            log("I", "ActivityTaskManager", f"Displayed {APP}/.ui.{s}Activity: +{nz.num(180, 2400)}ms", "system")
        else:
            victim = nz.pick(("chrome", "vending", "calendar", "deskclock"))
            log("I", "ActivityManager", f"Killing {nz.num(3000, 30000)}:com.android.{victim}"
                f"/u0a{nz.num(40, 99)} (adj {nz.pick((900, 905, 915, 925, 935))}): empty #{nz.num(17, 40)}", "system")

    def window() -> None:
        a, b = nz.hex(7), nz.hex(7)
        s1, s2 = nz.pick(SCREENS), nz.pick(SCREENS)
        if nz.chance(0.5):
            log("I", "WindowManager", f"Changing focus from Window{{{a} u0 {APP}/{APP}.ui.{s1}Activity}} "
                f"to Window{{{b} u0 {APP}/{APP}.ui.{s2}Activity}} displayId=0", "system")
        else:
            log("V", "WindowManager", f"Relayout Window{{{a} u0 {APP}/{APP}.ui.{s1}Activity}}: viewVisibility=0 "
                f"req={nz.pick(('1080x2400', '1440x3120', '720x1600'))} ty=1 d0", "system")

    def frames() -> None:
        nonlocal frame_id
        if nz.chance(0.6):
            log("I", "Choreographer", f"Skipped {nz.num(30, 120)} frames!  The application may be doing too "
                "much work on its main thread.")
        else:
            frame_id += nz.num(40, 900)
            vsync = uptime_ns - nz.num(50_000_000, 900_000_000)
            steps = [vsync + nz.num(1, 9) * 1_000_000 * k + nz.num(0, 999_999) for k in range(1, 6)]
            log("I", "OpenGLRenderer", f"Davey! duration={nz.num(700, 2200)}ms; Flags=0, "
                f"FrameTimelineVsyncId={frame_id}, IntendedVsync={vsync}, Vsync={vsync}, "
                "InputEventId=0, HandleInputStart=" f"{steps[0]}, AnimationStart={steps[1]}, "
                f"PerformTraversalsStart={steps[2]}, DrawStart={steps[3]}, FrameDeadline={vsync + 16_666_666}, "
                "FrameInterval=16666666, OldestInputEvent=9223372036854775807, NewestInputEvent=0, "
                f"SyncStart={steps[4]}, GpuCompleted={steps[4] + nz.num(100_000, 9_000_000)}")

    def gc() -> None:
        kind = nz.pick(("Background concurrent copying", "Background young concurrent copying",
                        "Explicit concurrent copying"))
        log("I", APP, f"{kind} GC freed {nz.num(1000, 250000)}({nz.num(1, 24)}MB) AllocSpace objects, "
            f"{nz.num(0, 60)}({nz.num(0, 9)}MB) LOS objects, {nz.num(20, 75)}% free, {nz.num(8, 90)}MB/"
            f"{nz.num(90, 192)}MB, paused {nz.num(40, 990)}us,{nz.num(10, 990)}us total "
            f"{nz.num(5, 400)}.{nz.num(0, 999):03d}ms")

    def art() -> None:
        choice = nz.num(0, 3)
        if choice == 0:
            log("I", "art", "Waiting for a blocking GC ProfileSaver")
        elif choice == 1:
            log("W", "art", f"Compiler allocated {nz.num(4, 9)}MB to compile void "
                f"{APP}.{nz.pick(PACKAGES)}.{nz.cls()}.{nz.fn()}()")
        elif choice == 2:
            log("I", "dex2oat", f"dex2oat took {nz.num(200, 9000) / 1000:.3f}s ({nz.num(300, 20000) / 1000:.3f}s "
                f"cpu) (threads: 8) arena alloc={nz.num(1, 40)}MB ({nz.num(1_000_000, 40_000_000)}B) java alloc="
                f"{nz.num(1, 12)}MB ({nz.num(1_000_000, 12_000_000)}B) native alloc={nz.num(4, 60)}MB "
                f"({nz.num(4_000_000, 60_000_000)}B) swap=0B (0B)", "system")
        else:
            log("I", "art", f"Clamp target GC heap from {nz.pick((268, 384, 512))}MB to 256MB")

    def okhttp() -> None:
        host = nz.pick(HOSTS)
        path = nz.pick(("v2/config", "v1/feed", "v2/catalog", "v1/assets/manifest", "v3/flags",
                        f"v1/{snake(nz.noun())}s"))
        query = nz.pick((f"?build={nz.num(1000, 9999)}", f"?page={nz.num(0, 40)}&size=20", f"?v={nz.hex(8)}",
                         "", f"?since={1732867200 + nz.num(0, 86400)}"))
        url = f"https://{host}/{path}{query}"
        sticky.append(nz.pick(app_tids[1:]))
        log("I", "okhttp.OkHttpClient", f"--> GET {url}")
        if nz.chance(0.5):
            log("I", "okhttp.OkHttpClient", f"x-request-id: {nz.uuid()}")
            log("I", "okhttp.OkHttpClient", f"traceparent: 00-{nz.hex(32)}-{nz.hex(16)}-01")
        log("I", "okhttp.OkHttpClient", "--> END GET")
        code = nz.pick((200, 200, 200, 200, 304, 404, 500, 503))
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found", 500: "Internal Server Error",
                  503: "Service Unavailable"}[code]
        log("I", "okhttp.OkHttpClient", f"<-- {code} {reason} {url} ({nz.num(12, 1800)}ms)")
        if code == 200 and nz.chance(0.5):
            log("I", "okhttp.OkHttpClient", f"etag: \"{nz.hex(32)}\"")
            log("I", "okhttp.OkHttpClient", f"cache-control: max-age={nz.pick((60, 300, 3600, 86400))}")
        log("I", "okhttp.OkHttpClient", f"<-- END HTTP ({nz.num(0, 90000)}-byte body)")
        sticky.clear()

    def glide() -> None:
        src = nz.pick(("DATA_DISK_CACHE", "RESOURCE_DISK_CACHE", "REMOTE", "MEMORY_CACHE"))
        log("D", "Glide", f"Finished loading BitmapDrawable from {src} for https://cdn.example.com/img/"
            f"{nz.hex(24)}.webp with size [{nz.pick((360, 540, 720, 1080))}x{nz.pick((240, 360, 720, 1080))}] "
            f"in {nz.num(1, 900) / 10:.1f} ms")

    def otel() -> None:
        log("D", "OpenTelemetry", f"span ended name={nz.pick(('HTTP GET', 'db.query', 'render', 'sync'))} "
            f"trace_id={nz.hex(32)} span_id={nz.hex(16)} parent_span_id={nz.hex(16)} "
            f"duration_ms={nz.num(1, 2000)}")

    def package() -> None:
        if nz.chance(0.5):
            log("I", "PackageManager", f"Verified {APP} apk sha256={nz.sha256()}", "system")
        else:
            log("I", "PackageInstaller", f"Committed session {nz.num(100_000_000, 2_000_000_000)} "
                f"for {APP} versionCode={APP_BUILD} ({APP_VERSION}.{nz.num(1, 9)})", "system")

    def startup() -> None:
        choice = nz.num(0, 3)
        if choice == 0:
            log("I", "AppStartup", f"{APP} version {APP_VERSION}.2 (build {APP_BUILD}) cold start "
                f"{nz.num(300, 2500)}ms, {nz.pick(('warm', 'cold'))} process")
        elif choice == 1:
            log("D", "PluginLoader", f"loaded plugin {nz.pick(('analytics-bridge', 'media-codecs', 'pdf-render'))}"
                f" version 1.0.0.{nz.num(1, 9)} (build {nz.num(100, 999)}, sha256:{nz.hex(12)})")
        elif choice == 2:
            log("I", "ProfileInstaller", f"Installing profile for {APP}")
        else:
            log("I", "ConfigFetcher", f"config etag=\"{nz.hex(32)}\" version={nz.num(100, 999)} "
                f"ttl={nz.pick((300, 900, 3600))}s fetched in {nz.num(20, 800)}ms")

    def work() -> None:
        noun = nz.noun()
        if nz.chance(0.6):
            log("I", "WM-WorkerWrapper", f"Worker result SUCCESS for Work [ id={nz.uuid()}, tags={{ "
                f"{APP}.{nz.pick(PACKAGES)}.{noun}Worker }} ]")
        else:
            log("D", "Analytics", f"flush {nz.num(1, 60)} events request_id={nz.uuid()} "
                f"ts={1732867200000 + nz.num(0, 86_400_000)}")

    def network() -> None:
        choice = nz.num(0, 3)
        if choice == 0:
            dns = ", ".join(nz.sample(RESOLVERS, 2) + ([nz.pick(RESOLVERS_V6)] if nz.chance(0.3) else []))
            log("D", "DnsManager", f"setDnsConfigurationForNetwork(100, [{dns}], [], 1800, 25, 8, 64, 0, 0)", "system")
        elif choice == 1:
            log("D", "ConnectivityService", "NetworkAgentInfo [WIFI () - 100] validation passed", "system")
        elif choice == 2:
            log("I", "NetworkSecurityConfig", "No Network Security Config specified, using platform default")
        else:
            log("D", "TrafficStats", f"tagSocket({nz.num(60, 200)}) with statsTag=0xffffffff, statsUid=-1")

    def strict() -> None:
        sticky.append(app_pid)
        log("D", "StrictMode", f"StrictMode policy violation; ~duration={nz.num(5, 400)} ms: "
            "android.os.strictmode.DiskReadViolation")
        for frame in ("android.os.StrictMode$AndroidBlockGuardPolicy.onReadFromDisk(StrictMode.java:1659)",
                      f"java.io.FileInputStream.<init>(FileInputStream.java:{nz.num(150, 170)})",
                      f"{APP}.{nz.pick(PACKAGES)}.{nz.cls()}.{nz.fn()}({nz.cls()}.kt:{nz.num(20, 400)})"):
            log("D", "StrictMode", f"\tat {frame}")
        sticky.clear()

    def crash() -> None:
        cls = nz.cls()
        sticky.append(nz.pick(app_tids[1:]))
        log("W", "System.err", f"java.net.SocketTimeoutException: timeout after {nz.pick((10, 15, 30))}000ms")
        log("W", "System.err", f"\tat okhttp3.internal.http2.Http2Stream$StreamTimeout.newTimeoutException"
            f"(Http2Stream.kt:{nz.num(600, 700)})")
        log("W", "System.err", f"\tat {APP}.{nz.pick(PACKAGES)}.{cls}.{nz.fn()}({cls}.kt:{nz.num(20, 300)})")
        sticky.clear()

    def misc() -> None:
        choice = nz.num(0, 6)
        if choice == 0:
            log("I", "chatty", f"uid={10000 + uid}({APP}) RenderThread identical {nz.num(2, 40)} lines")
        elif choice == 1:
            log("I", "BatteryService", f"level={nz.num(5, 100)} temp={nz.num(250, 420)} "
                f"voltage={nz.num(3600, 4400)} status={nz.pick((2, 3))}", "system")
        elif choice == 2:
            log("I", "ViewRootImpl@" + nz.hex(7) + f"[{nz.pick(SCREENS)}Activity]", f"ViewPostIme pointer "
                f"{nz.pick((0, 1))}")
        elif choice == 3:
            prop = nz.pick(("vendor.debug.egl.profiler", "ro.vendor.perf.scroll_opt", "persist.vendor.log.tel_dbg"))
            log("W", "libc", f'Access denied finding property "{prop}"')
        elif choice == 4:
            log("I", "chromium", f"[INFO:CONSOLE({nz.num(1, 900)})] \"Uncaught TypeError: Cannot read properties "
                f"of undefined (reading '{nz.pick(('length', 'map', 'id', 'items'))}')\", source: "
                f"https://m.example.com/static/js/main.{nz.hex(8)}.js ({nz.num(1, 900)})")
        elif choice == 5:
            log("D", "SQLiteLog", f"(284) automatic index on {snake(nz.noun())}s(updated_at)")
        else:
            log("I", "GmsCoreXrpcWrapper", "Returning a channel provider with trafficStatsTag="
                f"{nz.num(10_000_000, 99_999_999)}", "gms")

    def heap() -> None:
        log("D", "HttpCache", f"evicted {nz.num(1, 90)} entries ({nz.num(1, 99) / 10:.1f} MB), size="
            f"{nz.num(100, 500) / 10:.1f} MB/50.0 MB")

    scenes: list[tuple[int, Callable[[], None]]] = [
        (4, activity), (4, window), (6, frames), (8, gc), (3, art), (7, okhttp), (5, glide), (4, otel),
        (2, package), (3, startup), (4, work), (3, network), (1, strict), (1, crash), (6, misc), (2, heap)]
    weights = [w for w, _ in scenes]
    writers = [f for _, f in scenes]
    while out.nbytes < target_bytes:
        nz.rng.choices(writers, weights)[0]()
    return out.text


# --- source code ------------------------------------------------------------------------------------------


def _slots(nz: Noise) -> dict[str, str]:
    """Random names and numbers for one code template."""
    noun = nz.noun()
    other = nz.noun()
    return {
        "Noun": noun, "noun": noun[0].lower() + noun[1:], "noun_s": snake(noun), "NOUN": snake(noun).upper(),
        "Other": other, "other": other[0].lower() + other[1:], "other_s": snake(other),
        "Cls": noun + nz.pick(SUFFIXES), "verb": nz.pick(VERBS), "Verb": nz.pick(VERBS).capitalize(),
        "adj": nz.pick(ADJECTIVES), "ms": str(nz.pick((250, 500, 800, 1000, 1500, 2000, 5000))),
        "n": str(nz.num(2, 12)), "big": str(nz.pick((64, 128, 256, 512, 1024, 4096))),
        "pct": str(nz.num(5, 95)), "code": str(nz.pick((400, 401, 403, 404, 409, 429, 500, 502, 503))),
        "host": nz.pick(HOSTS), "ver": nz.version(), "hex8": nz.hex(8), "color": nz.pick(COLORS),
        "f1": f"{nz.num(1, 9) / 10:.1f}", "f2": f"{nz.num(1, 9) / 10:.1f}", "days": str(nz.pick((1, 7, 14, 30, 90))),
    }


def _constants(nz: Noise, k: int) -> list[tuple[str, str, object]]:
    """``k`` named constants: (NAME, kind, value), kind in int/long/float/str/hex/color."""
    pool: list[Callable[[], tuple[str, str, object]]] = [
        lambda: ("CONNECT_TIMEOUT_MS", "int", nz.pick((5000, 10000, 15000, 30000))),
        lambda: ("READ_TIMEOUT_MS", "int", nz.pick((10000, 20000, 30000, 60000))),
        lambda: ("MAX_RETRIES", "int", nz.num(2, 8)),
        lambda: ("PAGE_SIZE", "int", nz.pick((20, 25, 50, 100))),
        lambda: ("CACHE_TTL_SECONDS", "int", nz.pick((300, 900, 3600, 86400))),
        lambda: ("MAX_UPLOAD_BYTES", "int", nz.pick((8388608, 52428800, 104857600))),
        lambda: ("BACKOFF_MULTIPLIER", "float", nz.pick((1.5, 2.0, 1.6))),
        lambda: ("JITTER_RATIO", "float", nz.pick((0.1, 0.2, 0.25))),
        lambda: ("ACCENT_COLOR", "color", nz.pick(COLORS)),
        lambda: ("HASH_SEED", "hex", nz.pick(("0x9E3779B9", "0x5BD1E995", "0x811C9DC5", "0xCAFEBABE"))),
        lambda: ("FNV64_OFFSET_BASIS", "hex", "0xcbf29ce484222325"),
        lambda: ("FNV_PRIME", "long", nz.pick((16777619, 1099511628211))),
        lambda: ("EPOCH_2020_MS", "long", 1577836800000),
        lambda: ("SCHEMA_VERSION", "int", nz.num(3, 42)),
        lambda: ("MIN_SUPPORTED_VERSION", "str", f"4.{nz.num(0, 2)}.0"),
        lambda: ("SDK_VERSION", "str", nz.pick(("4.2.6.2", "1.0.0.1", "2.1.0.104", "3.0.1.7"))),
        lambda: ("USER_AGENT", "str", f"AcmeTracker/{APP_VERSION} (build {APP_BUILD})"),
        lambda: ("API_BASE_URL", "str", f"https://{nz.pick(HOSTS)}/v{nz.num(1, 3)}/"),
        lambda: ("HELP_URL", "str", f"https://www.example.com/help/{snake(nz.noun())}s"),
        lambda: _ble(nz),
        lambda: (snake(nz.noun()).upper() + "_SCHEMA_ID", "str", nz.uuid()),
        lambda: ("CERT_PIN", "str", "sha256/" + nz.b64(32)),
        lambda: ("BACKUP_CERT_PIN", "str", "sha256/" + nz.b64(32)),
        lambda: ("VERSION_PATTERN", "str", r"^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$"),
        lambda: ("HEX_COLOR_PATTERN", "str", r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"),
        lambda: ("EMAIL_PATTERN", "str", r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"),
        lambda: ("UUID_PATTERN", "str", r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
        lambda: ("QUERY_RECENT", "str", f"SELECT id, title, updated_at FROM {snake(nz.noun())}s WHERE deleted = 0 "
                 f"ORDER BY updated_at DESC LIMIT ?"),
        lambda: ("QUERY_PURGE", "str", f"DELETE FROM {snake(nz.noun())}s WHERE updated_at < ? AND pinned = 0"),
        lambda: ("DEFAULT_LOCALE", "str", nz.pick(("zh-CN", "en-US", "en-GB"))),
        lambda: ("SUPPORT_EMAIL", "str", nz.pick(("support@example.com", "noreply@example.com"))),
        lambda: ("ONE_DAY_MS", "long", 86400000),
        lambda: ("GOLDEN_RATIO", "float", 1.6180339887),
        lambda: ("ANIMATION_DURATION_MS", "int", nz.pick((150, 200, 250, 300, 450))),
        lambda: ("NOTIFICATION_CHANNEL_ID", "str", snake(nz.noun()) + "_updates"),
        lambda: ("TEST_BANNER_AD_UNIT", "str", "ca-app-pub-3940256099942544/6300978111"),
        lambda: ("BUILD_NUMBER", "int", nz.num(1000, 9999)),
        lambda: ("RELEASE_SHA", "str", nz.git_sha()),
        lambda: ("MAX_BITMAP_PIXELS", "int", nz.pick((4194304, 16777216))),
    ]
    seen: set[str] = set()
    out = []
    for _ in range(k * 3):
        name, kind, value = nz.pick(pool)()
        if name not in seen:
            seen.add(name)
            out.append((name, kind, value))
        if len(out) == k:
            break
    return out


def _ble(nz: Noise) -> tuple[str, str, object]:
    name, uuid = nz.pick(BLE_UUIDS)
    return name + "_UUID", "str", uuid


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _literal(kind: str, value: object, lang: str) -> str:
    if kind in ("str", "color"):
        text = str(value)
        if lang in ("kotlin", "java", "go", "ts"):
            text = text.replace("\\", "\\\\")
        return f'"{text}"' if lang != "python" or "\\" not in text else f'r"{text}"'
    if kind == "long":
        return f"{value}L" if lang in ("kotlin", "java") else str(value)
    if kind == "hex":
        number = int(str(value), 16)
        if lang == "kotlin" and number > 0x7FFFFFFFFFFFFFFF:
            return f"{value}uL"
        return f"{value}L" if lang in ("java", "kotlin") and number > 0x7FFFFFFF else str(value)
    return str(value)


LICENSE_HEADERS = (
    "Copyright 2024 Acme Demo Ltd.\nSPDX-License-Identifier: Apache-2.0",
    "Copyright (c) 2023-2024 Acme Demo Ltd. All rights reserved.\nUse of this source code is governed by the "
    "license in LICENSE.",
    "This file is part of the acme-tracker project.\nGenerated code lives in build/, do not edit by hand.",
)

COMMENTS = (
    "Keep in sync with the server-side limit (see docs/api.md).",
    "Exponential backoff with full jitter; capped so that a retry never waits more than a minute.",
    "The cache is keyed by URL digest, never by raw URL, so that query strings do not leak into file names.",
    "TODO: remove once the minimum supported version is past «ver».",
    "Called on the main thread; must not block.",
    "Values are stored in milliseconds since the epoch (UTC).",
    "The server answers «code» when the client is too old; surface an upgrade prompt instead of retrying.",
    "Batch size chosen empirically: «big» rows keeps a transaction under 16 ms on mid-range devices.",
    "Thread-safe: all mutable state is confined to the single-threaded dispatcher.",
    "See https://www.example.com/docs/«noun_s» for the wire format.",
    "Returns null when the payload is older than the local copy.",
    "FIXME: flaky on API 26 emulators, the timer fires «n» ms late.",
    "Ordering matters: «adj» entries must be flushed before the index is rebuilt.",
)


def _comment(nz: Noise, slots: dict[str, str]) -> str:
    return _fill(nz.pick(COMMENTS), slots)


KOTLIN_METHODS = (
    """    suspend fun «verb»«Noun»s(page: Int = 0): List<«Noun»> = withContext(dispatcher) {
        val started = SystemClock.elapsedRealtime()
        val response = api.get«Noun»s(page = page, pageSize = PAGE_SIZE)
        if (!response.isSuccessful) {
            Log.w(TAG, "get«Noun»s failed: HTTP ${response.code()}")
            return@withContext emptyList()
        }
        val items = response.body().orEmpty().map { it.toDomain() }
        Log.d(TAG, "loaded ${items.size} «noun»s in ${SystemClock.elapsedRealtime() - started}ms")
        items
    }""",
    """    private suspend fun <T> withRetry(block: suspend () -> T): T {
        var delayMs = «ms»L
        repeat(MAX_RETRIES - 1) { attempt ->
            try {
                return block()
            } catch (e: IOException) {
                Log.w(TAG, "attempt ${attempt + 1} failed, retrying in ${delayMs}ms", e)
            }
            delay(delayMs + Random.nextLong(delayMs / «n»))
            delayMs = (delayMs * 2).coerceAtMost(60_000L)
        }
        return block()
    }""",
    """    fun parseVersion(text: String): IntArray? {
        val match = Regex(\"\"\"^(\\d+)\\.(\\d+)\\.(\\d+)$\"\"\").matchEntire(text.trim()) ?: return null
        return IntArray(3) { match.groupValues[it + 1].toInt() }
    }""",
    """    fun formatDuration(ms: Long): String = when {
        ms < 1_000 -> "${ms}ms"
        ms < 60_000 -> "%.1fs".format(ms / 1000.0)
        ms < 3_600_000 -> "${ms / 60_000}m ${(ms % 60_000) / 1000}s"
        else -> "${ms / 3_600_000}h ${(ms % 3_600_000) / 60_000}m"
    }""",
    """    fun cacheKey(url: String): String {
        val digest = MessageDigest.getInstance("SHA-256").digest(url.toByteArray(Charsets.UTF_8))
        return digest.joinToString(separator = "") { "%02x".format(it) }
    }""",
    """    fun observe«Noun»s(): Flow<List<«Noun»>> =
        dao.observeAll()
            .map { rows -> rows.filterNot { it.«adj» }.map { it.toDomain() } }
            .distinctUntilChanged()
            .flowOn(dispatcher)""",
    """    fun animateIn(view: View) {
        view.alpha = 0f
        view.translationY = «big»f
        view.animate()
            .alpha(1f)
            .translationY(0f)
            .setDuration(«ms»L)
            .setInterpolator(PathInterpolator(0.4f, 0.0f, 0.2f, 1.0f))
            .start()
    }""",
    """    private fun errorFor(code: Int): «Noun»Error = when (code) {
        401, 403 -> «Noun»Error.Unauthorized
        404 -> «Noun»Error.NotFound
        409 -> «Noun»Error.Conflict
        429 -> «Noun»Error.RateLimited(retryAfterSeconds = 30)
        in 500..599 -> «Noun»Error.Server(code)
        else -> «Noun»Error.Unknown(code)
    }""",
    """    fun schedulePeriodic«Noun»Sync(context: Context) {
        val request = PeriodicWorkRequestBuilder<«Noun»Worker>(«n», TimeUnit.HOURS)
            .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.UNMETERED).build())
            .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, «ms», TimeUnit.MILLISECONDS)
            .addTag("«noun_s»_sync")
            .build()
        WorkManager.getInstance(context)
            .enqueueUniquePeriodicWork("«noun_s»_sync", ExistingPeriodicWorkPolicy.KEEP, request)
    }""",
    """    suspend fun prune«Noun»s(now: Long = System.currentTimeMillis()): Int {
        val cutoff = now - TimeUnit.DAYS.toMillis(«days»)
        val removed = dao.deleteOlderThan(cutoff)
        if (removed > 0) Log.i(TAG, "pruned $removed «adj» «noun»s older than «days» days")
        return removed
    }""",
)

KOTLIN_EXTRAS = (
    """@Entity(tableName = "«noun_s»s", indices = [Index(value = ["updated_at"])])
data class «Noun»Entity(
    @PrimaryKey val id: Long,
    val title: String,
    @ColumnInfo(name = "updated_at") val updatedAt: Long,
    @ColumnInfo(name = "content_sha256") val contentSha256: String,
    val «adj»: Boolean = false,
)""",
    """@Dao
interface «Noun»Dao {
    @Query("SELECT * FROM «noun_s»s WHERE «adj» = 0 ORDER BY updated_at DESC LIMIT :limit")
    fun observeAll(limit: Int = «big»): Flow<List<«Noun»Entity>>

    @Query("DELETE FROM «noun_s»s WHERE updated_at < :cutoff")
    suspend fun deleteOlderThan(cutoff: Long): Int
}""",
    """sealed interface «Noun»Error {
    data object Unauthorized : «Noun»Error
    data object NotFound : «Noun»Error
    data object Conflict : «Noun»Error
    data class RateLimited(val retryAfterSeconds: Long) : «Noun»Error
    data class Server(val code: Int) : «Noun»Error
    data class Unknown(val code: Int) : «Noun»Error
}""",
)


def kotlin_module(nz: Noise, target_bytes: int) -> NoiseFile:
    """A Kotlin source file of plausible Android app code."""
    noun = nz.noun()
    cls = nz.cls(noun)
    pkg = nz.pick(PACKAGES)
    out = Text()
    out.add("/*\n" + "\n".join(" * " + line for line in nz.pick(LICENSE_HEADERS).splitlines()) + "\n */")
    out.add(f"package {APP}.{pkg}\n")
    imports = ["android.content.Context", "android.os.SystemClock", "android.util.Log", "android.view.View",
               "android.view.animation.PathInterpolator", "androidx.room.*", "androidx.work.*",
               "java.io.IOException", "java.security.MessageDigest", "java.util.UUID",
               "java.util.concurrent.TimeUnit", "kotlinx.coroutines.CoroutineDispatcher",
               "kotlinx.coroutines.Dispatchers", "kotlinx.coroutines.delay", "kotlinx.coroutines.flow.*",
               "kotlinx.coroutines.withContext", "okhttp3.CertificatePinner", "kotlin.random.Random"]
    for line in sorted(imports):
        out.add(f"import {line}")
    out.add("")
    out.add(f'private const val TAG = "{cls}"')
    for name, kind, value in _constants(nz, nz.num(3, 8)):
        lit = _literal(kind, value, "kotlin")
        if kind == "str" and re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", str(value)):
            out.add(f"private val {name}: UUID = UUID.fromString({lit})")
        elif kind == "color":
            out.add(f"private val {name} = android.graphics.Color.parseColor({lit})")
        else:
            out.add(f"private const val {name} = {lit}")
    out.add("")
    slots = _slots(nz)
    slots.update(Noun=noun, noun=noun[0].lower() + noun[1:], noun_s=snake(noun))
    if nz.chance(0.6):
        out.add(_fill(nz.pick(KOTLIN_EXTRAS), slots) + "\n")
    out.add(f"/**\n * {_comment(nz, slots)}\n */")
    out.add(f"class {cls}(\n    private val api: {noun}Api,\n    private val dao: {noun}Dao,\n"
            "    private val dispatcher: CoroutineDispatcher = Dispatchers.IO,\n) {")
    used: set[int] = set()
    while out.nbytes < target_bytes and len(used) < len(KOTLIN_METHODS):
        i = nz.rng.randrange(len(KOTLIN_METHODS))
        if i in used:
            continue
        used.add(i)
        if nz.chance(0.4):
            out.add(f"    // {_comment(nz, slots)}")
        out.add(_fill(KOTLIN_METHODS[i], slots) + "\n")
    if nz.chance(0.5):
        out.add(f"    private val pinner = CertificatePinner.Builder()\n"
                f'        .add("{nz.pick(HOSTS)}", "sha256/{nz.b64(32)}")\n'
                f'        .add("{nz.pick(HOSTS)}", "sha256/{nz.b64(32)}")\n        .build()')
    out.add("}")
    return NoiseFile(f"src/main/kotlin/com/acme/tracker/{pkg}/{cls}.kt", out.text)


JAVA_METHODS = (
    """    public List<«Noun»> «verb»«Noun»s(int page) throws IOException {
        long started = SystemClock.elapsedRealtime();
        Response<List<«Noun»Dto>> response = api.list«Noun»s(page, PAGE_SIZE).execute();
        if (!response.isSuccessful()) {
            Log.w(TAG, "list«Noun»s failed: HTTP " + response.code());
            return Collections.emptyList();
        }
        List<«Noun»> result = new ArrayList<>();
        for («Noun»Dto dto : response.body()) {
            result.add(mapper.toDomain(dto));
        }
        Log.d(TAG, "loaded " + result.size() + " «noun»s in " + (SystemClock.elapsedRealtime() - started) + "ms");
        return result;
    }""",
    """    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }""",
    """    long backoffMillis(int attempt) {
        long base = «ms»L * (1L << Math.min(attempt, «n»));
        long jitter = (long) (base * JITTER * random.nextDouble());
        return Math.min(base + jitter, 60_000L);
    }""",
    """    @Override
    public void onReceive(Context context, Intent intent) {
        if (!ACTION_«NOUN»_CHANGED.equals(intent.getAction())) {
            return;
        }
        int count = intent.getIntExtra(EXTRA_COUNT, 0);
        Log.i(TAG, "received " + count + " «noun» changes");
        handler.removeCallbacks(refresh);
        handler.postDelayed(refresh, «ms»);
    }""",
    """    private static int compareVersions(String a, String b) {
        String[] pa = a.split("\\\\.");
        String[] pb = b.split("\\\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            int x = i < pa.length ? Integer.parseInt(pa[i]) : 0;
            int y = i < pb.length ? Integer.parseInt(pb[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }""",
    """    public synchronized void put(String key, «Noun» value) {
        if (entries.size() >= «big») {
            Iterator<String> it = entries.keySet().iterator();
            it.next();
            it.remove();
            evictions++;
        }
        entries.put(key, value);
    }""",
    """    @Test
    public void «verb»«Noun»s_returnsEmptyListOnHttp«code»() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(«code»));
        List<«Noun»> result = repository.«verb»«Noun»s(0);
        assertTrue(result.isEmpty());
        assertEquals("/v2/«noun_s»s?page=0&size=20", server.takeRequest().getPath());
    }""",
)


def java_module(nz: Noise, target_bytes: int) -> NoiseFile:
    """A Java source file (Android or JVM service code)."""
    noun = nz.noun()
    cls = nz.cls(noun)
    pkg = nz.pick(PACKAGES)
    out = Text()
    out.add("/*\n" + "\n".join(" * " + line for line in nz.pick(LICENSE_HEADERS).splitlines()) + "\n */")
    out.add(f"package {APP}.{pkg};\n")
    imports = ["android.content.Context", "android.content.Intent", "android.os.Handler", "android.os.SystemClock",
               "android.util.Log", "java.io.IOException", "java.util.ArrayList", "java.util.Collections",
               "java.util.Iterator", "java.util.LinkedHashMap", "java.util.List", "java.util.Random",
               "retrofit2.Response"]
    for line in sorted(imports):
        out.add(f"import {line};")
    out.add("")
    slots = _slots(nz)
    slots.update(Noun=noun, noun=noun[0].lower() + noun[1:], noun_s=snake(noun), NOUN=snake(noun).upper())
    out.add(f"/**\n * {_comment(nz, slots)}\n */")
    out.add(f"public final class {cls} {{")
    out.add(f'    private static final String TAG = "{cls}";')
    if nz.chance(0.5):
        out.add(f"    private static final long serialVersionUID = {nz.pick(('', '-'))}{nz.num(10**17, 9 * 10**18)}L;")
    action = snake(noun).upper() + "_CHANGED"
    out.add(f'    static final String ACTION_{action} = "{APP}.action.{action}";')
    out.add('    static final String EXTRA_COUNT = "count";')
    out.add(f"    static final double JITTER = {nz.pick(('0.1', '0.2', '0.25'))};")
    for name, kind, value in _constants(nz, nz.num(2, 6)):
        jtype = {"int": "int", "long": "long", "float": "double", "hex": "long"}.get(kind, "String")
        out.add(f"    static final {jtype} {name} = {_literal(kind, value, 'java')};")
    out.add("")
    out.add(f"    private final LinkedHashMap<String, {noun}> entries = new LinkedHashMap<>(16, 0.75f, true);")
    out.add("    private final Random random = new Random();")
    out.add("    private int evictions;\n")
    used: set[int] = set()
    while out.nbytes < target_bytes and len(used) < len(JAVA_METHODS):
        i = nz.rng.randrange(len(JAVA_METHODS))
        if i in used:
            continue
        used.add(i)
        if nz.chance(0.4):
            out.add(f"    /** {_comment(nz, slots)} */")
        out.add(_fill(JAVA_METHODS[i], slots) + "\n")
    out.add("}")
    return NoiseFile(f"src/main/java/com/acme/tracker/{pkg}/{cls}.java", out.text)


PYTHON_FUNCS = (
    '''def «verb»_«noun_s»s(session: Session, since: datetime, limit: int = «big») -> list[«Noun»]:
    """Return «noun»s changed after ``since``, newest first."""
    started = time.monotonic()
    rows = (
        session.query(«Noun»)
        .filter(«Noun».updated_at > since, «Noun».deleted.is_(False))
        .order_by(«Noun».updated_at.desc())
        .limit(limit)
        .all()
    )
    log.debug("loaded %d «noun_s»s in %.1f ms", len(rows), (time.monotonic() - started) * 1000)
    return rows''',
    '''def backoff(attempt: int, base: float = «f1», cap: float = 60.0) -> float:
    """Full-jitter exponential backoff in seconds."""
    return random.uniform(0, min(cap, base * 2 ** attempt))''',
    '''def parse_version(text: str) -> tuple[int, int, int]:
    match = VERSION_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a version: {text!r}")
    major, minor, patch = (int(part) for part in match.group(1, 2, 3))
    return major, minor, patch''',
    '''def content_digest(payload: bytes) -> str:
    """Hex SHA-256 of ``payload`` (the ETag of stored blobs)."""
    return hashlib.sha256(payload).hexdigest()''',
    '''@dataclass(frozen=True)
class «Noun»Page:
    items: list[dict[str, Any]]
    next_cursor: str | None = None
    total: int = 0
    fetched_at: float = field(default_factory=time.time)

    @property
    def is_last(self) -> bool:
        return self.next_cursor is None''',
    '''async def fetch_«noun_s»_page(client: httpx.AsyncClient, cursor: str | None = None) -> «Noun»Page:
    params = {"limit": PAGE_SIZE}
    if cursor:
        params["cursor"] = cursor
    for attempt in range(MAX_RETRIES):
        response = await client.get(f"{API_BASE_URL}«noun_s»s", params=params, timeout=«n»)
        if response.status_code == «code»:
            await asyncio.sleep(backoff(attempt))
            continue
        response.raise_for_status()
        body = response.json()
        return «Noun»Page(items=body["items"], next_cursor=body.get("next"), total=body.get("total", 0))
    raise RuntimeError(f"gave up after {MAX_RETRIES} attempts")''',
    '''def chunked(items: Sequence[T], size: int = «big») -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]''',
    '''def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024:
            return f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"''',
    '''class «Cls»:
    """«comment»"""

    def __init__(self, ttl: float = «ms».0) -> None:
        self._ttl = ttl
        self._entries: dict[str, tuple[float, Any]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any | None:
        entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry[0] > self._ttl:
            self.misses += 1
            return None
        self.hits += 1
        return entry[1]

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = (time.monotonic(), value)''',
)


def python_module(nz: Noise, target_bytes: int) -> NoiseFile:
    """A Python module of plausible backend code."""
    noun = nz.noun()
    name = snake(nz.cls(noun))
    out = Text()
    slots = _slots(nz)
    slots.update(Noun=noun, noun=_lower_first(noun), noun_s=snake(noun), comment=_comment(nz, slots))
    out.add(f'"""{noun} {nz.pick(("helpers", "storage", "sync", "HTTP client", "service layer"))}.\n\n'
            f'{_comment(nz, slots)}\n"""\n')
    out.add("from __future__ import annotations\n")
    out.add("import asyncio\nimport hashlib\nimport logging\nimport random\nimport re\nimport time")
    out.add("from collections.abc import Iterator, Sequence")
    out.add("from dataclasses import dataclass, field")
    out.add("from datetime import datetime")
    out.add("from typing import Any, TypeVar\n")
    out.add("import httpx\nfrom sqlalchemy.orm import Session\n")
    out.add(f"from .models import {noun}\n")
    out.add("log = logging.getLogger(__name__)")
    out.add('T = TypeVar("T")\n')
    out.add('VERSION_RE = re.compile(r"(\\d+)\\.(\\d+)\\.(\\d+)")')
    for cname, kind, value in _constants(nz, nz.num(3, 8)):
        out.add(f"{cname} = {_literal(kind, value, 'python')}")
    if "PAGE_SIZE" not in out.text:
        out.add(f"PAGE_SIZE = {nz.pick((20, 50, 100))}")
    if "MAX_RETRIES" not in out.text:
        out.add(f"MAX_RETRIES = {nz.num(2, 6)}")
    if "API_BASE_URL" not in out.text:
        out.add(f'API_BASE_URL = "https://{nz.pick(HOSTS)}/v2/"')
    used: set[int] = set()
    while out.nbytes < target_bytes and len(used) < len(PYTHON_FUNCS):
        i = nz.rng.randrange(len(PYTHON_FUNCS))
        if i in used:
            continue
        used.add(i)
        out.add("\n")
        if nz.chance(0.3):
            out.add(f"# {_comment(nz, slots)}")
        out.add(_fill(PYTHON_FUNCS[i], slots))
    return NoiseFile(f"server/{nz.pick(PACKAGES)}/{name}.py", out.text)


TS_FUNCS = (
    """export async function «verb»«Noun»s(cursor?: string): Promise<Page<«Noun»>> {
  const url = new URL("«noun_s»s", API_BASE_URL);
  url.searchParams.set("limit", String(PAGE_SIZE));
  if (cursor) url.searchParams.set("cursor", cursor);
  const started = performance.now();
  const res = await fetch(url, { headers: { "x-request-id": crypto.randomUUID() } });
  if (!res.ok) throw new HttpError(res.status, `«verb»«Noun»s failed: ${res.status}`);
  const page = (await res.json()) as Page<«Noun»>;
  console.debug(`«verb»«Noun»s: ${page.items.length} items in ${(performance.now() - started).toFixed(1)}ms`);
  return page;
}""",
    """export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}""",
    """export const «noun»Schema = z.object({
  id: z.string().uuid(),
  title: z.string().min(1).max(«big»),
  updatedAt: z.number().int().nonnegative(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default("«color»"),
  «adj»: z.boolean().default(false),
});
export type «Noun» = z.infer<typeof «noun»Schema>;""",
    """export function backoff(attempt: number, baseMs = «ms», capMs = 60_000): number {
  const exp = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(Math.random() * exp);
}""",
    """export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}""",
    """export function use«Noun»s(filter: «Noun»Filter) {
  return useQuery({
    queryKey: ["«noun_s»s", filter],
    queryFn: () => «verb»«Noun»s(),
    staleTime: «n» * 60_000,
    retry: MAX_RETRIES,
  });
}""",
    """export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}""",
)


def typescript_module(nz: Noise, target_bytes: int) -> NoiseFile:
    """A TypeScript module of a web front end."""
    noun = nz.noun()
    out = Text()
    slots = _slots(nz)
    slots.update(Noun=noun, noun=noun[0].lower() + noun[1:], noun_s=snake(noun))
    out.add(f"// {nz.pick(LICENSE_HEADERS).splitlines()[0]}")
    out.add('import { useQuery } from "@tanstack/react-query";')
    out.add('import { z } from "zod";')
    out.add(f'import type {{ Page, {noun}Filter }} from "./types";\n')
    out.add(f'export const API_BASE_URL = "https://{nz.pick(HOSTS)}/v{nz.num(1, 3)}/";')
    out.add(f"export const PAGE_SIZE = {nz.pick((20, 25, 50))};")
    out.add(f"export const MAX_RETRIES = {nz.num(1, 5)};")
    for name, kind, value in _constants(nz, nz.num(2, 6)):
        if name not in ("PAGE_SIZE", "MAX_RETRIES", "API_BASE_URL"):
            out.add(f"export const {name} = {_literal(kind, value, 'ts')};")
    out.add("")
    used: set[int] = set()
    while out.nbytes < target_bytes and len(used) < len(TS_FUNCS):
        i = nz.rng.randrange(len(TS_FUNCS))
        if i in used:
            continue
        used.add(i)
        if nz.chance(0.4):
            out.add(f"/** {_comment(nz, slots)} */")
        out.add(_fill(TS_FUNCS[i], slots) + "\n")
    stem = snake(noun).replace("_", "-") + "-" + nz.pick(("api", "store", "utils", "hooks"))
    return NoiseFile(f"web/src/{nz.pick(PACKAGES)}/{stem}.ts", out.text)


GO_FUNCS = (
    """// «Verb»«Noun»s returns one page of «noun»s.
func (s *«Cls») «Verb»«Noun»s(ctx context.Context, cursor string) ([]«Noun», string, error) {
	ctx, cancel := context.WithTimeout(ctx, «n»*time.Second)
	defer cancel()
	start := time.Now()
	const q = `SELECT id, title, updated_at FROM «noun_s»s WHERE id > $1 ORDER BY id LIMIT $2`
	rows, err := s.db.QueryContext(ctx, q, cursor, pageSize)
	if err != nil {
		return nil, "", fmt.Errorf("query «noun_s»s: %w", err)
	}
	defer rows.Close()
	var out []«Noun»
	for rows.Next() {
		var it «Noun»
		if err := rows.Scan(&it.ID, &it.Title, &it.UpdatedAt); err != nil {
			return nil, "", err
		}
		out = append(out, it)
	}
	s.log.Debug("listed «noun_s»s", "count", len(out), "took", time.Since(start))
	next := ""
	if len(out) == pageSize {
		next = out[len(out)-1].ID
	}
	return out, next, rows.Err()
}""",
    """func backoff(attempt int) time.Duration {
	d := «ms» * time.Millisecond << uint(attempt)
	if d > time.Minute {
		d = time.Minute
	}
	return time.Duration(rand.Int63n(int64(d)))
}""",
    """func (s *«Cls») ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := r.Header.Get("X-Request-Id")
	if reqID == "" {
		reqID = newRequestID()
	}
	w.Header().Set("X-Request-Id", reqID)
	w.Header().Set("Cache-Control", "max-age=«big»")
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	items, next, err := s.«Verb»«Noun»s(r.Context(), r.URL.Query().Get("cursor"))
	if err != nil {
		s.log.Error("list failed", "request_id", reqID, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "next": next})
}""",
    """func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}""",
    """type «Noun» struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	UpdatedAt time.Time `json:"updated_at"`
	Checksum  string    `json:"checksum,omitempty"`
}""",
    """func newRequestID() string {
	var b [16]byte
	_, _ = crand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}""",
)


def go_module(nz: Noise, target_bytes: int) -> NoiseFile:
    """A Go source file of a small HTTP service."""
    noun = nz.noun()
    cls = nz.cls(noun)
    pkg = nz.pick(PACKAGES)
    out = Text()
    slots = _slots(nz)
    slots.update(Noun=noun, noun=noun[0].lower() + noun[1:], noun_s=snake(noun), Cls=cls)
    out.add(f"// {nz.pick(LICENSE_HEADERS).splitlines()[0]}\n")
    out.add(f"// Package {pkg}: {_lower_first(_comment(nz, slots))}")
    out.add(f"package {pkg}\n")
    out.add('import (\n\t"context"\n\tcrand "crypto/rand"\n\t"crypto/sha256"\n\t"database/sql"\n'
            '\t"encoding/hex"\n\t"encoding/json"\n\t"fmt"\n\t"log/slog"\n\t"math/rand"\n\t"net/http"\n'
            '\t"time"\n)\n')
    consts = [("pageSize", str(nz.pick((20, 50, 100))))]
    for name, kind, value in _constants(nz, nz.num(2, 6)):
        camel = "".join(part.capitalize() for part in name.lower().split("_"))
        consts.append((_lower_first(camel), _literal(kind, value, "go")))
    width = max(len(name) for name, _ in consts)
    out.add("const (\n" + "\n".join(f"\t{name:<{width}} = {lit}" for name, lit in consts) + "\n)\n")
    out.add(f"// {cls}: {_lower_first(_comment(nz, slots))}")
    out.add(f"type {cls} struct {{\n\tdb  *sql.DB\n\tlog *slog.Logger\n}}\n")
    used: set[int] = set()
    while out.nbytes < target_bytes and len(used) < len(GO_FUNCS):
        i = nz.rng.randrange(len(GO_FUNCS))
        if i in used:
            continue
        used.add(i)
        out.add(_fill(GO_FUNCS[i], slots) + "\n")
    return NoiseFile(f"gateway/internal/{pkg}/{snake(noun)}.go", out.text)


def _path_data(nz: Noise, decimals: int) -> str:
    """SVG path commands of a 24x24 icon (as exported by design tools into Android vector drawables)."""

    scale = 10**decimals

    def coord() -> str:
        return f"{nz.num(0, 24 * scale) / scale:.{decimals}f}"

    def pt() -> str:
        return f"{coord()},{coord()}"

    parts = [f"M{pt()}"]
    for _ in range(nz.num(4, 14)):
        op = nz.pick("CCLlHVc")
        if op in "Cc":
            parts.append(f"{op}{pt()} {pt()} {pt()}")
        elif op in "Ll":
            parts.append(f"{op}{pt()}")
        else:
            parts.append(f"{op}{coord()}")
    parts.append("Z")
    return "".join(parts)


def android_resource(nz: Noise, target_bytes: int) -> NoiseFile:
    """An Android resource file: a vector drawable (icon path data) or a values XML (colours, dimensions, strings)."""
    out = Text()
    out.add('<?xml version="1.0" encoding="utf-8"?>')
    noun = snake(nz.noun())
    if nz.chance(0.6):
        out.add(f"<!-- Exported from the design system (icons v{nz.num(2, 4)}.{nz.num(0, 9)}); "
                "do not edit by hand. -->")
        out.add('<vector xmlns:android="http://schemas.android.com/apk/res/android"\n    android:width="24dp"\n'
                '    android:height="24dp"\n    android:viewportWidth="24"\n    android:viewportHeight="24"\n'
                '    android:tint="?attr/colorControlNormal">')
        decimals = nz.pick((2, 3, 4, 4))
        while out.nbytes < min(target_bytes, 2500):
            fill = nz.pick(("@android:color/white", "#FF000000", nz.pick(COLORS)))
            out.add(f'  <path\n      android:fillColor="{fill}"\n      android:pathData="{_path_data(nz, decimals)}"/>')
            if nz.chance(0.3):
                break
        out.add("</vector>")
        return NoiseFile(f"src/main/res/drawable/ic_{noun}_{nz.pick(('24', 'outline_24', 'filled_24'))}.xml", out.text)
    kind = nz.pick(("colors", "dimens", "strings", "strings_zh"))
    out.add("<resources>")
    names: set[str] = set()
    limit = min(target_bytes, nz.num(900, 3000))
    while out.nbytes < limit:
        name = f"{snake(nz.noun())}_{nz.pick(ADJECTIVES)}"
        if name in names:
            continue
        names.add(name)
        if kind == "colors":
            out.add(f'    <color name="{name}">{nz.pick(COLORS)}</color>')
        elif kind == "dimens":
            out.add(f'    <dimen name="{name}_{nz.pick(("padding", "margin", "radius", "elevation"))}">'
                    f'{nz.pick((0.5, 1, 2, 4, 8, 12, 16, 24, 32, 48))}dp</dimen>')
        elif kind == "strings":
            thing = snake(nz.noun()).replace("_", " ")
            text = nz.pick(("Sync failed. Retrying in %1$d s\\u2026", f"%1$d of %2$d {thing}s",
                            "Version %1$s (build %2$d)", f"Up to {nz.pick((25, 50, 100))} MB per file",
                            "Cleared %1$s of cache", "Couldn\\'t reach the server. Check your connection.",
                            f"No {thing}s yet", f"Delete this {thing}?", f"{thing.capitalize()} saved",
                            f"{nz.pick(VERBS).capitalize()} {thing}s", "Updated %1$s ago",
                            f"{nz.pick(ADJECTIVES).capitalize()} {thing}s (%1$d)"))
            out.add(f'    <string name="{name}">{text}</string>')
        else:
            item = nz.pick(("文件", "项目", "记录", "收藏", "草稿", "提醒", "报表", "主题", "课程", "歌单"))
            text = nz.pick(("同步失败，%1$d 秒后重试…", f"已选择 %1$d 个{item}", "版本 %1$s（构建 %2$d）",
                            f"单个文件不超过 {nz.pick((25, 50, 100))} MB", "已清理 %1$s 缓存",
                            "无法连接服务器，请检查网络设置。", "使用手机号登录", f"暂无{item}",
                            f"确定删除该{item}吗？",
                            f"{item}已保存", "%1$s 前更新", f"共 %1$d 个{item}", f"正在加载{item}…",
                            f"最多可添加 {nz.pick((10, 20, 50, 100))} 个{item}"))
            out.add(f'    <string name="{name}">{text}</string>')
    out.add("</resources>")
    folder = "values-zh-rCN" if kind == "strings_zh" else "values"
    return NoiseFile(f"src/main/res/{folder}/{kind.split('_')[0]}_{snake(nz.noun())}.xml", out.text)


SOURCE_GENERATORS: tuple[Callable[[Noise, int], NoiseFile], ...] = (
    kotlin_module, kotlin_module, java_module, python_module, python_module, typescript_module, go_module,
    android_resource)


# --- service logs -----------------------------------------------------------------------------------------

NPM_NAMES = ("ansi-styles", "chalk", "debug", "ms", "semver", "picocolors", "nanoid", "source-map-js", "lru-cache",
             "yallist", "minimatch", "brace-expansion", "balanced-match", "glob", "once", "wrappy", "escalade",
             "electron-to-chromium", "caniuse-lite", "browserslist", "node-releases", "update-browserslist-db",
             "@babel/core", "@babel/parser", "@babel/types", "@jridgewell/trace-mapping", "@esbuild/linux-x64",
             "@rollup/rollup-linux-x64-gnu", "fast-deep-equal", "json-schema-traverse", "uri-js", "punycode",
             "tslib", "js-tokens", "loose-envify", "scheduler", "csstype", "postcss-value-parser", "cross-spawn",
             "which", "isexe", "path-key", "signal-exit", "strip-ansi", "ansi-regex", "string-width",
             "emoji-regex", "@types/react", "@types/prop-types", "convert-source-map", "gensync", "json5")


def package_lock_doc(nz: Noise, target_bytes: int) -> str:
    """An npm ``package-lock.json`` (v3): versions, tarball URLs and sha512 integrity strings."""
    direct = nz.sample(NPM_PKGS, 8)
    deps = ",\n".join(f'        "{name}": "^{ver}"' for name, ver in direct)
    root = ('    "": {\n      "name": "acme-web",\n      "version": "2.3.1",\n      "dependencies": {\n'
            f'{deps}\n      }},\n      "engines": {{\n        "node": ">=18.17"\n      }}\n    }}')
    entries = [root]
    size = len(root)
    names = list(NPM_NAMES) + [name for name, _ in NPM_PKGS]
    nz.rng.shuffle(names)
    for name in names:
        if size >= target_bytes:
            break
        ver = nz.version()
        base = name.rsplit("/", 1)[-1]
        lines = [f'    "node_modules/{name}": {{', f'      "version": "{ver}",',
                 f'      "resolved": "https://npm.example.com/{name}/-/{base}-{ver}.tgz",',
                 f'      "integrity": "sha512-{nz.b64(64)}",']
        if nz.chance(0.6):
            lines.append('      "dev": true,')
        if nz.chance(0.4):
            sub = ",\n".join(f'        "{d}": "^{nz.version()}"' for d in nz.sample(NPM_NAMES, nz.num(1, 4)))
            lines.append('      "dependencies": {\n' + sub + "\n      },")
        lines.append(f'      "engines": {{\n        "node": ">={nz.pick((12, 14, 16, 18))}"\n      }}\n    }}')
        entry = "\n".join(lines)
        entries.append(entry)
        size += len(entry) + 2
    return ('{\n  "name": "acme-web",\n  "version": "2.3.1",\n  "lockfileVersion": 3,\n  "requires": true,\n'
            '  "packages": {\n' + ",\n".join(entries) + "\n  }\n}\n")


def service_log_doc(nz: Noise, target_bytes: int, json_lines: bool) -> str:
    """Backend service logs: Go ``slog`` JSON lines or Python ``logging`` text lines."""
    out = Text()
    t = (nz.num(0, 23) * 3600 + nz.num(0, 3599)) * 1000 + nz.num(0, 999)
    snowflake = 1862451783905280000 + nz.num(0, 10**15)
    routes = [f"/v2/{snake(nz.noun())}s" for _ in range(6)] + ["/v2/config", "/healthz", "/metrics"]
    agents = (f"AcmeTracker/{APP_VERSION} (Android 14; build {APP_BUILD})", "okhttp/4.12.0",
              f"AcmeTracker/{APP_VERSION} (iOS 17.1; build {APP_BUILD})", "kube-probe/1.28", "Prometheus/2.48.0")

    def stamp() -> str:
        nonlocal t
        t += nz.num(0, 800)
        s, ms = divmod(t % 86_400_000, 1000)
        sep = "T" if json_lines else " "
        frac = f".{ms:03d}+08:00" if json_lines else f",{ms:03d}"
        return f"2024-11-29{sep}{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{frac}"

    service = nz.pick(("gateway", "ingest", "thumbnailer", "sync-api"))
    while out.nbytes < target_bytes:
        choice = nz.num(0, 9)
        rid = nz.uuid()
        if choice <= 4:
            route = nz.pick(routes)
            status = nz.pick((200, 200, 200, 200, 200, 204, 304, 400, 404, 429, 500))
            dur = nz.num(100, 900_000) / 1000
            if json_lines:
                out.add(f'{{"time":"{stamp()}","level":"INFO","msg":"request","service":"{service}",'
                        f'"method":"{nz.pick(("GET", "GET", "POST", "PUT"))}","path":"{route}","status":{status},'
                        f'"duration_ms":{dur},"bytes":{nz.num(0, 200_000)},"request_id":"{rid}",'
                        f'"trace_id":"{nz.hex(32)}","span_id":"{nz.hex(16)}","user_agent":"{nz.pick(agents)}"}}')
            else:
                out.add(f"{stamp()} INFO [{service}.http] {nz.pick(('GET', 'POST'))} {route} -> {status} "
                        f"in {dur:.1f} ms ({nz.num(0, 200_000)} bytes) request_id={rid}")
        elif choice == 5:
            snowflake += nz.num(1, 10**9)
            events = nz.num(1, 512)
            if json_lines:
                out.add(f'{{"time":"{stamp()}","level":"INFO","msg":"batch committed","batch_id":{snowflake},'
                        f'"events":{events},"queue":"ingest-{nz.num(0, 7)}","lag_ms":{nz.num(0, 9000)},'
                        f'"duration_ms":{nz.num(100, 90000) / 1000}}}')
            else:
                out.add(f"{stamp()} INFO [{service}.worker] batch {snowflake} committed: {events} events, "
                        f"lag {nz.num(0, 9000)} ms, offset {nz.num(10**6, 10**9)}")
        elif choice == 6:
            sql = nz.pick((f"SELECT id, title, updated_at FROM {snake(nz.noun())}s WHERE id > $1 ORDER BY id LIMIT $2",
                           f"UPDATE {snake(nz.noun())}s SET {nz.pick(ADJECTIVES)} = true WHERE updated_at < $1",
                           f"INSERT INTO {snake(nz.noun())}_events (id, kind, created_at) VALUES ($1, $2, now())"))
            dur = nz.num(200_000, 3_000_000) / 1000
            if json_lines:
                out.add(f'{{"time":"{stamp()}","level":"WARN","msg":"slow query","sql":"{sql}",'
                        f'"duration_ms":{dur},"rows":{nz.num(0, 5000)},"request_id":"{rid}"}}')
            else:
                out.add(f"{stamp()} WARNING [{service}.db] slow query ({dur:.1f} ms, {nz.num(0, 5000)} rows): {sql}")
        elif choice == 7:
            heap = nz.num(10_000_000, 900_000_000)
            if json_lines:
                out.add(f'{{"time":"{stamp()}","level":"DEBUG","msg":"runtime stats","goroutines":{nz.num(20, 4000)},'
                        f'"heap_alloc_bytes":{heap},"gc_pause_p99_us":{nz.num(50, 4000)},'
                        f'"uptime_s":{nz.num(60, 900000)}}}')
            else:
                out.add(f"{stamp()} DEBUG [{service}.stats] rss={heap // 1048576}MiB threads={nz.num(4, 64)} "
                        f"open_fds={nz.num(20, 900)} gc_gen2={nz.num(0, 90)}")
        elif choice == 8:
            if json_lines:
                out.add(f'{{"time":"{stamp()}","level":"INFO","msg":"config reloaded","version":"{APP_VERSION}.'
                        f'{nz.num(1, 9)}","sha256":"{nz.sha256()}","flags":{nz.num(5, 40)}}}')
            else:
                out.add(f"{stamp()} INFO [{service}.config] reloaded config {nz.hex(12)} "
                        f"(schema v{nz.num(3, 12)}, {nz.num(5, 40)} flags)")
        else:
            retry = nz.num(1, 5)
            upstream = nz.pick(HOSTS)
            if json_lines:
                out.add(f'{{"time":"{stamp()}","level":"WARN","msg":"upstream retry","upstream":"https://{upstream}",'
                        f'"attempt":{retry},"backoff_ms":{nz.num(100, 8000)},"error":"context deadline exceeded",'
                        f'"request_id":"{rid}"}}')
            else:
                out.add(f"{stamp()} WARNING [{service}.client] retry {retry}/5 for https://{upstream}/v2/config: "
                        f"ReadTimeout({nz.pick((5, 10, 30))}.0s)")
    return out.text


# --- build / CI output ------------------------------------------------------------------------------------


class _CiClock:
    """GitHub-Actions-style ``2024-11-29T08:14:03.1234567Z`` stamps."""

    def __init__(self, nz: Noise) -> None:
        self.nz = nz
        self.t = (nz.num(0, 23) * 3600 + nz.num(0, 3599)) * 10_000_000

    def stamp(self) -> str:
        self.t += self.nz.num(1, 2_000_000) if self.nz.chance(0.9) else self.nz.num(2_000_000, 300_000_000)
        s, frac = divmod(self.t, 10_000_000)
        return f"2024-11-29T{s // 3600 % 24:02d}:{s // 60 % 60:02d}:{s % 60:02d}.{frac:07d}Z"


def _ci_preamble(nz: Noise, clock: _CiClock, out: Text, job: str) -> None:
    def ci(line: str) -> None:
        out.add(f"{clock.stamp()} {line}")

    ci(f"Current runner version: '2.{nz.num(309, 321)}.{nz.num(0, 3)}'")
    ci(f"Runner name: 'ci-runner-{nz.num(1, 24):02d}'")
    ci("Operating System")
    ci("  Ubuntu")
    ci("  22.04.3")
    ci("Runner Image")
    ci("  Image: ubuntu-22.04")
    ci(f"  Version: 20241117.{nz.num(1, 3)}.0")
    ci(f"Job defined at: acme-demo/tracker/.github/workflows/{job}.yml@refs/heads/main")
    ci(f"Download action repository 'actions/checkout@v4' (SHA:{nz.git_sha()})")
    ci(f"Download action repository 'actions/cache@v3' (SHA:{nz.git_sha()})")
    ci("Syncing repository: acme-demo/tracker")
    ci("[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 "
       f"origin +{nz.git_sha()}:refs/remotes/origin/main")
    ci("Submodule 'proto' (git@github.com:acme-demo/proto.git) registered for path 'proto'")
    short = nz.hex(7)
    ci(f"HEAD is now at {short} Merge pull request #{nz.num(800, 4000)} from acme-demo/"
       f"{nz.pick(('fix', 'feat', 'chore'))}/{snake(nz.noun()).replace('_', '-')}-{nz.pick(VERBS)}")
    tool = {"android": "gradle", "web": "npm", "server": "pip"}.get(job, job)
    ci(f"Cache restored from key: {job}-{tool}-{nz.sha256()}")
    ci(f"Received {nz.num(10_000_000, 900_000_000)} of {nz.num(900_000_000, 990_000_000)} "
       f"({nz.num(10, 100)}.0%), {nz.num(10, 200) / 10:.1f} MBs/sec")


def gradle_ci_doc(nz: Noise, target_bytes: int) -> str:
    """A CI log of an Android Gradle build with unit tests."""
    out = Text()
    clock = _CiClock(nz)
    _ci_preamble(nz, clock, out, "android")

    def ci(line: str) -> None:
        out.add(f"{clock.stamp()} {line}")

    ci("Starting a Gradle Daemon (subsequent builds will be faster)")
    ci("> Configure project :app")
    ci(f"AGP 8.{nz.num(1, 3)}.{nz.num(0, 2)} / Kotlin 1.9.{nz.num(10, 22)} / compileSdk 34 / minSdk 24")
    modules = (":app", ":core", ":data", ":feature-feed", ":feature-player", ":sync", ":widgets")
    tasks = ("preBuild", "preDebugBuild", "generateDebugBuildConfig", "checkDebugAarMetadata",
             "generateDebugResValues", "mergeDebugResources", "processDebugManifest", "kaptGenerateStubsDebugKotlin",
             "kaptDebugKotlin", "compileDebugKotlin", "compileDebugJavaWithJavac", "mergeDebugJniLibFolders",
             "dexBuilderDebug", "mergeDebugJavaResource", "lintAnalyzeDebug", "compileDebugUnitTestKotlin",
             "testDebugUnitTest", "bundleDebugAar")
    steps = [(mod, task) for mod in modules for task in tasks]
    step = 0
    downloads = 0
    while out.nbytes < target_bytes:
        choice = nz.num(0, 9)
        if choice <= 4:
            mod, task = steps[step % len(steps)]
            step += 1
            suffix = nz.pick(("", "", " UP-TO-DATE", " FROM-CACHE", " NO-SOURCE"))
            ci(f"> Task {mod}:{task}{suffix}")
            if task == "testDebugUnitTest" and not suffix:
                for _ in range(nz.num(2, 12)):
                    cls = nz.cls()
                    result = nz.pick(("succeeds", "retriesOnTimeout", "returnsEmptyOnHttp404", "mapsFields"))
                    ci(f"{APP}.{nz.pick(PACKAGES)}.{cls}Test > {nz.fn()}_{result} PASSED")
                ci(f"{nz.num(20, 400)} tests completed, 0 failed, {nz.num(0, 4)} skipped "
                   f"({nz.num(1000, 90000) / 1000:.3f}s)")
        elif choice == 5 and downloads < 40:
            downloads += 1
            group, art, ver = nz.pick(LIBS)
            path = group.replace(".", "/")
            ci(f"Download https://repo.maven.apache.org/maven2/{path}/{art}/{ver}/{art}-{ver}."
               f"{nz.pick(('pom', 'jar', 'module', 'aar'))}, took {nz.num(40, 2400)} ms ({nz.size_kb()})")
        elif choice == 6:
            cls = nz.cls()
            ci(f"w: file:///home/runner/work/tracker/tracker/app/src/main/kotlin/com/acme/tracker/"
               f"{nz.pick(PACKAGES)}/{cls}.kt:{nz.num(10, 400)}:{nz.num(5, 60)} "
               f"{nz.pick(('Parameter', 'Variable'))} '{nz.pick(VERBS)}{nz.noun()}' is never used")
        elif choice == 7:
            ci(nz.pick(("Note: Some input files use unchecked or unsafe operations.",
                        "Note: Recompile with -Xlint:unchecked for details.",
                        f"Kotlin compile daemon is ready (pid in /tmp/kotlin-daemon.{nz.hex(8)}.log)",
                        f"AAPT2 aapt2-8.1.{nz.num(0, 4)}-{nz.num(10000000, 10999999)}-linux Daemon #{nz.num(0, 7)}: "
                        "Idle daemon unexpectedly exit. This should not happen.",
                        f"[ksp] loaded provider(s): [androidx.room.RoomKspProcessor$Provider] in "
                        f"{nz.num(20, 900)} ms")))
        elif choice == 8:
            ci(f"Build cache: {nz.num(10, 900)} hits, {nz.num(0, 90)} misses ({nz.num(40, 99)}% hit rate); "
               f"remote https://gradle-cache.example.com/cache/ {nz.size_mb()} downloaded")
        else:
            ci(f"Lint found {nz.num(0, 40)} warnings in {nz.pick(modules)} "
               f"(baseline: {nz.num(50, 400)} issues filtered)")
    ci("Deprecated Gradle features were used in this build, making it incompatible with Gradle 9.0.")
    ci(f"Configuration cache entry {nz.pick(('stored', 'reused'))}.")
    apk_mb = nz.num(180, 420) / 10
    ci(f"app-release.apk: {apk_mb:.1f} MB ({int(apk_mb * 1048576)} bytes)")
    ci(f"sha256 {nz.sha256()}  app/build/outputs/apk/release/app-release.apk")
    ci(f"BUILD SUCCESSFUL in {nz.num(1, 9)}m {nz.num(0, 59)}s")
    executed = nz.num(20, 120)
    ci(f"{executed + nz.num(10, 80)} actionable tasks: {executed} executed, {nz.num(5, 60)} from cache, "
       f"{nz.num(0, 40)} up-to-date")
    ci(f"Uploading artifact app-release.apk ({apk_mb:.1f} MB) as 'apk-{APP_VERSION}-{APP_BUILD}'")
    ci(f"Artifact apk-{APP_VERSION}-{APP_BUILD} has been successfully uploaded! Final size is "
       f"{int(apk_mb * 1048576 * 0.97)} bytes. Artifact ID is {nz.num(1_000_000_000, 2_000_000_000)}")
    return out.text


def npm_ci_doc(nz: Noise, target_bytes: int) -> str:
    """A CI log of an npm install, lint, test and Vite build."""
    out = Text()
    clock = _CiClock(nz)
    _ci_preamble(nz, clock, out, "web")

    def ci(line: str) -> None:
        out.add(f"{clock.stamp()} {line}")

    ci("Run npm ci")
    ci("npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory. Do not use it.")
    ci("npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported")
    added = nz.num(600, 1800)
    ci(f"added {added} packages, and audited {added + 1} packages in {nz.num(8, 90)}s")
    ci(f"{nz.num(80, 300)} packages are looking for funding")
    ci("  run `npm fund` for details")
    ci("found 0 vulnerabilities")
    ci("> acme-web@2.3.1 lint")
    ci("> eslint . --max-warnings 0")
    ci("> acme-web@2.3.1 test")
    ci("> vitest run --coverage")
    ci(" RUN  v1.0.1 /home/runner/work/tracker/tracker/web")
    while out.nbytes < target_bytes * 0.8:
        noun = snake(nz.noun()).replace("_", "-")
        n = nz.num(2, 40)
        ci(f" ✓ src/{nz.pick(PACKAGES)}/{noun}-{nz.pick(('api', 'store', 'utils', 'hooks'))}.test.ts ({n} tests) "
           f"{nz.num(3, 900)}ms")
        if nz.chance(0.1):
            ci(f" stdout | src/{noun}.test.ts > {nz.fn()} > request_id={nz.uuid()} status=200")
    ci(f" Test Files  {nz.num(20, 90)} passed ({nz.num(20, 90)})")
    ci(f"      Tests  {nz.num(200, 900)} passed ({nz.num(200, 900)})")
    ci(f"   Start at  {clock.stamp()[11:19]}")
    ci(f"   Duration  {nz.num(20, 300) / 10:.2f}s (transform {nz.num(100, 900)}ms, setup 0ms, collect "
       f"{nz.num(1, 9)}.{nz.num(10, 99)}s, tests {nz.num(1, 9)}.{nz.num(10, 99)}s)")
    ci(" % Coverage report from v8")
    ci(f"All files          |   {nz.num(600, 950) / 10:.2f} |    {nz.num(500, 900) / 10:.2f} |   "
       f"{nz.num(600, 950) / 10:.2f} |   {nz.num(600, 950) / 10:.2f} |")
    ci("> acme-web@2.3.1 build")
    ci("> tsc -b && vite build")
    ci("vite v5.0.4 building for production...")
    ci(f"✓ {nz.num(400, 3000)} modules transformed.")
    while out.nbytes < target_bytes:
        name = nz.pick(("index", "vendor", "feed", "player", "settings", "charts", "editor"))
        kb = nz.num(5, 600_00) / 100
        ci(f"dist/assets/{name}-{nz.hex(8)}.js   {kb:>8.2f} kB │ gzip: {kb * 0.31:>7.2f} kB │ map: "
           f"{kb * 3.1:>8.2f} kB")
    ci(f"✓ built in {nz.num(200, 3000) / 100:.2f}s")
    ci(f"Preview server listening on http://127.0.0.1:{nz.pick((4173, 5173, 8080))}/")
    return out.text


def python_ci_doc(nz: Noise, target_bytes: int) -> str:
    """A CI log of pip install, pytest and a Docker image build for the Python service."""
    out = Text()
    clock = _CiClock(nz)
    _ci_preamble(nz, clock, out, "server")

    def ci(line: str) -> None:
        out.add(f"{clock.stamp()} {line}")

    ci(f"Successfully set up CPython ({nz.pick(('3.11.6', '3.12.0', '3.11.7'))})")
    ci("Run pip install -r requirements.txt")
    for name, ver in nz.sample(PY_PKGS, nz.num(8, len(PY_PKGS))):
        ci(f"Collecting {name}=={ver} (from -r requirements.txt (line {nz.num(1, 30)}))")
        wheel = name.replace("-", "_")
        tag = nz.pick(("py3-none-any", "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"))
        ci(f"  Downloading {wheel}-{ver}-{tag}.whl ({nz.size_kb()})")
        if nz.chance(0.3):
            bar = "━" * 40
            ci(f"     {bar} {nz.size_kb()} {nz.num(1, 90)}.{nz.num(0, 9)} MB/s eta 0:00:00")
    ci("Successfully installed " + " ".join(f"{n}-{v}" for n, v in nz.sample(PY_PKGS, 10)))
    ci("Run pytest -q --cov=server")
    ci("============================= test session starts ==============================")
    ci("platform linux -- Python 3.11.6, pytest-7.4.3, pluggy-1.3.0")
    ci("rootdir: /home/runner/work/tracker/tracker/server")
    ci("plugins: cov-4.1.0, anyio-3.7.1, asyncio-0.21.1")
    total = nz.num(120, 900)
    ci(f"collected {total} items")
    done = 0
    while out.nbytes < target_bytes * 0.75:
        dots = nz.num(5, 70)
        done = min(total, done + dots)
        ci(f"tests/test_{snake(nz.noun())}.py {'.' * dots}{nz.pick(('', '', 's', 'x'))} "
           f"[{min(99, 100 * done // total):>3}%]")
        if done >= total:
            done = 0
    ci("---------- coverage: platform linux, python 3.11.6-final-0 -----------")
    ci(f"TOTAL {nz.num(2000, 9000):>10} {nz.num(50, 900):>6} {nz.num(70, 98):>5}%")
    ci(f"============ {total} passed, {nz.num(0, 9)} skipped in {nz.num(300, 9000) / 100:.2f}s ============")
    ci("Run docker buildx build --push -t registry.example.com/acme/ingest:" + f"{APP_VERSION}-{APP_BUILD} .")
    step = 1
    while out.nbytes < target_bytes:
        instruction = nz.pick(("RUN pip install --no-cache-dir -r requirements.txt", "COPY . /app", "WORKDIR /app",
                               "RUN python -m compileall -q /app"))
        ci(f"#{step} [{nz.num(1, 8)}/8] {instruction}")
        ci(f"#{step} sha256:{nz.sha256()} {nz.num(1, 90)}.{nz.num(0, 9)}MB / {nz.num(90, 200)}.{nz.num(0, 9)}MB "
           f"{nz.num(1, 9)}.{nz.num(0, 9)}s")
        ci(f"#{step} DONE {nz.num(1, 900) / 10:.1f}s")
        step += 1
    ci(f"#{step} writing image sha256:{nz.sha256()} done")
    ci(f"#{step} naming to registry.example.com/acme/ingest:{APP_VERSION}-{APP_BUILD} done")
    ci(f"#{step} pushing manifest for registry.example.com/acme/ingest:{APP_VERSION}-{APP_BUILD}@sha256:"
       f"{nz.sha256()} {nz.num(1, 30) / 10:.1f}s done")
    ci("Run curl --retry 5 --retry-connrefused http://127.0.0.1:8080/healthz")
    ci("INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")
    ci(f'INFO:     127.0.0.1:{nz.num(40000, 60000)} - "GET /healthz HTTP/1.1" 200 OK')
    return out.text


CI_GENERATORS: tuple[tuple[str, Callable[[Noise, int], str]], ...] = (
    ("android", gradle_ci_doc), ("web", npm_ci_doc), ("server", python_ci_doc))


# --- documentation prose ----------------------------------------------------------------------------------

EN_ACTIONS = ("switching to dark mode", "rotating the screen during playback", "opening a shared link",
              "restoring a backup", "resuming an interrupted upload", "exporting a large report",
              "opening the widget settings", "changing the app language")
EN_NOTES = (
    "Fixed a crash on Android {android} (API {api}) when {action}.",
    "Cold start is {pct}% faster on low-end devices ({ram} GB RAM reference device, median of {runs} runs).",
    "Reduced the download size from {mb1} MB to {mb2} MB.",
    "Offline sync now retries up to {n} times with exponential backoff ({b1}s, {b2}s, {b3}s, …).",
    "The {noun} screen transfers {pct}% fewer bytes thanks to WebP thumbnails.",
    "Upgraded OkHttp to 4.12.0, Kotlin to 1.9.{k} and the Android Gradle Plugin to 8.{agp}.0.",
    "Premium now costs ¥{price}/month or ¥{price_y}/year in mainland China (US${usd} elsewhere).",
    "Crash-free sessions rose to {crash}% over the last {days} days.",
    "More than {million} million {noun_l}s were created in {month}.",
    "Known issue: {noun_l} thumbnails may flicker on some tablets; a fix is planned for {next}.",
    "The minimum supported version is now Android {android} (API {api}).",
    "Search results now appear in under {ms} ms for libraries with up to {k}0,000 items.",
    "Battery use during background sync dropped by {pct}% (measured over {hours} hours).",
    "Added {n} new themes; the default accent colour is now {color}.",
)
EN_FAQ = (
    ("How large can an attachment be?",
     "Up to {mb} MB per file and {gb} GB per account on the free plan; Premium raises the limit to {gb2} GB."),
    ("How often does the app sync?",
     "Every {m1} minutes on Wi-Fi and every {m2} minutes on mobile data. You can trigger a sync at any time by "
     "pulling down on the list."),
    ("Where do I find my export?",
     "When the export is ready you get a notification with a download link. The link is valid for {hours} hours "
     "and the archive is a ZIP file of JSON and CSV documents."),
    ("Does the app work offline?",
     "Yes. The last {items} items are cached on the device, and changes are uploaded when the connection "
     "comes back."),
    ("Which versions are supported?",
     "Android {android} (API {api}) and later, iOS {ios} and later, and the two most recent versions of Chrome, "
     "Firefox, Safari and Edge."),
    ("How do I contact support?",
     "Write to support@example.com. We answer within {bd} business days; Premium requests are answered "
     "within {hours2} hours."),
    ("Why does the app ask for the location permission?",
     "Route recording needs it while a workout is running. The app never records location in the background, "
     "and you can turn route recording off in Settings → Privacy."),
    ("How much storage does the app use?",
     "About {mb2} MB after installation; the image cache is capped at {cache} MB and can be cleared in "
     "Settings → Storage."),
    ("Can I cancel Premium at any time?",
     "Yes. The subscription stays active until the end of the paid period; refunds follow the store's policy "
     "(usually within {days} days of purchase)."),
)
ZH_NOTES = (
    "修复在 Android {android} 上{action}时偶发闪退的问题。",
    "冷启动耗时降低 {pct}%，低端机型（{ram} GB 内存）提升更明显。",
    "安装包体积由 {mb1} MB 缩减至 {mb2} MB。",
    "离线同步失败时最多自动重试 {n} 次，重试间隔依次为 {b1} 秒、{b2} 秒、{b3} 秒。",
    "会员价格调整：连续包月 ¥{price}，年卡 ¥{price_y}，首月体验价 ¥{trial}。",
    "近 {days} 天崩溃率下降至 {crash_rate}%，无崩溃会话占比 {crash}%。",
    "累计注册用户突破 {million}00 万，日活跃用户同比增长 {pct}%。",
    "新增 {n} 种主题配色，默认强调色调整为 {color}。",
    "搜索响应时间缩短至 {ms} 毫秒以内（{k} 万条记录以内）。",
    "后台同步耗电量降低 {pct}%（连续测试 {hours} 小时）。",
    "最低支持版本调整为 Android {android}（API {api}）。",
    "已知问题：部分平板设备上缩略图可能闪烁，预计在 {next} 版本修复。",
)
ZH_ACTIONS = ("切换深色模式", "播放中旋转屏幕", "打开分享链接", "恢复备份", "续传中断的上传", "导出大型报表",
              "切换应用语言")
ZH_FAQ = (
    ("如何更换绑定的手机号？",
     "进入“我的 → 账号与安全 → 手机号”，按提示完成短信验证即可。每个账号每 {days} 天最多更换 1 次。"),
    ("导出的数据保存多久？", "导出链接有效期为 {hours} 小时，单个文件大小上限 {gb} GB。"),
    ("应用占用空间太大怎么办？", "在“设置 → 存储”中清理缓存，通常可释放 {mb} MB 左右空间。图片缓存上限为 {cache} MB。"),
    ("为什么需要定位权限？", "仅在记录运动轨迹时使用精确定位，后台不会采集位置信息。可在“设置 → 隐私”中随时关闭。"),
    ("会员可以随时取消吗？", "可以。取消后会员权益保留至当前计费周期结束，购买后 {days} 天内可申请退款。"),
    ("同步多久进行一次？",
     "连接 Wi-Fi 时每 {m1} 分钟同步一次，使用移动数据时每 {m2} 分钟同步一次，也可下拉列表手动同步。"),
    ("如何联系客服？", "请发送邮件至 support@example.com，工作日 9:00–18:00 处理，一般 {bd} 个工作日内回复。"),
    ("支持哪些系统版本？", "Android {android}（API {api}）及以上、iOS {ios} 及以上。"),
)


def _prose_values(nz: Noise) -> dict[str, str]:
    price = nz.pick((("39.90", "298.00", "5.99"), ("25.00", "198.00", "3.99"), ("18.00", "168.00", "2.99")))
    android, api = nz.pick((("7.0", "24"), ("8.0", "26"), ("10", "29"), ("12", "31"), ("13", "33"), ("14", "34")))
    b1 = nz.pick((1, 2, 5))
    return {
        "android": android, "api": api, "action": nz.pick(EN_ACTIONS), "pct": str(nz.num(5, 45)),
        "ram": str(nz.pick((2, 3, 4))), "runs": str(nz.pick((20, 50, 100))), "mb1": f"{nz.num(200, 400) / 10:.1f}",
        "mb2": f"{nz.num(150, 199) / 10:.1f}", "n": str(nz.num(3, 8)), "b1": str(b1), "b2": str(b1 * 2),
        "b3": str(b1 * 4), "noun": nz.noun(), "noun_l": nz.noun().lower(), "k": str(nz.num(10, 22)),
        "agp": str(nz.num(1, 3)), "price": price[0], "price_y": price[1], "usd": price[2],
        "trial": nz.pick(("1.00", "6.00", "9.90")), "crash": f"{nz.num(9950, 9999) / 100:.2f}",
        "crash_rate": f"{nz.num(1, 50) / 100:.2f}", "days": str(nz.pick((7, 14, 28, 30))),
        "million": str(nz.num(2, 40)), "month": nz.pick(("September", "October", "November")),
        "next": f"4.{nz.num(3, 5)}.0", "ms": str(nz.pick((80, 120, 150, 200, 300))),
        "hours": str(nz.pick((24, 48, 72))),
        "color": nz.pick(COLORS), "mb": str(nz.pick((25, 50, 100, 200, 500, 800))), "gb": str(nz.pick((1, 2, 5))),
        "gb2": str(nz.pick((50, 100, 200))), "m1": str(nz.pick((15, 30))), "m2": str(nz.pick((60, 120))),
        "items": str(nz.pick((200, 500, 1000))), "ios": str(nz.pick((15, 16))), "bd": str(nz.num(1, 3)),
        "hours2": str(nz.pick((4, 8, 12))), "cache": str(nz.pick((128, 256, 512))),
    }


def _versions_desc(nz: Noise, count: int) -> list[tuple[str, str]]:
    """(version, ISO date) pairs, newest first, ending at 4.2.6 on 2024-11-29."""
    major, minor, patch = 4, 2, 6
    day = datetime.date(2024, 11, 29)
    out = []
    for _ in range(count):
        out.append((f"{major}.{minor}.{patch}", day.isoformat()))
        day -= datetime.timedelta(days=nz.num(7, 21))
        if patch:
            patch -= 1
        elif minor:
            minor, patch = minor - 1, nz.num(2, 9)
        elif major > 1:
            major, minor, patch = major - 1, nz.num(3, 9), nz.num(2, 9)
        else:
            break
    return out


def release_notes_en_doc(nz: Noise, target_bytes: int) -> str:
    """English release notes in Markdown."""
    out = Text()
    out.add("# Release notes\n")
    out.add("All notable changes to the Acme Tracker apps. Builds are published to the stores in stages "
            f"(1% → 10% → 50% → 100% over about {nz.pick((5, 7, 10))} days).\n")
    build = APP_BUILD
    for ver, date in _versions_desc(nz, 60):
        if out.nbytes >= target_bytes:
            break
        out.add(f"## {ver} — {date} (build {build})\n")
        build -= nz.num(3, 90)
        for note in nz.sample(EN_NOTES, nz.num(3, 6)):
            out.add("- " + note.format(**_prose_values(nz)))
        out.add("")
    return out.text


def release_notes_zh_doc(nz: Noise, target_bytes: int) -> str:
    """Chinese release notes in Markdown."""
    out = Text()
    out.add("# 版本更新说明\n")
    out.add("以下为 Acme Tracker 各版本的主要更新内容。新版本会分阶段发布（1% → 10% → 50% → 100%）。\n")
    for ver, date in _versions_desc(nz, 60):
        if out.nbytes >= target_bytes:
            break
        y, m, d = date.split("-")
        out.add(f"## {ver}（{int(y)}年{int(m)}月{int(d)}日）\n")
        for note in nz.sample(ZH_NOTES, nz.num(3, 6)):
            values = _prose_values(nz)
            values["action"] = nz.pick(ZH_ACTIONS)
            out.add("- " + note.format(**values))
        out.add("")
    return out.text


def faq_doc(nz: Noise, target_bytes: int, chinese: bool) -> str:
    """A FAQ page (English or Chinese) followed by a feature overview."""
    out = Text()
    out.add("# 常见问题\n" if chinese else "# Frequently asked questions\n")
    for q, a in nz.sample(ZH_FAQ if chinese else EN_FAQ, 20):
        out.add(f"### {q}\n")
        out.add(a.format(**_prose_values(nz)) + "\n")
    out.add("## 功能概览\n" if chinese else "## Features at a glance\n")
    while out.nbytes < target_bytes:
        v = _prose_values(nz)
        noun = nz.noun()
        if chinese:
            out.add(f"- **{noun}**：支持离线使用，单次最多处理 {v['items']} 条记录，平均响应 {v['ms']} 毫秒；"
                    f"{v['pct']}% 的用户每周使用 {v['n']} 次以上。")
        else:
            out.add(f"- **{noun}s**: work offline, handle up to {v['items']} records per batch with a median "
                    f"latency of {v['ms']} ms; {v['pct']}% of active users open them {v['n']}+ times a week.")
    return out.text


# --- configuration ----------------------------------------------------------------------------------------


def server_toml_doc(nz: Noise) -> str:
    """A TOML service configuration."""
    dns = ", ".join(f'"{ip}"' for ip in nz.sample(RESOLVERS, 2))
    flags = "\n".join(f"{snake(nz.noun())}_{nz.pick(('v2', 'beta', 'redesign', 'prefetch'))} = "
                      f"{nz.pick(('true', 'false'))}" for _ in range(nz.num(3, 8)))
    return f"""# ingest service configuration ({nz.pick(('staging', 'production', 'local'))})
# Values here are defaults; the deployment overrides them with environment variables.

[server]
host = "{nz.pick(('0.0.0.0', '127.0.0.1'))}"
port = {nz.pick((8080, 8000, 9090))}
admin_listen = "[::1]:{nz.pick((9000, 9901, 6060))}"
read_timeout = "{nz.pick((5, 10, 15, 30))}s"
write_timeout = "{nz.pick((10, 30, 60))}s"
max_body_bytes = {nz.pick((1048576, 8388608, 52428800))}
workers = {nz.pick((2, 4, 8, 16))}

[database]
url = "postgresql://ingest@localhost:5432/tracker"
pool_size = {nz.num(5, 40)}
statement_timeout_ms = {nz.pick((2000, 5000, 15000))}

[cache]
url = "redis://127.0.0.1:6379/{nz.num(0, 3)}"
ttl_seconds = {nz.pick((60, 300, 3600))}

[resolver]
nameservers = [{dns}]
nameservers_v6 = ["{nz.pick(RESOLVERS_V6)}"]
timeout_ms = {nz.pick((500, 1000, 2000))}

[telemetry]
endpoint = "http://localhost:4318/v1/traces"
sample_ratio = {nz.pick(("0.05", "0.1", "0.25", "1.0"))}
service_version = "{APP_VERSION}.{nz.num(1, 9)}"

[release]
git_sha = "{nz.git_sha()}"
build = {APP_BUILD}
artifact_sha256 = "{nz.sha256()}"

[features]
{flags}
rollout_percent = {nz.pick((5, 10, 25, 50, 100))}
"""


def flags_yaml_doc(nz: Noise) -> str:
    """A YAML feature-flag / remote-config file."""
    lines = ["# Remote config defaults, bundled into the app (res/raw/remote_config_defaults.yaml)",
             f"schema_version: {nz.num(3, 12)}", f"min_app_version: \"4.{nz.num(0, 2)}.0\"",
             f"config_id: {nz.uuid()}", f"etag: \"{nz.hex(32)}\"", "flags:"]
    for _ in range(nz.num(8, 20)):
        noun = snake(nz.noun())
        lines.append(f"  {noun}_{nz.pick(('v2', 'beta', 'redesign', 'prefetch', 'compact_mode'))}:")
        lines.append(f"    enabled: {nz.pick(('true', 'false'))}")
        lines.append(f"    rollout: {nz.num(0, 100)}")
        if nz.chance(0.4):
            lines.append(f"    min_build: {APP_BUILD - nz.num(0, 300)}")
        if nz.chance(0.3):
            lines.append(f"    experiment_id: \"exp-{nz.hex(8)}\"")
    lines += ["limits:", f"  upload_chunk_bytes: {nz.pick((262144, 1048576, 4194304))}",
              f"  max_parallel_uploads: {nz.num(2, 6)}", f"  image_cache_mb: {nz.pick((64, 128, 256))}",
              f"  sync_interval_minutes: {nz.pick((15, 30, 60))}", "endpoints:",
              f"  api: https://{nz.pick(HOSTS)}/v2/", f"  cdn: https://cdn.example.com/assets/{APP_VERSION}/",
              "  status: https://status.example.com/api/v2/summary.json", "theme:",
              f"  accent: \"{nz.pick(COLORS)}\"", f"  background: \"{nz.pick(COLORS)}\"", ""]
    return "\n".join(lines)


def k8s_yaml_doc(nz: Noise) -> str:
    """A Kubernetes Deployment manifest."""
    name = nz.pick(("ingest", "gateway", "thumbnailer", "sync-api"))
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: {name}
    app.kubernetes.io/version: "{APP_VERSION}"
spec:
  replicas: {nz.num(2, 12)}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      annotations:
        checksum/config: {nz.sha256()}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/acme/{name}:{APP_VERSION}-{APP_BUILD}@sha256:{nz.sha256()}
          ports:
            - containerPort: 8080
          env:
            - name: LISTEN_ADDR
              value: "0.0.0.0:8080"
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: "http://localhost:4317"
            - name: GOMAXPROCS
              value: "{nz.pick((2, 4))}"
          resources:
            requests:
              cpu: {nz.pick(("100m", "250m", "500m"))}
              memory: {nz.pick(("128Mi", "256Mi", "512Mi"))}
            limits:
              memory: {nz.pick(("512Mi", "1Gi"))}
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: {nz.pick((5, 10))}
            timeoutSeconds: {nz.pick((1, 2, 3))}
"""


def gradle_properties_doc(nz: Noise) -> str:
    """``gradle.properties`` plus Spring-style ``application.properties`` settings."""
    return f"""# Project-wide Gradle settings.
org.gradle.jvmargs=-Xmx{nz.pick((2, 4, 6))}g -XX:MaxMetaspaceSize={nz.pick((512, 1024))}m -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
org.gradle.configuration-cache=true
android.useAndroidX=true
android.nonTransitiveRClass=true
kotlin.code.style=official
kotlin.incremental=true
# gradle/wrapper/gradle-wrapper.properties is pinned by checksum
distributionUrl=https\\://services.gradle.org/distributions/gradle-8.{nz.num(2, 5)}-bin.zip
distributionSha256Sum={nz.sha256()}
VERSION_NAME={APP_VERSION}
VERSION_CODE={APP_BUILD}
SDK_VERSION={APP_VERSION}.2
# service defaults used by the JVM backend
server.port={nz.pick((8080, 8081))}
server.address=127.0.0.1
server.shutdown=graceful
spring.datasource.url=jdbc:postgresql://localhost:5432/tracker
spring.datasource.hikari.maximum-pool-size={nz.num(5, 30)}
spring.datasource.hikari.connection-timeout={nz.pick((3000, 5000, 30000))}
management.endpoints.web.exposure.include=health,info,prometheus
logging.level.root=INFO
logging.level.com.acme={nz.pick(('DEBUG', 'INFO'))}
http.client.connect-timeout-ms={nz.pick((2000, 5000, 10000))}
http.client.read-timeout-ms={nz.pick((10000, 30000))}
http.client.user-agent=AcmeTracker/{APP_VERSION} (build {APP_BUILD})
cache.max-entries={nz.pick((1000, 5000, 10000))}
cache.expire-after-write=PT{nz.pick((5, 15, 30))}M
"""


def tox_ini_doc(nz: Noise) -> str:
    """``tox.ini`` / ``setup.cfg``-style INI settings."""
    return f"""[tox]
envlist = py311, py312, lint
isolated_build = true

[testenv]
deps =
    pytest>=7.4
    pytest-cov>=4.1
    httpx=={nz.pick(('0.25.1', '0.25.2'))}
setenv =
    INGEST_DATABASE_URL = postgresql://ingest@localhost:5432/tracker_test
    INGEST_REDIS_URL = redis://127.0.0.1:6379/15
    PYTHONHASHSEED = 0
commands = pytest -q --cov=server --cov-fail-under={nz.pick((80, 85, 90))} {{posargs}}

[testenv:lint]
deps = ruff==0.1.{nz.num(5, 9)}
commands = ruff check server tests

[flake8]
max-line-length = 120
exclude = .git,__pycache__,build,dist

[coverage:run]
branch = true
omit = server/migrations/*

[uwsgi]
http-socket = 127.0.0.1:{nz.pick((8000, 8001))}
processes = {nz.pick((2, 4, 8))}
threads = {nz.pick((2, 4))}
harakiri = {nz.pick((30, 60))}
max-requests = {nz.pick((1000, 5000))}
buffer-size = {nz.pick((8192, 32768, 65535))}
"""


CONFIG_GENERATORS: tuple[tuple[str, Callable[[Noise], str]], ...] = (
    ("config/server.toml", server_toml_doc), ("config/remote-config.yaml", flags_yaml_doc),
    ("deploy/deployment.yaml", k8s_yaml_doc), ("gradle.properties", gradle_properties_doc),
    ("server/tox.ini", tox_ini_doc))


# --- one repository's worth -------------------------------------------------------------------------------


def noise_docs(seed: str, budget_bytes: int) -> list[NoiseFile]:
    """PII-free files of one app repository, about ``budget_bytes`` UTF-8 bytes in total.

    Mix by bytes, roughly: 33 % source code and Android resources, 20 % device logcat, 10 % service logs,
    17 % CI logs, 4 % ``package-lock.json``, 10 % documentation, and the (fixed-size) configuration files.
    The last logcat file absorbs the remainder, so the total lands on the budget within one log line.
    """
    nz = Noise(seed)
    files: list[NoiseFile] = []
    used = 0
    paths: set[str] = set()

    def add(path: str, text: str) -> None:
        nonlocal used
        stem, dot, ext = path.rpartition(".")
        candidate, k = path, 2
        while candidate in paths:
            candidate = f"{stem}-{k}{dot}{ext}"
            k += 1
        paths.add(candidate)
        files.append(NoiseFile(candidate, text))
        used += len(text.encode("utf-8"))

    if budget_bytes <= 0:
        return files
    small = budget_bytes < 60_000  # a shrunk last repository: fewer, smaller files of each kind

    def share(fraction: float, parts: int = 1) -> int:
        return int(budget_bytes * fraction / parts)

    for path, make_config in CONFIG_GENERATORS[: 2 if small else len(CONFIG_GENERATORS)]:
        add(path, make_config(nz))
    doc_makers: list[tuple[str, Callable[[Noise, int], str]]] = [
        ("docs/release-notes.md", release_notes_en_doc), ("docs/release-notes.zh-CN.md", release_notes_zh_doc),
        ("docs/faq.md", lambda n, t: faq_doc(n, t, chinese=False)),
        ("docs/faq.zh-CN.md", lambda n, t: faq_doc(n, t, chinese=True))]
    doc_makers = doc_makers[:2] if small else doc_makers
    for path, make_doc in doc_makers:
        add(path, make_doc(nz, share(0.10, len(doc_makers))))
    src_end = used + share(0.33)
    while used < src_end:
        make_src = nz.pick(SOURCE_GENERATORS)
        src = make_src(nz, min(src_end - used, nz.num(2500, 9000)))
        add(src.path, src.text)
    if not small:
        add("web/package-lock.json", package_lock_doc(nz, share(0.04)))
    ci_jobs = CI_GENERATORS[:1] if small else CI_GENERATORS
    for job, make_ci in ci_jobs:
        add(f"ci/{job}-{nz.num(1000, 9999)}.log", make_ci(nz, share(0.17, len(ci_jobs))))
    service = nz.pick(("gateway", "ingest", "sync-api"))
    if nz.chance(0.5):
        add(f"logs/{service}-2024-11-29.jsonl", service_log_doc(nz, share(0.10), json_lines=True))
    else:
        add(f"logs/{service}-2024-11-29.log", service_log_doc(nz, share(0.10), json_lines=False))
    index = 0
    while budget_bytes - used > 1500:
        remaining = budget_bytes - used
        size = remaining if remaining < 80_000 else min(remaining - 20_000, nz.num(30_000, 60_000))
        add(f"logs/system-{index}.log", logcat_system_doc(nz, size - 60))
        index += 1
    return files
