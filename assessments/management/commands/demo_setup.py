from django.core.management.base import BaseCommand

from assessments.services.demo import DEMO_ORG_NAME, INSURER_ORG_NAME, demo_insurer_setup, demo_setup


class Command(BaseCommand):
    help = "Create the demo organisations, each with a demo manager and consultant, and print their logins."

    def handle(self, *args, **options):
        for name, setup in ((DEMO_ORG_NAME, demo_setup), (INSURER_ORG_NAME, demo_insurer_setup)):
            logins = setup()
            self.stdout.write(self.style.SUCCESS(f"Demo organisation: {name}"))
            for login in logins:
                self.stdout.write(f"  {login.role:<11} username: {login.username:<24} password: {login.password}")
