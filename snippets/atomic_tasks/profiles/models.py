from django.db import models


class Profile(models.Model):
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, default="new")
    refreshes = models.PositiveIntegerField(default=0)
