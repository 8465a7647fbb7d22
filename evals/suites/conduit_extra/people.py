"""Registration: a taken username or email is refused with 409, and the refusal creates nobody."""

from __future__ import annotations

from evals.suites.conduit_extra.world import PASSWORD, World


def duplicates(world: World) -> None:
    probe, taken = world.probe, world.name("a")
    fresh = world.name("dup")
    cases = (
        ("username", {"username": taken, "email": f"{fresh}@extra.test"}),
        ("email", {"username": fresh, "email": f"{taken}@extra.test"}),
    )
    for field, user in cases:
        reply = probe.send(
            f"register with a taken {field}", "POST", "/api/users", {"user": {**user, "password": PASSWORD}}
        )
        probe.status("users.unique", reply, 409)
        message = reply.get("errors", field, 0)
        probe.check(
            "users.unique", f"errors.{field} is 'has already been taken'", message == "has already been taken", message
        )
    # The first refusal offered a new email, the second a new username: neither may exist now.
    login = {"user": {"email": f"{fresh}@extra.test", "password": PASSWORD}}
    reply = probe.send("log in with the refused registration's email", "POST", "/api/users/login", login)
    probe.status("users.refused-creates-nothing", reply, 401)
    reply = probe.send("the refused registration's username has no profile", "GET", f"/api/profiles/{fresh}")
    probe.status("users.refused-creates-nothing", reply, 404)
