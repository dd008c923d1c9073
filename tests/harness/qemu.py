"""Boot one configuration of handover in QEMU and capture its serial log.

The kernel talks to the harness in two ways only: text on the first serial
port (``-serial stdio``) and a byte written to the isa-debug-exit port at
0xf4, which makes QEMU exit with ``(byte << 1) | 1`` (0x10 -> 33 success,
0x11 -> 35 failure).  Everything else -- a hang, a triple fault, QEMU
refusing to start -- shows up as another status or as a timeout.

GRUB configurations boot from an ISO that this module builds (and caches)
per configuration, so tests never depend on the project's own iso/ tree.
A config's modules go to QEMU's -initrd with -kernel, and into the ISO as
``module``/``module2`` lines with GRUB.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import configs
from .configs import BOOT_METHODS, STATUS_SUCCESS, Config, CpuModel

QEMU = "qemu-system-i386"
GRUB_MKRESCUE = "grub-mkrescue"
GRUB_BIOS_DIR = Path("/usr/lib/grub/i386-pc")
KVM_DEVICE = "/dev/kvm"
PROBE_TIMEOUT = 20

_live: set[subprocess.Popen] = set()
_live_lock = threading.Lock()
_stopping = threading.Event()
_accel_lock = threading.Lock()
_accel_cache: dict[str, str] = {}


class HarnessError(Exception):
    """A run could not even start (missing tool, ISO build failed)."""


@dataclass
class RunResult:
    """What one boot produced.  ``log`` is the serial output only; QEMU's own
    complaints go to ``stderr`` so they cannot satisfy or break the judge."""

    status: int | None
    log: str
    seconds: float
    timed_out: bool
    accel: str
    command: list[str] = field(default_factory=list)
    stderr: str = ""
    log_path: Path | None = None


# --- accelerator -----------------------------------------------------------

def probe_image() -> bytes:
    """A tiny Multiboot 1 kernel: turn on paging, then write 0x10 to 0xf4.

    It uses the header's address fields (flag bit 16), so QEMU's -kernel
    loader needs no ELF.  Booting it proves KVM can run a paged 32-bit guest,
    which opening /dev/kvm does not: some nested setups start guests fine
    but triple-fault as soon as CR0.PG is set, and handover pages early.
    """
    magic, flags, base = 0x1BADB002, 0x00010000, 0x100000
    checksum = -(magic + flags) & 0xFFFFFFFF
    header = struct.pack("<8I", magic, flags, checksum,
                         base, base, 0, 0, base + 32)
    code = bytes.fromhex(
        "bf00002000"      # mov edi, 0x200000      ; page directory
        "c70783000000"    # mov dword [edi], 0x83  ; 4 MiB identity page
        "0f20e0"          # mov eax, cr4
        "83c810"          # or eax, 0x10           ; CR4.PSE
        "0f22e0"          # mov cr4, eax
        "0f22df"          # mov cr3, edi
        "0f20c0"          # mov eax, cr0
        "0d00000080"      # or eax, 0x80000000     ; CR0.PG
        "0f22c0"          # mov cr0, eax
        "b010"            # mov al, 0x10
        "e6f4"            # out 0xf4, al           ; exit status 33
        "fa"              # cli
        "f4"              # hlt
        "ebfd"            # jmp back to hlt
    )
    return header + code


def _kvm_device_usable() -> bool:
    try:
        fd = os.open(KVM_DEVICE, os.O_RDWR)
    except OSError:
        return False
    os.close(fd)
    return True


# The kernel under test, when known: KVM counts as working only if this
# kernel boots under it.  On this project's nested-KVM machines the tiny
# probe boots but handover does not (no serial output, exit status 0), so
# the probe alone would pick an accelerator that fails every boot.
probe_kernel: Path | None = None


def _real_kernel_boots_under_kvm(kernel: Path) -> bool:
    command = base_command("64M", "kvm") + ["-kernel", str(kernel),
                                            "-append", "selftest=off"]
    status, timed_out = run_process(command, subprocess.DEVNULL,
                                    subprocess.DEVNULL, PROBE_TIMEOUT)
    return not timed_out and status == STATUS_SUCCESS


def kvm_works() -> bool:
    """Whether KVM is usable: the device opens, the probe kernel boots, and
    so does the kernel under test when there is one."""
    if not _kvm_device_usable() or shutil.which(QEMU) is None:
        return False
    if probe_kernel is not None and probe_kernel.exists() \
            and not _real_kernel_boots_under_kvm(probe_kernel):
        return False
    with tempfile.TemporaryDirectory(prefix="handover-probe-") as tmp:
        image = Path(tmp, "probe.bin")
        image.write_bytes(probe_image())
        command = base_command("16M", "kvm") + ["-kernel", str(image)]
        status, timed_out = run_process(command, subprocess.DEVNULL,
                                        subprocess.DEVNULL, PROBE_TIMEOUT)
    return not timed_out and status == STATUS_SUCCESS


def _probe_key() -> str:
    """What the KVM verdict depends on: host kernel, QEMU build, device access.
    A change to any of them (new QEMU, chmod on /dev/kvm) forces a new probe."""
    qemu_path = shutil.which(QEMU) or ""
    qemu_stat = os.stat(qemu_path) if qemu_path else None
    facts = json.dumps([os.uname().release, qemu_path,
                        qemu_stat.st_mtime_ns if qemu_stat else 0,
                        _kvm_device_usable(), probe_image().hex(),
                        probe_kernel.stat().st_mtime_ns
                        if probe_kernel is not None and probe_kernel.exists() else 0])
    return hashlib.sha256(facts.encode()).hexdigest()


def _load_cached_accel(cache_file: Path | None, key: str) -> str | None:
    if cache_file is None:
        return None
    try:
        saved = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(saved, dict) and saved.get("key") == key \
            and saved.get("accel") in ("kvm", "tcg"):
        return saved["accel"]
    return None


def _save_cached_accel(cache_file: Path | None, key: str, accel: str) -> None:
    if cache_file is None:
        return
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps({"key": key, "accel": accel}) + "\n",
                          encoding="utf-8")


def resolve_accel(requested: str, cache_file: Path | None = None) -> str:
    """Turn 'auto' into 'kvm' or 'tcg'.

    The probe costs seconds where KVM is slow to start, so its answer is
    kept for the process and, given cache_file, across runs.
    """
    if requested != "auto":
        return requested
    with _accel_lock:
        if "auto" not in _accel_cache:
            key = _probe_key()
            accel = _load_cached_accel(cache_file, key)
            if accel is None:
                accel = "kvm" if kvm_works() else "tcg"
                _save_cached_accel(cache_file, key, accel)
            _accel_cache["auto"] = accel
        return _accel_cache["auto"]


# --- CPU models ---------------------------------------------------------------

def parse_cpu_help(text: str) -> list[tuple[str, str]]:
    """(name, description) of every model in ``qemu-system-i386 -cpu help``:
    the lines ``x86 NAME  DESCRIPTION`` before "Recognized CPUID flags"."""
    models = []
    for line in text.splitlines():
        if line.startswith("Recognized CPUID flags"):
            break
        fields = line.split(None, 2)
        if len(fields) >= 2 and fields[0] == "x86":
            models.append((fields[1], fields[2].strip() if len(fields) > 2 else ""))
    return models


def _qmp_session(commands: list[dict], timeout: float) -> list[dict]:
    """Answers to QMP commands from a QEMU with no machine (-machine none):
    one process for any number of queries.  Events are skipped."""
    command = [QEMU, "-machine", "none", "-nodefaults", "-display", "none",
               "-accel", "tcg", "-qmp", "stdio"]
    script = "".join(json.dumps(c) + "\n"
                     for c in [{"execute": "qmp_capabilities"}, *commands,
                               {"execute": "quit"}])
    try:
        proc = subprocess.run(command, input=script, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"QMP query timed out after {timeout:g} s") from error
    replies = []
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        if "return" in message or "error" in message:
            replies.append(message)
    # The greeting is not a reply; qmp_capabilities and quit answer too.
    if len(replies) != len(commands) + 2:
        raise HarnessError(f"QMP gave {len(replies)} replies to {len(commands) + 2} "
                           f"commands: {proc.stderr.strip()[-200:]}")
    return replies[1:-1]


def query_cpu_models(timeout: float = 120) -> list[CpuModel]:
    """Every CPU model QEMU lists, with its properties as QEMU expands them
    (family, model, stepping, CPUID level, features)."""
    if shutil.which(QEMU) is None:
        raise HarnessError(f"{QEMU} not found (scripts/install-deps.sh installs it)")
    proc = subprocess.run([QEMU, "-cpu", "help"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)
    listed = parse_cpu_help(proc.stdout)
    if proc.returncode != 0 or not listed:
        raise HarnessError(f"{QEMU} -cpu help listed no models: {proc.stderr.strip()}")
    # "host" cannot be expanded without KVM; it is skipped, not queried.
    queried = [name for name, _ in listed if name != "host"]
    replies = _qmp_session([{"execute": "query-cpu-model-expansion",
                             "arguments": {"type": "full", "model": {"name": name}}}
                            for name in queried], timeout)
    props = {}
    for name, reply in zip(queried, replies):
        if "error" in reply:
            raise HarnessError(f"QMP cannot expand CPU model {name}: {reply['error']}")
        expanded = reply["return"]["model"]["props"]
        props[name] = tuple(sorted((k, v) for k, v in expanded.items()
                                   if k in ("family", "model", "stepping", "level",
                                            "vendor", "tsc", "pse", "cmov", "pae")))
    return [CpuModel(name, description, props.get(name, ())) for name, description in listed]


# --- GRUB ISO --------------------------------------------------------------

# The modules' place in the ISO (module<index>, in the config's order).
GRUB_MODULE_DIR = "/boot/modules"
# GRUB's command for one module under each loader command.
GRUB_MODULE_COMMAND = {"multiboot": "module", "multiboot2": "module2"}


def grub_module_path(index: int) -> str:
    return f"{GRUB_MODULE_DIR}/module{index}"


def grub_cfg(config: Config) -> str:
    """The grub.cfg that boots /boot/kernel.elf with the config's loader,
    and its modules after it (GRUB loads them in this order)."""
    lines = ["set timeout=0", "set default=0"]
    lines += [line for line in config.grub_pre.splitlines() if line.strip()]
    loader = f"{config.boot} /boot/kernel.elf {config.cmdline}".rstrip()
    lines += [f'menuentry "handover {config.name}" {{', f"\t{loader}"]
    lines += [f"\t{GRUB_MODULE_COMMAND[config.boot]} {grub_module_path(index)}"
              for index in range(len(config.modules))]
    lines += ["\tboot", "}"]
    return "\n".join(lines) + "\n"


def iso_path(config: Config, kernel: Path, iso_dir: Path) -> Path:
    """Where the ISO for this config and kernel build lives.

    The key covers the grub.cfg, the module sizes (their contents follow
    from size and place) and the kernel's mtime and size, so a rebuilt
    kernel or an edited config never boots a stale image.
    """
    stat = kernel.stat()
    key = hashlib.sha256(
        f"{grub_cfg(config)}\0{config.modules}\0{stat.st_mtime_ns}\0{stat.st_size}".encode()
    ).hexdigest()[:16]
    return iso_dir / f"{config.name}-{key}.iso"


def build_iso(config: Config, kernel: Path, iso_dir: Path,
              modules: list[Path] | None = None) -> Path:
    """Return a bootable GRUB ISO for the config, building it if needed;
    modules are the config's module files, copied in where grub_cfg()
    says."""
    target = iso_path(config, kernel, iso_dir)
    if target.exists():
        return target
    if shutil.which(GRUB_MKRESCUE) is None:
        raise HarnessError(f"{GRUB_MKRESCUE} not found "
                           "(scripts/install-deps.sh installs it)")
    if len(modules or []) != len(config.modules):
        raise HarnessError(f"{config.name}: {len(config.modules)} modules, "
                           f"{len(modules or [])} files given")
    iso_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="handover-iso-") as tmp:
        root = Path(tmp, "root")
        (root / "boot" / "grub").mkdir(parents=True)
        shutil.copyfile(kernel, root / "boot" / "kernel.elf")
        for index, module in enumerate(modules or []):
            dest = root / grub_module_path(index).lstrip("/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(module, dest)
        (root / "boot" / "grub" / "grub.cfg").write_text(grub_cfg(config),
                                                         encoding="utf-8")
        partial = Path(tmp, "out.iso")
        _run_mkrescue(partial, root)
        # Build aside and rename, so a parallel or interrupted run never
        # sees a half-written ISO under the final name.
        shutil.move(partial, target.with_suffix(".tmp"))
        os.replace(target.with_suffix(".tmp"), target)
    _remove_stale_isos(config, target)
    return target


def _run_mkrescue(output: Path, root: Path) -> None:
    """Run grub-mkrescue quietly; on failure, report the end of its output."""
    command = [GRUB_MKRESCUE, "-o", str(output)]
    if GRUB_BIOS_DIR.is_dir():
        # BIOS only: QEMU boots with SeaBIOS, and skipping the EFI images
        # saves time and the mtools dependency.
        command += ["-d", str(GRUB_BIOS_DIR)]
    command.append(str(root))
    proc = subprocess.run(command, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace")
    if proc.returncode != 0:
        tail = " | ".join(proc.stdout.strip().splitlines()[-3:]) or "no output"
        raise HarnessError(f"grub-mkrescue failed (status {proc.returncode}): {tail}")


def _remove_stale_isos(config: Config, keep: Path) -> None:
    """Drop this config's ISOs for older kernels so the cache stays small."""
    for old in keep.parent.glob(f"{config.name}-*.iso"):
        key = old.name[len(config.name) + 1:-len(".iso")]
        if old != keep and len(key) == 16 and all(c in "0123456789abcdef" for c in key):
            old.unlink(missing_ok=True)


# --- running QEMU ----------------------------------------------------------

# From this guest size on, RAM comes from a memory backend without a swap
# reservation (reserve=off): a 32G guest on a 24 GiB host would otherwise
# be refused, though the kernel touches only the pages it uses (its
# self-tests read struct pages, not every page of high memory).
RESERVE_OFF_FROM = 16 << 30


mem_bytes = configs.mem_bytes


def base_command(mem: str, accel: str, numa: tuple[str, ...] = (),
                 numa_dist: tuple[tuple[int, int, int], ...] = ()) -> list[str]:
    """The QEMU options every boot shares: no default devices, serial on
    stdout, the debug-exit port, and no reboot so a triple fault ends QEMU.
    With numa (node sizes), the RAM is those nodes' backends instead, and
    numa_dist their distances."""
    command = [QEMU, "-nodefaults", "-no-reboot", "-display", "none",
               "-serial", "stdio",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-m", mem, "-accel", accel]
    if numa:
        return command + numa_options(mem, numa, numa_dist)
    if mem_bytes(mem) > RESERVE_OFF_FROM:
        command += ["-object", f"memory-backend-ram,id=ram0,size={mem},reserve=off",
                    "-machine", "memory-backend=ram0"]
    return command


def numa_options(mem: str, numa: tuple[str, ...],
                 dist: tuple[tuple[int, int, int], ...] = ()) -> list[str]:
    """One CPU and one memory backend per node, node i being backend m<i>
    and CPU i, then the SLIT's distances.  Each node's backend is its RAM,
    so '-machine memory-backend' (which QEMU refuses next to -numa memdev)
    is not given; above RESERVE_OFF_FROM every node's backend skips the
    swap reservation instead.  A node of size "0" has its CPU and no
    backend: a node without memory."""
    reserve = ",reserve=off" if mem_bytes(mem) > RESERVE_OFF_FROM else ""
    options = ["-smp", str(len(numa))]
    for node, size in enumerate(numa):
        if size != "0":
            options += ["-object", f"memory-backend-ram,id=m{node},size={size}{reserve}"]
    for node, size in enumerate(numa):
        memdev = f"memdev=m{node}," if size != "0" else ""
        options += ["-numa", f"node,{memdev}cpus={node},nodeid={node}"]
    for src, dst, distance in dist:
        options += ["-numa", f"dist,src={src},dst={dst},val={distance}"]
    return options


def qemu_command(config: Config, accel: str, kernel: Path | None = None,
                 iso: Path | None = None,
                 modules: list[Path] | None = None) -> list[str]:
    """The full command for a config: direct -kernel boot or GRUB from ISO.
    With -kernel, QEMU's Multiboot loader passes -initrd files as modules
    (a comma separates them; QEMU 7.2 sets no limit on their number);
    with GRUB they are in the ISO."""
    command = base_command(config.mem, accel, config.numa, config.numa_dist)
    if config.machine is not None:
        command += ["-machine", config.machine]
    if config.cpu is not None:
        command += ["-cpu", config.cpu]
    if config.boot == "kernel":
        command += ["-kernel", str(kernel), "-append", config.cmdline]
        if modules:
            command += ["-initrd", ",".join(str(path) for path in modules)]
        return command
    return command + ["-cdrom", str(iso)]


def module_files(config: Config, directory: Path) -> list[Path]:
    """The config's Multiboot modules as files of the requested sizes,
    written once and reused.  The content is a fixed pattern, turned by the
    module's index, so that a module is the same file in every run and no
    two modules of a config are alike."""
    paths = []
    for index, size in enumerate(config.modules):
        path = directory / f"{config.name}.module{index}"
        if "," in str(path):
            raise HarnessError(f"module path {path} has a comma, which -initrd "
                               "would take as a separator")
        if not path.is_file() or path.stat().st_size != size:
            directory.mkdir(parents=True, exist_ok=True)
            turn = index % 256
            block = (bytes(range(turn, 256)) + bytes(range(turn))) * 16
            partial = path.with_name(path.name + ".tmp")
            with open(partial, "wb") as f:
                for offset in range(0, size, len(block)):
                    f.write(block[:size - offset])
            os.replace(partial, path)
        paths.append(path)
    return paths


def run_process(command: list[str], stdout, stderr,
                timeout: float) -> tuple[int | None, bool]:
    """Run a command in its own process group; kill the group on timeout.

    Returns (exit status, timed out).  The group kill matters because a
    wrapper could leave QEMU running long after the harness gave up on it.
    Used for host test binaries too, so that kill_all() covers them.
    """
    with _live_lock:
        if _stopping.is_set():
            raise HarnessError("interrupted")
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout,
                                stderr=stderr, start_new_session=True)
        _live.add(proc)
    try:
        return proc.wait(timeout=timeout), False
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        return proc.wait(), True
    finally:
        with _live_lock:
            _live.discard(proc)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def kill_all() -> None:
    """Kill every process this module started and is still waiting for, and
    refuse to start more.

    Used when the harness is interrupted: QEMU runs in its own session, so
    the terminal's Ctrl-C never reaches it.
    """
    with _live_lock:
        _stopping.set()
        procs = list(_live)
    for proc in procs:
        _kill_group(proc)


def boot(config: Config, kernel: Path, logs_dir: Path, accel: str) -> RunResult:
    """Boot one config and save its serial log as <logs_dir>/<name>.log.

    ``accel`` is the run's default; the config's own accel wins if set.
    Raises HarnessError only when QEMU could not be started at all.
    """
    if config.boot not in BOOT_METHODS:
        raise HarnessError(f"{config.name}: boot {config.boot!r} cannot run in QEMU")
    if shutil.which(QEMU) is None:
        raise HarnessError(f"{QEMU} not found (scripts/install-deps.sh installs it)")
    accel = resolve_accel(config.accel or accel)
    logs_dir.mkdir(parents=True, exist_ok=True)
    modules = module_files(config, logs_dir / "modules")
    iso = None
    if config.boot != "kernel":
        iso = build_iso(config, kernel, logs_dir / "iso", modules)
    command = qemu_command(config, accel, kernel=kernel, iso=iso, modules=modules)
    log_path = logs_dir / f"{config.name}.log"
    stderr_path = logs_dir / f"{config.name}.qemu-stderr.log"
    start = time.monotonic()
    with open(log_path, "wb") as out, open(stderr_path, "wb") as err:
        status, timed_out = run_process(command, out, err, config.timeout)
    seconds = time.monotonic() - start
    stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
    if not stderr:
        stderr_path.unlink()
    log = log_path.read_text(encoding="utf-8", errors="replace")
    return RunResult(status=status, log=log, seconds=seconds, timed_out=timed_out, accel=accel,
                     command=command, stderr=stderr, log_path=log_path)
