from core.demo import demo_user


def load(*, anchor):
    demo_user(
        "admin@demo.example",
        "Sam Admin",
        "site administrator",
        is_staff=True,
        is_superuser=True,
    )
