"""One site's cookies read from the stores and sorted by its policies: the view every
command and screen works on. With `every_site`, the only modules that join `stores` and
`policy`; opening one site imports nothing of the views across every site."""

from __future__ import annotations

from pathlib import Path

from .humanize import plural
from .policy.catalog import all_policies, policy_set_for
from .policy.classify import SiteView, classify, scope_filter, third_party_sites
from .records import CANNOT_DECRYPT, Cookie, Store
from .stores.reader import family
from .stores.sites import read_site


def prepare(stores: list[Store]) -> None:
    """Pay the one-time costs of opening a site ahead, in the background: reading the
    policy files and each Chromium store's key lookup (keyring, D-Bus), so the first site
    opens as fast as the next."""
    all_policies()
    for store in stores:
        family(store).prepare(store)


def load_site_view(
    stores: list[Store], site: str, forced_policy: Path | None = None, *, decrypt: bool = True
) -> SiteView:
    """Read, decrypt (unless not needed) and classify one site's cookies from every store."""
    policy_set = policy_set_for(site, forced_policy)
    extra = third_party_sites(policy_set, site)
    admit = scope_filter(site, policy_set)
    cookies, errors = read_site(stores, site, extra, decrypt=decrypt, admit=admit)
    return SiteView(site, policy_set, classify(cookies, site, policy_set), errors)


def undecryptable(cookies: list[Cookie]) -> list[str]:
    """One line per store whose values could not be decrypted: how many, and why."""
    counts: dict[Store, int] = {}
    for cookie in cookies:
        if cookie.decrypt_error == CANNOT_DECRYPT:
            counts[cookie.store] = counts.get(cookie.store, 0) + 1
    return [
        f"{store.label}: {plural(n, 'value')} cannot be decrypted ({store.path}): "
        f"{family(store).key_hint(store)}"
        for store, n in counts.items()
    ]
