"""Load for `make bench`: each page named in BENCH_PAGES, as a signed-in staff member.

BENCH_PAGES is JSON: {"name": "/path?query", ...}; BENCH_SESSION a session cookie value.
"""

import json
import os

from locust import HttpUser, constant, task

PAGES = json.loads(os.environ["BENCH_PAGES"])


class StaffMember(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.client.cookies.set("sessionid", os.environ["BENCH_SESSION"])

    @task
    def every_page(self):
        for name, path in PAGES.items():
            with self.client.get(path, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{path} answered {response.status_code}")
