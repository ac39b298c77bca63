"""The bank-notification senders: ``python -m bench.webhook_client PLAN``.

Runs in a process of its own (no Django), with ``--clients`` threads that each keep a
connection to the server and take the next delivery of the plan (a JSON list of
``{"path", "body", "headers"}``) until the plan is done or ``--duration`` s have
passed. Prints one JSON document: the answer to each delivery sent, latencies, time.
"""

import argparse
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_client")
    parser.add_argument("plan")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as f:
        plan = json.load(f)
    target = urlsplit(args.base_url)
    answers: list[int | None] = [None] * len(plan)  # HTTP status, 0: no answer
    latencies: list[float] = []
    lock = threading.Lock()
    cursor = iter(range(len(plan)))
    started = time.monotonic()
    stop_at = started + args.duration
    last_answer = [started]

    def client():
        connection = http.client.HTTPConnection(
            target.hostname, target.port, timeout=30
        )
        while time.monotonic() < stop_at:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            delivery = plan[index]
            sent = time.monotonic()
            try:
                connection.request(
                    "POST",
                    delivery["path"],
                    body=delivery["body"].encode(),
                    headers=delivery["headers"],
                )
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            done = time.monotonic()
            with lock:
                answers[index] = status
                latencies.append(done - sent)
                last_answer[0] = max(last_answer[0], done)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ran_out = all(answer is not None for answer in answers)
    json.dump(
        {
            "answers": answers,
            "seconds": (last_answer[0] if ran_out else time.monotonic()) - started,
            "ran_out": ran_out,
            "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
            "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
            "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
