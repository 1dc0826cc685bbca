from django.db import models


class Event(models.Model):
    name = models.CharField(max_length=200)
    attendees_number = models.PositiveIntegerField(default=0)
