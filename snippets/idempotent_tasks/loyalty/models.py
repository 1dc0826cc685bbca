from django.db import models


class Customer(models.Model):
    points = models.IntegerField(default=0)


class PointsAward(models.Model):
    # One award per order: the database refuses a second one.
    order_id = models.IntegerField(unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    points = models.IntegerField()
