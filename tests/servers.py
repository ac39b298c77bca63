"""Real server processes for tests: a local S3-compatible store (moto's server mode)."""

import socket
from contextlib import closing

# This branch's port range; a port in use (another run) is skipped.
PORT_RANGE = range(8161, 8169)

S3_KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    """A port of our range where nothing listens yet."""
    for port in PORT_RANGE:
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORT_RANGE}")


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
