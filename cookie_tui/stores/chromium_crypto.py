"""Decrypting Chromium cookie values: browser-cookie3 finds the key, one store at a time.

Linux `v10` values need no key lookup (the password is built into Chromium), so they are
decrypted here with the same AES code browser-cookie3 uses, sparing its import.

browser-cookie3 finds the key (keyring, Keychain, DPAPI) when its class is built; on a
Linux machine without a D-Bus session it raises `KeyError: 'DBUS_SESSION_BUS_ADDRESS'`
even with `cookie_file` given, so we fall back to Chromium's default Linux key, which is
what Chromium itself uses with `--password-store=basic` or no keyring.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ..records import CANNOT_DECRYPT, NOT_UTF8, Store

# Chromium on Linux encrypts `v10` values with a key derived from a built-in password and
# `v11` ones with the keyring's (os_crypt_linux.cc); `v10` therefore needs no key lookup.
OWN_V10 = sys.platform.startswith("linux")
# PBKDF2-HMAC-SHA1("peanuts", "saltysalt", 1 iteration, 16 bytes), written out to spare
# importing hashlib at every start; a test derives it.
_LINUX_V10_KEY = bytes.fromhex("fd621fe5a2b402539dfa147ca9272778")

# browser-cookie3 classes by our browser ids; the module is imported only when a value is
# decrypted (it costs ~45 ms, and `sites` never decrypts).
_CLASSES = {
    "chrome": "Chrome",
    "chromium": "Chromium",
    "brave": "Brave",
    "edge": "Edge",
    "opera": "Opera",
    "opera-gx": "OperaGX",
    "vivaldi": "Vivaldi",
    "arc": "Arc",
}


def _class_for(browser: str) -> type:
    import browser_cookie3

    name = _CLASSES.get(browser) or _CLASSES.get(browser.split("-")[0], "Chromium")
    return getattr(browser_cookie3, name)


class Decryptor(Protocol):
    def decrypt(self, value: str, encrypted: bytes, integrity_prefix: bool) -> str:
        """The plaintext; raises (any exception) when the value cannot be opened."""
        ...


class _BrowserCookie3:
    """browser-cookie3's key lookup, with its per-value decryption. browser-cookie3 has no
    public call to open one value (only whole-file loads), so its `_decrypt` is used here
    and nowhere else; `tests/test_readers.py` fails loudly if it changes."""

    def __init__(self, found: Any) -> None:
        self._found = found

    def decrypt(self, value: str, encrypted: bytes, integrity_prefix: bool) -> str:
        return str(self._found._decrypt(value, encrypted, integrity_prefix))


class _DefaultLinuxKey:
    """Chromium's built-in Linux key, what Chromium itself uses with
    `--password-store=basic` or no keyring: for when no keyring answers. `v11` values
    were written with a keyring's key; an empty keyring password is the one we can try."""

    def decrypt(self, value: str, encrypted: bytes, integrity_prefix: bool) -> str:
        import hashlib

        keys = [_LINUX_V10_KEY]
        if encrypted.startswith(b"v11"):
            keys.append(hashlib.pbkdf2_hmac("sha1", b"", b"saltysalt", 1, 16))
        for key in keys:
            text, error = _open_cbc(key, encrypted, integrity_prefix)
            if error is None and text is not None:
                return text
        raise ValueError(CANNOT_DECRYPT)


@lru_cache(maxsize=64)
def decryptor_for(browser: str, cookie_file: Path, local_state: Path | None) -> Decryptor:
    cls = _class_for(browser)
    kwargs: dict[str, Any] = {"cookie_file": str(cookie_file)}
    if local_state is not None and local_state.exists():
        kwargs["key_file"] = str(local_state)
    try:
        # browser-cookie3 prints keyring diagnostics on stdout; keep our output clean.
        with contextlib.redirect_stdout(io.StringIO()):
            return _BrowserCookie3(cls(**kwargs))
    except Exception:  # noqa: BLE001 - any key lookup failure falls back to the default key
        return _DefaultLinuxKey()


def key_hint(store: Store) -> str:
    """Why this store's values may not open, and what the user can do about it."""
    if isinstance(decryptor(store), _DefaultLinuxKey):
        return (
            "no keyring gave the key (it is locked, or there is no D-Bus session): unlock the "
            "keyring or run cookie-tui inside your desktop session"
        )
    return "the key found does not open them: they were written with another key"


def decryptor(store: Store) -> Decryptor:
    """The store's decryptor (built once per store: key lookup is slow)."""
    local_state = store.user_data_dir / "Local State" if store.user_data_dir else None
    return decryptor_for(store.browser, store.path, local_state)


def _skip_architecture_probe() -> None:
    """Spare the `file` process pycryptodome starts when it loads its first library:
    `platform.architecture()` runs `file` on the interpreter (~6 ms, a tenth of opening a
    site) and the answer only matters on Windows, where a bare library name is looked up;
    its own libraries are loaded by full path. Its cache is filled with what the probe
    would say; a pycryptodome without that cache (or with cffi) is left as it is."""
    if sys.platform.startswith(("win", "cygwin")):
        return
    from Cryptodome.Util import _raw_api

    cached = getattr(_raw_api, "cached_architecture", None)
    if isinstance(cached, list) and not cached:
        cached[:] = ["64bit" if sys.maxsize > 2**32 else "32bit", ""]


def decrypt_linux_v10(encrypted: bytes, integrity_prefix: bool) -> tuple[str | None, str | None]:
    """Exactly browser-cookie3's `v10` decryption on Linux, without importing it: its
    import (http.cookiejar, urllib.request: ~70 ms) was a third of opening a site."""
    return _open_cbc(_LINUX_V10_KEY, encrypted, integrity_prefix)


def _import_cipher() -> None:
    if "Cryptodome.Cipher.AES" not in sys.modules:
        _skip_architecture_probe()
    for module in ("Cryptodome.Cipher.AES", "Cryptodome.Util.Padding"):
        importlib.import_module(module)


def import_cipher_ahead() -> Callable[[], None]:
    """Start importing the AES code (~10 ms: pycryptodome loads its libraries through
    ctypes) in a thread, so it overlaps the queries, which release the interpreter while
    SQLite works; returns the wait to call before decrypting. A failed import is left to
    the decryption, which reports it where the user sees it."""
    if "Cryptodome.Util.Padding" in sys.modules:
        return lambda: None

    def quietly() -> None:
        with contextlib.suppress(Exception):
            _import_cipher()

    thread = threading.Thread(target=quietly, name="import-cipher", daemon=True)
    thread.start()
    return thread.join


def _open_cbc(
    key: bytes, encrypted: bytes, integrity_prefix: bool
) -> tuple[str | None, str | None]:
    _import_cipher()
    from Cryptodome.Cipher import AES
    from Cryptodome.Util.Padding import unpad

    try:
        data = unpad(AES.new(key, AES.MODE_CBC, b" " * 16).decrypt(encrypted[3:]), 16)
    except ValueError:  # bad padding or length: written with another key, or damaged
        return None, CANNOT_DECRYPT
    try:
        return (data[32:] if integrity_prefix else data).decode("utf-8"), None
    except UnicodeDecodeError:  # opened fine; browser-cookie3 reports both the same way
        return None, NOT_UTF8


def decrypt(
    dec: Decryptor, value: str, encrypted: bytes, integrity_prefix: bool
) -> tuple[str | None, str | None]:
    """(plaintext, None) or (None, reason). Never raises for one bad value."""
    if value or not encrypted:
        return value, None
    try:
        return dec.decrypt(value, encrypted, integrity_prefix), None
    except Exception:  # noqa: BLE001 - one undecryptable value must not stop the rest
        return None, CANNOT_DECRYPT
