"""Real server processes for tests: a local S3-compatible store (moto's server mode)."""

import fcntl
import socket
from contextlib import closing
from pathlib import Path

# The project's port range for test servers; a port in use or claimed by another test
# process (xdist runs several) is skipped, and when all are taken the system picks one.
PORT_RANGE = range(8161, 8169)
_claims: dict[int, object] = {}

S3_KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


def _bindable(port: int) -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A port where nothing listens, claimed for this process until released."""
    for port in PORT_RANGE:
        if port in _claims:
            continue
        claim = (Path("/tmp") / f"cho-ocop-test-port-{port}.lock").open("w")
        try:
            fcntl.flock(claim, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            claim.close()
            continue
        if _bindable(port):
            _claims[port] = claim
            return port
        claim.close()
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def release_port(port: int) -> None:
    """Let another test process use ``port`` again."""
    claim = _claims.pop(port, None)
    if claim is not None:
        claim.close()


class S3Server:
    """moto's S3-compatible HTTP server in a thread, with one empty bucket."""

    def __init__(self, *, bucket: str = "ocop-media"):
        from moto.server import ThreadedMotoServer

        self.bucket = bucket
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port)

    def start(self) -> "S3Server":
        self._server.start()
        self.client().create_bucket(Bucket=self.bucket)
        return self

    def stop(self) -> None:
        self._server.stop()
        release_port(self.port)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=S3_KEYS["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["S3_SECRET_ACCESS_KEY"],
            region_name="us-east-1",
        )

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def env(self) -> dict:
        """The environment that points MEDIA_STORAGE=s3 at this server."""
        return {
            "MEDIA_STORAGE": "s3",
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": "us-east-1",
            **S3_KEYS,
        }
