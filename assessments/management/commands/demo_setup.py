from django.core.management.base import BaseCommand

from assessments.services_demo import DEMO_ORG_NAME, demo_setup


class Command(BaseCommand):
    help = "Create the demo organisation with a demo manager and consultant, and print their logins."

    def handle(self, *args, **options):
        logins = demo_setup()
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {DEMO_ORG_NAME}"))
        for login in logins:
            self.stdout.write(f"  {login.role:<11} username: {login.username:<16} password: {login.password}")
