from sqlite3 import IntegrityError

from ninja import NinjaAPI

api = NinjaAPI()


@api.get("/health-check")
def health(request) -> dict[str, str]:
    return {"status": "ok"}


@api.post("/users")
def register(request) -> dict[str, str]:
    try:
        return {"status": "created"}
    except IntegrityError:
        return {"status": "taken"}
