import pytest


@pytest.fixture(scope="module")
def project(django_project):
    """The project's app in this process and a prefork worker, for the module."""
    django_project.worker()
    return django_project
