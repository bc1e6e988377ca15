"""Password hashing with argon2id. Hashing is slow on purpose, so it runs off the event loop."""

from __future__ import annotations

import functools
import secrets

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password_sync(password: str) -> str:
    return _hasher.hash(password)


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str, password: str) -> bool:
    return await anyio.to_thread.run_sync(_verify, password_hash, password)


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


async def burn_verification(password: str) -> None:
    """Verify against a throwaway hash, so an unknown user takes as long to refuse as a wrong password."""
    await verify_password(_dummy_hash(), password)


def random_password() -> str:
    return secrets.token_urlsafe(15)
