from django.db import models


class Customer(models.Model):
    points = models.IntegerField(default=0)


class PointsAward(models.Model):
    # One award per order: the database refuses a second one. Big, as the
    # ids of a BigAutoField are.
    order_id = models.BigIntegerField(unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    points = models.IntegerField()
