"""Load for `make bench`: each page in BENCH_PAGES, each as its persona.

BENCH_PAGES is JSON: [{"name", "path", "session"}, ...] (an empty session: anonymous).
"""

import json
import os

from locust import HttpUser, constant, task

PAGES = json.loads(os.environ["BENCH_PAGES"])


class Visitor(HttpUser):
    wait_time = constant(0)

    @task
    def every_page(self):
        for page in PAGES:
            # Each page as its own persona: no cookie carries over from the previous one.
            self.client.cookies.clear()
            cookies = {"sessionid": page["session"]} if page["session"] else {}
            with self.client.get(
                page["path"], name=page["name"], cookies=cookies, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{page['path']} answered {response.status_code}")
