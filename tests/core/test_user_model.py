import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_the_e_mail_address_is_the_login_and_has_no_username():
    user = User.objects.create_user("ann@example.org", "a-long-password-1")
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username")
    assert (
        authenticate(
            RequestFactory().post("/sign-in/"),
            username="ann@example.org",
            password="a-long-password-1",
        )
        == user
    )


def test_e_mail_addresses_are_unique_whatever_their_case():
    User.objects.create_user("Ann@Example.org", "a-long-password-1")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANN@example.ORG")


def test_signing_in_ignores_the_case_of_the_address():
    user = User.objects.create_user("bob@example.org", "a-long-password-1")
    assert (
        authenticate(
            RequestFactory().post("/sign-in/"),
            username="BOB@Example.org",
            password="a-long-password-1",
        )
        == user
    )


@pytest.mark.parametrize(
    ("full_name", "greeting"),
    [
        ("Priya Shah", "Priya"),
        ("Cllr Jean Marsh", "Cllr Marsh"),
        ("Dr. Ana Lopez Garcia", "Dr. Garcia"),
        ("Cher", "Cher"),
    ],
)
def test_the_greeting_name_is_the_first_name_or_title_and_surname(full_name, greeting):
    assert User(email="x@example.org", full_name=full_name).get_short_name() == greeting
