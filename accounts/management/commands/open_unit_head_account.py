"""The first 单位负责人's account, opened on the server at deployment: account changes in the admin
wait for a unit head's approval (accounts.approval), so the first unit head cannot be approved in
the site. Refused once an active unit head exists; from then on, accounts change in the admin."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import AccountChange, StaffProfile
from accounts.users import account_state
from departments.roles import UNIT_HEAD, setup_roles


class Command(BaseCommand):
    help = "部署时开设第一个单位负责人账号（已有有效的单位负责人账号时拒绝）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True, help="姓名，如：赵明")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, full_name, email, **options):
        setup_roles()
        group = Group.objects.get(name=UNIT_HEAD.group_name)
        User = get_user_model()
        if User.objects.filter(groups=group, is_active=True).exists():
            raise CommandError("已有有效的单位负责人账号：账号变更请在后台提出，由单位负责人审定。")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户名“{username}”已存在。")
        password = getpass.getpass("密码：")
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(group)
            StaffProfile.objects.create(user=user, full_name=full_name.strip())
            AccountChange.objects.create(
                account=user, changed_by=user, kind="开设",
                approved_by="部署时在服务器上开设（open_unit_head_account）",
                reason="第一个单位负责人账号", state=account_state(user))
        self.stdout.write(f"已开设单位负责人账号：{username}")
