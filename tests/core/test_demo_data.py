import datetime

import pytest
from django.core.management import CommandError, call_command

from core import demo
from core.models import DemoData, User

pytestmark = pytest.mark.django_db


def test_loading_twice_keeps_one_copy_and_the_first_day():
    first = demo.load(today=datetime.date(2026, 4, 1))
    users = User.objects.count()
    again = demo.load(today=datetime.date(2026, 5, 1))
    assert again.anchor == first.anchor == datetime.date(2026, 4, 1)
    assert User.objects.count() == users
    assert DemoData.objects.count() == 1


def test_the_command_prints_the_demo_sign_ins(capsys):
    call_command("demo_load")
    out = capsys.readouterr().out
    assert "admin@demo.example" in out
    assert demo.DEMO_PASSWORD in out


def test_production_settings_refuse_demo_data(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="may not be loaded"):
        call_command("demo_load", "--reset")
    assert User.objects.filter(email="admin@demo.example").count() == 0


def test_every_demo_account_has_an_app_whose_code_the_otp_command_prints(capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.access import requires_second_factor

    demo.load()
    for account in demo.ACCOUNTS:
        if not requires_second_factor(User.objects.get(email=account.email)):
            continue  # providers sign in with a password alone unless they set up an app
        call_command("demo_otp", account.email)
        code = capsys.readouterr().out.strip()
        device = TOTPDevice.objects.get(user__email=account.email)
        assert device.verify_is_allowed()[0]
        assert len(code) == 6
        assert code.isdigit()
        assert device.verify_token(code), account.email
        # Throttling and replay protection aside, each account has its own key.
        assert TOTPDevice.objects.filter(key=device.key).count() == 1
