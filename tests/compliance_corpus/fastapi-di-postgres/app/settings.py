from pydantic_settings import BaseSettings, SettingsConfigDict


class DatabaseSettings(BaseSettings):
    """Read from DATABASE_URL (the prefix plus the field name)."""

    model_config = SettingsConfigDict(env_prefix="DATABASE_")

    url: str = "postgresql+asyncpg://conduit:conduit@localhost:5432/conduit"
    echo: bool = False
